"""The list of saved minutes versions: number, author, time and comment; newest first."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from meetingroom.domain.minutes import MinutesVersionInfo
from meetingroom.ui.base.i18n import format_moment
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted

log = logging.getLogger("meetingroom.ui")

NumberRole = Qt.ItemDataRole.UserRole + 1
"""The version number of a row (int)."""


class VersionList(Retranslated, QWidget):
    """Saved versions; clicking one asks to view it. Owner: the MinutesPane (parent)."""

    version_chosen = Signal(int)
    """The user clicked (or activated) the row of this version number."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._versions: tuple[MinutesVersionInfo, ...] = ()
        self._approved = 0
        self.label = heading("", self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(22, 22))
        self.list.setSpacing(2)
        self.empty = muted("", self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        self._retranslate()

    def set_versions(self, versions: tuple[MinutesVersionInfo, ...], approved: int = 0) -> None:
        """Show ``versions`` (any order) newest first; ``approved`` gets a tick."""
        self._versions, self._approved = versions, approved
        selected = self.selected_number()
        self.list.clear()
        for v in sorted(versions, key=lambda v: v.number, reverse=True):
            item = QListWidgetItem(self._text(v))
            item.setData(NumberRole, v.number)
            item.setIcon(self._icons.icon("check" if v.number == approved else "history"))
            item.setToolTip(v.comment)
            self.list.addItem(item)
            if v.number == selected:
                item.setSelected(True)
        self.empty.setVisible(not versions)
        self.list.setVisible(bool(versions))

    def _text(self, v: MinutesVersionInfo) -> str:
        first = self.tr("Version {number} · {name}").format(number=v.number, name=v.author_name)
        if v.number == self._approved:
            first += " · " + self.tr("approved")
        second = format_moment(v.saved_at)
        if v.comment:
            second += " · " + v.comment
        return f"{first}\n{second}"

    def selected_number(self) -> int | None:
        items = self.list.selectedItems()
        return int(items[0].data(NumberRole)) if items else None

    def clear_selection(self) -> None:
        self.list.clearSelection()

    def info(self, number: int) -> MinutesVersionInfo | None:
        return next((v for v in self._versions if v.number == number), None)

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem) -> None:
        self.version_chosen.emit(int(item.data(NumberRole)))

    def _retranslate(self) -> None:
        self.label.setText(self.tr("Saved versions"))
        self.empty.setText(self.tr("No version saved yet."))
        self.set_versions(self._versions, self._approved)
