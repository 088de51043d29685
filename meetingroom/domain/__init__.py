"""Pure meeting rules and values: no I/O, stdlib only."""
