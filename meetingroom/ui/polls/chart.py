"""A poll result as horizontal bars (QPainter): counts, percentages, the threshold line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from meetingroom.domain.polls import Poll
from meetingroom.domain.voting import OptionKind
from meetingroom.domain.voting_tally import Outcome
from meetingroom.domain.voting_text import percent
from meetingroom.ui.base.theme import Colors

BAR_H = 34
GAP = 10


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    votes: int
    winner: bool


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart draws; made from a closed poll by :func:`chart_data`."""

    bars: tuple[Bar, ...]
    base: int
    """What percentages are of (the rule's base count)."""
    required: int
    """Votes an option needs: drawn as a line across the bars."""


def chart_data(poll: Poll) -> ChartData | None:
    result = poll.result
    if result is None:
        return None
    labels = {o.id: o.label for o in poll.spec.options}
    winners = set(result.elected)
    yes = poll.spec.id_of(OptionKind.YES)
    if yes is not None and result.outcome is Outcome.ADOPTED:
        winners.add(yes)
    bars = tuple(Bar(labels.get(i, i), n, i in winners) for i, n in result.counts)
    return ChartData(bars, result.base_count, result.required)


class ResultChart(QWidget):
    """Bars scaled to the base count, each labelled "12 (60,0 %)"; the required number of
    votes as a dashed line labelled with the threshold text. Owner: the result panel."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors = colors
        self.data: ChartData | None = None
        self.language = "vi"
        self.threshold_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self.update()

    def set_data(self, data: ChartData | None, *, language: str, threshold_text: str) -> None:
        self.data, self.language, self.threshold_text = data, language, threshold_text
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        n = len(self.data.bars) if self.data is not None else 0
        return QSize(400, n * (BAR_H + GAP) + 2 * GAP + 22)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        data = self.data
        if data is None:
            return
        c = self._colors
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        label_w = min(max((fm.horizontalAdvance(b.label) for b in data.bars), default=0) + 16,
                      self.width() // 3)
        value_w = fm.horizontalAdvance("0000 (100,0 %)") + 16
        left, right = label_w, max(label_w + 40, self.width() - value_w)
        scale = max(data.base, max((b.votes for b in data.bars), default=0), 1)
        text = QColor(self.palette().color(self.foregroundRole()))
        for row, bar in enumerate(data.bars):
            top = GAP + row * (BAR_H + GAP)
            p.setPen(text)
            p.drawText(QRectF(0, top, label_w - 8, BAR_H),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
                       | Qt.TextFlag.TextWordWrap, bar.label)
            width = (right - left) * bar.votes / scale
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(c.border))
            p.drawRoundedRect(QRectF(left, top, right - left, BAR_H), 4, 4)
            if width > 0:
                p.setBrush(QColor(c.ok if bar.winner else c.accent))
                p.drawRoundedRect(QRectF(left, top, width, BAR_H), 4, 4)
            share = f"{bar.votes}"
            if data.base:
                share += f" ({percent(bar.votes, data.base, self.language)})"
            p.setPen(text)
            p.drawText(QRectF(right + 8, top, value_w, BAR_H), Qt.AlignmentFlag.AlignVCenter,
                       share)
        # the threshold: the number of votes an option needs
        x = left + (right - left) * min(data.required, scale) / scale
        bottom = GAP + len(data.bars) * (BAR_H + GAP)
        pen = QPen(QColor(c.bad))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(int(x), GAP // 2, int(x), bottom - GAP // 2)
        p.setPen(QColor(c.bad))
        label = self.threshold_text
        lw = fm.horizontalAdvance(label)
        lx = min(max(0.0, x - lw / 2), self.width() - lw - 2.0)
        p.drawText(QRectF(lx, bottom, lw + 2, 20), Qt.AlignmentFlag.AlignLeft, label)
        p.end()
