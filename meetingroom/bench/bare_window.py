"""The reference for the client's cold start: a bare PySide6 window, painted, then quit.

The benchmark runs this file as a script (``python .../bare_window.py``), not as a module
of the package, so that it imports PySide6 and nothing of Meetingroom. It reports like the
client with ``MEETINGROOM_EXIT_AFTER_PAINT=1``: one line ``painted BareWindow SECONDS``
(``time.monotonic()`` at the end of the event-loop pass that first painted the window).
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class BareWindow(QWidget):
    """An empty window the size of the login window."""


class _Report(QObject):
    """Writes the report line after the first paint of the window, then quits."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            QTimer.singleShot(0, self, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(f"painted BareWindow {time.monotonic():.6f}\n")
        sys.stdout.flush()
        self._app.exit(0)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = BareWindow()
    window.resize(460, 300)
    report = _Report(app)
    window.installEventFilter(report)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
