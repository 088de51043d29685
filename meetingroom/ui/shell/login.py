"""The login dialog: server address, username, password and "remember me", errors inline."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.errors import AuthError
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import add_form_row, heading, primary_button

if TYPE_CHECKING:  # only for annotations; the domain never imports the UI
    from meetingroom.domain.model import User

log = logging.getLogger("meetingroom.ui")


def normalise_url(text: str) -> str:
    """Accept what a delegate types: ``192.168.1.10:8765`` becomes ``ws://192.168.1.10:8765``."""
    text = text.strip().rstrip("/")
    if text and "://" not in text:
        text = "ws://" + text
    return text


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$")
"""A host name, an IPv4 address (digits and dots) or a bracketed IPv6 address."""


def address_is_valid(url: str) -> bool:
    """Whether ``url`` (as :func:`normalise_url` gives it) is a usable server address:
    ``ws://`` or ``wss://``, a host, an optional port 1–65535, nothing after the port but
    an optional path. Checked before connecting, so a typing slip is named as such and
    not as a network failure."""
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError when it is not a number in range
    except ValueError:
        return False
    host = parts.netloc.rsplit("@", 1)[-1]
    if port is not None:
        host = host.rsplit(":", 1)[0]
    elif host.endswith(":"):
        return False  # "ws://host:" names no port
    return (parts.scheme in ("ws", "wss") and port != 0 and "@" not in parts.netloc
            and not parts.query and not parts.fragment and bool(_HOST.match(host)))


class LoginDialog(Retranslated, QDialog):
    """Asks for credentials; whoever handles ``login_requested`` logs in and answers
    with ``succeeded`` or ``failed``.

    Owner: the ClientApp, which parents it to the main window when that is shown
    (else it is a top-level window) and lets it delete itself when closed. At start-up
    the dialog is shown before the ClientApp (and its engine) exist: a request made
    meanwhile stays pending (busy) until the ClientApp adopts the dialog and
    ``resend``s it.

    Never blocks: while the login runs a busy bar shows and the fields are
    disabled; a refusal appears as red text under the fields and the password
    is cleared for another try only when the server rejected it (a network failure or a
    mistyped address keeps it). A malformed address is refused before anything is sent.
    """

    login_requested = Signal(str, str, str, bool)
    """(server URL, username, password, remember me): log in with these."""
    logged_in = Signal(object, bool)
    """(User, whether "remember me" was ticked): the server accepted the credentials."""

    def __init__(self, *, server_url: str = "", username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(460)
        self.heading = heading("", self)
        self.server = QLineEdit(server_url, self)
        self.username = QLineEdit(username, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self)
        self.remember.setChecked(True)
        self._remember_asked = True
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        self.submit_button = primary_button("", self)
        self.quit_button = QPushButton(self)
        # Enter submits through the fields' returnPressed; no "default button" that a
        # disabled submit button would hand over to Quit while the login is running.
        for button in (self.submit_button, self.quit_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._labels = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        add_form_row(form, self._labels[0], self.server)
        add_form_row(form, self._labels[1], self.username)
        add_form_row(form, self._labels[2], self.password)
        form.addRow("", self.remember)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        lay.addWidget(self.heading)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.busy)
        lay.addLayout(buttons)
        self.submit_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        for field in (self.server, self.username, self.password):
            field.returnPressed.connect(self.submit)
        self._retranslate()
        (self.password if server_url and username else
         self.username if server_url else self.server).setFocus()

    @property
    def busy_now(self) -> bool:
        return not self.busy.isHidden()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.server, self.username, self.password, self.remember, self.submit_button):
            w.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    @Slot()
    def submit(self) -> None:
        if self.busy_now:
            return
        url = normalise_url(self.server.text())
        username, password = self.username.text().strip(), self.password.text()
        missing = next((w for w, v in ((self.server, url), (self.username, username),
                                       (self.password, password)) if not v), None)
        if missing is not None:
            self.show_error(self.tr("Please fill in the server address, username and password."))
            missing.setFocus()
            return
        self.server.setText(url)
        if not address_is_valid(url):
            self.show_error(self.tr(
                "“{address}” is not a valid server address. Write it as the "
                "server's address and port, for example 192.168.1.10:8765 or "
                "wss://phonghop.local:8765.").format(address=url))
            self.server.setFocus()
            self.server.selectAll()
            return
        self.show_error("")
        self._set_busy(True)
        self._remember_asked = self.remember.isChecked()
        self.resend()

    def resend(self) -> None:
        """Ask again for the login that is pending (the fields are locked while busy):
        for a handler connected after the request was made."""
        if self.busy_now:
            self.login_requested.emit(self.server.text(), self.username.text().strip(),
                                      self.password.text(), self._remember_asked)

    def succeeded(self, user: User) -> None:
        """The login asked for succeeded: report it and close."""
        self._set_busy(False)
        self.password.clear()
        log.info("logged in as %s", user.username)
        self.logged_in.emit(user, self._remember_asked)
        self.accept()

    def failed(self, exc: BaseException) -> None:
        """The login asked for failed: say why, under the fields, and let them try again."""
        self._set_busy(False)
        self.show_error(error_text(exc))
        if isinstance(exc, AuthError):  # only a rejected password is typed again
            self.password.clear()
            self.password.setFocus()
        else:
            self.server.setFocus()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log in"))  # Qt adds " — Meetingroom"
        self.heading.setText(self.tr("Log in to the meeting room"))
        for label, text in zip(self._labels, (self.tr("Server address"), self.tr("Username"),
                                              self.tr("Password")), strict=True):
            label.setText(text)
        self.server.setPlaceholderText(self.tr("e.g. 192.168.1.10:8765"))
        self.remember.setText(self.tr("Remember me on this computer"))
        self.submit_button.setText(self.tr("Log in"))
        # over the main window (the cache stays readable) it only closes the dialog
        self.quit_button.setText(self.tr("Cancel") if self.parent() is not None
                                 else self.tr("Quit"))
