"""Notes in the reader, end to end: real server, real engines, real render process, real PDFs.

Strokes drawn with synthetic mouse and stylus events are saved, come back on another
device of the same user, never reach another user; a text highlight comes from a real
selection; undo deletes the stroke from the engine too; the export carries real Ink
annotations, which poppler draws where the notes are and nowhere else, and passes
``qpdf --check``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pymupdf
from notes_pixels import differing, differing_outside, rendered
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from meetingroom.domain.model import Document
from meetingroom.domain.notes import NoteKind
from meetingroom.ui.notes.controller import NotesController
from meetingroom.ui.notes.layer import NotesLayer, NoteTool
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.app import ClientApp

WAIT = 20_000
RED = "#d11f1f"


def open_document(qtbot: Any, client: ClientApp, doc: Document
                  ) -> tuple[DocumentViewer, NotesController]:
    """Open ``doc`` through the main window, as a user does; wait for the first page."""
    window = client.window
    qtbot.waitUntil(lambda: window.meeting_id is not None
                    and client.engine.documents.is_ready(doc.sha256), timeout=WAIT)
    viewer = window.open_document(doc)
    assert isinstance(viewer, DocumentViewer)
    qtbot.waitUntil(lambda: viewer.page.image is not None and 0 in viewer.canvas.views,
                    timeout=WAIT)
    notes = viewer.findChild(NotesController)
    assert notes is not None
    qtbot.waitUntil(lambda: notes.layer_of(0) is not None)
    return viewer, notes


def layer(notes: NotesController, page: int = 0) -> NotesLayer:
    found = notes.layer_of(page)
    assert found is not None
    return found


def drag_with_mouse(qtbot: Any, target: NotesLayer, points: list[tuple[int, int]]) -> None:
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:-1]:
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(x, y), target.mapToGlobal(
            QPointF(x, y)), Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, move)
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def draw_with_stylus(target: NotesLayer, samples: list[tuple[float, float, float]]) -> None:
    """Press, move and release a pen on ``target``: (x, y, pressure) per sample."""
    stylus = QPointingDevice(
        "test stylus", 7, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)
    last = len(samples) - 1
    for i, (x, y, pressure) in enumerate(samples):
        kind = (QEvent.Type.TabletPress if i == 0 else
                QEvent.Type.TabletRelease if i == last else QEvent.Type.TabletMove)
        pos = QPointF(x, y)
        event = QTabletEvent(kind, stylus, pos, target.mapToGlobal(pos), pressure, 0.0, 0.0,
                             0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier,
                             Qt.MouseButton.LeftButton,
                             Qt.MouseButton.NoButton if i == last else Qt.MouseButton.LeftButton)
        QApplication.sendEvent(target, event)
        assert event.isAccepted()


def ink_notes(client: ClientApp, meeting_id: str, sha: str) -> list[Any]:
    return [n for n in client.engine.notes.visible(meeting_id, sha) if n.kind is NoteKind.INK]


def pixel_is_red(view: Any, x: float, y: float) -> bool:
    image = view.grab().toImage()
    colour = image.pixelColor(round(x * image.devicePixelRatio()),
                              round(y * image.devicePixelRatio()))
    return colour.red() > 150 and colour.green() < 100 and colour.blue() < 100


def test_strokes_drawn_with_mouse_and_stylus_are_saved_follow_the_user_and_stay_private(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=2)
    mid, doc = m["meeting_id"], m["document"]
    first = login(clients("tablet-1"), "delegate")
    viewer, notes = open_document(qtbot, first, doc)
    notes.set_tool(NoteTool.PEN)
    notes.toolbar.colour_buttons[RED].click()
    assert notes.board.color == RED
    drag_with_mouse(qtbot, layer(notes), [(100, 100), (160, 110), (220, 120), (300, 130)])
    draw_with_stylus(layer(notes), [(100, 300, 0.2), (180, 310, 0.6), (260, 320, 0.9)])
    # saved on this device at once (the engine's cache), with the stylus pressure kept
    qtbot.waitUntil(lambda: len(ink_notes(first, mid, doc.sha256)) == 2, timeout=WAIT)
    # mouse stroke first (drawn higher up the page), then the stylus one
    saved = sorted(ink_notes(first, mid, doc.sha256), key=lambda n: n.strokes[0].points[0].y)
    assert all(n.author_id == first.engine.user.id and not n.shared for n in saved)
    assert [p.pressure for p in saved[1].strokes[0].points] == [0.2, 0.6, 0.9]
    assert {p.pressure for p in saved[0].strokes[0].points} == {1.0}
    assert saved[0].strokes[0].color == RED and len(saved[0].strokes[0].points) == 4
    x0, y0 = viewer.canvas.views[0].mapper.to_page(100, 100)
    start = saved[0].strokes[0].points[0]
    assert abs(start.x - x0) < 0.01 and abs(start.y - y0) < 0.01  # page points, not pixels
    assert len(notes.panel.list.findItems("Page 1", Qt.MatchFlag.MatchStartsWith)) == 2
    # a stroke the other user may see: shared with the meeting, confirmed
    shared_item = notes.panel.item_of(saved[0].id)
    assert shared_item is not None
    notes.panel.list.setCurrentItem(shared_item)
    notes.panel.share_button.click()
    notes.panel.confirm_button.click()
    qtbot.waitUntil(lambda: any(n.shared for n in ink_notes(first, mid, doc.sha256)))
    viewer.close()
    first.close()

    # the same tablet restarted, offline: both strokes are still there and drawn
    again = clients("tablet-1-again", data_dir=first.data_dir)
    again.start(resume=False)
    viewer1, notes1 = open_document(qtbot, again, doc)
    assert sorted(n.id for n in notes1.notes) == sorted(n.id for n in saved)
    assert len(notes1.board.shapes[0]) == 2
    view1 = viewer1.canvas.views[0]
    pen = saved[0].strokes[0].points
    assert pixel_is_red(view1, *view1.mapper.to_widget((pen[1].x + pen[2].x) / 2,
                                                       (pen[1].y + pen[2].y) / 2))
    viewer1.close()

    # another tablet of the same user: both strokes come back from the server, drawn
    second = login(clients("tablet-2"), "delegate")
    qtbot.waitUntil(lambda: len(ink_notes(second, mid, doc.sha256)) == 2, timeout=WAIT)
    viewer2, notes2 = open_document(qtbot, second, doc)
    assert {n.id for n in notes2.notes} == {n.id for n in saved}
    assert len(notes2.board.shapes[0]) == 2
    view2 = viewer2.canvas.views[0]
    pen = next(n for n in notes2.notes if n.id == saved[0].id).strokes[0].points
    mx, my = view2.mapper.to_widget((pen[1].x + pen[2].x) / 2, (pen[1].y + pen[2].y) / 2)
    assert pixel_is_red(view2, mx, my)  # the stroke is painted on the page

    # another user only ever receives the shared one
    other = login(clients("chair"), "chair")
    qtbot.waitUntil(lambda: len(other.engine.notes.visible(mid, doc.sha256)) >= 1, timeout=WAIT)
    theirs = other.engine.notes.visible(mid, doc.sha256)
    assert [n.id for n in theirs] == [saved[0].id] and theirs[0].shared
    _, notes3 = open_document(qtbot, other, doc)
    item = notes3.panel.item_of(saved[0].id)
    assert item is not None and "Shared by Delegate" in item.text()
    notes3.panel.list.setCurrentItem(item)
    assert not notes3.panel.share_button.isVisible()  # not theirs to change


def test_sharing_a_note_asks_first_naming_who_will_see_it_and_stopping_is_one_click(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=1)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)
    viewer.resize(1100, 700)
    if not viewer.sidebar.isVisible():
        viewer.toggle_sidebar()
    viewer.sidebar.setCurrentWidget(notes.panel)
    assert notes.add_text_note(0, 80.0, 90.0, "Hỏi lại số liệu", tool=NoteTool.STICKY,
                               colour="#f2c200")
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 1, timeout=WAIT)
    panel = notes.panel
    note_id = client.engine.notes.visible(mid, doc.sha256)[0].id
    item = panel.item_of(note_id)
    assert item is not None and "Private: only you see it" in item.text()
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable  # no unlabeled box

    def shared() -> bool:
        return client.engine.notes.visible(mid, doc.sha256)[0].shared

    # clicks on the note itself (where the box was) jump to it and never share it; they
    # used to raise AttributeError in _clicked as the list was rebuilt under the click
    for _ in range(3):
        rect = panel.list.visualItemRect(panel.item_of(note_id))
        for x in (rect.left() + 8, rect.center().x()):
            qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                             pos=QPoint(x, rect.center().y()))
        notes.reload()  # the list rebuilt, as a sync event does
    assert not shared()
    assert panel.current_note_id() == note_id  # kept across the rebuilds
    assert panel.share_button.isVisible() and panel.share_button.isEnabled()
    assert panel.share_button.text() == "Share with the meeting…"
    assert panel.share_button.accessibleName() == "Share with the meeting…"

    # "Share…" asks first, naming the others who will see it; Cancel shares nothing
    panel.share_button.click()
    assert panel.confirm.isVisible() and not panel.share_button.isEnabled()
    question = panel.question.text()
    assert "2 other participants will see it" in question
    assert "Chair" in question and "Secretary" in question and "Delegate" not in question
    panel.cancel_button.click()
    assert not panel.confirm.isVisible()
    notes.reload()
    assert not shared() and "Private" in panel.item_of(note_id).text()

    # confirmed: shared; the row says so, and one click stops sharing
    panel.share_button.click()
    panel.confirm_button.click()
    qtbot.waitUntil(shared, timeout=WAIT)
    qtbot.waitUntil(lambda: panel.share_button.text() == "Stop sharing", timeout=WAIT)
    assert "Shared with the meeting" in panel.item_of(note_id).text()
    panel.share_button.click()
    qtbot.waitUntil(lambda: not shared(), timeout=WAIT)
    qtbot.waitUntil(lambda: panel.share_button.text() == "Share with the meeting…",
                    timeout=WAIT)


def test_undo_removes_the_last_stroke_everywhere_and_redo_brings_it_back(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=1)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)
    notes.toolbar.tool_buttons[NoteTool.PEN].click()
    assert notes.board.tool is NoteTool.PEN
    drag_with_mouse(qtbot, layer(notes), [(80, 80), (200, 90)])
    drag_with_mouse(qtbot, layer(notes), [(80, 200), (200, 210)])
    qtbot.waitUntil(lambda: len(ink_notes(client, mid, doc.sha256)) == 2, timeout=WAIT)
    # the one drawn second, lower on the page (both may carry the same millisecond)
    last = max(ink_notes(client, mid, doc.sha256), key=lambda n: n.strokes[0].points[0].y)
    qtbot.keyClick(viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert last.id not in {n.id for n in notes.notes}  # gone from the page at once
    qtbot.waitUntil(lambda: [n.id for n in ink_notes(client, mid, doc.sha256)] != [] and
                    last.id not in {n.id for n in ink_notes(client, mid, doc.sha256)},
                    timeout=WAIT)
    assert len(ink_notes(client, mid, doc.sha256)) == 1
    assert notes.toolbar.redo.isEnabled()
    qtbot.keyClick(viewer, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert last.id in {n.id for n in notes.notes}
    qtbot.waitUntil(lambda: last.id in {n.id for n in ink_notes(client, mid, doc.sha256)},
                    timeout=WAIT)
    back = next(n for n in ink_notes(client, mid, doc.sha256) if n.id == last.id)
    assert back.strokes == last.strokes and back.updated_at > last.updated_at
    # the eraser removes a stroke it touches
    notes.set_tool(NoteTool.ERASER)
    ex, ey = viewer.canvas.views[0].mapper.to_widget(back.strokes[0].points[0].x,
                                                     back.strokes[0].points[0].y)
    qtbot.mouseClick(layer(notes), Qt.MouseButton.LeftButton, pos=QPoint(round(ex), round(ey)))
    qtbot.waitUntil(lambda: len(ink_notes(client, mid, doc.sha256)) == 1, timeout=WAIT)
    assert last.id not in {n.id for n in ink_notes(client, mid, doc.sha256)}


def test_a_text_highlight_is_made_from_the_selection(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=1)
    mid, doc = m["meeting_id"], m["document"]
    with pymupdf.open(m["pdf"]) as pdf:
        words = pdf[0].get_text("words")
    first_word, fourth_word = words[0], words[3]
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)
    view = viewer.canvas.views[0]
    start = view.mapper.to_widget((first_word[0] + first_word[2]) / 2,
                                  (first_word[1] + first_word[3]) / 2)
    end = view.mapper.to_widget((fourth_word[0] + fourth_word[2]) / 2,
                                (fourth_word[1] + fourth_word[3]) / 2)
    target = layer(notes)  # in reading mode the layer lets the page select text
    assert target.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, start)))
    qtbot.mouseMove(view, QPoint(*map(round, end)))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, end)))
    qtbot.waitUntil(lambda: 0 in viewer.canvas.words, timeout=WAIT)
    qtbot.mouseMove(view, QPoint(*map(round, end)))
    selected = viewer.canvas.selected_text
    assert selected
    chosen = [tuple(r) for r in view.selection]
    assert notes.toolbar.highlight.isEnabled()
    notes.toolbar.highlight.click()
    qtbot.waitUntil(lambda: any(n.kind is NoteKind.TEXT_HIGHLIGHT
                                for n in client.engine.notes.visible(mid, doc.sha256)),
                    timeout=WAIT)
    note = next(n for n in client.engine.notes.visible(mid, doc.sha256))
    assert note.anchor is not None
    assert note.anchor.quote == " ".join(selected.split())
    assert note.anchor.quote.split()[0] == first_word[4]
    shown = viewer.canvas.words[0]  # the words in the reader's reading order
    end_at = max(i for i, w in enumerate(shown) if tuple(w.rect) in chosen)
    assert note.anchor.suffix.split()[0] == shown[end_at + 1].text  # context after the quote
    r = note.anchor.rects[0]
    assert r.x0 <= first_word[0] + 0.5 and r.y0 <= first_word[1] + 0.5
    assert viewer.canvas.selected_text == ""  # the selection became the highlight
    item = notes.panel.item_of(note.id)
    assert item is not None and note.anchor.quote[:20] in item.text()


def test_export_with_my_notes_writes_ink_annotations_that_qpdf_accepts(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    m = room.published_meeting(pages=2)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    _, notes = open_document(qtbot, client, doc)
    notes.set_tool(NoteTool.PEN)
    drag_with_mouse(qtbot, layer(notes), [(100, 100), (200, 150), (300, 120)])
    notes.set_tool(NoteTool.HIGHLIGHTER)
    drag_with_mouse(qtbot, layer(notes), [(100, 400), (300, 400)])
    assert notes.add_text_note(0, 300.0, 600.0, "Ghi chú: đề nghị làm rõ số liệu",
                               tool=NoteTool.STICKY, colour="#f2c200")
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 3, timeout=WAIT)
    out = tmp_path / "exported" / "bao-cao (ghi chú).pdf"
    out.parent.mkdir()
    with qtbot.waitSignal(notes.exported, timeout=WAIT) as done:
        notes.export_to(out)
    assert done.args == [out]
    assert str(out) in notes.panel.status.text()
    with pymupdf.open(out) as pdf:
        kinds = sorted(a.type[1] for a in pdf[0].annots())
        assert kinds == ["Ink", "Ink", "Text"]
        assert pdf[0].first_annot is not None
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert m["pdf"].read_bytes() != out.read_bytes()
    # poppler draws the notes: pixels differ inside the ink's box, not far from any note
    bounds = [n.bounds() for n in client.engine.notes.visible(mid, doc.sha256)]
    ink = next(n for n in client.engine.notes.visible(mid, doc.sha256) if n.kind is NoteKind.INK)
    before = rendered(m["pdf"], tmp_path / "before")
    after = rendered(out, tmp_path / "after")
    b = ink.bounds()
    assert differing(before, after, (b.x0, b.y0, b.x1, b.y1)) > 20
    assert differing_outside(before, after, [(r.x0, r.y0, r.x1, r.y1) for r in bounds],
                             margin=24) == 0
