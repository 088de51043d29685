"""``python -m meetingroom``: same as the ``meetingroom`` command (and the bundle's program)."""

from meetingroom.cli import entry

raise SystemExit(entry())
