"""The notes of one page kept drawn in an image, drawn only where shown and only again where
something changed.

A repaint of the notes layer is one image copy. The image is drawn lazily: a paint draws
the notes into the part of the image it exposes that is not drawn yet (a page taller than
the window is drawn as it scrolls into view), so a zoom, which makes a new layer, costs
only the strokes in view. With a time budget (many notes), that area is filled over
several paints: cleared once, then its notes drawn bottom first, as many per paint as the
budget allows, each of them once (drawing in bands instead paid every note reaching
into a band again for each band: a page of 1,000 strokes took 54 ms in 64-row bands
against 29 ms at once). A change marks only the area it touches as not drawn: notes
added on top are drawn onto it at once, an erase, an undo or an edit (a note removed,
replaced or inserted under others) clears the area the changed notes cover and draws
again, clipped to it, every note that reaches into it, in their order, which gives the
same pixels as drawing everything again.

Areas are kept in device pixels, so that a clip never cuts through a pixel.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

from meetingroom.domain.notes import NoteKind
from meetingroom.domain.page_space import PageFrame
from meetingroom.ui.notes.paint import NoteShape

SLICE_FROM = 200
"""Fewer notes than this are drawn in one go whatever the budget: they take a few
milliseconds, and a page is then never shown with some notes missing."""

CACHE_PIXELS = 6_000_000
"""Largest page layer (device pixels) whose notes are kept drawn in an image (24 MB)."""
MAX_PIECES = 8
"""A region to draw in more rectangles than this is drawn as its bounding rectangle."""


class _Fill:
    """An area being filled over several paints: cleared, then the notes reaching into
    it drawn in order, ``queue[done:]`` still to draw."""

    __slots__ = ("area", "done", "queue")

    def __init__(self, area: QRegion, queue: list[NoteShape]) -> None:
        self.area, self.queue, self.done = area, queue, 0


class NotesImage:
    """The drawn notes of one layer (owner: the layer)."""

    def __init__(self) -> None:
        self._image: QImage | None = None
        self._key: tuple[object, ...] = ()
        self._painted: list[NoteShape] = []
        """The shapes the image stands for (identity), bottom first."""
        self._drawn = QRegion()
        """Device pixels of the image that show every note in ``_painted``."""
        self._fill: _Fill | None = None
        """The area being filled within a budget (not in ``_drawn`` until filled)."""
        self.pending = False
        """The last call left part of what it exposed undrawn (its time budget ran out):
        paint again soon."""

    def forget(self) -> None:
        self._image, self._painted, self._drawn = None, [], QRegion()
        self._fill = None
        self.pending = False

    def image(self, shapes: list[NoteShape], *, key: tuple[object, ...], width: int,
              height: int, dpr: float, transform: QTransform, frame: PageFrame,
              exposed: QRect, budget: float | None = None) -> QImage | None:
        """The notes drawn at least in ``exposed`` (logical pixels of the layer) of a
        ``width`` × ``height`` device-pixel image (None: too large, draw them directly).
        ``key`` names the zoom, rotation and size: another key starts a new image.

        With ``budget`` (seconds), drawing stops once it is spent (after at least one
        note) and ``pending`` says more is to come: a zoom on a page with a thousand
        strokes fills them in over a few frames instead of holding one frame for all."""
        if width * height > CACHE_PIXELS or width <= 0 or height <= 0:
            self.forget()
            return None
        device = QTransform(transform)
        device *= QTransform.fromScale(dpr, dpr)  # notes' page points → image pixels
        if self._image is None or key != self._key:
            self._image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            self._image.fill(Qt.GlobalColor.transparent)
            self._key, self._painted, self._drawn = key, [], QRegion()
            self._fill = None
        image = self._image
        image.setDevicePixelRatio(1.0)  # drawn in device pixels
        done = self._painted
        if len(done) <= len(shapes) and all(a is b for a, b in zip(done, shapes, strict=False)):
            added = shapes[len(done):]
            if added and not self._drawn.isEmpty():  # only new ones, on top, where drawn
                _draw(image, device, frame, added, self._drawn)  # before (an empty clip
                # region would not clip at all)
            if added and self._fill is not None:
                self._fill.queue += _reaching(added, self._fill.area, device)
        else:
            self._fill = None  # its pixels are not in _drawn: drawn again from the start
            stale = _changed_area(done, shapes, device)
            if stale is None:
                self._drawn = QRegion()
            else:
                self._drawn -= QRegion(stale)
        self._painted = list(shapes)
        bounds = QRect(0, 0, width, height)
        want = QRegion(_scaled(QRectF(exposed), dpr).intersected(bounds)) - self._drawn
        self.pending = False
        if budget is None or len(shapes) < SLICE_FROM:
            if self._fill is not None:
                want |= self._fill.area
                self._fill = None
            for piece in _pieces(want):
                _redraw(image, device, frame, shapes, piece)
                self._drawn |= QRegion(piece)
        else:
            deadline = time.perf_counter() + budget
            if self._fill is None and not want.isEmpty():
                area = QRegion(want.boundingRect()) if want.rectCount() > MAX_PIECES else want
                _clear(image, area)
                self._fill = _Fill(area, _reaching(shapes, area, device))
            fill = self._fill
            if fill is not None and _fill_some(image, device, frame, fill, deadline):
                self._drawn |= fill.area
                self._fill = None
            self.pending = self._fill is not None or not (want - self._drawn).isEmpty()
        image.setDevicePixelRatio(dpr)
        return image


def _pieces(region: QRegion) -> list[QRect]:
    """``region`` as rectangles to draw, or its bounding rectangle if it has many."""
    if region.isEmpty():
        return []
    if region.rectCount() > MAX_PIECES:
        return [region.boundingRect()]
    rects: list[QRect] = list(region)  # type: ignore[call-overload]  # QRegion iterates
    return rects  # over its rectangles in PySide6, which its stubs do not declare


def _reaching(shapes: list[NoteShape], area: QRegion, device: QTransform) -> list[NoteShape]:
    """The notes of ``shapes`` that may paint into ``area`` (device pixels), in order."""
    on_page = device.inverted()[0].mapRect(QRectF(area.boundingRect()))
    return [s for s in shapes if s.paint_rect.intersects(on_page)]


def _clear(image: QImage, area: QRegion) -> None:
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    for rect in _pieces(area):
        painter.fillRect(rect, Qt.GlobalColor.transparent)
    painter.end()


def _fill_some(image: QImage, device: QTransform, frame: PageFrame, fill: _Fill,
               deadline: float) -> bool:
    """Draw ``fill``'s next notes (at least one) until ``deadline``; True once all are."""
    if fill.done < len(fill.queue):
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRegion(fill.area)
        painter.setTransform(device)
        queue = fill.queue
        while fill.done < len(queue):
            queue[fill.done].paint(painter, frame)
            fill.done += 1
            if time.perf_counter() > deadline:
                break
        painter.end()
    return fill.done >= len(fill.queue)


