"""The two key-source forms of the sign dialog: a certificate file, or a USB token."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import add_form_row
from meetingroom.ui.signing.values import CertLike, TokenLike

log = logging.getLogger("meetingroom.ui")


class FileForm(Retranslated, QWidget):
    """A .p12/.pfx file, its passphrase and "remember". Owner: the SignDialog (parent)."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.browse = QPushButton(icons.icon("open"), "", self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.path_label, self.passphrase_label = QLabel(self), QLabel(self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        add_form_row(form, self.path_label, row)
        add_form_row(form, self.passphrase_label, self.passphrase)
        form.addRow("", self.remember)
        self.browse.clicked.connect(self._browse)
        self._retranslate()

    def key_file(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text).expanduser().absolute() if text else None

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose your certificate file"), self.path.text(),
            self.tr("Certificate files (*.p12 *.pfx)"))
        if path:
            self.path.setText(path)
            self.path.editingFinished.emit()

    def _retranslate(self) -> None:
        self.path_label.setText(self.tr("Certificate file"))
        self.browse.setText(self.tr("Browse…"))
        self.passphrase_label.setText(self.tr("Passphrase"))
        self.remember.setText(self.tr("Remember passphrase on this computer"))
        self.path.setPlaceholderText(self.tr("A .p12 or .pfx file"))


class TokenForm(Retranslated, QWidget):
    """The PKCS#11 module, the token, its PIN and the certificate on it.

    Owner: the SignDialog (parent), which fills the token and certificate lists
    from worker threads. The PIN is never stored.
    """

    BROWSE = "__browse__"

    def __init__(self, icons: IconSet, modules: Sequence[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module = QComboBox(self)
        for m in modules:
            self.module.addItem(str(m), str(m))
        self.module.addItem("", self.BROWSE)
        self.find_tokens = QPushButton(icons.icon("sync"), "", self)
        self.token = QComboBox(self)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_certs = QPushButton(icons.icon("key"), "", self)
        self.cert = QComboBox(self)
        self._tokens: list[TokenLike] = []
        self._certs: list[CertLike] = []
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field, button in ((self.labels[0], self.module, None),
                                     (self.labels[1], self.token, self.find_tokens),
                                     (self.labels[2], self.pin, self.show_certs),
                                     (self.labels[3], self.cert, None)):
            if button is None:
                add_form_row(form, label, field)
                continue
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(field, 1)
            row.addWidget(button)
            add_form_row(form, label, row)
        self.module.activated.connect(self._module_chosen)
        self._retranslate()

    def module_path(self) -> Path | None:
        data = self.module.currentData()
        return Path(data) if data and data != self.BROWSE else None

    def set_tokens(self, tokens: Sequence[TokenLike]) -> None:
        self._tokens = list(tokens)
        self.token.clear()
        for t in self._tokens:
            self.token.addItem(f"{t.label} ({t.manufacturer} {t.model})".replace(" ()", ""))
        self.set_certificates([])

    def token_label(self) -> str | None:
        i = self.token.currentIndex()
        return self._tokens[i].label if 0 <= i < len(self._tokens) else None

    def set_certificates(self, certs: Sequence[CertLike]) -> None:
        self._certs = list(certs)
        self.cert.clear()
        for c in self._certs:
            self.cert.addItem(self.tr("{name} – issued by {issuer}, valid until {date}").format(
                name=c.subject_name, issuer=c.issuer_name, date=c.not_after[:10]))

    def certificate(self) -> CertLike | None:
        i = self.cert.currentIndex()
        return self._certs[i] if 0 <= i < len(self._certs) else None

    @Slot(int)
    def _module_chosen(self, index: int) -> None:
        if self.module.itemData(index) != self.BROWSE:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the token's PKCS#11 module"), "",
            self.tr("PKCS#11 modules (*.so *.so.* *.dll *.dylib)"))
        if path:
            self.module.insertItem(index, path, path)
            self.module.setCurrentIndex(index)
        else:
            self.module.setCurrentIndex(max(0, index - 1))

    def _retranslate(self) -> None:
        for label, text in zip(self.labels, (self.tr("Token driver"), self.tr("Token"),
                                             self.tr("PIN"), self.tr("Certificate")),
                               strict=True):
            label.setText(text)
        self.module.setItemText(self.module.count() - 1, self.tr("Browse…"))
        self.find_tokens.setText(self.tr("Find tokens"))
        self.show_certs.setText(self.tr("Show certificates"))
        self.pin.setPlaceholderText(self.tr("Asked every time, never stored"))
