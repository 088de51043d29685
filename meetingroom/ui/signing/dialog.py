"""The sign dialog: choose a certificate file or a USB token, then sign off the GUI thread."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from meetingroom.credentials import Credentials
from meetingroom.domain.signatures import SignatureCheck
from meetingroom.errors import SigningError
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import add_form_row, heading, muted, primary_button
from meetingroom.ui.signing.forms import FileForm, TokenForm
from meetingroom.ui.signing.values import (
    CertLike,
    FileKey,
    Stamp,
    TokenKey,
    TokenLike,
    existing_modules,
)

log = logging.getLogger("meetingroom.ui")
T = TypeVar("T")

Progress = Callable[[str], None]
"""Called by the signer (on its thread) with each step's name (``signing.sign.SignStep``)."""
SignFn = Callable[[FileKey | TokenKey, Stamp, Progress], SignatureCheck]
"""Blocking: signs the minutes with the key; raises ``SigningError`` with a ``reason``."""

STEPS = ("loading_key", "preparing", "signing", "timestamping", "writing", "uploading", "done")
"""The signer's steps (``signing.sign.SignStep``), then the upload to the server."""


class SignDialog(Retranslated, QDialog):
    """Signs the minutes; owner: the window that opened it (parent).

    Every slow call (listing tokens, reading certificates, signing) runs on the
    dialog's own worker thread; results come back through the bridge. Errors
    show inline and leave the dialog open for another try.
    """

    signed = Signal(object)
    """SignatureCheck: the file was signed; the dialog then closes (accepted)."""
    _step = Signal(str)
    """Internal: a progress step reported from the worker thread."""

    def __init__(self, *, bridge: EngineBridge, icons: IconSet, sign: SignFn,
                 list_tokens: Callable[[Path], Sequence[TokenLike]],
                 list_certificates: Callable[[Path, str, bytes], Sequence[CertLike]],
                 credentials: Credentials | None = None, signer_name: str = "",
                 role: str = "", location: str = "", modules: Sequence[Path] | None = None,
                 describe_key: Callable[[FileKey], CertLike] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._describe_key = describe_key
        self._file_cert: tuple[FileKey, str] | None = None
        """The certificate file last read with ``describe_key`` and its holder's name."""
        self._bridge, self._sign = bridge, sign
        self._list_tokens, self._list_certificates = list_tokens, list_certificates
        self._credentials, self._account_name = credentials, signer_name
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sign")
        self._busy = False
        self.result_check: SignatureCheck | None = None
        self.setMinimumWidth(640)
        self.heading = heading("", self)
        self.use_file, self.use_token = QRadioButton(self), QRadioButton(self)
        self.use_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_file)
        group.addButton(self.use_token)
        self.file = FileForm(icons, self)
        self.token = TokenForm(icons, existing_modules() if modules is None else modules, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.file)
        self.pages.addWidget(self.token)
        self.role, self.location = QLineEdit(role, self), QLineEdit(location, self)
        self.signer = QLabel(self)
        self.signer.setProperty("role", "heading")
        self.signer.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, len(STEPS) - 1)
        self.progress.hide()
        self.sign_button = primary_button("", self)
        self.sign_button.setIcon(icons.on_accent("sign"))
        self.cancel_button = QPushButton(self)
        self.hint = muted("", self)
        self._labels = [QLabel(self), QLabel(self), QLabel(self)]
        self._layout()
        self.use_file.toggled.connect(self._source_changed)
        self.file.path.editingFinished.connect(self._key_file_chosen)
        self.file.passphrase.editingFinished.connect(self.read_certificate)
        self.file.path.textChanged.connect(self._update_signer)
        self.file.passphrase.textChanged.connect(self._update_signer)
        self.token.find_tokens.clicked.connect(self.find_tokens)
        self.token.show_certs.clicked.connect(self.show_certificates)
        self.token.cert.currentIndexChanged.connect(self._update_signer)
        self.sign_button.clicked.connect(self.start_signing)
        self.cancel_button.clicked.connect(self.reject)
        self._step.connect(self._show_step)
        self._retranslate()
        self._source_changed()

    def _layout(self) -> None:
        sources = QHBoxLayout()
        sources.addWidget(self.use_file)
        sources.addWidget(self.use_token)
        sources.addStretch(1)
        form = QFormLayout()
        add_form_row(form, self._labels[0], self.role)
        add_form_row(form, self._labels[1], self.location)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(sources)
        lay.addWidget(self.pages)
        lay.addSpacing(6)
        lay.addLayout(form)
        lay.addWidget(self._labels[2])
        lay.addWidget(self.signer)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        lay.addLayout(buttons)

    # -- worker ------------------------------------------------------------------------
    def _run(self, fn: Callable[[], T], on_ok: Callable[[T], None]) -> None:
        """Run ``fn`` on the worker thread; ``on_ok`` or the inline error on the GUI thread."""
        self._set_busy(True)

        def ok(value: T) -> None:
            self._set_busy(False)
            on_ok(value)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._failed(exc)

        self.error.hide()
        self._bridge.then(self._pool.submit(fn), ok, failed, context=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.pages, self.use_file, self.use_token, self.role, self.location,
                  self.sign_button, self.cancel_button):
            w.setEnabled(not busy)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        if isinstance(exc, SigningError) and exc.reason == "bad_passphrase":
            key_file = self.file.key_file()
            if self._credentials is not None and key_file is not None:
                self._credentials.forget_passphrase(str(key_file))
            self.file.passphrase.selectAll()
            self.file.passphrase.setFocus()
        if isinstance(exc, SigningError) and exc.reason == "bad_pin":
            self.token.pin.clear()
            self.token.pin.setFocus()
        self.error.setText(error_text(exc))
        self.error.show()

    # -- token -------------------------------------------------------------------------
    @Slot()
    def find_tokens(self) -> None:
        module = self.token.module_path()
        if module is None:
            return
        self._run(lambda: list(self._list_tokens(module)), self._tokens_found)

    def _tokens_found(self, tokens: list[TokenLike]) -> None:
        self.token.set_tokens(tokens)
        if not tokens:
            self._failed(SigningError("no token", reason="token_not_found"))

    @Slot()
    def show_certificates(self) -> None:
        module, label = self.token.module_path(), self.token.token_label()
        pin = self.token.pin.text().encode("utf-8")
        if module is None or label is None or not pin:
            return
        self._run(lambda: list(self._list_certificates(module, label, pin)),
                  self._certificates_found)

    def _certificates_found(self, certs: list[CertLike]) -> None:
        self.token.set_certificates(certs)
        if not certs:
            self._failed(SigningError("no key", reason="no_key"))
        self._update_signer()

    # -- signing -----------------------------------------------------------------------
    def key(self) -> FileKey | TokenKey | None:
        """The key the user chose, or None while something is missing."""
        if self.use_file.isChecked():
            path, phrase = self.file.key_file(), self.file.passphrase.text()
            return FileKey(path, phrase.encode("utf-8")) if path and phrase else None
        module, label = self.token.module_path(), self.token.token_label()
        cert, pin = self.token.certificate(), self.token.pin.text()
        if module is None or label is None or not pin:
            return None
        return TokenKey(module, label, pin.encode("utf-8"), cert.label if cert else None)

    @Slot()
    def start_signing(self) -> None:
        key = self.key()
        if key is None or self._busy:
            self.error.setText(self.tr("Choose your certificate and type its passphrase or "
                                       "PIN first."))
            self.error.show()
            return
        stamp = Stamp(role=self.role.text().strip(), location=self.location.text().strip(),
                      signer_name=self._signer_name())
        self.progress.setValue(0)
        self.progress.setFormat(self._step_text(STEPS[0]))
        self.progress.show()
        self._run(lambda: self._sign(key, stamp, self._report_step), self._done)

    def _report_step(self, step: Any) -> None:
        """Worker thread: forward the step to the GUI thread (queued signal)."""
        if isValid(self):
            self._step.emit(str(getattr(step, "value", step)))

    @Slot(str)
    def _show_step(self, step: str) -> None:
        if step in STEPS:
            self.progress.setValue(STEPS.index(step))
        self.progress.setFormat(self._step_text(step))

    def _done(self, check: SignatureCheck) -> None:
        key = self.key()
        if isinstance(key, FileKey) and self._credentials is not None:
            if self.file.remember.isChecked():
                self._credentials.save_passphrase(str(key.path), key.passphrase)
            else:
                self._credentials.forget_passphrase(str(key.path))
        self.result_check = check
        self.signed.emit(check)
        self.accept()

    @Slot()
    def _key_file_chosen(self) -> None:
        path = self.file.key_file()
        if path is None or self._credentials is None or self.file.passphrase.text():
            return
        remembered = self._credentials.load_passphrase(str(path))
        if remembered is not None:
            self.file.passphrase.setText(remembered.decode("utf-8"))
            self.file.remember.setChecked(True)

    def _signer_name(self) -> str:
        if self.use_token.isChecked():
            cert = self.token.certificate()
            return cert.subject_name if cert is not None else ""
        if self._describe_key is None:
            return self._account_name
        key = self.key()
        if self._file_cert is not None and self._file_cert[0] == key:
            return self._file_cert[1]
        return ""

    @Slot()
    def read_certificate(self) -> None:
        """Open the chosen certificate file (worker thread) to show whose it is before
        signing; a wrong passphrase shows at once."""
        key = self.key()
        if (self._describe_key is None or not isinstance(key, FileKey) or self._busy
                or (self._file_cert is not None and self._file_cert[0] == key)):
            return
        describe = self._describe_key

        def described(cert: CertLike) -> None:
            self._file_cert = (key, cert.subject_name)
            self._update_signer()

        self._run(lambda: describe(key), described)

    @Slot()
    def _update_signer(self) -> None:
        self.signer.setText(self._signer_name() or self.tr("(the name in your certificate)"))

    @Slot()
    def _source_changed(self) -> None:
        current = 0 if self.use_file.isChecked() else 1
        self.pages.setCurrentIndex(current)
        for i, page in enumerate((self.file, self.token)):  # no empty room for the other page
            policy = QSizePolicy.Policy.Preferred if i == current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.adjustSize()
        self._update_signer()
        self.error.hide()

    # -- closing -----------------------------------------------------------------------
    def reject(self) -> None:
        if not self._busy:  # a signature being written is not abandoned half-way
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._pool.shutdown(wait=False)
        super().done(result)

    # -- language ----------------------------------------------------------------------
    def _step_text(self, step: str) -> str:
        texts = {"loading_key": self.tr("Opening your key…"),
                 "preparing": self.tr("Preparing the document…"),
                 "signing": self.tr("Signing…"),
                 "timestamping": self.tr("Getting a timestamp…"),
                 "writing": self.tr("Saving the signed file…"),
                 "uploading": self.tr("Sending the signed minutes to the server…"),
                 "done": self.tr("Signed")}
        return texts.get(step, self.tr("Working…"))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign the minutes"))
        self.heading.setText(self.tr("Sign the minutes"))
        self.use_file.setText(self.tr("Certificate file (.p12/.pfx)"))
        self.use_token.setText(self.tr("USB token"))
        self._labels[0].setText(self.tr("Your role"))
        self._labels[1].setText(self.tr("Place (optional)"))
        self._labels[2].setText(self.tr("The signature will show this name:"))
        self.location.setPlaceholderText(self.tr("e.g. Hà Nội"))
        self.sign_button.setText(self.tr("Sign"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.hint.setText(self.tr("Signing takes a few seconds."))
        self._update_signer()
