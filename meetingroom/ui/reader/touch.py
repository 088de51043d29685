"""Touch, wheel and pinch navigation of the reader's page area.

One finger: in continuous mode it drags the pages (vertical and sideways scrolling); in
presentation mode a sideways swipe turns the page. Two fingers: pinch to zoom, applied
in steps while the fingers move (every step re-lays the pages out, so not on every
event). The wheel scrolls; Ctrl+wheel zooms; in presentation mode the wheel turns the
page. Touchpad pinches arrive as native zoom gestures.

Accepting the touch events also stops Qt from turning them into mouse events, which
would start a text selection instead of scrolling.
"""

from __future__ import annotations

import math
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, SignalInstance
from PySide6.QtGui import QNativeGestureEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QScrollBar, QWidget

from meetingroom.ui.reader.geometry import ZoomMode

SWIPE = 80
"""Logical pixels a finger must travel sideways to turn the page (presentation mode)."""
PINCH_STEP = 0.08
"""A pinch changes the zoom once the fingers' distance changed by this fraction."""


class Canvas(Protocol):
    """What touch navigation drives of the reader canvas (``ReaderCanvas``)."""

    continuous: bool

    @property
    def zoom(self) -> float: ...
    @property
    def turn_requested(self) -> SignalInstance: ...
    def set_zoom(self, mode: ZoomMode, zoom: float = 1.0) -> None: ...
    def step_zoom(self, direction: int) -> None: ...
    def horizontalScrollBar(self) -> QScrollBar: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def viewport(self) -> QWidget: ...


class TouchNavigator(QObject):
    """Event filter on the canvas's viewport; owner: the ReaderCanvas (parent)."""

    def __init__(self, canvas: Canvas, parent: QObject) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._start: QPointF | None = None
        """Where the one finger went down (None: no one-finger gesture going on)."""
        self._last: QPointF | None = None
        self._pinch_from = 0.0
        """Distance between two fingers when the zoom was last changed (0: no pinch)."""
        self.pinched = False
        """The current touch sequence zoomed (so lifting it turns no page)."""
        viewport = canvas.viewport()
        viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            return self._wheel(event)
        if isinstance(event, QNativeGestureEvent) and (
                event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture):
            self._zoom_by(1.0 + event.value())
            return True
        if isinstance(event, QTouchEvent) and kind in (
                QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                QEvent.Type.TouchCancel):
            self._touch(kind, event)
            event.accept()
            return True
        return False

    # -- touch -------------------------------------------------------------------------
    def _touch(self, kind: QEvent.Type, event: QTouchEvent) -> None:
        points = [p.position() for p in event.points()]
        if kind == QEvent.Type.TouchBegin:
            self.pinched, self._pinch_from = False, 0.0
        if kind == QEvent.Type.TouchCancel or not points:
            self._start = self._last = None
            return
        if len(points) >= 2:
            self._pinch(points[0], points[1])
            self._start = self._last = None  # a pinch is no swipe
            return
        here = points[0]
        if kind == QEvent.Type.TouchEnd:
            self._lifted(here)
            return
        if self._start is None or kind == QEvent.Type.TouchBegin:
            if not self.pinched:
                self._start = self._last = here
            return
        if self._canvas.continuous and self._last is not None:
            delta = here - self._last
            bar_v, bar_h = self._canvas.verticalScrollBar(), self._canvas.horizontalScrollBar()
            bar_v.setValue(bar_v.value() - round(delta.y()))
            bar_h.setValue(bar_h.value() - round(delta.x()))
        self._last = here

    def _lifted(self, here: QPointF) -> None:
        start, self._start, self._last = self._start, None, None
        if start is None or self.pinched or self._canvas.continuous:
            return
        dx, dy = here.x() - start.x(), here.y() - start.y()
        if abs(dx) > SWIPE and abs(dx) > abs(dy):
            self._canvas.turn_requested.emit(1 if dx < 0 else -1)

    def _pinch(self, a: QPointF, b: QPointF) -> None:
        distance = math.hypot(a.x() - b.x(), a.y() - b.y())
        if distance < 1:
            return
        if not self._pinch_from:
            self._pinch_from = distance
            return
        factor = distance / self._pinch_from
        if abs(factor - 1.0) >= PINCH_STEP:
            self._zoom_by(factor)
            self._pinch_from = distance
            self.pinched = True

    # -- wheel and touchpad ------------------------------------------------------------
    def _wheel(self, event: QWheelEvent) -> bool:
        dy = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if dy:
                self._canvas.step_zoom(1 if dy > 0 else -1)
            return True
        if not self._canvas.continuous and dy:
            self._canvas.turn_requested.emit(-1 if dy > 0 else 1)
            return True
        return False

    def _zoom_by(self, factor: float) -> None:
        if factor > 0 and abs(factor - 1.0) > 0.02:
            self._canvas.set_zoom(ZoomMode.CUSTOM, self._canvas.zoom * factor)
