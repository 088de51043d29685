"""The application menu ("Meetingroom"): language, theme, text size, sound, trustee token,
log out and quit. It only asks; the main window and the app act on its signals."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.shell.text_size_menu import TextSizeMenu


class AppMenu(Retranslated, QMenu):
    """Owner: the main window (parent), which puts it first in its menu bar."""

    language_requested = Signal(str)
    """"vi" or "en"."""
    theme_requested = Signal(str)
    """"system", "light" or "dark"."""
    sound_toggled = Signal(bool)
    """The user turned the sound for an opening vote on or off."""
    token_requested = Signal()
    """The user wants their trustee key on their token."""
    logout_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icons: IconSet, parent: QWidget) -> None:
        super().__init__(parent)
        self.language_menu = QMenu(self)
        self.language_menu.setIcon(icons.icon("language"))
        self.language_actions = self._choices(
            self.language_menu, ("vi", "en"), self.language_requested)
        # the languages are named in themselves, never translated
        self.language_actions["vi"].setText("Tiếng Việt")
        self.language_actions["en"].setText("English")
        self.theme_menu = QMenu(self)
        self.theme_menu.setIcon(icons.icon("theme"))
        self.theme_actions = self._choices(
            self.theme_menu, ("system", "light", "dark"), self.theme_requested)
        self.text_size_menu = TextSizeMenu(self)
        self.addMenu(self.language_menu)
        self.addMenu(self.theme_menu)
        self.sound_action = QAction(self, checkable=True)
        self.sound_action.toggled.connect(self.sound_toggled)
        self.addAction(self.sound_action)
        self.token_action = QAction(icons.icon("key"), "", self)
        self.token_action.triggered.connect(self.token_requested)
        self.addAction(self.token_action)
        self.addMenu(self.text_size_menu)
        self.addSeparator()
        self.logout_action = QAction(icons.icon("logout"), "", self)
        self.logout_action.triggered.connect(self.logout_requested)
        self.addAction(self.logout_action)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.quit_requested)
        self.addAction(self.quit_action)
        self._retranslate()

    def _choices(self, menu: QMenu, codes: tuple[str, ...], chosen: SignalInstance
                 ) -> dict[str, QAction]:
        """One checkable action per code, exclusive, each emitting ``chosen`` with its code."""
        group = QActionGroup(self)
        actions: dict[str, QAction] = {}
        for code in codes:
            action = QAction(self, checkable=True)
            action.triggered.connect(lambda _c=False, code=code: chosen.emit(code))
            group.addAction(action)
            menu.addAction(action)
            actions[code] = action
        return actions

    def set_choices(self, *, language: str, theme: str, text_size: int | None = None) -> None:
        """Tick the current language, theme and text size."""
        if text_size is not None:
            self.text_size_menu.set_current(text_size)
        if language in self.language_actions:
            self.language_actions[language].setChecked(True)
        if theme in self.theme_actions:
            self.theme_actions[theme].setChecked(True)

    @Slot(bool)
    def set_sound(self, on: bool) -> None:
        """Tick the saved sound choice without announcing it as a new one."""
        self.sound_action.blockSignals(True)
        self.sound_action.setChecked(on)
        self.sound_action.blockSignals(False)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("&Meetingroom"))
        self.language_menu.setTitle(self.tr("Language"))
        self.theme_menu.setTitle(self.tr("Theme"))
        for code, text in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                           ("dark", self.tr("Dark"))):
            self.theme_actions[code].setText(text)
        self.sound_action.setText(self.tr("Sound when a vote opens"))
        self.token_action.setText(self.tr("Trustee key on my token…"))
        self.logout_action.setText(self.tr("Log out"))
        self.quit_action.setText(self.tr("Quit"))
