"""The bundle's entry script (packaging/meetingroom.spec): the same as ``python -m meetingroom``.

It lives outside the package on purpose: PyInstaller puts an entry script's folder on
its module search path, and ``meetingroom/`` there would make our sub-packages look
like top-level modules.
"""

from meetingroom.cli import entry

raise SystemExit(entry())
