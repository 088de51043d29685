"""Drawing notes: each note turned once into cached painter paths in page points.

A :class:`NoteShape` is built when a note arrives and reused on every repaint, at
any zoom or rotation (the painter's transform maps points to pixels), so a page with
1,000 strokes repaints by replaying 1,000 ready paths. Every ink or highlighter stroke,
with varying pressure or not, is one filled outline polygon (:mod:`notes.outline`):
filling it is several times faster than stroking a path with round joins, and a
translucent highlighter stroke that crosses itself is filled once (no darker overlap).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTransform,
)

from meetingroom.domain.notes import Note, NoteKind, Rect, Stroke
from meetingroom.domain.page_space import PageFrame
from meetingroom.ui.notes.outline import outline
from meetingroom.ui.reader.geometry import PageMapper
from meetingroom.ui.reader.page import rotation_transform

HIGHLIGHTER_ALPHA = 90
"""Alpha (of 255) of highlighter strokes and text highlights: the page shows through."""
STICKY_SIZE = 20.0
"""Side of a sticky note's icon, in points."""
SHARED_OUTLINE = QColor(120, 120, 120)


def frame_transform(frame: PageFrame) -> QTransform:
    """Unrotated page points (the notes' space) → displayed page points (/Rotate applied)."""
    return QTransform(*frame.matrix())


def page_transform(mapper: PageMapper, frame: PageFrame | None = None) -> QTransform:
    """Page points → the page widget's pixels (zoom and view rotation); with ``frame``,
    unrotated page points (the notes' space) of a page carrying that ``/Rotate``."""
    t = rotation_transform(mapper)
    t.scale(mapper.zoom, mapper.zoom)
    return t if frame is None or not frame.rotation else frame_transform(frame) * t


def _qrect(r: Rect) -> QRectF:
    return QRectF(QPointF(r.x0, r.y0), QPointF(r.x1, r.y1))


def stroke_path(stroke: Stroke) -> QPainterPath:
    """The stroke's outline (its width following the pressure) as a path to fill with
    the non-zero winding rule, in the notes' page points."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    poly = outline(stroke.points, stroke.width)
    if poly:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in poly]))
        path.closeSubpath()
    return path


@dataclass(frozen=True, slots=True)
class _Part:
    path: QPainterPath
    pen: QPen | None
    brush: QBrush | None


class NoteShape:
    """One note ready to paint: its paths with pens and brushes, in page points."""

    def __init__(self, note: Note, *, mine: bool = True) -> None:
        self.note = note
        self.mine = mine
        self.parts: list[_Part] = []
        self.text_rect: QRectF | None = None
        b = note.bounds()
        self.bounds = _qrect(b).adjusted(-3, -3, 3, 3)
        """The area the note paints on, in page points (for skipping unexposed notes and
        for the select tool); a sticky note's rectangle is its icon."""
        if note.kind in (NoteKind.INK, NoteKind.HIGHLIGHT):
            alpha = HIGHLIGHTER_ALPHA if note.kind is NoteKind.HIGHLIGHT else 255
            for s in note.strokes:
                colour = QColor(s.color)
                colour.setAlpha(alpha)
                self.parts.append(_Part(stroke_path(s), None, QBrush(colour)))
        elif note.kind is NoteKind.TEXT_HIGHLIGHT and note.anchor is not None:
            colour = QColor(note.color)
            colour.setAlpha(HIGHLIGHTER_ALPHA)
            path = QPainterPath()
            for r in note.anchor.rects:
                path.addRect(_qrect(r))
            self.parts.append(_Part(path, None, QBrush(colour)))
        elif note.kind is NoteKind.STICKY and note.rect is not None:
            path = QPainterPath()
            icon = QRectF(note.rect.x0, note.rect.y0, STICKY_SIZE, STICKY_SIZE)
            path.addRoundedRect(icon, 3, 3)
            path.moveTo(icon.left() + 4, icon.top() + 7)
            path.lineTo(icon.right() - 4, icon.top() + 7)
            path.moveTo(icon.left() + 4, icon.top() + 12)
            path.lineTo(icon.right() - 6, icon.top() + 12)
            self.parts.append(_Part(path, QPen(QColor(60, 60, 60), 1.0), QBrush(
                QColor(note.color))))
        elif note.kind is NoteKind.TEXT_BOX and note.rect is not None:
            self.text_rect = _qrect(note.rect)
            path = QPainterPath()
            path.addRect(self.text_rect)
            self.parts.append(_Part(path, QPen(QColor(note.color), 0.8), None))
        self.paint_rect = QRectF(self.bounds)
        """Everything the note paints, in page points (a text box's words aside, which may
        overflow it): its bounds and every part, with half its pen and a pixel's margin."""
        for part in self.parts:
            pad = (part.pen.widthF() if part.pen is not None else 0.0) / 2 + 1.0
            self.paint_rect = self.paint_rect.united(
                part.path.controlPointRect().adjusted(-pad, -pad, pad, pad))

    def hit(self, x: float, y: float, slack: float) -> bool:
        """Whether page point (x, y) lies on the note (within ``slack`` points)."""
        area = QRectF(x - slack, y - slack, 2 * slack, 2 * slack)
        for part in self.parts:
            if part.pen is not None and part.brush is None:
                stroker = QPainterPathStroker()
                stroker.setWidth(max(part.pen.widthF(), 1.0))
                if stroker.createStroke(part.path).intersects(area):
                    return True
            elif part.path.intersects(area):
                return True
        return False

    def paint(self, painter: QPainter, frame: PageFrame | None = None) -> None:
        """Draw with ``painter`` already mapping (unrotated) page points to pixels;
        ``frame``: the page's rotation, so that a text box's words stand upright as the
        page is displayed (as the exported /FreeText shows them)."""
        for part in self.parts:
            if part.pen is None and part.brush is not None:
                painter.fillPath(part.path, part.brush)  # strokes: no pen state to set
                continue
            painter.setPen(part.pen if part.pen is not None else Qt.PenStyle.NoPen)
            painter.setBrush(part.brush if part.brush is not None else Qt.BrushStyle.NoBrush)
            painter.drawPath(part.path)
        note = self.note
        if self.text_rect is not None and note.text:
            box = self.text_rect
            turned = frame is not None and frame.rotation != 0
            if turned:
                assert frame is not None
                painter.save()
                # draw in displayed page points: undo the /Rotate part of the transform
                painter.setTransform(frame_transform(frame).inverted()[0] * painter.transform())
                x0, y0, x1, y1 = frame.rect_to_displayed(
                    (box.left(), box.top(), box.right(), box.bottom()))
                box = QRectF(QPointF(x0, y0), QPointF(x1, y1))
            font = painter.font()
            font.setPointSizeF(note.font_size)
            painter.setFont(font)
            painter.setPen(QColor(note.color))
            painter.drawText(box.adjusted(2, 2, -2, -2), int(Qt.TextFlag.TextWordWrap),
                             note.text)
            if turned:
                painter.restore()
        if not self.mine:
            painter.setPen(QPen(SHARED_OUTLINE, 0.6, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            b = note.bounds()
            painter.drawRect(_qrect(b).adjusted(-2, -2, 2, 2))