def _scaled(rect: QRectF, dpr: float) -> QRect:
    """Logical pixels → the device pixels they touch."""
    return QRectF(rect.x() * dpr, rect.y() * dpr, rect.width() * dpr,
                  rect.height() * dpr).toAlignedRect()


def _draw(image: QImage, device: QTransform, frame: PageFrame, shapes: list[NoteShape],
          clip: QRegion | QRect) -> None:
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if isinstance(clip, QRegion):
        painter.setClipRegion(clip)
    else:
        painter.setClipRect(clip)
    painter.setTransform(device)
    for shape in shapes:
        shape.paint(painter, frame)
    painter.end()


def _redraw(image: QImage, device: QTransform, frame: PageFrame, shapes: list[NoteShape],
            area: QRect) -> None:
    """Clear ``area`` (device pixels) and draw, clipped to it, every note reaching into it."""
    region = QRegion(area)
    _clear(image, region)
    inside = _reaching(shapes, region, device)
    if inside:
        _draw(image, device, frame, inside, area)


def _changed_area(done: list[NoteShape], shapes: list[NoteShape], device: QTransform
                  ) -> QRect | None:
    """The device pixels that the notes removed from or added to ``done`` (giving
    ``shapes``) painted or will paint; None when it cannot be told (the notes kept
    changed order, or a changed note is a text box, whose words may overflow it)."""
    before, after = {id(s) for s in done}, {id(s) for s in shapes}
    kept_before = [s for s in done if id(s) in after]
    kept_after = [s for s in shapes if id(s) in before]
    if len(kept_before) != len(kept_after) or any(
            a is not b for a, b in zip(kept_before, kept_after, strict=True)):
        return None
    changed = [s for s in done if id(s) not in after] + [
        s for s in shapes if id(s) not in before]
    if any(s.note.kind is NoteKind.TEXT_BOX for s in changed):
        return None
    area = QRectF()
    for shape in changed:
        area = area.united(device.mapRect(shape.paint_rect))
    return area.toAlignedRect().adjusted(-2, -2, 2, 2)
