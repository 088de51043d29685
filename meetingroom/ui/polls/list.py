"""The secretary's polls of the meeting: status and turnout, new, open, close, cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
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
from meetingroom.ui.common.live_text import poll_status_text
from meetingroom.ui.common.widgets import FlowLayout, heading
from meetingroom.ui.polls.dialog import PollDialog

Send = Callable[[str, dict[str, Any]], None]
Confirm = Callable[[str, str, Callable[[], None]], None]


class PollList(QWidget):
    """Owner: the console (parent). Commands go through ``send``; cancelling a poll asks
    first through ``confirm(question, action, callback)``."""

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
        self.close_button = QPushButton(self)
        self.cancel = QPushButton(self)
        self.new.clicked.connect(self.new_poll)
        self.open.clicked.connect(lambda: self._act("poll.open"))
        self.close_button.clicked.connect(lambda: self._act("poll.close"))
        self.cancel.clicked.connect(self._cancel)
        self.list.currentItemChanged.connect(self._update_buttons)
        buttons = QWidget(self)
        row = FlowLayout(buttons)  # wraps: long Vietnamese labels on a narrow console
        for b in (self.new, self.open, self.close_button, self.cancel):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
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
        self.close_button.setEnabled(status is PollStatus.OPEN)
        self.cancel.setEnabled(status in (PollStatus.DRAFT, PollStatus.OPEN))

    def _act(self, mtype: str) -> None:
        poll = self.selected()
        if poll is not None and self._snap is not None:
            self._send(mtype, {"meeting_id": self._snap.meeting.id, "poll_id": poll.id})

    @Slot()
    def _cancel(self) -> None:
        poll = self.selected()
        if poll is not None:
            self._confirm(self.tr("Cancel the poll \"{title}\"? Its ballots will not be "
                                  "counted.").format(title=poll.spec.title),
                          self.tr("Cancel the poll"), lambda: self._act("poll.cancel"))

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
            self._send("poll.create", {"meeting_id": self._snap.meeting.id,
                                       "item_id": self.item_id, "spec": spec.to_dict()})

    def _retranslate(self) -> None:
        self.label.setText(self.tr("Polls"))
        self.new.setText(self.tr("New poll… (Ctrl+Shift+V)"))
        self.open.setText(self.tr("Open voting (F7)"))
        self.close_button.setText(self.tr("Close voting (F8)"))
        self.cancel.setText(self.tr("Cancel poll"))
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
