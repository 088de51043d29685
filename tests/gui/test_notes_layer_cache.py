"""The notes layer's drawn image: an erase, an undo or an edit redraws only the area the
changed note covers, and the page looks exactly as if every note had been drawn again."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QScrollArea, QWidget

from meetingroom.bench.inputs import strokes_for
from meetingroom.domain.notes import Note, NoteKind, Point, Rect, Stroke
from meetingroom.ui.notes.layer import NotesBoard, NotesLayer
from meetingroom.ui.notes.paint import NoteShape
from meetingroom.ui.reader.geometry import PageMapper
from meetingroom.ui.reader.page import PageView

W, H = 595.0, 842.0


def _page(parent: QWidget, board: NotesBoard, *, zoom: float, rotation: int
          ) -> tuple[PageView, NotesLayer]:
    mapper = PageMapper(W, H, zoom, rotation)
    view = PageView(0, mapper, parent)
    w, h = mapper.widget_size
    view.resize(round(w), round(h))
    return view, NotesLayer(view, board)


def _shot(view: PageView) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _fresh(board: NotesBoard, *, zoom: float, rotation: int) -> QImage:
    """The page with every note drawn anew by a new layer (over as many paints as it
    takes: a layer with many notes fills them in a few at a time)."""
    parent = QWidget()
    view, layer = _page(parent, board, zoom=zoom, rotation=rotation)
    shot = _shot(view)
    while layer.drawing_pending:
        shot = _shot(view)
    parent.deleteLater()
    return shot


def _differing(a: QImage, b: QImage) -> list[tuple[int, int, int]]:
    """Pixels (x, y, largest channel difference) that differ by more than antialiasing's
    rounding (a clipped painter may round an edge pixel's coverage one level off)."""
    assert a.size() == b.size() and a.format() == b.format() == QImage.Format.Format_RGB32
    stride = a.bytesPerLine()
    da, db = bytes(a.constBits()), bytes(b.constBits())
    out = []
    for y in range(a.height()):
        row = slice(y * stride, (y + 1) * stride)
        if da[row] == db[row]:
            continue
        for x in range(a.width()):
            i = y * stride + 4 * x
            d = max(abs(da[i + c] - db[i + c]) for c in range(3))
            if d > 3:
                out.append((x, y, d))
    return out[:5]


@pytest.mark.parametrize(("zoom", "rotation"), [(1.0, 0), (1.7, 90), (0.6, 270)])
def test_erase_undo_and_edit_look_exactly_like_a_full_redraw(
        qapp: Any, zoom: float, rotation: int) -> None:
    board = NotesBoard()
    notes = strokes_for(150, 30)
    box = Note(id="box", document_sha256="b" * 64, page=0, kind=NoteKind.TEXT_BOX,
               color="#c62828", created_at=1, updated_at=1, author_id="bench",
               rect=Rect(100, 100, 300, 140), text="Ý kiến của đại biểu")
    shapes = [NoteShape(n, mine=k % 5 != 0) for k, n in enumerate(notes)]
    board.shapes[0] = [*shapes[:40], NoteShape(box), *shapes[40:]]
    parent = QWidget()
    view, _ = _page(parent, board, zoom=zoom, rotation=rotation)
    first = _shot(view)
    assert first == _fresh(board, zoom=zoom, rotation=rotation)

    def changed(new: list[NoteShape]) -> None:
        board.shapes[0] = new
        shot, fresh = _shot(view), _fresh(board, zoom=zoom, rotation=rotation)
        assert _differing(shot, fresh) == []

    now = board.shapes[0]
    erased = [*now[:70], *now[71:]]  # an erase in the middle of the pile
    changed(erased)
    changed(now)  # undo: the note comes back in its place, under the later ones
    edited = NoteShape(notes[10])  # the same note again (an edit replaces the shape)
    changed([*now[:10], edited, *now[11:]])
    wide = Stroke(tuple(Point(50 + 5 * i, 400.0) for i in range(100)), 12.0, "#2e7d32")
    long = NoteShape(Note(id="w", document_sha256="b" * 64, page=0, kind=NoteKind.HIGHLIGHT,
                          color="#2e7d32", created_at=2, updated_at=2, author_id="bench",
                          strokes=(wide,)))
    changed([*board.shapes[0], long])  # a new stroke on top
    changed([long, *board.shapes[0][:-1]])  # a highlight slipped in under everything
    changed(board.shapes[0][1:40] + board.shapes[0][41:])  # the text box removed
    assert _shot(view) != first
    parent.deleteLater()


def test_a_page_taller_than_the_window_is_drawn_as_it_scrolls_and_stays_right(
        qapp: Any) -> None:
    board = NotesBoard()
    notes = strokes_for(200, 30)
    board.shapes[0] = [NoteShape(n) for n in notes]
    area = QScrollArea()
    area.resize(420, 300)
    holder = QWidget()
    view, _ = _page(holder, board, zoom=1.3, rotation=0)
    holder.resize(view.size())
    area.setWidget(holder)
    area.show()
    bar = area.verticalScrollBar()
    for step, value in enumerate((0, bar.maximum() // 2, bar.maximum(), 0)):
        bar.setValue(value)
        qapp.processEvents()  # paints only what the window shows
        now = board.shapes[0]
        board.shapes[0] = [*now[:step * 40], *now[step * 40 + 1:]]  # an erase, here or not
        view.update()
        qapp.processEvents()
    board.shapes[0] = [NoteShape(notes[0]), *board.shapes[0]]  # one slipped in under all
    view.update()
    qapp.processEvents()
    layer = view.findChild(NotesLayer)
    assert layer is not None
    shot = _shot(view)
    while layer.drawing_pending:  # a slow machine may need more than one paint
        shot = _shot(view)
    assert _differing(shot, _fresh(board, zoom=1.3, rotation=0)) == []
    area.deleteLater()


def _filled_in(view: PageView, layer: NotesLayer) -> QImage:
    """Paint until the layer has nothing left to draw (within 200 paints); the last."""
    shot, paints = _shot(view), 1
    while layer.drawing_pending:
        shot = _shot(view)
        paints += 1
        assert paints < 200
    return shot


def test_a_thousand_strokes_are_filled_over_several_paints_and_end_up_complete(
        qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import meetingroom.ui.notes.layer as notes_layer

    board = NotesBoard()
    board.shapes[0] = [NoteShape(n) for n in strokes_for(1000, 50)]
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", 0.0)  # one note a paint
    parent = QWidget()
    view, layer = _page(parent, board, zoom=1.5, rotation=0)
    first = _shot(view)
    assert layer.drawing_pending  # the first paint drew the bottom note only
    second = _shot(view)
    assert layer.drawing_pending and second != first  # one more, on the same image
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", 0.003)
    last = _filled_in(view, layer)
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", None)
    assert _differing(last, _fresh(board, zoom=1.5, rotation=0)) == []
    parent.deleteLater()


@pytest.mark.parametrize("change", ["added on top", "erased", "slipped in under"])
def test_a_note_changed_while_the_page_is_filled_in_ends_up_right(
        qapp: Any, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    import meetingroom.ui.notes.layer as notes_layer

    notes = strokes_for(400, 50, seed=3)
    board = NotesBoard()
    board.shapes[0] = [NoteShape(n) for n in notes[1:]]
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", 0.0)  # one note a paint
    parent = QWidget()
    view, layer = _page(parent, board, zoom=1.2, rotation=0)
    for _ in range(5):
        _shot(view)
    assert layer.drawing_pending  # filled in part
    now = board.shapes[0]
    board.shapes[0] = {"added on top": [*now, NoteShape(notes[0])],
                       "erased": [*now[:2], *now[3:]],  # one already drawn
                       "slipped in under": [NoteShape(notes[0]), *now]}[change]
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", 0.003)
    shot = _filled_in(view, layer)
    monkeypatch.setattr(notes_layer, "PAINT_BUDGET", None)
    assert _differing(shot, _fresh(board, zoom=1.2, rotation=0)) == []
    parent.deleteLater()
