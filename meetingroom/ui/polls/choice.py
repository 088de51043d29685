"""One option of a ballot as a large row: the whole row is the button, its mark is big."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton, QWidget

from meetingroom.ui.base.marks import MarkColors, draw_mark, mark_colors, mix
from meetingroom.ui.base.theme import TOUCH_PX

ROW_PX = TOUCH_PX + 8
"""Smallest height of a choice row (52 px)."""
MARK_PX = 26
"""Side of a ballot's radio or check mark."""
PAD_PX = 12
"""Room around the mark and the text."""
FONT_PT = 14
"""The options' text size (old tablets, reading glasses)."""
TINT = 0.14
"""How much of the accent colours a chosen row's background."""


@dataclass(frozen=True, slots=True)
class ChoiceColors:
    """The colours a choice row is drawn in, taken from its palette."""

    background: QColor
    """The row's fill (tinted with the accent when chosen)."""
    text: QColor
    frame: QColor
    """The row's outline (the accent, 2 px, when chosen)."""
    mark: MarkColors


def choice_colors(palette: QPalette, *, checked: bool, enabled: bool) -> ChoiceColors:
    """Text on the base colour (a chosen row lightly tinted with the accent) and the mark
    of :func:`mark_colors`. ``tests/gui/test_ballot.py`` checks WCAG AA from the live
    palette in both themes: text 4.5:1 on the row, the mark's ring 3:1."""
    active = QPalette.ColorGroup.Active
    role = QPalette.ColorRole
    base = palette.color(active, role.Base)
    accent = palette.color(active, role.Highlight)
    chosen = checked and enabled
    background = mix(base, accent, TINT) if chosen else base
    text = (palette.color(active, role.Text) if enabled
            else mix(base, palette.color(active, role.PlaceholderText), 0.8))
    return ChoiceColors(background=background, text=text,
                        frame=accent if chosen else palette.color(active, role.Mid),
                        mark=mark_colors(palette, checked=checked, enabled=enabled,
                                         background=background))


def _text_rect(width: int) -> QRect:
    left = PAD_PX + MARK_PX + PAD_PX
    return QRect(left, PAD_PX, max(1, width - left - PAD_PX), 10_000)


def _height_for(button: QAbstractButton, width: int) -> int:
    text = button.fontMetrics().boundingRect(_text_rect(width), int(Qt.TextFlag.TextWordWrap),
                                             button.text())
    return max(ROW_PX, text.height() + 2 * PAD_PX)


def _size_hint(button: QAbstractButton) -> QSize:
    text_w = button.fontMetrics().horizontalAdvance(button.text())
    width = PAD_PX + MARK_PX + PAD_PX + min(text_w, 520) + PAD_PX
    return QSize(width, _height_for(button, width))


def _paint(button: QAbstractButton, *, round_mark: bool) -> None:
    colors = choice_colors(button.palette(), checked=button.isChecked(),
                           enabled=button.isEnabled())
    chosen = button.isChecked() and button.isEnabled()
    p = QPainter(button)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    outer = QRectF(button.rect()).adjusted(1, 1, -1, -1)
    hover = button.underMouse() and button.isEnabled() and not chosen
    p.setPen(QPen(colors.mark.ring if hover else colors.frame, 2 if chosen else 1))
    p.setBrush(colors.background)
    p.drawRoundedRect(outer, 8, 8)
    if button.hasFocus():  # the keyboard's place, visible
        p.setPen(QPen(button.palette().color(QPalette.ColorRole.Highlight), 2,
                      Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(outer.adjusted(4, 4, -4, -4), 6, 6)
    mark = QRectF(PAD_PX, (button.height() - MARK_PX) / 2, MARK_PX, MARK_PX)
    state = Qt.CheckState.Checked if button.isChecked() else Qt.CheckState.Unchecked
    draw_mark(p, mark, colors.mark, round_mark=round_mark, state=state)
    p.setPen(colors.text)
    text = _text_rect(button.width())
    text.setHeight(button.height() - 2 * PAD_PX)
    p.drawText(text, int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
               button.text())
    p.end()


def _set_up(button: QAbstractButton) -> None:
    font = QFont(button.font())
    font.setPointSize(FONT_PT)
    button.setFont(font)
    button.setMinimumHeight(ROW_PX)
    button.setAttribute(Qt.WidgetAttribute.WA_Hover)
    policy = button.sizePolicy()
    policy.setHeightForWidth(True)
    button.setSizePolicy(policy)


class _WholeRow:
    """What both kinds of option share: the whole row is the button, its height follows
    its wrapped text, and it paints a large mark (``ROUND``: a radio's circle)."""

    ROUND = False

    def hitButton(self, pos: QPoint) -> bool:
        assert isinstance(self, QAbstractButton)  # mixed into the two button classes
        return self.rect().contains(pos)

    def sizeHint(self) -> QSize:
        return _size_hint(self)  # type: ignore[arg-type]

    def minimumSizeHint(self) -> QSize:
        return QSize(PAD_PX * 3 + MARK_PX + 60, ROW_PX)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return _height_for(self, width)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:
        _paint(self, round_mark=self.ROUND)  # type: ignore[arg-type]


class ChoiceRadio(_WholeRow, QRadioButton):
    """One option of a choose-one ballot; screen readers still see a radio button."""

    ROUND = True

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        QRadioButton.__init__(self, text, parent)
        _set_up(self)


class ChoiceCheck(_WholeRow, QCheckBox):
    """One option of a choose-several ballot; screen readers still see a check box."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        QCheckBox.__init__(self, text, parent)
        _set_up(self)
