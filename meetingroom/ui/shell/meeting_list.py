"""The list of meetings: model and a two-line delegate with a draft/published badge."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from meetingroom.domain.model import Meeting, MeetingStatus
from meetingroom.sync.events import CachedMeeting
from meetingroom.ui.base.i18n import format_starts_at
from meetingroom.ui.base.theme import TOUCH_PX, Colors

log = logging.getLogger("meetingroom.ui")

MeetingRole = Qt.ItemDataRole.UserRole + 1
MeetingIdRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
"""The invalid index (an immutable value) used as the default parent."""


class MeetingListModel(QAbstractListModel):
    """Meetings the user can see, newest first; owner: the main window (parent)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Meeting] = []

    def meeting(self, row: int) -> Meeting | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, meeting_id: str) -> int:
        for n, m in enumerate(self._rows):
            if m.id == meeting_id:
                return n
        return -1

    @staticmethod
    def _sorted(meetings: Sequence[Meeting]) -> list[Meeting]:
        return sorted(meetings, key=lambda m: (m.starts_at, m.title, m.id), reverse=True)

    def set_meetings(self, cached: Sequence[CachedMeeting]) -> None:
        """Replace the list; rows that kept their place are only repainted."""
        self._replace(self._sorted([c.meeting for c in cached]))

    def update_meeting(self, meeting: Meeting) -> None:
        """One meeting's header changed (or it is new to this list)."""
        rest = [m for m in self._rows if m.id != meeting.id]
        self._replace(self._sorted([*rest, meeting]))

    def remove_meeting(self, meeting_id: str) -> None:
        row = self.row_of(meeting_id)
        if row >= 0:
            self.beginRemoveRows(_ROOT, row, row)
            del self._rows[row]
            self.endRemoveRows()

    def _replace(self, new: list[Meeting]) -> None:
        if [m.id for m in new] == [m.id for m in self._rows]:
            for row, (old, cur) in enumerate(zip(self._rows, new, strict=True)):
                if old != cur:
                    self._rows[row] = cur
                    idx = self.index(row, 0)
                    self.dataChanged.emit(idx, idx)
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def refresh_texts(self) -> None:
        """Repaint every row (language changed: dates and badges are formatted anew)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.meeting(index.row()) if index.isValid() else None
        if m is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return m.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (m.title, format_starts_at(m.starts_at), m.location) if x)
        if role == MeetingRole:
            return m
        if role == MeetingIdRole:
            return m.id
        return None


class MeetingDelegate(QStyledItemDelegate):
    """Paints title, then date · place, with a status badge; owner: the list view (parent)."""

    PAD = 10

    def __init__(self, colors: Colors, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.colors = colors

    def badge_text(self, status: MeetingStatus) -> str:
        if status is MeetingStatus.PUBLISHED:
            return self.tr("Published")
        return self.tr("Draft")

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        base: QFont = option.font
        bold = QFont(base)
        bold.setBold(True)
        m = index.data(MeetingRole)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 260
        if not isinstance(m, Meeting):
            return QSize(220, TOUCH_PX)
        lines = len(self._title_lines(m.title, bold, self._title_width(width, m, base),
                                      width - 2 * self.PAD))
        details = len(self._details(m))
        height = (lines * QFontMetrics(bold).height() + details * QFontMetrics(base).height()
                  + 3 * self.PAD)
        return QSize(220, max(TOUCH_PX + 16, height))

    @staticmethod
    def _details(m: Meeting) -> list[str]:
        return [x for x in (format_starts_at(m.starts_at), m.location) if x]

    def _title_width(self, width: int, m: Meeting, base: QFont) -> int:
        return width - 3 * self.PAD - self._badge_size(m.status, base).width()

    def _badge_size(self, status: MeetingStatus, base: QFont) -> QSize:
        fm = QFontMetrics(self._small(base))
        return QSize(fm.horizontalAdvance(self.badge_text(status)) + 14, fm.height() + 4)

    @staticmethod
    def _small(base: QFont) -> QFont:
        small = QFont(base)
        small.setPointSizeF(max(8.0, base.pointSizeF() * 0.85))
        return small

    @staticmethod
    def _title_lines(title: str, font: QFont, first: int, rest: int,
                     max_lines: int = 2) -> list[str]:
        """The title wrapped at word boundaries onto at most ``max_lines``, the last elided.

        The first line is ``first`` pixels wide (beside the badge), later ones ``rest``.
        Long Vietnamese meeting titles stay readable instead of becoming "Phiên họp th…".
        """
        fm = QFontMetrics(font)
        words, cur = title.split(), ""
        lines: list[str] = []
        for n, word in enumerate(words):
            width = max(40, first if not lines else rest)
            trial = f"{cur} {word}".strip()
            if fm.horizontalAdvance(trial) <= width or not cur:
                cur = trial
                continue
            lines.append(cur)
            if len(lines) == max_lines - 1:
                tail = " ".join(words[n:])
                lines.append(fm.elidedText(tail, Qt.TextElideMode.ElideRight, max(40, rest)))
                return lines
            cur = word
        width = max(40, first if not lines else rest)
        lines.append(fm.elidedText(cur, Qt.TextElideMode.ElideRight, width))
        return lines[:max_lines]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        m = index.data(MeetingRole)
        if not isinstance(m, Meeting):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect: QRect = opt.rect
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal: QPalette = opt.palette
        painter.save()
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        text_colour = pal.color(QPalette.ColorRole.HighlightedText if selected
                                else QPalette.ColorRole.Text)
        muted = text_colour if selected else QColor(self.colors.muted)
        base_font: QFont = opt.font
        bold = QFont(base_font)
        bold.setBold(True)
        fm_bold, fm = QFontMetrics(bold), QFontMetrics(base_font)
        # badge, right-aligned on the first line
        badge = self.badge_text(m.status)
        bsize = self._badge_size(m.status, base_font)
        top = rect.top() + self.PAD
        badge_rect = QRect(rect.right() - self.PAD - bsize.width(), top, bsize.width(),
                           bsize.height())
        badge_colour = QColor(self.colors.ok if m.status is MeetingStatus.PUBLISHED
                              else self.colors.warn)
        if selected:
            badge_colour = text_colour
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(badge_colour, 1.2))
        painter.drawRoundedRect(badge_rect, bsize.height() / 2, bsize.height() / 2)
        painter.setFont(self._small(base_font))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        # title on up to two lines beside the badge, then the details line
        left = rect.left() + self.PAD
        title_w = self._title_width(rect.width(), m, base_font)
        painter.setFont(bold)
        painter.setPen(text_colour)
        y = top
        full_w = rect.width() - 2 * self.PAD
        for n, line in enumerate(self._title_lines(m.title, bold, title_w, full_w)):
            painter.drawText(QRect(left, y, title_w if n == 0 else full_w, fm_bold.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += fm_bold.height()
        painter.setFont(base_font)
        painter.setPen(muted)
        width = rect.width() - 2 * self.PAD
        y += self.PAD // 2
        for line in self._details(m):
            painter.drawText(QRect(left, y, width, fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
            y += fm.height()
        painter.setPen(QColor(self.colors.border))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()
