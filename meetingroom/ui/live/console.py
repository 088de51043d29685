"""The console of who runs the session: phase, current item, attendance, speakers, polls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.ui.common.confirm import Confirm, Question
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, danger_button, separator
from meetingroom.ui.live.attendance import AttendancePanel
from meetingroom.ui.live.speakers import SpeakersPanel
from meetingroom.ui.polls.list import PollList, open_poll_of

Send = Callable[[Body], None]
"""Queue a live command (the live pane's ``send``)."""


class LiveConsole(Retranslated, QWidget):
    """Owner: the live pane (parent). Every command goes through ``send``; ending the
    meeting and closing or cancelling a poll ask first through ``confirm``, and their
    buttons stand apart from the others."""

    def __init__(self, send: Send, confirm: Confirm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._send, self._confirm = send, confirm
        self._snap: MeetingSnapshot | None = None
        self.start = QPushButton(self)
        self.pause = QPushButton(self)
        self.end = danger_button(self)
        self.start.clicked.connect(self._start)
        self.pause.clicked.connect(lambda: self.set_phase(MeetingPhase.PAUSED))
        self.end.clicked.connect(self._end)
        self.items = QComboBox(self)
        self.items.setMinimumContentsLength(20)
        self.items.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_current = QPushButton(self)
        self.set_current.clicked.connect(self._set_current)
        top_box = QWidget(self)
        top = QHBoxLayout(top_box)
        top.setContentsMargins(0, 0, 0, 0)
        flow_box = QWidget(top_box)
        flow = FlowLayout(flow_box)
        for w in (self.start, self.pause):
            flow.addWidget(w)
        top.addWidget(flow_box, 1)
        top.addSpacing(12)
        top.addWidget(separator(QFrame.Shape.VLine, top_box))
        top.addSpacing(12)
        top.addWidget(self.end)
        item_box = QWidget(self)
        item_row = FlowLayout(item_box)  # wraps at a large text size
        self.items_label = QLabel(item_box)
        self.items_label.setBuddy(self.items)  # names the box for a screen reader
        for part in (self.items_label, self.items, self.set_current):
            item_row.addWidget(part)
        self.attendance = AttendancePanel(send, self)
        self.speakers = SpeakersPanel(send, self)
        self.polls = PollList(send, confirm, self)
        self.tabs = QTabWidget(self)
        for page in (self.attendance, self.speakers, self.polls):
            self.tabs.addTab(page, "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(top_box)
        lay.addWidget(item_box)
        lay.addWidget(self.tabs, 1)
        self.shortcuts: dict[str, QAction] = {}
        for name, keys, slot in (
                ("start", "F5", self._start), ("pause", "F6", self.pause.click),
                ("open", "F7", self.polls.open.click),
                ("close", "F8", self.polls.ask_close),
                ("grant", "F9", self.speakers.grant), ("end_turn", "F10", self.speakers.end_turn),
                ("new_poll", "Ctrl+Shift+V", self.polls.new_poll)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)
            self.shortcuts[name] = action
        self._retranslate()

    def show_snapshot(self, snap: MeetingSnapshot) -> None:
        self._snap = snap
        phase = snap.live.phase
        self.start.setEnabled(phase in (MeetingPhase.NOT_STARTED, MeetingPhase.PAUSED))
        self.pause.setEnabled(phase is MeetingPhase.IN_SESSION)
        voting = open_poll_of(snap) is not None
        self.end.setEnabled(phase.running and not voting)
        self.end.setToolTip(self.tr("Close the open vote before ending the meeting.")
                            if phase.running and voting else "")
        keep = self.items.currentData() or snap.live.current_item_id
        self.items.blockSignals(True)
        self.items.clear()
        for item in _ordered(snap):
            self.items.addItem(item[1], item[0])
        i = self.items.findData(keep)
        self.items.setCurrentIndex(max(i, 0))
        self.items.blockSignals(False)
        self.attendance.show_snapshot(snap)
        self.speakers.show_snapshot(snap)
        self.polls.show_snapshot(snap)
        self._retranslate_start()

    def set_phase(self, phase: MeetingPhase) -> None:
        if self._snap is not None:
            self._send(rq.LivePhase(meeting_id=self._snap.meeting.id, phase=phase.value))

    @Slot()
    def _start(self) -> None:
        self.set_phase(MeetingPhase.IN_SESSION)

    @Slot()
    def _end(self) -> None:
        snap = self._snap
        if snap is None:
            return
        consequence = self.tr("Nobody can check in, ask to speak or vote afterwards, and "
                              "the meeting cannot be resumed.")
        waiting = len(snap.live.speakers.queue)
        if waiting:
            consequence += " " + self.tr("The %n request(s) to speak still waiting are "
                                         "dropped.", "", waiting)
        self._confirm(Question(
            text=self.tr("End the meeting “{title}” now?").format(title=snap.meeting.title),
            consequence=consequence, action=self.tr("End the meeting"),
            keep=self.tr("Continue the meeting")),
            lambda: self.set_phase(MeetingPhase.ENDED))

    @Slot()
    def _set_current(self) -> None:
        if self._snap is not None and self.items.currentData():
            self._send(rq.LiveCurrentItem(meeting_id=self._snap.meeting.id,
                                          item_id=self.items.currentData()))

    def _retranslate_start(self) -> None:
        paused = self._snap is not None and self._snap.live.phase is MeetingPhase.PAUSED
        self.start.setText(self.tr("Resume (F5)") if paused else self.tr("Start (F5)"))

    def _retranslate(self) -> None:
        self._retranslate_start()
        self.pause.setText(self.tr("Pause (F6)"))
        self.end.setText(self.tr("End the meeting…"))
        self.set_current.setText(self.tr("Set as current item"))
        self.items_label.setText(self.tr("Item:"))
        for i, text in enumerate((self.tr("Attendance"), self.tr("Speakers"), self.tr("Polls"))):
            self.tabs.setTabText(i, text)


def _ordered(snap: MeetingSnapshot) -> list[tuple[str, str]]:
    """(item id, "1.2 Title") in agenda order."""
    out: list[tuple[str, str]] = []

    def walk(parent: str | None, prefix: str) -> None:
        kids = sorted((i for i in snap.items if i.parent_id == parent), key=lambda i: i.position)
        for n, item in enumerate(kids, 1):
            number = f"{prefix}{n}"
            out.append((item.id, f"{number}. {item.title}"))
            walk(item.id, number + ".")

    walk(None, "")
    return out
