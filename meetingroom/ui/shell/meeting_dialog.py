"""Create or edit a meeting: title, place, date and time, and who takes part (and votes)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.roles import Role
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import MeetingReply
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.base.theme import TOUCH_PX
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import add_form_row, primary_button

log = logging.getLogger("meetingroom.ui")

ISO_FORMAT = "yyyy-MM-ddTHH:mm"
PICKER_ROWS = 10
"""People the picker shows without scrolling (it fits a 768 px high screen)."""


class MeetingDialog(Retranslated, QDialog):
    """One form for a new meeting or an existing one; owner: the main window (parent).

    Saving sends ``meeting.create``/``meeting.update`` then ``participants.set``;
    the dialog stays open with a busy bar until the server answers, and shows
    refusals inline.
    """

    saved = Signal(str)
    """meeting_id: the meeting and its participants were saved."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge,
                 snapshot: MeetingSnapshot | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine, self._bridge, self._snap = engine, bridge, snapshot
        self.setMinimumWidth(680)
        self.title = QLineEdit(self)
        self.location = QLineEdit(self)
        self.starts_at = QDateTimeEdit(self)
        self.starts_at.setCalendarPopup(True)
        self.starts_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.people = QTreeWidget(self)
        self.people.setColumnCount(3)
        self.people.setRootIsDecorated(False)
        self.people.setProperty("role", "picker")  # large check boxes (theme.py)
        self.people.setUniformRowHeights(True)
        self.people.setMinimumHeight(PICKER_ROWS * TOUCH_PX + 36)
        self.people.itemChanged.connect(self._person_changed)
        self.people_note = QLabel(self)
        self.people_note.setProperty("role", "muted")
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.save = primary_button("", self)
        self.cancel = QPushButton(self)
        form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(3)]
        add_form_row(form, self._labels[0], self.title)
        add_form_row(form, self._labels[1], self.location)
        add_form_row(form, self._labels[2], self.starts_at)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.people_note)
        lay.addWidget(self.people, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.busy)
        lay.addLayout(buttons)
        self.save.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        self.save.setDefault(True)
        self.cancel.setAutoDefault(False)  # Enter while saving must never mean Cancel
        self._fill(snapshot)
        self._retranslate()
        self._load_users()

    def _fill(self, snap: MeetingSnapshot | None) -> None:
        if snap is None:
            tomorrow = QDateTime.currentDateTime().addDays(1)
            tomorrow.setTime(QTime(8, 0))
            self.starts_at.setDateTime(tomorrow)
            return
        m = snap.meeting
        self.title.setText(m.title)
        self.location.setText(m.location)
        when = QDateTime.fromString(m.starts_at, ISO_FORMAT)
        if when.isValid():
            self.starts_at.setDateTime(when)

    def _load_users(self) -> None:
        self.people_note.setText(self.tr("Loading the list of users…"))
        self._bridge.then(self._engine.list_users(), self._show_users, self._users_failed,
                          context=self)

    def _show_users(self, users: list[User]) -> None:
        members = {p.user_id: p for p in (self._snap.participants if self._snap else ())}
        self.people.blockSignals(True)
        self.people.clear()
        for u in sorted(users, key=lambda u: (u.role is not Role.CHAIR, u.display_name)):
            row = QTreeWidgetItem(self.people, [u.display_name, role_name(u.role), ""])
            row.setData(0, Qt.ItemDataRole.UserRole, u.id)
            row.setData(2, Qt.ItemDataRole.UserRole, u.role.votes_by_default)
            row.setToolTip(0, u.display_name)
            member = members.get(u.id)
            row.setCheckState(0, Qt.CheckState.Checked if member else Qt.CheckState.Unchecked)
            self._show_vote(row, member.voting if member else None)
        self.people.blockSignals(False)
        header = self.people.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.people_note.setText(self.tr("Tick who takes part, and who has a vote."))

    def _show_vote(self, row: QTreeWidgetItem, votes: bool | None) -> None:
        """The vote box of a participant (``votes``), or none for who does not take part."""
        flags = row.flags()
        if votes is None:
            row.setData(2, Qt.ItemDataRole.CheckStateRole, None)
            row.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable)
            return
        row.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
        row.setCheckState(2, Qt.CheckState.Checked if votes else Qt.CheckState.Unchecked)

    @Slot(QTreeWidgetItem, int)
    def _person_changed(self, row: QTreeWidgetItem, column: int) -> None:
        """Ticking someone in gives the vote box their role's default; out, it goes."""
        if column != 0:
            return
        taking_part = row.checkState(0) == Qt.CheckState.Checked
        has_box = row.data(2, Qt.ItemDataRole.CheckStateRole) is not None
        if taking_part == has_box:
            return
        self.people.blockSignals(True)
        self._show_vote(row, bool(row.data(2, Qt.ItemDataRole.UserRole))
                        if taking_part else None)
        self.people.blockSignals(False)

    def _users_failed(self, exc: BaseException) -> None:
        self.people_note.setText(self.tr("The list of users needs a connection to the server."))
        self.show_error(error_text(exc))

    def participants(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for n in range(self.people.topLevelItemCount()):
            row = self.people.topLevelItem(n)
            if row is not None and row.checkState(0) == Qt.CheckState.Checked:
                out.append({"user_id": str(row.data(0, Qt.ItemDataRole.UserRole)),
                            "voting": row.data(2, Qt.ItemDataRole.CheckStateRole) is not None
                            and row.checkState(2) == Qt.CheckState.Checked})
        return out

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.save, self.title, self.location, self.starts_at, self.people):
            w.setEnabled(not busy)

    @Slot()
    def submit(self) -> None:
        title = self.title.text().strip()
        if not title:
            self.show_error(self.tr("Please enter a title."))
            self.title.setFocus()
            return
        self.error.hide()
        self._set_busy(True)
        location = self.location.text().strip()
        starts_at = self.starts_at.dateTime().toString(ISO_FORMAT)
        if self._snap is None:
            future = self._engine.outbox.command(
                rq.MeetingCreate(title=title, location=location, starts_at=starts_at))
        else:
            future = self._engine.outbox.command(rq.MeetingUpdate(
                meeting_id=self._snap.meeting.id, title=title, location=location,
                starts_at=starts_at))
        self._bridge.then(future, self._header_saved, self._failed, context=self)

    def _header_saved(self, result: Mapping[str, object]) -> None:
        meeting = MeetingReply.from_wire(result).meeting
        if self.people.topLevelItemCount() == 0:  # users unknown (offline): keep them as they are
            self._done(meeting.id)
            return
        future = self._engine.outbox.command(rq.ParticipantsSet(
            meeting_id=meeting.id, participants=list[object](self.participants())))
        self._bridge.then(future, lambda _r: self._done(meeting.id), self._failed, context=self)

    def _done(self, meeting_id: str) -> None:
        self._set_busy(False)
        self.saved.emit(meeting_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_error(error_text(exc))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("New meeting") if self._snap is None
                            else self.tr("Edit meeting"))
        for label, text in zip(self._labels, (self.tr("Title"), self.tr("Place"),
                                              self.tr("Date and time")), strict=True):
            label.setText(text)
        self.people.setHeaderLabels([self.tr("Participant"), self.tr("Role"), self.tr("Votes")])
        self.people.setAccessibleName(self.tr("Participants"))
        self.save.setText(self.tr("Save"))
        self.cancel.setText(self.tr("Cancel"))


def role_name(role: Role) -> str:
    """A role as the user reads it."""
    names = {
        Role.ADMIN: QCoreApplication.translate("roles", "Administrator"),
        Role.SECRETARY: QCoreApplication.translate("roles", "Secretary"),
        Role.CHAIR: QCoreApplication.translate("roles", "Chair"),
        Role.DELEGATE: QCoreApplication.translate("roles", "Delegate"),
        Role.OBSERVER: QCoreApplication.translate("roles", "Observer"),
    }
    return names[role]
