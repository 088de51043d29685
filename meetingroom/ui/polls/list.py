"""The secretary's polls of the meeting: status and turnout, new, open, close, cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.live import DEFAULT_QUORUM
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.domain.voting import PollSpec
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol.body_fields import Body
from meetingroom.ui.common.confirm import Confirm, Question
from meetingroom.ui.common.live_text import poll_status_text
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, danger_button, heading, separator
from meetingroom.ui.polls.dialog import PollDialog

Send = Callable[[Body], None]
"""Queue a live command (the live pane's ``send``)."""


def open_poll_of(snap: MeetingSnapshot | None) -> Poll | None:
    """The poll being voted on (the server allows one at a time)."""
    if snap is None:
        return None
    return next((p for p in snap.polls if p.status is PollStatus.OPEN), None)


class PollList(Retranslated, QWidget):
    """Owner: the console (parent). Commands go through ``send``; closing and cancelling
    a poll, which cannot be taken back, ask first through ``confirm`` and sit apart from
    the other buttons."""

    def __init__(self, send: Send, confirm: Confirm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._send, self._confirm = send, confirm
        self._snap: MeetingSnapshot | None = None
        self.item_id: str | None = None
        """The agenda item new polls belong to (the current item)."""
        self.dialog: PollDialog | None = None
        self.label = heading("", self)
        self.list = QListWidget(self)
        self.label.setBuddy(self.list)  # a screen reader's name for it
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.new = QPushButton(self)
        self.open = QPushButton(self)
        self.close_button = danger_button(self)
        self.cancel = danger_button(self)
        self.new.clicked.connect(self.new_poll)
        self.open.clicked.connect(lambda: self._act(prq.PollOpen))
        self.close_button.clicked.connect(self.ask_close)
        self.cancel.clicked.connect(self._cancel)
        self.list.currentItemChanged.connect(self._update_buttons)
        buttons = QWidget(self)
        row = FlowLayout(buttons)  # wraps: long Vietnamese labels on a narrow console
        for b in (self.new, self.open):
            row.addWidget(b)
        final = QHBoxLayout()  # what cannot be taken back: below a line, far apart
        final.setContentsMargins(0, 4, 0, 0)
        final.addWidget(self.close_button)
        final.addStretch(1)
        final.addSpacing(24)
        final.addWidget(self.cancel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        lay.addWidget(separator(QFrame.Shape.HLine, self))
        lay.addLayout(final)
        self._retranslate()

    def show_snapshot(self, snap: MeetingSnapshot) -> None:
        self._snap = snap
        self.item_id = snap.live.current_item_id
        keep = self.selected()
        self.list.clear()
        for poll in reversed(snap.polls):
            item = QListWidgetItem(self._line(poll))
            item.setData(Qt.ItemDataRole.UserRole, poll.id)
            self.list.addItem(item)
            if keep is not None and poll.id == keep.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _line(self, poll: Poll) -> str:
        text = f"{poll.spec.title} – {poll_status_text(poll.status)}"
        if poll.status is PollStatus.OPEN:
            text += " – " + self.tr("{done}/{total} have voted").format(
                done=poll.turnout, total=poll.present_at_open)
        return text

    def selected(self) -> Poll | None:
        item = self.list.currentItem()
        if item is None or self._snap is None:
            return None
        return self._snap.poll(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot()
    def _update_buttons(self) -> None:
        poll = self.selected()
        status = poll.status if poll is not None else None
        self.open.setEnabled(status is PollStatus.DRAFT)
        self.close_button.setEnabled(open_poll_of(self._snap) is not None)
        self.cancel.setEnabled(status in (PollStatus.DRAFT, PollStatus.OPEN))

    def _act(self, act: type[prq.PollOpen | prq.PollClose | prq.PollCancel],
             poll: Poll | None = None) -> None:
        poll = poll or self.selected()
        if poll is not None and self._snap is not None:
            self._send(act(meeting_id=self._snap.meeting.id, poll_id=poll.id))

    @Slot()
    def ask_close(self) -> None:
        """Ask, then close the open poll (whichever poll is selected): F8 asks too."""
        poll = open_poll_of(self._snap)
        if poll is None:
            return
        waiting = max(0, poll.present_at_open - poll.turnout)
        if waiting:
            consequence = self.tr(
                "%n of {total} have not voted yet. Once the vote is closed they can no "
                "longer vote, and the result is counted and shown to everyone.", "",
                waiting).format(total=poll.present_at_open)
        else:
            consequence = self.tr("Everyone has voted. The result is counted and shown to "
                                  "everyone.")
        self._confirm(Question(
            text=self.tr("Close the vote on “{title}” now?").format(title=poll.spec.title),
            consequence=consequence, action=self.tr("Close the vote"),
            keep=self.tr("Keep voting open")), lambda: self._act(prq.PollClose, poll))

    @Slot()
    def _cancel(self) -> None:
        poll = self.selected()
        if poll is None or poll.status not in (PollStatus.DRAFT, PollStatus.OPEN):
            return
        if poll.status is PollStatus.OPEN:
            consequence = self.tr("The %n ballot(s) cast so far are deleted unread and no "
                                  "result is recorded. This cannot be undone.", "",
                                  poll.turnout)
        else:
            consequence = self.tr("The poll is withdrawn and can no longer be opened.")
        self._confirm(Question(
            text=self.tr("Cancel the poll “{title}”?").format(title=poll.spec.title),
            consequence=consequence, action=self.tr("Cancel the poll"),
            keep=self.tr("Keep the poll")), lambda: self._act(prq.PollCancel, poll))

    @Slot()
    def new_poll(self) -> PollDialog:
        dialog = PollDialog(self, meeting_quorum=(
            self._snap.live.quorum if self._snap is not None else DEFAULT_QUORUM))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.spec_ready.connect(self.create_poll)
        self.dialog = dialog
        dialog.destroyed.connect(self._dialog_gone)
        dialog.open()
        return dialog

    @Slot()
    def _dialog_gone(self) -> None:
        self.dialog = None

    @Slot(object)
    def create_poll(self, spec: PollSpec) -> None:
        if self._snap is not None:
            self._send(prq.PollCreate(meeting_id=self._snap.meeting.id, item_id=self.item_id,
                                      spec=spec.to_dict()))

    def _retranslate(self) -> None:
        self.label.setText(self.tr("Polls"))
        self.new.setText(self.tr("New poll… (Ctrl+Shift+V)"))
        self.open.setText(self.tr("Open voting (F7)"))
        self.close_button.setText(self.tr("Close voting… (F8)"))
        self.cancel.setText(self.tr("Cancel poll…"))
        if self._snap is not None:
            self.show_snapshot(self._snap)
