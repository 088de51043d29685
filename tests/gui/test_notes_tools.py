"""The notes tools end to end: a page with /Rotate, editing, moving and deleting notes,
the notes summary. Real server, real engines, real render process, real PDFs."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pymupdf
from notes_fixtures import PARAGRAPH, PageSpec, make_pdf
from notes_pixels import differing, differing_outside, rendered
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from test_notes_ui import WAIT, drag_with_mouse, layer, open_document, pixel_is_red

from meetingroom.domain.notes import Anchor, NoteEdit, NoteKind, Rect
from meetingroom.ui.notes.editor import NoteTextEditor
from meetingroom.ui.notes.layer import NoteTool

RED = "#d11f1f"


def meeting_with(room: Any, pdf: Path) -> dict[str, Any]:
    """A published meeting whose first item carries ``pdf``."""
    admin = room.admin
    mid = admin.create_meeting("Kỳ họp chuyên đề", location="Phòng 2",
                               starts_at="2026-12-02T08:00",
                               created_by=room.users["secretary"].id)
    admin.set_participants(mid, ["secretary", "chair", "delegate"])
    item = admin.add_item(mid, "Báo cáo")
    doc = admin.attach(mid, item.id, pdf, name="xoay.pdf")
    admin.publish(mid)
    return {"meeting_id": mid, "document": doc, "pdf": pdf}


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_ink_drawn_on_a_rotated_page_is_stored_unrotated_and_exported_where_it_was_drawn(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "xoay.pdf", [PageSpec(PARAGRAPH, rotate=90)])
    m = meeting_with(room, pdf)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)
    assert viewer.info is not None and viewer.info.page_rotations == (90,)
    view = viewer.canvas.views[0]
    assert view.mapper.width > view.mapper.height  # the portrait page shows as landscape
    notes.set_tool(NoteTool.PEN)
    notes.toolbar.colour_buttons[RED].click()
    # a stroke across the upper left of the page as it is shown
    shown = [(120.0, 60.0), (220.0, 90.0), (320.0, 70.0), (420.0, 100.0)]
    widget = [view.mapper.to_widget(x, y) for x, y in shown]
    drag_with_mouse(qtbot, layer(notes), [(round(x), round(y)) for x, y in widget])
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 1, timeout=WAIT)
    note = client.engine.notes.visible(mid, doc.sha256)[0]
    with pymupdf.open(pdf) as src:
        page = src[0]
        # stored in unrotated space: PyMuPDF's rotation matrix brings each point back to
        # where it was drawn on the displayed page
        for p, (x, y) in zip(note.strokes[0].points, shown, strict=True):
            back = pymupdf.Point(p.x, p.y) * page.rotation_matrix
            assert abs(back.x - x) < 1.0 and abs(back.y - y) < 1.0
    # painted on the screen where it was drawn
    mx, my = view.mapper.to_widget(170.0, 75.0)
    qtbot.waitUntil(lambda: pixel_is_red(view, mx, my), timeout=WAIT)

    out = tmp_path / "xuat.pdf"
    with qtbot.waitSignal(notes.exported, timeout=WAIT):
        notes.export_to(out)
    with pymupdf.open(out) as exported:
        page = exported[0]
        annots = list(page.annots())
        assert [a.type[1] for a in annots] == ["Ink"]
        area = annots[0].rect * page.rotation_matrix  # the annotation as displayed
        for x, y in shown:
            assert area.x0 - 1 <= x <= area.x1 + 1 and area.y0 - 1 <= y <= area.y1 + 1
        assert area.width < 340 and area.height < 80  # around the stroke, not elsewhere
    before, after = rendered(pdf, tmp_path / "before"), rendered(out, tmp_path / "after")
    assert (before.width(), before.height()) == (after.width(), after.height())
    assert differing(before, after, (120, 60, 420, 100)) > 20  # the ink is drawn there
    assert differing_outside(before, after, [(120, 60, 420, 100)], margin=20) == 0
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # the eraser finds the stroke where it is shown
    notes.set_tool(NoteTool.ERASER)
    ex, ey = view.mapper.to_widget(*shown[2])
    qtbot.mouseClick(layer(notes), Qt.MouseButton.LeftButton, pos=QPoint(round(ex), round(ey)))
    qtbot.waitUntil(lambda: client.engine.notes.visible(mid, doc.sha256) == [], timeout=WAIT)


def test_a_text_highlight_on_a_rotated_page_covers_its_words_in_unrotated_space(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "xoay.pdf", [PageSpec(PARAGRAPH, rotate=270)])
    m = meeting_with(room, pdf)
    mid, doc = m["meeting_id"], m["document"]
    with pymupdf.open(pdf) as src:
        words = src[0].get_text("words", sort=True)  # unrotated boxes
        matrix = src[0].rotation_matrix
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)
    view = viewer.canvas.views[0]

    def centre(w: Any) -> QPoint:
        c = pymupdf.Rect(w[:4]).tl * 0.5 + pymupdf.Rect(w[:4]).br * 0.5
        shown = c * matrix
        x, y = view.mapper.to_widget(shown.x, shown.y)
        return QPoint(round(x), round(y))

    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre(words[0]))
    qtbot.mouseMove(view, centre(words[2]))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre(words[2]))
    qtbot.waitUntil(lambda: bool(viewer.canvas.selected_text), timeout=WAIT)
    assert notes.highlight_selection()
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 1, timeout=WAIT)
    note = client.engine.notes.visible(mid, doc.sha256)[0]
    assert note.anchor is not None and note.anchor.quote.split()[0] == words[0][4]
    line = note.anchor.rects[0]
    for w in words[:3]:
        assert line.x0 - 0.5 <= w[0] and w[2] <= line.x1 + 0.5
        assert line.y0 - 0.5 <= w[1] and w[3] <= line.y1 + 0.5


def press_drag(target: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    a, b = QPointF(*start), QPointF(*end)
    for kind, pos, buttons in ((QEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseMove, (a + b) / 2, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseMove, b, Qt.MouseButton.LeftButton),
                               (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(target, QMouseEvent(
            kind, pos, target.mapToGlobal(pos), Qt.MouseButton.LeftButton, buttons,
            Qt.KeyboardModifier.NoModifier))


def test_sticky_notes_and_text_boxes_are_edited_moved_and_deleted_with_undo(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=1)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, doc)

    def stored(note_id: str) -> Any:
        return next((n for n in client.engine.notes.visible(mid, doc.sha256)
                     if n.id == note_id), None)

    assert notes.add_text_note(0, 100.0, 120.0, "Cần bổ sung số liệu", tool=NoteTool.TEXT_BOX,
                               colour="#1f4fbf")
    assert notes.add_text_note(0, 300.0, 500.0, "Hỏi lại", tool=NoteTool.STICKY,
                               colour="#f2c200")
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 2, timeout=WAIT)
    box = next(n for n in notes.notes if n.kind is NoteKind.TEXT_BOX)
    sticky = next(n for n in notes.notes if n.kind is NoteKind.STICKY)
    assert box.rect is not None and sticky.rect is not None

    # a double-click in the notes panel opens the saved words; saving replaces them
    item = notes.panel.item_of(box.id)
    assert item is not None
    notes.panel.list.itemDoubleClicked.emit(item)
    editor = viewer.findChild(NoteTextEditor)
    assert editor is not None and editor.field.toPlainText() == "Cần bổ sung số liệu"
    editor.field.setPlainText("Cần bổ sung số liệu quý III của các huyện miền núi phía Bắc")
    editor.save.click()
    qtbot.waitUntil(lambda: stored(box.id).text.endswith("phía Bắc"), timeout=WAIT)
    edited = stored(box.id)
    assert edited.rect.y1 > box.rect.y1  # the box grew to hold the longer text
    assert edited.rect.x0 == box.rect.x0 and edited.rect.y0 == box.rect.y0

    # the select tool drags the sticky note by its icon
    notes.set_tool(NoteTool.SELECT)
    view = viewer.canvas.views[0]
    start = view.mapper.to_widget(sticky.rect.x0 + 8, sticky.rect.y0 + 8)
    end = (start[0] + 60, start[1] - 40)
    press_drag(layer(notes), start, end)
    qtbot.waitUntil(lambda: stored(sticky.id).rect != sticky.rect, timeout=WAIT)
    moved = stored(sticky.id).rect
    zoom = view.mapper.zoom
    assert abs(moved.x0 - (sticky.rect.x0 + 60 / zoom)) < 0.5
    assert abs(moved.y0 - (sticky.rect.y0 - 40 / zoom)) < 0.5
    assert stored(sticky.id).text == "Hỏi lại"

    # a double-click on the page with the select tool opens it too
    at = view.mapper.to_widget(moved.x0 + 8, moved.y0 + 8)
    # the layer shows the note where it was moved to (the engine's echo has come back)
    qtbot.waitUntil(lambda: layer(notes).note_at(QPointF(*at)) is not None, timeout=WAIT)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # the drag's clicks are not part of it
    qtbot.mouseDClick(layer(notes), Qt.MouseButton.LeftButton,
                      pos=QPoint(round(at[0]), round(at[1])))
    opened = [e for e in viewer.findChildren(NoteTextEditor) if e.isVisible()]
    assert [e.field.toPlainText() for e in opened] == ["Hỏi lại"]
    opened[0].cancel.click()
    # so does a tap with the sticky note tool (rather than adding a note on top of it)
    notes.set_tool(NoteTool.STICKY)
    qtbot.mouseClick(layer(notes), Qt.MouseButton.LeftButton,
                     pos=QPoint(round(at[0]), round(at[1])))
    opened = [e for e in viewer.findChildren(NoteTextEditor) if e.isVisible()]
    assert [e.field.toPlainText() for e in opened] == ["Hỏi lại"]
    opened[0].cancel.click()
    # and a double-click on it while reading (the page, not the layer, gets the clicks)
    notes.set_tool(NoteTool.READ)
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseDClick(viewer.canvas.views[0], Qt.MouseButton.LeftButton,
                      pos=QPoint(round(at[0]), round(at[1])))
    opened = [e for e in viewer.findChildren(NoteTextEditor) if e.isVisible()]
    assert [e.field.toPlainText() for e in opened] == ["Hỏi lại"]
    opened[0].cancel.click()
    assert len(notes.notes) == 2

    # undo puts the sticky back, then the text box's old words; redo moves it again
    notes.undo()
    qtbot.waitUntil(lambda: stored(sticky.id).rect == sticky.rect, timeout=WAIT)
    notes.undo()
    qtbot.waitUntil(lambda: stored(box.id).text == "Cần bổ sung số liệu", timeout=WAIT)
    notes.redo()
    notes.redo()
    qtbot.waitUntil(lambda: stored(sticky.id).rect == moved, timeout=WAIT)

    # deleting from the context menu; undo brings the note back
    notes.changes.menu(sticky.id, QPoint(10, 10), notes.panel.list)
    menu = notes.changes.last_menu
    assert menu is not None and menu.edit_action is not None
    menu.delete_action.trigger()
    assert sticky.id not in {n.id for n in notes.notes}
    qtbot.waitUntil(lambda: stored(sticky.id) is None, timeout=WAIT)
    notes.undo()
    qtbot.waitUntil(lambda: stored(sticky.id) is not None, timeout=WAIT)
    # and with the Delete key in the panel
    notes.panel.list.setCurrentItem(notes.panel.item_of(box.id))
    qtbot.keyClick(notes.panel.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: stored(box.id) is None, timeout=WAIT)

    # shared with the meeting, it stays read-only for everyone else
    notes.set_shared(sticky.id, True)
    other = login(clients("chair"), "chair")
    qtbot.waitUntil(lambda: len(other.engine.notes.visible(mid, doc.sha256)) == 1, timeout=WAIT)
    _, theirs = open_document(qtbot, other, doc)
    assert not theirs.changes.move_note(sticky.id, 10.0, 10.0)
    assert not theirs.changes.edit_text(sticky.id, "sửa trộm")
    assert not theirs.changes.delete_note(sticky.id)
    assert theirs.changes.open_editor(sticky.id) is None
    theirs.set_tool(NoteTool.SELECT)
    assert layer(theirs).note_at(QPointF(*at)) is None
    # the move, like any change, reached the server and the other user
    assert (other.engine.notes.visible(mid, doc.sha256)[0].text, other.engine.notes.visible(
        mid, doc.sha256)[0].rect) == ("Hỏi lại", moved)


def test_the_notes_summary_lists_the_notes_with_their_page_and_quote(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    m = room.published_meeting(pages=2)
    mid, doc = m["meeting_id"], m["document"]
    client = login(clients("d"), "delegate")
    _, notes = open_document(qtbot, client, doc)
    assert notes.toolbar.summary.text() == "Notes summary (PDF)…"
    assert notes.add_text_note(0, 80.0, 90.0, "Đề nghị làm rõ nguồn vốn đầu tư công",
                               tool=NoteTool.STICKY, colour="#f2c200")
    quote = Anchor("tình hình kinh tế xã hội", rects=(Rect(72, 100, 300, 114),))
    assert notes.do(NoteEdit(None, notes.new_note(1, NoteKind.TEXT_HIGHLIGHT, "#f2c200",
                                                  anchor=quote)))
    qtbot.waitUntil(lambda: len(client.engine.notes.visible(mid, doc.sha256)) == 2, timeout=WAIT)
    out = tmp_path / "tóm tắt.pdf"
    with qtbot.waitSignal(notes.summary_written, timeout=WAIT) as done:
        notes.summary_to(out)
    assert done.args == [out] and str(out) in notes.panel.status.text()
    text = text_of(out)
    assert "Đề nghị làm rõ nguồn vốn đầu tư công" in text
    assert "Page 1" in text and "Sticky note" in text and "bao-cao" in text
    assert "Page 2 · Highlight" in text and "“tình hình kinh tế xã hội”" in text
    # a folder that does not exist: the failure is reported, nothing is written
    bad = tmp_path / "không có" / "tóm tắt.pdf"
    with qtbot.waitSignal(notes.export_failed, timeout=WAIT) as failed:
        notes.summary_to(bad)
    assert "could not be written" in failed.args[0]
    assert failed.args[0] == notes.panel.status.text()
    assert not bad.parent.exists()


def test_a_selection_over_two_pages_becomes_one_highlight_per_page(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "two.pdf", [PARAGRAPH, "Trang hai: " + PARAGRAPH])
    m = meeting_with(room, pdf)
    client = login(clients("d"), "delegate")
    viewer, notes = open_document(qtbot, client, m["document"])
    canvas = viewer.canvas
    canvas.set_zoom(canvas.mode.PAGE)  # whole pages: page 2 is on screen too
    qtbot.waitUntil(lambda: 0 in canvas.views and 1 in canvas.views, timeout=WAIT)
    with pymupdf.open(pdf) as doc:
        last = doc[0].get_text("words")[-1]
        second = doc[1].get_text("words")[1]  # "hai:"
    first_view, second_view = canvas.views[0], canvas.views[1]
    start = QPoint(*map(round, first_view.mapper.to_widget(last[0] + 1, (last[1] + last[3]) / 2)))
    end_on_second = QPoint(*map(round, second_view.mapper.to_widget(
        (second[0] + second[2]) / 2, (second[1] + second[3]) / 2)))
    end = first_view.mapFromGlobal(second_view.mapToGlobal(end_on_second))
    qtbot.mousePress(first_view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(first_view, end)
    qtbot.mouseRelease(first_view, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: "\n" in canvas.selected_text, timeout=WAIT)
    assert notes.toolbar.highlight.isEnabled()
    notes.toolbar.highlight.click()
    mid = client.window.meeting_id

    def highlights() -> list[Any]:
        return sorted((n for n in client.engine.notes.visible(mid)
                       if n.kind is NoteKind.TEXT_HIGHLIGHT), key=lambda n: n.page)

    qtbot.waitUntil(lambda: len(highlights()) == 2, timeout=WAIT)
    one, two = highlights()
    assert (one.page, two.page) == (0, 1)
    assert one.anchor is not None and one.anchor.quote.endswith(last[4])
    assert two.anchor is not None and two.anchor.quote.startswith("Trang hai")
    assert canvas.selected_text == ""
    notes.undo()  # one step per page
    qtbot.waitUntil(lambda: [n.page for n in highlights()] == [0], timeout=WAIT)
