"""Heights in lines of text: a box sized "for four lines" stays four lines at every text size.

A pixel height (``setFixedHeight(90)``) suits one text size: at 200 % the same box shows
half the lines and clips its last one. :func:`lines_high` sizes a widget by its font's
line spacing instead, and sizes it again whenever its font changes (the text-size
setting, a theme switch).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def height_for_lines(widget: QWidget, lines: float) -> int:
    """Pixels that show ``lines`` lines of ``widget``'s text with its frame and margins."""
    fm = widget.fontMetrics()
    extra = 2 * widget.contentsMargins().top() + 12  # frame, document margin, padding
    if isinstance(widget, QAbstractScrollArea):
        extra += 2 * widget.frameWidth()
    return round(fm.lineSpacing() * lines) + extra


class _FontWatch(QObject):
    """Calls back when its widget's font or style changes."""

    def __init__(self, widget: QWidget, changed: Callable[[], None]) -> None:
        super().__init__(widget)
        self._changed = changed
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._changed()
        return False


def on_font_change(widget: QWidget, changed: Callable[[], None]) -> None:
    """Call ``changed`` whenever ``widget``'s font or style changes (the text-size setting,
    a theme switch), to size again what was sized from its font metrics."""
    _FontWatch(widget, changed)


def lines_high(widget: QWidget, lines: float, *, fixed: bool = False) -> None:
    """Make ``widget`` at most (or, with ``fixed``, exactly) ``lines`` lines high, now and
    after every change of its font."""

    def apply() -> None:
        height = height_for_lines(widget, lines)
        if fixed:
            widget.setFixedHeight(height)
        else:
            widget.setMaximumHeight(height)

    apply()
    on_font_change(widget, apply)
