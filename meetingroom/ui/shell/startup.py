"""Start the desktop client: the first window is painted at once, the rest is built behind it.

What the login window needs (Qt, the theme, the translations, the dialog) is imported
before it is shown; the engine (SQLAlchemy), the main window and the reader (the render
process) are imported and built in the event-loop pass after its first paint
(``meetingroom.ui.shell.app``). ``tests/e2e/test_client_start.py`` keeps SQLAlchemy, PyMuPDF and
pyHanko out of the first part.

For benchmarks, ``MEETINGROOM_EXIT_AFTER_PAINT=1`` makes the client write one line,
``painted WINDOW SECONDS`` (the window's class and ``time.monotonic()``, the system-wide
monotonic clock, when the pass that first painted a window ended), to standard output and
quit.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from meetingroom.paths import default_data_dir
from meetingroom.storage.cache_peek import saved_login
from meetingroom.ui.base.i18n import choose_language
from meetingroom.ui.base.theme import ThemeMode
from meetingroom.ui.shell.context import UiContext, application, quit_on_termination
from meetingroom.ui.shell.login import LoginDialog
from meetingroom.ui.shell.settings import UiSettings, room_ca

if TYPE_CHECKING:  # for annotations only: importing it is what the start-up defers
    from meetingroom.ui.shell.app import ClientApp

log = logging.getLogger("meetingroom.ui")

EXIT_AFTER_PAINT = "MEETINGROOM_EXIT_AFTER_PAINT"
"""Environment variable: report the first painted window on standard output and quit."""
BUILD_ANYWAY_MS = 1000
"""Build the client after this long even if the login window was never painted (a
platform that does not paint hidden or minimised windows)."""


class FirstPaint(QObject):
    """Emits ``painted`` once: at the end of the event-loop pass in which a window of the
    application was first painted (its backing store flushed).

    Owner: ``parent``; it filters the application's events until then.
    """

    painted = Signal(str)
    """The class name of the window that was painted first (``LoginDialog``)."""

    def __init__(self, app: QApplication, parent: QObject) -> None:
        super().__init__(parent)
        self._app = app
        self._window = ""
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self._window and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)):
            self._window = type(watched.window()).__name__
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self, self._emit)
        return False

    @Slot()
    def _emit(self) -> None:
        self.painted.emit(self._window)


class ClientStartup(QObject):
    """Shows the login window before the client exists when nobody is logged in here,
    then builds the client (engine, main window, render thread) and hands it the window.

    When a user's data is cached, the client is built first (its main window shows the
    cache, and resumes or asks to log in). Owner: the QApplication (parent).
    """

    def __init__(self, app: QApplication, data_dir: Path, *, server_url: str | None,
                 ca_file: Path | None, report_paint: bool = False) -> None:
        super().__init__(app)
        self._app = app
        self._data_dir = data_dir
        self._server_url = server_url
        self._ca_file = ca_file
        self._report_paint = report_paint
        self.dialog: LoginDialog | None = None
        """The login window shown before the client existed (until the client adopts it)."""
        self.client: ClientApp | None = None
        self._quitting = False

    def begin(self) -> None:
        """Show the first window (or build the client, which shows it); returns at once."""
        saved = saved_login(self._data_dir / "cache.sqlite")
        login_first = saved is not None and not saved.has_user
        if self._report_paint or login_first:
            first_paint = FirstPaint(self._app, self)
            if self._report_paint:
                first_paint.painted.connect(self._report)
        if saved is None or saved.has_user:  # the main window first (or find out by opening)
            self._build()
            return
        dialog = LoginDialog(server_url=self._server_url or saved.server_url,
                             username=saved.username)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.rejected.connect(self._quit_before_built)
        self.dialog = dialog
        if not self._report_paint:  # the benchmark quits at the paint: nothing to build
            first_paint.painted.connect(self._build)
            QTimer.singleShot(BUILD_ANYWAY_MS, self, self._build)
        dialog.show()

    @Slot()
    def _quit_before_built(self) -> None:
        if self.client is None:
            self._quitting = True
            self._app.quit()

    @Slot()
    def _build(self) -> None:
        if self.client is not None or self._quitting:
            return
        from meetingroom.ui.shell.app import build_client  # the heavy part, after the first paint

        started = time.perf_counter()
        client = build_client(self._data_dir, server_url=self._server_url,
                              ca_file=self._ca_file)
        self.client = client
        client.quit_requested.connect(self._app.quit)
        self._app.aboutToQuit.connect(client.close)
        dialog, self.dialog = self.dialog, None
        if dialog is not None and isValid(dialog):
            client.start(resume=False)
            client.adopt_login(dialog)
        else:
            client.start()
        log.debug("client built in %.0f ms", (time.perf_counter() - started) * 1000)

    def close(self) -> None:
        """Close the client if it was built (idempotent). ``aboutToQuit`` normally did; a
        quit that came while the client was being built (SIGTERM during start-up) may
        have left it running, and a render thread still running at exit aborts the
        process."""
        if self.client is not None:
            self.client.close()

    @Slot(str)
    def _report(self, window: str) -> None:
        sys.stdout.write(f"painted {window} {time.monotonic():.6f}\n")
        sys.stdout.flush()
        self._quitting = True
        self._app.exit(0)


def parse_client_args(args: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="meetingroom client",
                                     description="The Meetingroom desktop client.")
    parser.add_argument("--server", metavar="URL", help="room server, e.g. ws://10.0.0.5:8765")
    parser.add_argument("--data", metavar="DIR", type=Path,
                        help="where the cache and documents are kept")
    parser.add_argument("--lang", choices=("vi", "en"), help="interface language")
    parser.add_argument("--theme", choices=("system", "light", "dark"))
    parser.add_argument("--ca", metavar="FILE", type=Path,
                        help="trust this CA certificate for wss:// (the room server's own); "
                             "remembered for later launches")
    return parser.parse_args(args)


def run_client(args: Sequence[str] | argparse.Namespace | None = None) -> int:
    """Run the client until its last window closes: ``meetingroom client [options]``.

    ``args`` is either the option list (``["--server", URL, ...]``) or an already
    parsed namespace with ``server``, ``data``, ``lang``, ``theme`` and ``ca``.
    Returns 2 when ``--ca`` names no file.
    """
    opts = args if isinstance(args, argparse.Namespace) else parse_client_args(args)
    ca = getattr(opts, "ca", None)
    if ca and not Path(ca).expanduser().is_file():
        log.error("--ca: no such certificate file: %s", ca)
        return 2
    app = application()
    data_dir = Path(opts.data) if getattr(opts, "data", None) else default_data_dir("client")
    saved = UiSettings.load(data_dir)
    lang, theme = getattr(opts, "lang", None), getattr(opts, "theme", None)
    UiContext.of(app).configure(language=choose_language(lang or saved.language or None),
                                theme=ThemeMode(theme or saved.theme or "system"),
                                text_size=saved.text_size)
    quit_on_termination(app)
    startup = ClientStartup(app, data_dir, server_url=getattr(opts, "server", None),
                            ca_file=room_ca(data_dir, saved, Path(ca) if ca else None),
                            report_paint=os.environ.get(EXIT_AFTER_PAINT) == "1")
    startup.begin()
    try:
        return int(app.exec())
    finally:
        startup.close()
