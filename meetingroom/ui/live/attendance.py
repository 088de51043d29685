"""The secretary's attendance table: presence and voting right, bulk marks, proxies."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.live import DEFAULT_QUORUM, Presence
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.voting_rules import THREE_QUARTERS, TWO_THIRDS, QuorumRule
from meetingroom.domain.voting_text import describe_quorum
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.ui.base.theme import TOUCH_PX
from meetingroom.ui.common.live_text import presence_text, ui_language
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, heading

Send = Callable[[Body], None]
"""Queue a live command (the live pane's ``send``)."""

QUORUM_PRESETS = (DEFAULT_QUORUM, QuorumRule(fraction_of_members=TWO_THIRDS),
                  QuorumRule(fraction_of_members=THREE_QUARTERS), QuorumRule())
"""The meeting quorums a secretary picks from (the last: none)."""


class AttendancePanel(Retranslated, QWidget):
    """Who is here; owner: the console (parent). Commands go through ``send``."""

    def __init__(self, send: Send, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._send = send
        self._snap: MeetingSnapshot | None = None
        self.label = heading("", self)
        self.table = QTableWidget(0, 4, self)
        self.label.setBuddy(self.table)  # a screen reader's name for it
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab moves on
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # the name takes the room left; elided (full name in its tooltip) only when none is
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.mark_present = QPushButton(self)
        self.mark_absent = QPushButton(self)
        self.mark_excused = QPushButton(self)
        self.all_present = QPushButton(self)
        for button, presence in ((self.mark_present, Presence.PRESENT),
                                 (self.mark_absent, Presence.ABSENT),
                                 (self.mark_excused, Presence.EXCUSED)):
            button.clicked.connect(lambda _c=False, p=presence: self.mark_selected(p))
        self.all_present.clicked.connect(self._all_present)
        self.proxy_holder = QComboBox(self)
        self.set_proxy = QPushButton(self)
        self.set_proxy.clicked.connect(self._set_proxy)
        self.clear_proxy = QPushButton(self)
        self.clear_proxy.clicked.connect(self._clear_proxy)
        self.quorum = QComboBox(self)
        self.quorum.activated.connect(self._quorum_chosen)
        bulk_box = QWidget(self)
        bulk = FlowLayout(bulk_box)
        for w in (self.mark_present, self.mark_absent, self.mark_excused, self.all_present):
            bulk.addWidget(w)
        proxy_box = QWidget(self)
        proxy = FlowLayout(proxy_box)  # wraps at a large text size
        self.proxy_label = QLabel(proxy_box)
        self.proxy_label.setBuddy(self.proxy_holder)  # names the box for a screen reader
        for part in (self.proxy_label, self.proxy_holder, self.set_proxy, self.clear_proxy):
            proxy.addWidget(part)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.table, 1)
        lay.addWidget(bulk_box)
        lay.addWidget(proxy_box)
        quorum_box = QWidget(self)
        quorum_row = FlowLayout(quorum_box)
        self.quorum_label = QLabel(quorum_box)
        self.quorum_label.setBuddy(self.quorum)
        self.quorum.setParent(quorum_box)
        quorum_row.addWidget(self.quorum_label)
        quorum_row.addWidget(self.quorum)
        lay.addWidget(quorum_box)
        self._retranslate()

    def show_snapshot(self, snap: MeetingSnapshot) -> None:
        selected = set(self.selected_ids())
        self._snap = snap
        self._show_quorum(snap.live.quorum)
        live = snap.live
        names = {p.user_id: p.display_name for p in snap.participants}
        self.table.setRowCount(len(snap.participants))
        for row, p in enumerate(snap.participants):
            holder = live.proxies.get(p.user_id)
            cells = (p.display_name, presence_text(live.presence(p.user_id)),
                     self.tr("Votes") if p.voting else self.tr("No vote"),
                     self.tr("Proxy to {name}").format(name=names.get(holder, "?"))
                     if holder else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.user_id)
                if text:
                    item.setToolTip(text)
                self.table.setItem(row, col, item)
            if p.user_id in selected:
                self.table.selectRow(row)
        current = self.proxy_holder.currentData()
        self.proxy_holder.clear()
        for p in snap.participants:
            if p.voting and live.presence(p.user_id) is Presence.PRESENT:
                self.proxy_holder.addItem(p.display_name, p.user_id)
        i = self.proxy_holder.findData(current)
        self.proxy_holder.setCurrentIndex(max(i, 0))

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        out = []
        for r in rows:
            item = self.table.item(r, 0)
            if item is not None:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def mark_selected(self, presence: Presence) -> None:
        ids = self.selected_ids()
        if self._snap is not None and ids:
            self._send(rq.AttendanceSet(meeting_id=self._snap.meeting.id,
                                        attendance={u: presence.value for u in ids}))

    @Slot()
    def _all_present(self) -> None:
        if self._snap is not None:
            self._send(rq.AttendanceSet(meeting_id=self._snap.meeting.id, attendance={
                p.user_id: Presence.PRESENT.value for p in self._snap.participants}))

    def _proxies(self, change: Callable[[dict[str, str]], None]) -> None:
        if self._snap is None:
            return
        proxies = dict(self._snap.live.proxies)
        change(proxies)
        self._send(rq.ProxiesSet(meeting_id=self._snap.meeting.id, proxies=proxies))

    @Slot()
    def _set_proxy(self) -> None:
        holder = self.proxy_holder.currentData()
        ids = self.selected_ids()
        if holder and ids:
            self._proxies(lambda p: p.update({u: str(holder) for u in ids if u != holder}))

    @Slot()
    def _clear_proxy(self) -> None:
        ids = self.selected_ids()
        def drop(proxies: dict[str, str]) -> None:
            for u in ids:
                proxies.pop(u, None)

        if ids:
            self._proxies(drop)

    def _retranslate(self) -> None:
        self.label.setText(self.tr("Attendance"))
        self.quorum_label.setText(self.tr("Quorum of the meeting:"))
        if self._snap is not None:
            self._show_quorum(self._snap.live.quorum)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Presence"),
                                              self.tr("Voting right"), self.tr("Proxy")])
        self.mark_present.setText(self.tr("Present"))
        self.mark_absent.setText(self.tr("Absent"))
        self.mark_excused.setText(self.tr("Excused"))
        self.all_present.setText(self.tr("All present"))
        self.set_proxy.setText(self.tr("Give proxy of selected to"))
        self.clear_proxy.setText(self.tr("Remove proxy"))
        self.proxy_label.setText(self.tr("Proxy holder:"))
        if self._snap is not None:
            self.show_snapshot(self._snap)

    # -- the meeting's quorum ------------------------------------------------------------
    def _show_quorum(self, current: QuorumRule) -> None:
        lang = ui_language()
        choices = list(QUORUM_PRESETS)
        if current not in choices:
            choices.append(current)  # set elsewhere (e.g. the command line): keep it shown
        self.quorum.blockSignals(True)
        self.quorum.clear()
        for rule in choices:
            self.quorum.addItem(describe_quorum(rule, lang) or self.tr("No quorum required"),
                                rule)
        self.quorum.setCurrentIndex(choices.index(current))
        self.quorum.blockSignals(False)

    @Slot(int)
    def _quorum_chosen(self, index: int) -> None:
        rule = self.quorum.itemData(index)
        if self._snap is not None and isinstance(rule, QuorumRule) and (
                rule != self._snap.live.quorum):
            self._send(rq.LiveQuorum(meeting_id=self._snap.meeting.id, quorum=rule.to_dict()))
