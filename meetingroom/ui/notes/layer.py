"""The notes layer over one page: paints that page's notes and turns pen input into strokes.

Owner: the page view it covers (``PageView.add_overlay`` makes it a child); page views
are recreated on every layout change, so the notes controller attaches a new layer each
time ``ReaderCanvas.page_view_created`` fires. The layer keeps no notes of its own: it
asks its :class:`NotesBoard` for the cached shapes of its page, and keeps them drawn in
an image at the current zoom (:mod:`notes.image_cache`: drawn where shown, and again only where
something changed), so a repaint is one image copy plus the stroke in progress.

Mouse, touch (delivered as synthesised mouse events) and stylus (``QTabletEvent``, with
pressure) draw with the pen and the highlighter; with the select tool the user's own
sticky notes and text boxes are dragged to a new place, opened by a double-click and
offered a context menu; in the other tools a press is reported as a point on the page.
In reading mode (and for text highlighting) the layer lets mouse events through to the
page, so text selection keeps working.

Notes are in the page's *unrotated* space (``domain/notes.py``) while the page view maps
*displayed* page points (its ``/Rotate`` applied): every point that comes in is turned
into unrotated space and every note painted is turned back, with the page's
:class:`PageFrame` (``domain/page_space.py``).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QWidget

from meetingroom.domain.notes import MAX_POINTS_PER_STROKE, NoteKind, Point, Stroke
from meetingroom.domain.page_space import PageFrame
from meetingroom.ui.notes.image_cache import NotesImage
from meetingroom.ui.notes.paint import HIGHLIGHTER_ALPHA, NoteShape, page_transform
from meetingroom.ui.reader.page import PageView


class NoteTool(StrEnum):
    """What a press on the page does."""

    READ = "read"
    SELECT = "select"
    PEN = "pen"
    HIGHLIGHTER = "highlighter"
    TEXT_HIGHLIGHT = "text_highlight"
    STICKY = "sticky"
    TEXT_BOX = "text_box"
    ERASER = "eraser"


DRAWING_TOOLS = frozenset({NoteTool.PEN, NoteTool.HIGHLIGHTER})
POINTING_TOOLS = frozenset({NoteTool.STICKY, NoteTool.TEXT_BOX, NoteTool.ERASER,
                            NoteTool.SELECT})
MOVABLE = frozenset({NoteKind.STICKY, NoteKind.TEXT_BOX})
"""The kinds the select tool drags, opens and offers a menu for."""
PAINT_BUDGET = 0.002
"""Seconds one paint may spend filling strokes into the notes image (the rest of a
16 ms frame is the page and the copy); what is left is drawn in the next frames."""
DRAG_START = 4.0
"""Logical pixels the pointer must travel before a press on a note becomes a drag."""


class NotesBoard:
    """What every layer of one viewer shares: the shapes per page and the pen settings."""

    def __init__(self) -> None:
        self.shapes: dict[int, list[NoteShape]] = {}
        """Page index → the shapes to paint there, bottom first."""
        self.tool = NoteTool.READ
        self.color = "#1f4fbf"
        self.width = 2.0
        """Nominal pen width in points (the highlighter uses four times this)."""
        self.rotations: tuple[int, ...] = ()
        """Each page's ``/Rotate`` (missing pages: 0), from the render worker."""

    def rotation(self, index: int) -> int:
        return self.rotations[index] if 0 <= index < len(self.rotations) else 0

    def stroke_width(self) -> float:
        return self.width * 4 if self.tool is NoteTool.HIGHLIGHTER else self.width


