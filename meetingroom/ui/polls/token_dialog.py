"""Keep my trustee key on my token: choose the PKCS#11 module and token, give the PIN;
and the PIN prompt when a trustee whose key is on a token opens or releases a share."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from meetingroom.sealing.token import TrusteeToken
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.common.live_text import live_error_text
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import MessageBar, muted
from meetingroom.ui.signing.values import existing_modules


class TrusteeTokenDialog(Retranslated, QDialog):
    """Owner: the main window (parent). ``token()`` and ``pin()`` once accepted; the PIN
    is never stored."""

    def __init__(self, parent: QWidget | None = None, *,
                 modules: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.explain = muted("", self)
        self.module = QComboBox(self)
        self.module.setEditable(True)  # another vendor's library: type its path
        for m in existing_modules() if modules is None else modules:
            self.module.addItem(str(m))
        self.label = QLineEdit(self)
        self.pin_field = QLineEdit(self)
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel(self) for _ in range(3)]
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.explain)
        for label, field in zip(self.labels, (self.module, self.label, self.pin_field),
                                strict=True):
            label.setBuddy(field)  # a screen reader's name for the field
            form.addRow(label, field)
        form.addRow(self.buttons)
        self._retranslate()

    @classmethod
    def ask(cls, parent: QWidget, bridge: EngineBridge,
            use: Callable[[TrusteeToken, bytes], concurrent.futures.Future[Any]],
            messages: MessageBar) -> TrusteeTokenDialog:
        """Open the dialog; once accepted, ``use`` the token and say how it went in
        ``messages``. Returns the (open, self-deleting) dialog."""
        dialog = cls(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            bridge.then(use(dialog.token(), dialog.pin()),
                        lambda _key: messages.show_info(dialog.tr(
                            "Your trustee key is now on your token. Keep the token with you "
                            "during secret votes.")),
                        lambda e: messages.show_error(live_error_text(e)), context=parent)
        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def token(self) -> TrusteeToken:
        return TrusteeToken(Path(self.module.currentText().strip()), self.label.text().strip())

    def pin(self) -> bytes:
        return self.pin_field.text().encode("utf-8")

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Trustee key on my token"))
        self.explain.setText(self.tr(
            "When you are a trustee of secret votes, your key share opens only with this "
            "key. Kept on your token, it is usable only with the token plugged in and its "
            "PIN. Make it once, before the meeting."))
        for label, text in zip(self.labels, (self.tr("PKCS#11 module:"),
                                             self.tr("Token label:"), self.tr("PIN:")),
                               strict=True):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Keep my key on this token"))


def ask_pin(parent: QWidget, token_label: str) -> bytes | None:
    """The token's PIN for one act (opening or releasing a share); None if cancelled."""
    text, ok = QInputDialog.getText(
        parent, parent.tr("Token PIN"),
        parent.tr("Your trustee key is on the token “{label}”. Enter its PIN:").format(
            label=token_label), QLineEdit.EchoMode.Password)
    return text.encode("utf-8") if ok and text else None
