"""The middle pane: the selected meeting's header, its agenda tree and (editors) the tools."""

from __future__ import annotations

import itertools
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from meetingroom.domain.model import MeetingSnapshot, MeetingStatus
from meetingroom.ui.agenda.model import AgendaModel
from meetingroom.ui.agenda.view import AgendaTreeView
from meetingroom.ui.base.i18n import format_starts_at
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted, primary_button

log = logging.getLogger("meetingroom.ui")


class AgendaPane(Retranslated, QWidget):
    """Meeting header plus agenda; owner: the main window's splitter (parent)."""

    edit_meeting_requested = Signal()
    """An editor wants to change the meeting's title, place, time or participants."""
    publish_requested = Signal()
    """An editor wants to publish the draft meeting to its participants."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AgendaModel(self)
        self.title = heading("", self)
        self.details = muted("", self)
        self.edit_button = QPushButton(icons.icon("edit"), "", self)
        self.publish_button = primary_button("", self)
        self.publish_button.setIcon(icons.on_accent("publish"))
        self.agenda_label = heading("", self)
        self.tree = AgendaTreeView(self.model, self, icons=icons)
        self.agenda_label.setBuddy(self.tree)  # a screen reader's name for it
        self.empty = muted("", self)
        self._tools = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addStretch(1)
        row.addWidget(self.publish_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.details)
        lay.addLayout(row)
        lay.addSpacing(6)
        lay.addWidget(self.agenda_label)
        lay.addLayout(self._tools)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.empty)
        self.edit_button.clicked.connect(self.edit_meeting_requested)
        self.publish_button.clicked.connect(self.publish_requested)
        self._snap: MeetingSnapshot | None = None
        self._toolbar: QWidget | None = None
        self.editable = False
        self._retranslate()
        self.show_snapshot(None)

    def add_tools(self, toolbar: QWidget) -> None:
        """Adopt the agenda editor's toolbar above the tree."""
        toolbar.setParent(self)
        self._tools.addWidget(toolbar)
        self._toolbar = toolbar
        toolbar.setVisible(self.editable)
        # the Tab key goes as the eye does: the header's buttons, the tools, the tree
        # (the toolbar was made after the documents pane, so it would come last)
        tools = [w for w in toolbar.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        chain = [self.edit_button, self.publish_button, *tools, self.tree]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.tree.set_editable(editable)
        if self._toolbar is not None:
            self._toolbar.setVisible(editable)
        self._update_header()

    def show_snapshot(self, snap: MeetingSnapshot | None) -> None:
        """Show ``snap`` (None: no meeting selected); the tree redraws only what changed."""
        self._snap = snap
        self.model.set_snapshot(snap)
        self._update_header()

    def _update_header(self) -> None:
        snap = self._snap
        self.tree.setVisible(snap is not None)
        self.agenda_label.setVisible(snap is not None)
        if snap is None:
            self.title.setText(self.tr("Choose a meeting on the left"))
            self.details.setText("")
            self.edit_button.hide()
            self.publish_button.hide()
            self.empty.hide()
            return
        m = snap.meeting
        status = (self.tr("Published") if m.status is MeetingStatus.PUBLISHED
                  else self.tr("Draft – only editors can see it"))
        self.title.setText(m.title)
        self.details.setText(" · ".join(x for x in (format_starts_at(m.starts_at), m.location,
                                                    status) if x))
        self.edit_button.setVisible(self.editable)
        self.publish_button.setVisible(self.editable and m.status is MeetingStatus.DRAFT)
        self.empty.setVisible(not snap.items)
        self.empty.setText(self.tr("The agenda is empty. Add the first item with “Item”.")
                           if self.editable else self.tr("The agenda is empty."))

    def _retranslate(self) -> None:
        self.edit_button.setText(self.tr("Edit meeting…"))
        self.publish_button.setText(self.tr("Publish"))
        self.agenda_label.setText(self.tr("Agenda"))
        self.tree.setAccessibleDescription(self.tr(
            "For editors, Tab makes the item a sub-item and Shift+Tab moves it up a level; "
            "Ctrl+Tab moves on to the next control."))
        self._update_header()
