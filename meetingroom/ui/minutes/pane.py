"""The minutes screen of one meeting: state, editor, versions, signatures and the actions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future

from PySide6.QtCore import QMimeData, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.minutes import MinutesState, MinutesStatus, MinutesVersion
from meetingroom.domain.minutes_signers import signing_progress
from meetingroom.domain.model import Participant
from meetingroom.domain.roles import Role
from meetingroom.errors import ConflictError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.replies import MinutesReply
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.base.i18n import format_moment
from meetingroom.ui.common.confirm import ConfirmDialog, Question, ask
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, MessageBar, primary_button
from meetingroom.ui.minutes.actions import MinutesAction, allowed_actions, editable
from meetingroom.ui.minutes.editor import MinutesEditor
from meetingroom.ui.minutes.state import StateBanner
from meetingroom.ui.minutes.versions import VersionList
from meetingroom.ui.signing.signature_view import SignatureView

log = logging.getLogger("meetingroom.ui")

LoadVersion = Callable[[int | None], "Future[MinutesVersion]"]
"""``load_version(number)``: one version's text (None: the latest), e.g. ``engine.minutes.get``."""
Send = Callable[[Body], "Future[Mapping[str, object]]"]
"""``send(command_type, body)``: a minutes command through the engine's outbox."""


