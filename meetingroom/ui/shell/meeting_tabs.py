"""The shown meeting's three tabs: agenda and documents, minutes, live session; with their
shortcuts (Ctrl+1, 2, 3) and the Live tab's badge while a vote waits."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated

AGENDA, MINUTES, LIVE = range(3)
"""The tabs' indexes."""


class MeetingTabs(Retranslated, QTabWidget):
    """Owner: the main window (parent); the pages are its, put here in tab order."""

    def __init__(self, icons: IconSet, colors: Colors, *, agenda: QWidget, minutes: QWidget,
                 live: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self._colors = colors
        self._vote_text = ""
        """What waits for the user on the Live tab ("" if nothing): its tooltip."""
        for page, icon in ((agenda, "agenda"), (minutes, "minutes"), (live, "user")):
            self.addTab(page, icons.icon(icon), "")
        self.show_agenda_action = self._shortcut("Ctrl+1", AGENDA)
        self.show_minutes_action = self._shortcut("Ctrl+2", MINUTES)
        self.show_live_action = self._shortcut("Ctrl+3", LIVE)
        self._retranslate()

    def _shortcut(self, keys: str, index: int) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda: self.show_tab(index))
        self.addAction(action)  # a window shortcut: works wherever the focus is
        return action

    @Slot(int)
    def show_tab(self, index: int) -> None:
        """Bring tab ``index`` to the front, unless it is disabled (no minutes yet)."""
        if self.isTabEnabled(index):
            self.setCurrentIndex(index)

    def set_vote(self, text: str) -> None:
        """Badge the Live tab while a vote waits for the user (``text`` says so; "" when
        nothing waits)."""
        self._vote_text = text
        self._retranslate_live()

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self._retranslate_live()

    def _retranslate_live(self) -> None:
        self.setTabText(LIVE, self.tr("Live") + (" ●" if self._vote_text else ""))
        self.setTabToolTip(LIVE, self._vote_text)
        self.tabBar().setTabTextColor(LIVE, QColor(self._colors.bad) if self._vote_text
                                      else self.palette().text().color())

    def _retranslate(self) -> None:
        self.setTabText(AGENDA, self.tr("Agenda and documents"))
        self.setTabText(MINUTES, self.tr("Minutes"))
        self._retranslate_live()
        self.show_agenda_action.setText(self.tr("Agenda and documents"))
        self.show_minutes_action.setText(self.tr("Minutes"))
        self.show_live_action.setText(self.tr("Live"))
