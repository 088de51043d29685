"""The QApplication and what every client window of it shares: theme, language and icons."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from meetingroom.paths import resource_path
from meetingroom.ui.base.i18n import Translations
from meetingroom.ui.base.theme import ThemeManager
from meetingroom.ui.common.icons import IconSet

log = logging.getLogger("meetingroom.ui")


class UiContext(QObject):
    """What every client window of one QApplication shares: theme, language and icons.

    Owner: the QApplication (parent); ``UiContext.of(app)`` finds or makes it, so
    the demo's several windows share one theme and one translator.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("meetingroom-ui-context")
        self.theme = ThemeManager(app, self)
        self.translations = Translations(app, self)
        self.icons = IconSet()
        self.configured = False

    @classmethod
    def of(cls, app: QApplication) -> UiContext:
        for child in app.children():
            if isinstance(child, UiContext):
                return child
        return cls(app)

    def configure(self, *, language: str, theme: str, text_size: int | None = None) -> None:
        self.translations.install(language)
        self.theme.apply(theme, text_size=text_size)
        self.configured = True


def application() -> QApplication:
    """The running QApplication, or a new one named for Meetingroom."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Meetingroom")
    app.setApplicationDisplayName("Meetingroom")
    app.setOrganizationName("Meetingroom")
    app.setDesktopFileName("meetingroom")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The application's icon (resources/app/meetingroom.svg) for every window's title bar
    and task switcher; the packages install the same drawing for the desktop menus."""
    renderer = QSvgRenderer(str(resource_path("app", "meetingroom.svg")))
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def quit_on_termination(app: QApplication) -> None:
    """SIGTERM and SIGINT end the event loop like closing the last window does, so the
    caller's clean-up runs (the render worker, temporary files). Python only sees a
    signal when it runs, so a timer lets it in a few times a second."""
    def stop(signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        app.quit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
