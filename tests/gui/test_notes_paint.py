"""Painting notes on a page with /Rotate: strokes follow the page, a text box reads upright."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF

from meetingroom.domain.notes import Note, NoteKind, Point, Rect, Stroke
from meetingroom.domain.page_space import ROTATIONS, PageFrame
from meetingroom.ui.notes.paint import NoteShape, page_transform
from meetingroom.ui.reader.geometry import PageMapper

SHA = "ab" * 32
W, H = 300.0, 400.0
"""The unrotated page."""


def note(kind: NoteKind, **fields: Any) -> Note:
    return Note(id="n1", document_sha256=SHA, page=0, kind=kind, color="#d11f1f",
                created_at=1, updated_at=1, author_id="u1", **fields)


def painted(shape: NoteShape, frame: PageFrame) -> tuple[int, int, int, int]:
    """Draw ``shape`` on the displayed page at zoom 1; the box (x0, y0, x1, y1) of the
    pixels it coloured."""
    mapper = PageMapper(*frame.displayed_size, 1.0)
    image = QImage(round(mapper.width), round(mapper.height), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setTransform(page_transform(mapper, frame))
    shape.paint(painter, frame)
    painter.end()
    white = QColor(Qt.GlobalColor.white).rgb()
    hits = [(x, y) for y in range(image.height()) for x in range(image.width())
            if image.pixel(x, y) != white]
    assert hits
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_a_stroke_is_painted_where_the_rotated_page_shows_its_points(
        qapp: Any, rotation: int) -> None:
    frame = PageFrame(W, H, rotation)
    stroke = Stroke((Point(40, 50), Point(120, 50)), 2.0, "#d11f1f")
    x0, y0, x1, y1 = painted(NoteShape(note(NoteKind.INK, strokes=(stroke,))), frame)
    ex0, ey0, ex1, ey1 = frame.rect_to_displayed((40, 50, 120, 50))
    assert abs(x0 - ex0) <= 2 and abs(x1 - ex1) <= 2
    assert abs(y0 - ey0) <= 2 and abs(y1 - ey1) <= 2


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_text_box_reads_upright_as_the_page_is_displayed(qapp: Any, rotation: int) -> None:
    def words_in(frame: PageFrame) -> tuple[int, int, int, int]:
        # a box 200 wide and 30 high as displayed, stored in unrotated space
        box = frame.rect_to_unrotated((50, 60, 250, 90))
        shape = NoteShape(note(NoteKind.TEXT_BOX, rect=Rect(*box),
                               text="Nguyễn Văn Đức — ý kiến"))
        shape.parts.clear()  # the frame aside: only the words
        return painted(shape, frame)

    upright = words_in(PageFrame(W, H, 0))
    assert upright[2] - upright[0] > 3 * (upright[3] - upright[1])  # one line
    # on the rotated page the words are drawn exactly as on an upright one
    turned = words_in(PageFrame(W, H, rotation))
    assert all(abs(a - b) <= 1 for a, b in zip(turned, upright, strict=True)), turned


# -- strokes as outline polygons ---------------------------------------------------------
def _reference(stroke: Stroke, image: QImage, zoom: float) -> None:
    """The stroke as the union of a disc per point and a quad per segment, each piece
    filled on its own (what the outline stands for, drawn the slow, obvious way)."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(zoom, zoom)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(stroke.color))
    pts = stroke.points
    half = [max(stroke.width * p.pressure, 0.3) / 2 for p in pts]
    for i, p in enumerate(pts):
        painter.drawEllipse(QPointF(p.x, p.y), half[i], half[i])
        if i:
            a = pts[i - 1]
            dx, dy = p.x - a.x, p.y - a.y
            length = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / length, dx / length
            painter.drawPolygon(QPolygonF([
                QPointF(a.x + nx * half[i - 1], a.y + ny * half[i - 1]),
                QPointF(p.x + nx * half[i], p.y + ny * half[i]),
                QPointF(p.x - nx * half[i], p.y - ny * half[i]),
                QPointF(a.x - nx * half[i - 1], a.y - ny * half[i - 1])]))
    painter.end()


def _ink(stroke: Stroke, zoom: float, kind: NoteKind = NoteKind.INK) -> QImage:
    image = QImage(round(W * zoom), round(H * zoom), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(zoom, zoom)
    NoteShape(note(kind, strokes=(stroke,))).paint(painter)
    painter.end()
    return image


def _scribble(pressure: bool, seed: int) -> Stroke:
    rng = random.Random(seed)
    x, y, angle, pts = 150.0, 200.0, 0.0, []
    for i in range(60):
        angle += rng.uniform(-1.2, 1.2)
        x, y = x + 3 * math.cos(angle), y + 3 * math.sin(angle)
        pts.append(Point(x, y, 0.3 + 0.7 * abs(math.sin(i / 5)) if pressure else 1.0))
    return Stroke(tuple(pts), 4.0, "#1f4fbf")


@pytest.mark.parametrize(("pressure", "zoom"), [(True, 1.0), (True, 3.0), (False, 1.0),
                                                (False, 3.0)])
def test_a_stroke_looks_like_discs_and_quads_along_its_line_without_holes(
        qapp: Any, pressure: bool, zoom: float) -> None:
    stroke = _scribble(pressure, seed=7)
    ours = _ink(stroke, zoom)
    ref = QImage(ours.size(), QImage.Format.Format_RGB32)
    ref.fill(Qt.GlobalColor.white)
    _reference(stroke, ref, zoom)
    inked = far = 0
    for y in range(ref.height()):
        for x in range(ref.width()):
            a, b = QColor(ours.pixel(x, y)), QColor(ref.pixel(x, y))
            if a.rgb() != 0xFFFFFFFF or b.rgb() != 0xFFFFFFFF:
                inked += 1
                if max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                       abs(a.blue() - b.blue())) > 64:
                    far += 1
    assert inked > 300
    assert far <= 0.02 * inked, (far, inked)  # only antialiased edge pixels differ
    # no holes: every point of the centre line is fully inked (where 3 pixels wide or more)
    blue = QColor("#1f4fbf").rgb()
    thick = [p for p in stroke.points if stroke.width * p.pressure * zoom >= 3]
    assert len(thick) > 10
    for p in thick:
        assert ours.pixel(round(p.x * zoom - 0.5), round(p.y * zoom - 0.5)) == blue


def test_a_highlighter_stroke_crossing_itself_is_no_darker_where_it_crosses(
        qapp: Any) -> None:
    # a loop: right, down, left, then up through the first segment
    line = [(100, 100), (200, 100), (200, 160), (140, 160), (140, 60)]
    pts = []
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        pts += [Point(x0 + (x1 - x0) * t / 10, y0 + (y1 - y0) * t / 10) for t in range(10)]
    for pressure in (False, True):
        stroke = Stroke(tuple(Point(p.x, p.y, 0.8 if pressure else 1.0) for p in pts), 12.0,
                        "#e0c000")
        image = _ink(stroke, 1.0, NoteKind.HIGHLIGHT)
        crossing, plain = image.pixel(140, 100), image.pixel(170, 100)
        assert crossing == plain != QColor(Qt.GlobalColor.white).rgb()
