"""Check boxes and radio marks drawn large and in the theme's colours (WCAG AA in both)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

MARK_PX = 22
"""Side of a check box or radio mark everywhere (Qt's Fusion draws 13–14 px)."""


@dataclass(frozen=True, slots=True)
class MarkColors:
    """The colours a mark is drawn in."""

    ring: QColor
    """The outline: the only visible part of an empty mark (3:1 on the background)."""
    fill: QColor
    """The inside: the background when empty, the accent when chosen."""
    tick: QColor
    """The tick or dot on a chosen mark."""


def mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """``a`` with ``share_of_b`` of ``b`` blended in (opaque)."""
    k = share_of_b
    return QColor.fromRgbF(a.redF() * (1 - k) + b.redF() * k,
                           a.greenF() * (1 - k) + b.greenF() * k,
                           a.blueF() * (1 - k) + b.blueF() * k)


def mark_colors(palette: QPalette, *, checked: bool, enabled: bool,
                background: QColor | None = None) -> MarkColors:
    """An empty mark: a muted ring on the background; a chosen one: filled with the accent
    and ticked in the accent's text colour. Disabled: a fainter ring, as Qt greys text."""
    active = QPalette.ColorGroup.Active
    role = QPalette.ColorRole
    bg = background if background is not None else palette.color(active, role.Base)
    accent = palette.color(active, role.Highlight)
    muted = palette.color(active, role.PlaceholderText)
    if not enabled:
        faint = mix(bg, muted, 0.6)
        return MarkColors(ring=faint, fill=faint if checked else bg, tick=bg)
    if checked:
        return MarkColors(ring=accent, fill=accent,
                          tick=palette.color(active, role.HighlightedText))
    return MarkColors(ring=muted, fill=bg, tick=bg)


def draw_mark(painter: QPainter, rect: QRectF, colors: MarkColors, *, round_mark: bool,
              state: Qt.CheckState) -> None:
    """A check box (``round_mark`` False: ticked, or a bar when partly checked) or a radio
    mark (a dot) in ``rect``, scaled to its size."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    box = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    pen_w = max(2.0, side / 11)
    inner = box.adjusted(pen_w / 2, pen_w / 2, -pen_w / 2, -pen_w / 2)
    on = state is not Qt.CheckState.Unchecked
    painter.setPen(QPen(colors.ring, pen_w))
    painter.setBrush(colors.fill)
    if round_mark:
        painter.drawEllipse(inner)
        if on:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.tick)
            dot = side * 0.4
            c = inner.center()
            painter.drawEllipse(QRectF(c.x() - dot / 2, c.y() - dot / 2, dot, dot))
    else:
        painter.drawRoundedRect(inner, side / 6, side / 6)
        if on:
            painter.setPen(QPen(colors.tick, max(2.0, side / 8), Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            w, h, left, top = inner.width(), inner.height(), inner.left(), inner.top()
            if state is Qt.CheckState.PartiallyChecked:
                painter.drawLine(QPointF(left + w * 0.25, top + h / 2),
                                 QPointF(left + w * 0.75, top + h / 2))
            else:
                tick = QPainterPath(QPointF(left + w * 0.22, top + h * 0.52))
                tick.lineTo(left + w * 0.42, top + h * 0.72)
                tick.lineTo(left + w * 0.78, top + h * 0.3)
                painter.drawPath(tick)
    painter.restore()


class MarkStyle(QProxyStyle):
    """Fusion, with every check box and radio mark (item views' included) drawn by
    :func:`draw_mark` at :data:`MARK_PX`; owner: the QApplication (``setStyle``)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        pm = QStyle.PixelMetric
        if metric in (pm.PM_IndicatorWidth, pm.PM_IndicatorHeight,
                      pm.PM_ExclusiveIndicatorWidth, pm.PM_ExclusiveIndicatorHeight):
            return MARK_PX
        return super().pixelMetric(metric, option, widget)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        pe = QStyle.PrimitiveElement
        if element in (pe.PE_IndicatorCheckBox, pe.PE_IndicatorItemViewItemCheck,
                       pe.PE_IndicatorRadioButton):
            flags = option.state
            sf = QStyle.StateFlag
            state = (Qt.CheckState.Checked if flags & sf.State_On else
                     Qt.CheckState.PartiallyChecked if flags & sf.State_NoChange else
                     Qt.CheckState.Unchecked)
            enabled = bool(flags & sf.State_Enabled)
            colors = mark_colors(option.palette,
                                 checked=state is not Qt.CheckState.Unchecked, enabled=enabled)
            draw_mark(painter, QRectF(option.rect),
                      colors, round_mark=element is pe.PE_IndicatorRadioButton, state=state)
            return
        super().drawPrimitive(element, option, painter, widget)
