"""The secretary's speakers list: the queue, grant, end, reorder, remove, time limit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.live import MAX_SPEAKING_LIMIT
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, heading
from meetingroom.ui.live.header import speaker_name

Send = Callable[[Body], None]
"""Queue a live command (the live pane's ``send``)."""


class SpeakersPanel(Retranslated, QWidget):
    """Owner: the console (parent). Commands go through ``send``."""

    def __init__(self, send: Send, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._send = send
        self._snap: MeetingSnapshot | None = None
        self.label = heading("", self)
        self.queue = QListWidget(self)
        self.label.setBuddy(self.queue)  # a screen reader's name for it
        self.grant_next = QPushButton(self)
        self.grant_selected = QPushButton(self)
        self.end = QPushButton(self)
        self.up = QPushButton(self)
        self.down = QPushButton(self)
        self.remove = QPushButton(self)
        self.limit_label = QLabel(self)
        self.limit = QSpinBox(self)
        self.limit_label.setBuddy(self.limit)
        self.limit.setRange(0, MAX_SPEAKING_LIMIT // 60)
        self.grant_next.clicked.connect(self.grant)
        self.grant_selected.clicked.connect(self._grant_selected)
        self.end.clicked.connect(self.end_turn)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.remove.clicked.connect(self._remove)
        self.limit.editingFinished.connect(self._limit_changed)
        buttons = QWidget(self)
        flow = FlowLayout(buttons)  # wraps on a narrow console
        for w in (self.grant_next, self.grant_selected, self.end, self.up, self.down,
                  self.remove):
            flow.addWidget(w)
        limit_box = QWidget(self)
        limit_row = FlowLayout(limit_box)  # the box goes under its label at a large text size
        limit_row.addWidget(self.limit_label)
        limit_row.addWidget(self.limit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.queue, 1)
        lay.addWidget(buttons)
        lay.addWidget(limit_box)
        self._retranslate()

    def show_snapshot(self, snap: MeetingSnapshot) -> None:
        self._snap = snap
        s = snap.live.speakers
        keep = self._selected()
        self.queue.clear()
        for n, uid in enumerate(s.queue, 1):
            item = QListWidgetItem(f"{n}. {speaker_name(snap, uid)}")
            item.setData(Qt.ItemDataRole.UserRole, uid)
            self.queue.addItem(item)
            if uid == keep:
                self.queue.setCurrentItem(item)
        if not self.limit.hasFocus():
            self.limit.setValue(s.limit // 60)
        self.end.setEnabled(s.speaking is not None)
        self.grant_next.setEnabled(bool(s.queue))

    def _selected(self) -> str | None:
        item = self.queue.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def grant(self) -> None:
        if self._snap is not None:
            self._send(rq.SpeakersGrant(meeting_id=self._snap.meeting.id))

    @Slot()
    def _grant_selected(self) -> None:
        uid = self._selected()
        if self._snap is not None and uid is not None:
            self._send(rq.SpeakersGrant(meeting_id=self._snap.meeting.id, user_id=uid))

    @Slot()
    def end_turn(self) -> None:
        if self._snap is not None:
            self._send(rq.SpeakersEnd(meeting_id=self._snap.meeting.id))

    def _move(self, step: int) -> None:
        uid = self._selected()
        if self._snap is None or uid is None:
            return
        queue: list[object] = list(self._snap.live.speakers.queue)
        i = queue.index(uid) if uid in queue else -1
        j = i + step
        if i < 0 or not 0 <= j < len(queue):
            return
        queue[i], queue[j] = queue[j], queue[i]
        self._send(rq.SpeakersOrder(meeting_id=self._snap.meeting.id, queue=queue))

    @Slot()
    def _remove(self) -> None:
        uid = self._selected()
        if self._snap is None or uid is None:
            return
        queue: list[object] = [u for u in self._snap.live.speakers.queue if u != uid]
        self._send(rq.SpeakersOrder(meeting_id=self._snap.meeting.id, queue=queue,
                                    keep_others=True))

    @Slot()
    def _limit_changed(self) -> None:
        seconds = self.limit.value() * 60
        if self._snap is not None and seconds != self._snap.live.speakers.limit:
            self._send(rq.SpeakersLimit(meeting_id=self._snap.meeting.id, seconds=seconds))

    def _retranslate(self) -> None:
        self.label.setText(self.tr("Speakers list"))
        self.grant_next.setText(self.tr("Give the floor to the next (F9)"))
        self.grant_selected.setText(self.tr("Give the floor to the selected"))
        self.end.setText(self.tr("End the turn (F10)"))
        self.up.setText(self.tr("Move up"))
        self.down.setText(self.tr("Move down"))
        self.remove.setText(self.tr("Remove from the list"))
        self.limit_label.setText(self.tr("Speaking time (minutes, 0 = no limit)"))
