"""Wire protocol v1: typed messages, their validation, and binary blob frames (no I/O)."""
