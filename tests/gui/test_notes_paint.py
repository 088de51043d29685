"""Painting notes on a page with /Rotate: strokes follow the page, a text box reads upright."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from meetingroom.domain.notes import Note, NoteKind, Point, Rect, Stroke
from meetingroom.domain.page_space import ROTATIONS, PageFrame
from meetingroom.ui.notes_paint import NoteShape, page_transform
from meetingroom.ui.reader_geometry import PageMapper

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