class MinutesPane(Retranslated, QWidget):
    """Everything about one meeting's minutes; owner: whoever shows it (parent).

    Driven by :meth:`set_status` (from ``MeetingSnapshot.minutes``); talks to the
    engine only through the injected callables, whose futures complete on the
    bridge (never blocking the GUI thread).
    """

    command_sent = Signal(str)
    """The server acknowledged this minutes command (e.g. ``minutes.save``)."""
    version_loaded = Signal(int)
    """The editor now shows this version (as the current text or read-only)."""

    def __init__(self, meeting_id: str, role: Role, *, bridge: EngineBridge, icons: IconSet,
                 load_version: LoadVersion, send: Send, make_draft: Callable[[], str],
                 open_pdf: Callable[[str], None], sign: Callable[[], None],
                 signer: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meeting_id, self.role, self._signer = meeting_id, role, signer
        self._bridge, self._icons = bridge, icons
        self._load_version, self._send = load_version, send
        self._make_draft, self._open_pdf, self._sign = make_draft, open_pdf, sign
        self.status = MinutesStatus()
        self.participants: tuple[Participant, ...] = ()
        """The meeting's participants: who the required signers are."""
        self.base_version = 0
        """The version the editor's current text started from (``base_version`` on save)."""
        self.viewing: MinutesVersion | None = None
        """An older version shown read-only (None: the current text is shown)."""
        self._stash: tuple[str, bool] | None = None
        self._busy = False

        self.state = StateBanner(icons, self)
        self.messages = MessageBar(icons, self)
        self.question: ConfirmDialog | None = None
        """The last confirmation asked (finalising)."""
        self.messages.hide()
        self.editor = MinutesEditor(icons, self)
        self.comment = QLineEdit(self)
        self.versions = VersionList(icons, self)
        self.signatures = SignatureView(icons, self)
        self.buttons: dict[MinutesAction, QPushButton] = {}
        a = MinutesAction
        for action, icon in ((a.NEW_DRAFT, "draft"), (a.SAVE, "save"), (a.SUBMIT, "send"),
                             (a.APPROVE, "check"), (a.RETURN, "return"), (a.REOPEN, "edit"),
                             (a.FINALISE, "publish"), (a.OPEN_PDF, "open"), (a.SIGN, "sign")):
            button = QPushButton(icons.icon(icon), "", self)
            button.setMinimumHeight(44)
            self.buttons[action] = button
        self.restore_button = QPushButton(icons.icon("history"), "", self)
        self.back_button = QPushButton(icons.icon("undo"), "", self)
        self.return_comment = QLineEdit(self)
        self.return_send = primary_button("", self)
        self.return_send.setIcon(icons.on_accent("return"))
        self.return_row = QWidget(self)
        self.reader_note = QLabel(self)
        """For readers (who never see the draft): what there is to read, and when."""
        self.reader_note.setWordWrap(True)
        self.reader_note.setProperty("role", "muted")
        self._layout()

        self.editor.save_requested.connect(self._save)
        self.editor.modified_changed.connect(self._refresh_buttons)
        self.versions.version_chosen.connect(self.view_version)
        handlers: dict[MinutesAction, Callable[[], None]] = {
            a.NEW_DRAFT: self._new_draft, a.SAVE: self._save, a.SUBMIT: self._submit,
            a.APPROVE: self._approve, a.RETURN: self._ask_return_comment,
            a.REOPEN: lambda: self._command(rq.MinutesReopen(meeting_id=self.meeting_id)),
            a.FINALISE: self._confirm_finalise, a.OPEN_PDF: self._open, a.SIGN: self._sign,
        }
        for action, handler in handlers.items():
            self.buttons[action].clicked.connect(handler)
        self.restore_button.clicked.connect(self._restore)
        self.back_button.clicked.connect(self.back_to_current)
        self.return_send.clicked.connect(self._send_return)
        self.return_comment.returnPressed.connect(self._send_return)
        self.return_comment.textChanged.connect(self._refresh_buttons)
        self._retranslate()
        self.set_status(None)

    def _layout(self) -> None:
        flow_box = QWidget(self)
        flow = FlowLayout(flow_box, spacing=6)
        for action in MinutesAction:
            if action is not MinutesAction.RESTORE:
                flow.addWidget(self.buttons[action])
        ret = QHBoxLayout(self.return_row)
        ret.setContentsMargins(0, 0, 0, 0)
        ret.addWidget(self.return_comment, 1)
        ret.addWidget(self.return_send)
        self.return_row.hide()
        view_row = QHBoxLayout()
        view_row.addWidget(self.restore_button)
        view_row.addWidget(self.back_button)
        view_row.addStretch(1)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.editor, 1)
        lv.addWidget(self.reader_note)
        lv.addLayout(view_row)
        lv.addWidget(self.comment)
        lv.addWidget(self.return_row)
        lv.addWidget(flow_box)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.versions, 1)
        rv.addWidget(self.signatures, 2)
        right.setMinimumWidth(260)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([1040, 300])  # the editor's tools in one row at 1366×768
        if not self.reads_text:  # readers: the state, the PDF and its signatures only
            self.editor.hide()
            self.versions.hide()
            lv.addStretch(1)
        else:
            self.reader_note.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.state)
        lay.addWidget(self.messages)
        lay.addWidget(split, 1)

    # -- status ------------------------------------------------------------------------
    def set_status(self, status: MinutesStatus | None,
                   participants: tuple[Participant, ...] | None = None) -> None:
        """Show ``status`` (None: no minutes saved yet); ``participants`` (default: the
        last ones given) name the chair whose signature the minutes await."""
        self.status = status or MinutesStatus()
        if participants is not None:
            self.participants = participants
        self.state.show_status(self.status, signing_progress(self.status, self.participants))
        self.versions.set_versions(self.status.versions, self.status.approved_version)
        self.signatures.setVisible(self.status.signed is not None)
        if self.status.signed is not None:
            self.signatures.show_report(self.status.signed.report)
        latest = self.status.latest_version
        if latest > self.base_version and not self._busy and self.viewing is None:
            if not self.editor.modified or not editable(self.status, self.role):
                self.load_latest()
            else:
                self.messages.show_info(
                    self.tr("A newer version of the minutes was saved meanwhile."),
                    action=self.tr("Load the latest version"), callback=self._load_over_edits)
        self._apply_lock()
        self._refresh_buttons()
        self._update_reader_note()

    def _update_reader_note(self) -> None:
        final = self.status.pdf is not None or self.status.signed is not None
        self.reader_note.setText(
            self.tr("Open the PDF to read the minutes. Their signatures, as the server "
                    "checked them, are listed on the right.") if final else
            self.tr("The secretary is preparing the minutes with the chair. You can read "
                    "them here once they are final."))

    def _apply_lock(self) -> None:
        if self.viewing is not None:
            info = self.viewing.info
            self.editor.set_read_only(True, self.tr(
                "Version {number} by {name}, saved {time}. Read-only.").format(
                number=info.number, name=info.author_name, time=format_moment(info.saved_at)))
        elif editable(self.status, self.role):
            self.editor.set_read_only(False)
        else:
            self.editor.set_read_only(True, self._lock_reason())

    def _lock_reason(self) -> str:
        state = self.status.state
        if state is MinutesState.IN_REVIEW:
            return self.tr("Locked while the chair reviews.")
        if state is MinutesState.APPROVED:
            return self.tr("Approved by the chair. To change the text, reopen the minutes.")
        if state in (MinutesState.FINAL, MinutesState.SIGNED):
            return self.tr("Final: the text can no longer change.")
        return self.tr("Only the secretary edits the minutes.")

    @Slot()
    def _refresh_buttons(self) -> None:
        allowed = allowed_actions(self.status, self.role, signer=self._signer)
        viewing = self.viewing is not None
        for action, button in self.buttons.items():
            button.setVisible(action in allowed and not (viewing and action in (
                MinutesAction.SAVE, MinutesAction.NEW_DRAFT)))
            button.setEnabled(not self._busy)
        clean = not self.editor.modified and self.base_version == self.status.latest_version
        self.buttons[MinutesAction.SUBMIT].setEnabled(not self._busy and clean and not viewing)
        self.buttons[MinutesAction.SAVE].setEnabled(not self._busy and self.editor.modified)
        self.comment.setVisible(MinutesAction.SAVE in allowed and not viewing)
        if MinutesAction.RETURN not in allowed:
            self.return_row.hide()
        self.return_send.setEnabled(not self._busy and bool(self.return_comment.text().strip()))
        self.restore_button.setVisible(viewing and MinutesAction.RESTORE in allowed)
        self.restore_button.setEnabled(not self._busy)
        self.back_button.setVisible(viewing)

    # -- loading versions --------------------------------------------------------------
    @property
    def reads_text(self) -> bool:
        """Whether this role reads the draft text (writers and the chair); the others see
        the status, the final PDF and its signatures."""
        return self.role in (Role.SECRETARY, Role.ADMIN, Role.CHAIR)

    def load_latest(self) -> None:
        """Show the latest saved version as the current text (nothing saved: empty)."""
        if not self.reads_text:
            return
        if self.status.latest_version == 0:
            self.base_version = 0
            self.editor.set_html("")
            return
        self._bridge.then(self._load_version(None), self._latest_loaded, self._failed,
                          context=self)

    def _latest_loaded(self, version: MinutesVersion) -> None:
        self.viewing, self._stash = None, None
        self.versions.clear_selection()
        self.base_version = version.info.number
        self.editor.set_html(version.html)
        self._apply_lock()
        self._refresh_buttons()
        self.version_loaded.emit(version.info.number)

    def _load_over_edits(self) -> None:
        """Load the latest version; the unsaved text goes to the clipboard, not lost."""
        mime = QMimeData()
        mime.setHtml(self.editor.html())
        mime.setText(self.editor.text.toPlainText())
        QApplication.clipboard().setMimeData(mime)
        self._bridge.then(self._load_version(None), self._latest_loaded, self._failed,
                          context=self)
        self.messages.show_info(self.tr(
            "Your unsaved text was copied to the clipboard; paste it back where needed."))

    @Slot(int)
    def view_version(self, number: int) -> None:
        """Show version ``number`` read-only (the current text is kept aside)."""
        self._bridge.then(self._load_version(number), self._version_viewed, self._failed,
                          context=self)

    def _version_viewed(self, version: MinutesVersion) -> None:
        if self._stash is None:
            self._stash = (self.editor.html(), self.editor.modified)
        self.viewing = version
        self.editor.set_html(version.html)
        self._apply_lock()
        self._refresh_buttons()
        self.version_loaded.emit(version.info.number)

    @Slot()
    def back_to_current(self) -> None:
        """Leave the read-only view and bring back the text being written."""
        stash, self._stash, self.viewing = self._stash, None, None
        self.versions.clear_selection()
        if stash is not None:
            self.editor.set_html(stash[0])
            self.editor.set_modified(stash[1])
        self._apply_lock()
        self._refresh_buttons()
        if self.base_version < self.status.latest_version and not self.editor.modified:
            self.load_latest()

    # -- commands ----------------------------------------------------------------------
    def _command(self, body: Body,
                 on_ok: Callable[[Mapping[str, object]], None] | None = None) -> None:
        self._busy = True
        self._refresh_buttons()

        def ok(result: Mapping[str, object]) -> None:
            self._busy = False
            if on_ok is not None:
                on_ok(result)
            self.command_sent.emit(body.TYPE)
            self.set_status(self.status)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._failed(exc)
            self.set_status(self.status)

        self._bridge.then(self._send(body), ok, failed, context=self)

    @Slot()
    def _save(self) -> None:
        if self._busy or self.editor.read_only or not self.editor.modified:
            return
        html = self.editor.html()
        self._command(rq.MinutesSave(meeting_id=self.meeting_id, html=html,
                                     base_version=self.base_version,
                                     comment=self.comment.text().strip()), self._saved)

    def _saved(self, result: Mapping[str, object]) -> None:
        self.comment.clear()
        self.editor.set_modified(False)
        number = MinutesReply.from_wire(result).version
        if number is not None:
            self.base_version = number
        self.messages.show_info(self.tr("Version saved."))

    def _restore(self) -> None:
        if self.viewing is None:
            return
        info, html = self.viewing.info, self.viewing.html

        def restored(result: Mapping[str, object]) -> None:
            self._stash, self.viewing = None, None
            self.versions.clear_selection()
            self.editor.set_html(html)
            self._saved(result)

        self._command(rq.MinutesSave(
            meeting_id=self.meeting_id, html=html, base_version=self.status.latest_version,
            comment=self.tr("Restored from version {number}").format(number=info.number)),
            restored)

    def _submit(self) -> None:
        self._command(rq.MinutesSubmit(meeting_id=self.meeting_id))

    def _approve(self) -> None:
        self._command(rq.MinutesReview(meeting_id=self.meeting_id, approve=True, comment=""))

    def _ask_return_comment(self) -> None:
        self.return_row.show()
        self.return_comment.setFocus()

    def _send_return(self) -> None:
        comment = self.return_comment.text().strip()
        if not comment or self._busy:
            return
        def returned(_result: Mapping[str, object]) -> None:
            self.return_comment.clear()
            self.return_row.hide()

        self._command(rq.MinutesReview(meeting_id=self.meeting_id, approve=False,
                                       comment=comment), returned)

    def _confirm_finalise(self) -> None:
        """Finalising cannot be taken back: ask, naming what follows."""
        self.question = ask(self, Question(
            text=self.tr("Finalise the minutes now?"),
            consequence=self.tr("The text is frozen for good and the PDF for signing is "
                                "produced; nobody can edit the minutes afterwards."),
            action=self.tr("Finalise the minutes"), keep=self.tr("Not yet")),
            lambda: self._command(rq.MinutesFinalise(meeting_id=self.meeting_id)))

    def _open(self) -> None:
        s = self.status
        pdf = s.signed.file if s.signed is not None else s.pdf
        if pdf is not None:
            self._open_pdf(pdf.sha256)

    def _new_draft(self) -> None:
        self.editor.replace_with_undo(self._make_draft())
        self.messages.show_info(self.tr(
            "The draft was filled from the meeting record. Ctrl+Z brings back the previous "
            "text."))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError) and exc.reason == "stale_version":
            self.messages.show_info(error_text(exc), action=self.tr("Load the latest version"),
                                    callback=self._load_over_edits)
            return
        self.messages.show_error(error_text(exc))

    # -- language ----------------------------------------------------------------------
    def _retranslate(self) -> None:
        a = MinutesAction
        self._update_reader_note()
        texts = {a.NEW_DRAFT: self.tr("New draft from meeting record"),
                 a.SAVE: self.tr("Save version"), a.SUBMIT: self.tr("Submit for review"),
                 a.APPROVE: self.tr("Approve"), a.RETURN: self.tr("Return with comment…"),
                 a.REOPEN: self.tr("Reopen"), a.FINALISE: self.tr("Finalise"),
                 a.OPEN_PDF: self.tr("Open PDF"), a.SIGN: self.tr("Sign…")}
        for action, text in texts.items():
            self.buttons[action].setText(text)
        self.buttons[a.SUBMIT].setToolTip(self.tr("Save your changes first"))
        self.restore_button.setText(self.tr("Restore this version"))
        self.back_button.setText(self.tr("Back to the current text"))
        self.comment.setPlaceholderText(self.tr("What changed in this version (optional)"))
        self.comment.setAccessibleName(self.tr("Comment on this version"))
        self.return_comment.setPlaceholderText(self.tr("What should the secretary change?"))
        self.return_comment.setAccessibleName(self.tr("Comment for the secretary"))
        self.return_send.setText(self.tr("Return to the secretary"))
        self._apply_lock()
