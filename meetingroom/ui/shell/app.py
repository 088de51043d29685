"""Composition root of the desktop client: builds engine, bridge, windows and wires them.

``meetingroom client`` starts in ``ui/shell/startup.py``, which shows the login window first and
imports this module (SQLAlchemy, the reader, ...) after that window was painted.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from meetingroom.credentials import Credentials
from meetingroom.domain.model import User
from meetingroom.sync import events as ev
from meetingroom.sync.backoff import Backoff
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.base.i18n import choose_language
from meetingroom.ui.base.theme import ThemeMode
from meetingroom.ui.documents.model import DocumentStates
from meetingroom.ui.reader.render.service import RenderService
from meetingroom.ui.shell.context import UiContext, application
from meetingroom.ui.shell.login import LoginDialog
from meetingroom.ui.shell.main_window import MainWindow
from meetingroom.ui.shell.settings import UiSettings, room_ca

log = logging.getLogger("meetingroom.ui")


class ClientApp(QObject):
    """One logged-in client: engine, bridge, main window and login dialog.

    Owner: whoever built it (``run_client``, the demo, a test), which calls
    ``close()`` (stops the engine and the render thread) before the app quits.
    """

    logged_in = Signal(object)
    """User: a login or a resumed session succeeded and the main window is shown."""
    quit_requested = Signal()
    """The user closed the login dialog without logging in."""

    def __init__(self, data_dir: Path, *, context: UiContext, server_url: str | None = None,
                 title_suffix: str = "", credentials: Credentials | None = None,
                 engine_options: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.context = context
        self.server_url = server_url or ""
        self.bridge = EngineBridge(self)
        self.engine = SyncEngine(data_dir, listener=self.bridge, credentials=credentials,
                                 **(engine_options or {}))
        self.states = DocumentStates(self.engine, self.bridge, self)
        self.render = RenderService(self)
        self.window = MainWindow(self.engine, self.bridge, icons=context.icons,
                                 colors=context.theme.colors, states=self.states,
                                 render=self.render, title_suffix=title_suffix)
        self.window.set_choices(language=context.translations.language,
                                theme=context.theme.mode.value,
                                text_size=context.theme.text_size)
        self.window.set_sound(UiSettings.load(data_dir).alert_sound)
        self.login_dialog: LoginDialog | None = None
        self._session: ev.SessionStarted | None = None
        """The latest session the engine reported (to know whether it was remembered)."""
        self.bridge.session_started.connect(self._on_session_started)
        self.window.logout_requested.connect(self.logout)
        self.window.login_requested.connect(self.show_login)
        self.window.language_requested.connect(self.set_language)
        self.window.theme_requested.connect(self.set_theme)
        self.window.sound_requested.connect(self.set_sound)
        self.window.text_size_requested.connect(self.set_text_size)
        context.theme.changed.connect(self.window.set_colors)
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------------
    def start(self, *, resume: bool = True) -> None:
        """Start the engine (loads the cache); then resume a saved session or ask to log in."""
        self.engine.start()
        if resume:
            self.bridge.then(self.engine.resume(), self._resumed, self._resume_failed,
                             context=self)

    def _resumed(self, user: User | None) -> None:
        if user is None:
            self.show_login()
        else:
            self._show_window(user)

    def _resume_failed(self, exc: BaseException) -> None:
        self.show_login(error_text(exc))

    @Slot(object)
    def _on_session_started(self, event: ev.SessionStarted) -> None:
        self._session = event

    @Slot(object, bool)
    def _password_login_done(self, user: User, remember: bool) -> None:
        """Show the window; say so when "remember me" was asked and could not be honoured.

        The engine's SessionStarted is queued before the login's result, so
        ``_session`` is this login's by now.
        """
        self._show_window(user)
        if remember and self._session is not None and not self._session.remembered:
            self.window.warn_not_remembered()

    @Slot(object)
    def _show_window(self, user: User) -> None:
        self.window.set_user(user)
        self.window.show()
        self.window.raise_()
        self.logged_in.emit(user)

    def close(self) -> None:
        """Close the windows, stop rendering and syncing (joins their threads)."""
        if self._closed:
            return
        self._closed = True
        self.bridge.blockSignals(True)  # nothing new reaches widgets that are going away
        if self.login_dialog is not None:
            self.login_dialog.close()
        self.window.close()
        self.render.stop()
        self.states.close()
        self.engine.stop()
        self.window.deleteLater()

    # -- session -----------------------------------------------------------------------------
    def login(self, url: str, username: str, password: str, *, remember: bool = False) -> None:
        """Log in without the dialog (the demo); on failure the dialog shows the reason."""
        self.server_url = url

        def failed(exc: BaseException) -> None:
            self.show_login(error_text(exc))

        self.bridge.then(self.engine.login(url, username, password, remember=remember),
                         lambda user: self._password_login_done(user, remember), failed,
                         context=self)

    @Slot()
    def show_login(self, error: str = "") -> LoginDialog:
        if self.login_dialog is not None:
            self.login_dialog.show_error(error)
            self.login_dialog.show()
            self.login_dialog.raise_()
            return self.login_dialog
        saved_url, saved_user = self.engine.saved_login()
        dialog = LoginDialog(server_url=self.server_url or saved_url, username=saved_user,
                             parent=self.window if self.window.isVisible() else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show_error(error)
        self.adopt_login(dialog)
        dialog.show()
        return dialog

    def adopt_login(self, dialog: LoginDialog) -> None:
        """Log in through this client's engine when ``dialog`` asks, and follow it.

        At start-up the dialog is shown before the client exists (``ui/shell/startup.py``):
        a login asked for meanwhile is asked again now, so the client must be started.
        """
        dialog.login_requested.connect(
            lambda url, username, password, remember, d=dialog:
            self._login_requested(d, url, username, password, remember))
        dialog.logged_in.connect(self._password_login_done)
        dialog.rejected.connect(self._login_rejected)
        # a closed dialog is never reused; a late signal of an older one changes nothing
        dialog.finished.connect(lambda _result, d=dialog: self._login_closed(d))
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._login_closed(d))
        self.login_dialog = dialog
        dialog.resend()

    def _login_requested(self, dialog: LoginDialog, url: str, username: str, password: str,
                         remember: bool) -> None:
        self.bridge.then(self.engine.login(url, username, password, remember=remember),
                         dialog.succeeded, dialog.failed, context=dialog)

    @Slot()
    def _login_rejected(self) -> None:
        if not self.window.isVisible():
            self.quit_requested.emit()
        elif self.engine.state is ev.ConnectionState.LOGGED_OUT:
            self.window.offer_login()  # still reading the cache: keep the way back in

    def _login_closed(self, dialog: LoginDialog) -> None:
        if self.login_dialog is dialog:
            self.login_dialog = None

    @Slot()
    def logout(self) -> None:
        def done(_: object) -> None:
            self.window.close_viewers()
            self.window.hide()
            self.window.set_user(None)
            self.show_login()

        self.bridge.then(self.engine.logout(forget=True), done,
                         lambda exc: self.window.messages.show_error(error_text(exc)),
                         context=self)

    # -- interface choices ----------------------------------------------------------------------
    @Slot(str)
    def set_language(self, language: str) -> None:
        self.context.translations.install(language)
        self._save_choice(language=language)

    @Slot(str)
    def set_theme(self, theme: str) -> None:
        self.context.theme.apply(theme)
        self._save_choice(theme=theme)

    @Slot(bool)
    def set_sound(self, on: bool) -> None:
        """Beep when a vote opens (or not), from now on and on later launches."""
        self.window.set_sound(on)
        self._save_choice(alert_sound=on)

    @Slot(int)
    def set_text_size(self, percent: int) -> None:
        """Show all text at ``percent`` % at once, and remember it for the next start."""
        self._save_choice(text_size=self.context.theme.set_text_size(percent))
        QTimer.singleShot(0, self.window.fit_to_screen)  # once the new sizes are laid out

    def _save_choice(self, **change: Any) -> None:
        """Save the changed fields of UiSettings (``language="vi"``, ``text_size=150``)."""
        dataclasses.replace(UiSettings.load(self.data_dir), **change).save(self.data_dir)
        self.window.set_choices(language=self.context.translations.language,
                                theme=self.context.theme.mode.value,
                                text_size=self.context.theme.text_size)


def build_client(data_dir: Path, *, server_url: str | None = None, lang: str | None = None,
                 theme: str | None = None, title_suffix: str = "",
                 credentials: Credentials | None = None,
                 backoff: Backoff | None = None, connect_timeout: float | None = None,
                 ca_file: Path | None = None, protocol_version: int | None = None) -> ClientApp:
    """Build (not start) a client; creates the QApplication if there is none.

    ``lang``/``theme`` override the user's saved choice, which overrides the system's.
    The first client of an application sets the shared language and theme.
    ``ca_file`` (the room's CA for wss://) is remembered in the data folder and used
    on later launches that give none.
    """
    context = UiContext.of(application())
    saved = UiSettings.load(data_dir)
    ca_file = room_ca(data_dir, saved, ca_file)
    if not context.configured or lang or theme:
        context.configure(language=choose_language(lang or saved.language or None),
                          theme=ThemeMode(theme or saved.theme or "system"),
                          text_size=saved.text_size)
    options: dict[str, Any] = {}
    if backoff is not None:
        options["backoff"] = backoff
    if connect_timeout is not None:
        options["connect_timeout"] = connect_timeout
    if ca_file is not None:
        options["ca_file"] = ca_file
    if protocol_version is not None:  # tests of a mismatched protocol
        options["protocol_version"] = protocol_version
    return ClientApp(data_dir, context=context, server_url=server_url, title_suffix=title_suffix,
                     credentials=credentials, engine_options=options)


def open_logged_in_window(data_dir: Path, url: str, username: str, password: str, *,
                          title_suffix: str = "", lang: str | None = None,
                          theme: str | None = None) -> ClientApp:
    """For the demo: start a client in the running QApplication and log it in.

    Returns at once; ``ClientApp.logged_in`` fires when the window is shown. Each
    call makes its own engine and data folder; windows share language and theme.
    The caller closes it (``client.close()``), e.g. from ``app.aboutToQuit``.
    """
    client = build_client(data_dir, server_url=url, lang=lang, theme=theme,
                          title_suffix=title_suffix)
    client.start(resume=False)
    client.login(url, username, password)
    return client
