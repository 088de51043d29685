"""``python -m meetingroom``: same as the ``meetingroom`` command."""

from meetingroom.cli import main

raise SystemExit(main())
