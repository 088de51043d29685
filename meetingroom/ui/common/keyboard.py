"""Keyboard ways out: Ctrl+Tab leaves a control that uses the Tab key for itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class CtrlTabLeaves(QObject):
    """Event filter: Ctrl+Tab and Ctrl+Shift+Tab move the focus on from its widget.

    For controls where Tab does a job of its own (the agenda nests items, the minutes
    editor indents lists), so that a keyboard user is never trapped in them (WCAG 2.1.2).
    Owner: the widget it filters (parent).
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._widget and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            forward = (event.key() == Qt.Key.Key_Tab
                       and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            target = next_in_tab_order(self._widget, forward=forward)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason if forward
                                else Qt.FocusReason.BacktabFocusReason)
            return True
        return False


def next_in_tab_order(widget: QWidget, *, forward: bool = True) -> QWidget | None:
    """The widget Tab (Shift+Tab) would reach from ``widget`` in its window, as Qt's own
    focus chain orders them; None when there is no other."""
    window = widget.window()
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    candidate = step(widget)
    while candidate is not None and candidate is not widget:
        if (candidate.window() is window and candidate.isVisible() and candidate.isEnabled()
                and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
                and candidate.focusProxy() is None):
            return candidate
        candidate = step(candidate)
    return None


def leave_with_ctrl_tab(widget: QWidget) -> CtrlTabLeaves:
    """Let Ctrl+Tab (Ctrl+Shift+Tab) leave ``widget``, which keeps Tab for itself."""
    return CtrlTabLeaves(widget)
