"""The left side of the main window: the user's meetings, and "New meeting…" for those
who prepare them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from meetingroom.domain.model import Meeting
from meetingroom.sync.events import CachedMeeting
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading
from meetingroom.ui.shell.meeting_list import MeetingDelegate, MeetingListModel


class MeetingsPanel(Retranslated, QWidget):
    """Owner: the main window (parent), which chooses what the selection shows."""

    def __init__(self, icons: IconSet, colors: Colors, parent: QWidget) -> None:
        super().__init__(parent)
        self.meetings = MeetingListModel(self)
        self.meeting_list = QListView(self)
        self.meeting_list.setModel(self.meetings)
        self.meeting_list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap titles
        self.meeting_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.delegate = MeetingDelegate(colors, self.meeting_list)
        self.meeting_list.setItemDelegate(self.delegate)
        self.meetings_label = heading("", self)
        self.meetings_label.setBuddy(self.meeting_list)  # a screen reader's name for it
        self.no_meetings = QLabel(self)
        self.no_meetings.setWordWrap(True)
        self.no_meetings.setProperty("role", "muted")
        self.new_meeting = QPushButton(icons.icon("add"), "", self)
        lv = QVBoxLayout(self)
        lv.setContentsMargins(8, 8, 8, 8)
        lv.addWidget(self.meetings_label)
        lv.addWidget(self.meeting_list, 1)
        lv.addWidget(self.no_meetings)
        lv.addWidget(self.new_meeting)
        self._retranslate()

    def set_meetings(self, meetings: Sequence[CachedMeeting]) -> None:
        self.meetings.set_meetings(meetings)
        self.no_meetings.setVisible(not meetings)

    def update_meeting(self, meeting: Meeting) -> None:
        self.meetings.update_meeting(meeting)
        self.no_meetings.hide()

    def remove_meeting(self, meeting_id: str) -> None:
        self.meetings.remove_meeting(meeting_id)
        self.no_meetings.setVisible(self.meetings.rowCount() == 0)

    def select(self, meeting_id: str) -> None:
        """Select ``meeting_id``'s row, if it is listed."""
        row = self.meetings.row_of(meeting_id)
        if row >= 0:
            self.meeting_list.setCurrentIndex(self.meetings.index(row, 0))

    def select_first(self) -> None:
        if self.meetings.rowCount():
            self.meeting_list.setCurrentIndex(self.meetings.index(0, 0))

    def set_colors(self, colors: Colors) -> None:
        self.delegate.colors = colors
        self.meeting_list.viewport().update()

    def _retranslate(self) -> None:
        self.meetings_label.setText(self.tr("Meetings"))
        self.no_meetings.setText(self.tr("No meetings yet. Meetings you are invited to appear "
                                         "here once the secretary publishes them."))
        self.new_meeting.setText(self.tr("New meeting…"))
        self.meetings.refresh_texts()
