"""Draws, at the right of each agenda item, how many documents it has and how many are
downloaded ("2/3"), so a delegate sees at a glance where the papers are and what is here."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from meetingroom.ui.agenda.model import DocCountRole, DocReadyRole
from meetingroom.ui.common.icons import IconSet

_ICON = 18
_PAD = 6


class DocumentBadge(QStyledItemDelegate):
    """Owner: the agenda tree view (parent). The item's text is elided before the badge."""

    def __init__(self, icons: IconSet, parent: QWidget) -> None:
        super().__init__(parent)
        self._icon = icons.icon("document")

    @staticmethod
    def text(index: QModelIndex | QPersistentModelIndex) -> str:
        """"2/3" (downloaded/documents), or "" for an item without documents."""
        total = int(index.data(DocCountRole) or 0)
        return f"{int(index.data(DocReadyRole) or 0)}/{total}" if total else ""

    def _width(self, option: QStyleOptionViewItem, text: str) -> int:
        return _ICON + 4 + option.fontMetrics.horizontalAdvance(text) + 2 * _PAD if text else 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        text = self.text(index)
        width = self._width(option, text)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = option.rect.adjusted(0, 0, -width, 0)
        super().paint(painter, narrowed, index)
        if not text:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        total = int(index.data(DocCountRole) or 0)
        complete = int(index.data(DocReadyRole) or 0) >= total
        colour = option.palette.color(role if complete or selected
                                      else QPalette.ColorRole.PlaceholderText)
        box = QRect(option.rect.right() - width + _PAD, option.rect.top(),
                    width - 2 * _PAD, option.rect.height())
        painter.save()
        if selected:
            painter.fillRect(option.rect.adjusted(option.rect.width() - width, 0, 0, 0),
                             option.palette.color(QPalette.ColorRole.Highlight))
        self._icon.paint(painter, QRect(box.left(), box.center().y() - _ICON // 2, _ICON, _ICON),
                         Qt.AlignmentFlag.AlignCenter,
                         mode=self._icon.Mode.Selected if selected else self._icon.Mode.Normal)
        painter.setPen(colour)
        painter.drawText(box.adjusted(_ICON + 4, 0, 0, 0),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + self._width(option, self.text(index)), hint.height())