class NotesLayer(QWidget):
    """Owner: its PageView (parent, through ``add_overlay``)."""

    stroke_finished = Signal(int, object)
    """(page index, Stroke): the pen or highlighter was lifted after drawing."""
    page_pressed = Signal(int, float, float)
    """(page index, x, y in unrotated page points): a press with the sticky, text box or
    eraser tool, or with the select tool where none of the user's notes is."""
    note_dragged = Signal(str, float, float)
    """(note id, dx, dy in unrotated page points): the select tool dragged the note."""
    note_activated = Signal(str)
    """A note id: the note was double-clicked (with the select tool, or in reading, where
    the page gets the clicks), or the sticky or text box tool tapped it (open it for
    editing)."""
    note_menu_requested = Signal(str, QPoint)
    """(note id, global position): the context menu was asked for on the note."""

    def __init__(self, view: PageView, board: NotesBoard) -> None:
        super().__init__(view)
        self.view, self.board = view, board
        self._points: list[Point] = []
        self._live = QPainterPath()
        self._drawn = NotesImage()
        self._grab: tuple[NoteShape, QPointF] | None = None
        """The note pressed with the select tool and where (widget pixels)."""
        self._drag = QPointF()
        """How far it has been dragged (widget pixels)."""
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        self.tool_changed()
        view.add_overlay(self)
        view.installEventFilter(self)  # a double-click on a note while reading

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While the layer lets clicks through (reading, text highlighting), the page
        view gets them: a double-click on one of the user's sticky notes or text boxes
        opens it rather than selecting a word under it."""
        if (watched is self.view and event.type() == QEvent.Type.MouseButtonDblClick
                and self.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and (shape := self.note_at(event.position())) is not None):
            self.note_activated.emit(shape.note.id)
            return True
        return False

    @property
    def index(self) -> int:
        return self.view.index

    def tool_changed(self) -> None:
        """Let mouse events through unless a tool that uses them is chosen."""
        passive = self.board.tool not in DRAWING_TOOLS | POINTING_TOOLS
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, passive)
        cursor = (Qt.CursorShape.CrossCursor if self.board.tool in DRAWING_TOOLS
                  else Qt.CursorShape.PointingHandCursor if not passive
                  else Qt.CursorShape.ArrowCursor)
        self.setCursor(cursor)

    @property
    def frame(self) -> PageFrame:
        """This page's displayed ↔ unrotated conversion."""
        m = self.view.mapper
        return PageFrame.from_displayed(m.width, m.height, self.board.rotation(self.index))

    # -- input -------------------------------------------------------------------------
    def _page_point(self, pos: QPointF, pressure: float = 1.0) -> Point:
        """A widget point in the notes' space: unrotated page points."""
        x, y = self.frame.to_unrotated(*self.view.mapper.to_page(pos.x(), pos.y()))
        return Point(x, y, min(1.0, max(0.0, pressure)))

    def note_at(self, pos: QPointF) -> NoteShape | None:
        """The user's topmost sticky note or text box under widget point ``pos``."""
        p = self._page_point(pos)
        for shape in reversed(self.board.shapes.get(self.index, [])):
            if shape.mine and shape.note.kind in MOVABLE and shape.bounds.contains(
                    QPointF(p.x, p.y)):
                return shape
        return None

    def _begin(self, pos: QPointF, pressure: float) -> None:
        tool = self.board.tool
        if tool in DRAWING_TOOLS:
            self._points = [self._page_point(pos, pressure)]
            self._live = QPainterPath(pos)
        elif tool is NoteTool.SELECT and (shape := self.note_at(pos)) is not None:
            self._grab, self._drag = (shape, pos), QPointF()
        elif tool in (NoteTool.STICKY, NoteTool.TEXT_BOX) and (
                shape := self.note_at(pos)) is not None:
            self.note_activated.emit(shape.note.id)  # a tap on one opens it, not a new one
        elif tool in POINTING_TOOLS:
            p = self._page_point(pos)
            self.page_pressed.emit(self.index, p.x, p.y)

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._grab is not None:
            self._drag = pos - self._grab[1]
            self.update()
        elif self._points and len(self._points) < MAX_POINTS_PER_STROKE:
            self._points.append(self._page_point(pos, pressure))
            self._live.lineTo(pos)
            self.update()
        elif self.board.tool is NoteTool.ERASER:
            p = self._page_point(pos)
            self.page_pressed.emit(self.index, p.x, p.y)

    def _end(self, pos: QPointF, pressure: float) -> None:
        if self._grab is not None:
            (shape, start), self._grab = self._grab, None
            if (pos - start).manhattanLength() >= DRAG_START:
                a, b = self._page_point(start), self._page_point(pos)
                self.note_dragged.emit(shape.note.id, b.x - a.x, b.y - a.y)
            self.update()
            return
        if not self._points:
            return
        if len(self._points) < MAX_POINTS_PER_STROKE:
            self._points.append(self._page_point(pos, pressure))
        points, self._points = tuple(self._points), []
        self._live = QPainterPath()
        self.update()
        stroke = Stroke(points, self.board.stroke_width(), self.board.color)
        self.stroke_finished.emit(self.index, stroke)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 1.0)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 1.0)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position(), 1.0)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        shape = self.note_at(event.position()) if self.board.tool is NoteTool.SELECT else None
        if shape is not None and event.button() == Qt.MouseButton.LeftButton:
            self._grab = None
            self.note_activated.emit(shape.note.id)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        shape = self.note_at(QPointF(event.pos())) if self.board.tool is NoteTool.SELECT else None
        if shape is None:
            event.ignore()
            return
        self.note_menu_requested.emit(shape.note.id, event.globalPos())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        if self.board.tool not in DRAWING_TOOLS | POINTING_TOOLS:
            event.ignore()
            return
        kind, pos, pressure = event.type(), event.position(), event.pressure()
        if kind == QEvent.Type.TabletPress:
            self._begin(pos, pressure)
        elif kind == QEvent.Type.TabletMove:
            self._extend(pos, pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._end(pos, pressure)
        event.accept()  # no mouse event is synthesised for an accepted tablet event

    # -- painting ----------------------------------------------------------------------
    def _key(self) -> tuple[object, ...]:
        return (self.view.mapper, self.board.rotation(self.index), self.width(), self.height(),
                self.devicePixelRatioF())

    def _paint_ghost(self, painter: QPainter, shape: NoteShape) -> None:
        """The dragged note's outline where it would land."""
        outline = page_transform(self.view.mapper, self.frame).mapRect(shape.bounds)
        painter.setPen(QPen(QColor(self.board.color), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(outline.translated(self._drag))

    @property
    def drawing_pending(self) -> bool:
        """Strokes are still being filled into the notes image (over the next frames)."""
        return self._drawn.pending

    def paintEvent(self, event: QPaintEvent) -> None:
        shapes = self.board.shapes.get(self.index, [])
        if not shapes and self._live.isEmpty():
            self._drawn.forget()
            return
        painter = QPainter(self)
        image = None
        if shapes:
            dpr = self.devicePixelRatioF()
            frame = self.frame
            image = self._drawn.image(
                shapes, key=self._key(), width=round(self.width() * dpr),
                height=round(self.height() * dpr), dpr=dpr,
                transform=page_transform(self.view.mapper, frame), frame=frame,
                exposed=event.rect(), budget=PAINT_BUDGET)
            if self._drawn.pending:  # the rest in the next frames
                QTimer.singleShot(0, self, self.update)
        if image is not None:
            painter.drawImage(0, 0, image)  # clipped to what this paint exposes
        elif shapes:  # too large to keep as an image: draw what is exposed
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            frame = self.frame
            transform = page_transform(self.view.mapper, frame)
            painter.setTransform(transform)
            exposed = transform.inverted()[0].mapRect(QRectF(event.rect()))
            for shape in shapes:
                if shape.bounds.intersects(exposed):
                    shape.paint(painter, frame)
            painter.resetTransform()
        if self._grab is not None and not self._drag.isNull():
            self._paint_ghost(painter, self._grab[0])
        if not self._live.isEmpty():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            colour = QColor(self.board.color)
            if self.board.tool is NoteTool.HIGHLIGHTER:
                colour.setAlpha(HIGHLIGHTER_ALPHA)
            painter.setPen(QPen(colour, self.board.stroke_width() * self.view.mapper.zoom,
                                Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                Qt.PenJoinStyle.RoundJoin))
            painter.drawPath(self._live)
        painter.end()
