"""The text size a user picks (100–200 %, for older eyes) and the style-sheet text sizes it scales.

The application font and every font size in our style sheets follow it, so a screen
never mixes scaled and unscaled text. A widget that needs larger text than the body
says so with :func:`emphasize` (a dynamic property), never with a ``font-size`` of its
own: the theme's style sheet sizes each level for the current text size, and applying
a new size re-sizes them all at once.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QWidget

TEXT_SIZES = (100, 125, 150, 175, 200)
"""The sizes offered, in per cent of the normal text size."""
NORMAL = 100
SMALLEST, LARGEST = TEXT_SIZES[0], TEXT_SIZES[-1]
PROPERTY = "textsize"
"""The dynamic property naming a widget's :class:`Emphasis`."""


class Emphasis(StrEnum):
    """Text larger than the body (11 pt at 100 %), by the point size it has at 100 %."""

    HEADING = "heading"
    """13 pt: headings, a verdict."""
    LARGE = "large"
    """14 pt: the ballot's options, a poll's outcome."""
    LARGER = "larger"
    """15 pt: the quorum badge, the ballot's confirmation."""
    HUGE = "huge"
    """18 pt: a ballot that never arrived."""


POINTS = {Emphasis.HEADING: 13, Emphasis.LARGE: 14, Emphasis.LARGER: 15, Emphasis.HUGE: 18}


def clamp(percent: object) -> int:
    """A saved or asked-for size as one of :data:`TEXT_SIZES` (the nearest; 100 if unreadable)."""
    try:
        value = int(str(percent))
    except ValueError:
        return NORMAL
    return min(TEXT_SIZES, key=lambda size: abs(size - value))


def step(percent: int, direction: int) -> int:
    """The next size up (``direction`` > 0) or down from ``percent``, within the range."""
    index = TEXT_SIZES.index(clamp(percent)) + (1 if direction > 0 else -1)
    return TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, index))]


def points(base: float, percent: int) -> float:
    """``base`` points at ``percent`` % (one decimal: Qt's style sheets take that)."""
    return round(base * percent / 100, 1)


def emphasis_rules(percent: int) -> str:
    """Style-sheet rules sizing each :class:`Emphasis` (and the headings) at ``percent`` %."""
    rules = [f'*[{PROPERTY}="{level.value}"] {{ font-size: {points(pt, percent)}pt; }}'
             for level, pt in POINTS.items()]
    heading = points(POINTS[Emphasis.HEADING], percent)
    rules.append(f'QLabel[role="heading"] {{ font-size: {heading}pt; font-weight: bold; }}')
    return "\n".join(rules) + "\n"


def emphasize(widget: QWidget, level: Emphasis | None) -> None:
    """Show ``widget``'s text at ``level`` (None: body size), now and at every text size."""
    value = level.value if level is not None else ""
    if widget.property(PROPERTY) == value:
        return
    widget.setProperty(PROPERTY, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
