"""Wires the minutes screen of the shown meeting to the sync engine and the local signer.

The composition of :class:`MinutesPane` and :class:`SignDialog`: the pane and the
dialog only see callables; this module supplies the real ones (engine commands,
``minutes.get``, the draft from the meeting record, the signer, the upload).
``meetingroom.signing`` (pyHanko) is imported only when someone signs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QWidget

from meetingroom.domain import access
from meetingroom.domain.minutes import MinutesFile, MinutesStatus
from meetingroom.domain.minutes_draft import draft_html
from meetingroom.domain.minutes_session import session_record
from meetingroom.domain.model import Document, MeetingSnapshot, User
from meetingroom.domain.roles import Role
from meetingroom.domain.signatures import SignatureCheck
from meetingroom.errors import NotFoundError, SigningError
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.minutes.pane import MinutesPane
from meetingroom.ui.signing.dialog import Progress, SignDialog
from meetingroom.ui.signing.values import CertLike, FileKey, Stamp, TokenKey, TokenLike

log = logging.getLogger("meetingroom.ui")

UPLOAD_TIMEOUT = 300.0
"""Seconds the signing worker waits for the server to accept the signed file."""


def minutes_role(user: User, snap: MeetingSnapshot) -> Role:
    """The role the minutes screen offers actions for: what this user may do in this
    meeting (the server checks every command again)."""
    ids = {p.user_id for p in snap.participants}
    if access.can_write_minutes(user, snap.meeting, ids):
        return Role.ADMIN if user.role is Role.ADMIN else Role.SECRETARY
    if access.can_review_minutes(user, snap.meeting, ids):
        return Role.CHAIR
    return Role.OBSERVER if user.role is not Role.DELEGATE else Role.DELEGATE


def current_file(status: MinutesStatus | None) -> MinutesFile | None:
    """The file the next signature builds on and readers open: the latest signed one,
    else the final PDF."""
    if status is None:
        return None
    return status.signed.file if status.signed is not None else status.pdf


class MinutesController(QObject):
    """Builds the minutes pane for the shown meeting; owner: the main window (parent)."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, icons: IconSet, *,
                 open_document: Callable[[Document], Any], language: Callable[[], str],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._engine, self._bridge, self._icons = engine, bridge, icons
        self._open_document, self._language = open_document, language
        self._window = parent
        self.pane: MinutesPane | None = None
        self.dialog: SignDialog | None = None

    # -- the pane ----------------------------------------------------------------------
    def show(self, snap: MeetingSnapshot | None, user: User | None) -> MinutesPane | None:
        """The pane for ``snap`` (rebuilt when the meeting or the user's role changes),
        updated to its minutes status; None when there is nothing to show."""
        if snap is None or user is None:
            self._drop_pane()
            return None
        mid = snap.meeting.id
        role = minutes_role(user, snap)
        signer = access.can_sign_minutes(user, snap.meeting, {p.user_id for p in snap.participants})
        pane = self.pane
        if pane is None or pane.meeting_id != mid or pane.role is not role:
            self._drop_pane()
            pane = MinutesPane(
                mid, role, bridge=self._bridge, icons=self._icons,
                load_version=lambda n: self._engine.minutes.get(mid, n),
                send=self._engine.outbox.command,
                make_draft=lambda: self._draft(mid),
                open_pdf=lambda sha: self._open(mid, sha),
                sign=lambda: self._sign_clicked(mid), signer=signer)
            self.pane = pane
        pane.set_status(snap.minutes, snap.participants)
        return pane

    def _drop_pane(self) -> None:
        if self.pane is not None:
            self.pane.deleteLater()
            self.pane = None

    def _draft(self, mid: str) -> str:
        snap = self._engine.meetings.snapshot(mid)
        if snap is None:
            return ""
        lang = self._language()
        return draft_html(session_record(snap, lang), lang=lang)

    def _open(self, mid: str, sha: str) -> None:
        snap = self._engine.meetings.snapshot(mid)
        status = snap.minutes if snap is not None else None
        files = [f for f in (status.pdf, status.signed.file if status.signed else None)
                 if f is not None] if status is not None else []
        for f in files:
            if f.sha256 == sha:
                name = QCoreApplication.translate("MinutesController", "Minutes")
                signed = status is not None and status.signed is not None and \
                    status.signed.file.sha256 == sha
                suffix = QCoreApplication.translate("MinutesController", " (signed)") \
                    if signed else ""
                self._open_document(Document(id=f"minutes-{sha[:12]}", item_id="",
                                             name=f"{name}{suffix}.pdf", sha256=sha,
                                             size=f.size, pages=f.pages))
                return

    # -- signing -----------------------------------------------------------------------
    def _sign_clicked(self, mid: str) -> None:
        self.open_sign_dialog(mid)

    def open_sign_dialog(self, mid: str) -> SignDialog | None:
        user, snap = self._engine.user, self._engine.meetings.snapshot(mid)
        if user is None or snap is None:
            return None
        role = minutes_role(user, snap)
        role_text = (QCoreApplication.translate("MinutesController", "Chair")
                     if role is Role.CHAIR else
                     QCoreApplication.translate("MinutesController", "Secretary"))
        dialog = SignDialog(
            bridge=self._bridge, icons=self._icons, sign=self._signer(mid),
            list_tokens=_list_tokens, list_certificates=_list_certificates,
            credentials=self._engine.credentials, signer_name=user.display_name,
            role=role_text, location=snap.meeting.location, describe_key=_describe_key,
            parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._dialog_gone)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self) -> None:
        self.dialog = None

    def _signer(self, mid: str) -> Callable[[FileKey | TokenKey, Stamp, Progress],
                                            SignatureCheck]:
        """The blocking sign-and-upload the dialog runs on its worker thread."""
        engine = self._engine

        def sign(key: FileKey | TokenKey, stamp: Stamp, progress: Progress) -> SignatureCheck:
            # pyHanko takes ~0.6 s to import: paid by the first signing, not by start-up
            from meetingroom.signing.sign import StampText, sign_pdf

            snap = engine.meetings.snapshot(mid)
            file = current_file(snap.minutes if snap is not None else None)
            if file is None:
                raise NotFoundError("the minutes have no final PDF yet")
            src = engine.documents.verified_path(file.sha256)
            if src is None:
                raise SigningError("the minutes have not finished downloading yet",
                                   reason="not_downloaded")
            out_dir = engine.data_dir / "signing"
            out_dir.mkdir(parents=True, exist_ok=True)
            dst = out_dir / f"{file.sha256}.signed.pdf"
            try:
                # the stamp names the certificate's holder, whoever is logged in
                check = sign_pdf(src, dst, _source(key), StampText(
                    role=stamp.role, location=stamp.location, reason=stamp.reason),
                    tsa_url=engine.server.tsa_url, tsa_cafile=engine.ca_file,
                    progress=lambda step: progress(step.value) if step.value != "done" else None)
                progress("uploading")
                engine.minutes.upload_signed(mid, dst).result(UPLOAD_TIMEOUT)
                progress("done")
            finally:
                dst.unlink(missing_ok=True)
            return check

        return sign


def _source(key: FileKey | TokenKey) -> Any:
    from meetingroom.signing.sources import Pkcs11Source, Pkcs12Source

    if isinstance(key, FileKey):
        return Pkcs12Source(path=key.path, passphrase=key.passphrase)
    return Pkcs11Source(module=key.module, token_label=key.token_label, pin=key.pin,
                        key_label=key.key_label)


def _describe_key(key: FileKey) -> CertLike:
    from meetingroom.signing.certificates import certificate_of

    return certificate_of(_source(key))


def _list_tokens(module: Path) -> list[TokenLike]:
    from meetingroom.signing.certificates import list_tokens

    return list(list_tokens(module))


def _list_certificates(module: Path, token_label: str, pin: bytes) -> list[CertLike]:
    from meetingroom.signing.certificates import list_certificates

    return list(list_certificates(module, token_label, pin))
