"""A new version of a document, end to end in the GUI: the secretary replaces it in the
documents pane; the delegate's highlight (made from a real selection) is re-anchored on
the new version, the one whose text is gone is listed and opens the old version."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pymupdf
from notes_fixtures import OTHER, PARAGRAPH, PHRASE, PageSpec, make_pdf, sha256_of
from PySide6.QtCore import QPoint, Qt
from test_notes_ui import WAIT, layer, open_document

from meetingroom.domain.notes import NoteKind
from meetingroom.ui.reader.version_bar import VersionBar
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.app import ClientApp

GONE = "hạn chế tối đa việc điều chuyển vốn giữa các dự án"


def _select_and_highlight(qtbot: Any, client: ClientApp, viewer: DocumentViewer,
                          notes: Any, pdf: Path, page: int, phrase: str) -> None:
    """Drag over ``phrase`` on ``page`` with the mouse and press "Highlight"."""
    with pymupdf.open(pdf) as doc:
        words = doc[page].get_text("words")
    texts = [unicodedata.normalize("NFC", w[4]).strip(".,") for w in words]
    wanted = unicodedata.normalize("NFC", phrase).split()
    at = next(i for i in range(len(texts)) if texts[i:i + len(wanted)] == wanted)
    first, last = words[at], words[at + len(wanted) - 1]
    viewer.set_presentation(True)  # one page on screen: its view stays put
    viewer.jump_to(page)
    qtbot.waitUntil(lambda: page in viewer.canvas.views
                    and viewer.canvas.views[page].image is not None, timeout=WAIT)
    layer(notes, page)
    view = viewer.canvas.views[page]
    start = view.mapper.to_widget((first[0] + first[2]) / 2, (first[1] + first[3]) / 2)
    end = view.mapper.to_widget((last[0] + last[2]) / 2, (last[1] + last[3]) / 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, start)))
    qtbot.mouseMove(view, QPoint(*map(round, end)))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, end)))
    qtbot.waitUntil(lambda: page in viewer.canvas.words, timeout=WAIT)
    qtbot.mouseMove(viewer.canvas.views[page], QPoint(*map(round, end)))
    assert " ".join(viewer.canvas.selected_text.split()).strip(".,") == phrase
    notes.toolbar.highlight.click()
    mid = client.window.meeting_id
    qtbot.waitUntil(lambda: any(n.anchor is not None and n.anchor.quote.startswith(phrase)
                                for n in client.engine.notes.visible(mid)), timeout=WAIT)


def test_a_new_version_carries_the_highlight_and_lists_the_one_left_behind(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    v1 = make_pdf(tmp_path / "v1.pdf", [
        OTHER, PARAGRAPH + " Đề nghị " + GONE + ".", OTHER + " Trang cuối."])
    v2 = make_pdf(tmp_path / "v2.pdf", [
        "Trang bìa mới: báo cáo bổ sung.", OTHER,
        PageSpec("Phần mở đầu mới. " + PARAGRAPH, width=300, top=200),
        OTHER + " Trang cuối."])
    mid = room.admin.create_meeting("Kỳ họp thứ 13", location="Hội trường B",
                                    starts_at="2026-12-02T08:00",
                                    created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, ["secretary", "delegate"])
    item = room.admin.add_item(mid, "Báo cáo giải ngân vốn đầu tư công")
    doc = room.admin.attach(mid, item.id, v1, name="bao-cao-giai-ngan.pdf")
    room.admin.publish(mid)

    delegate = login(clients("delegate"), "delegate")
    viewer, notes = open_document(qtbot, delegate, doc)
    _select_and_highlight(qtbot, delegate, viewer, notes, v1, 1, PHRASE)
    _select_and_highlight(qtbot, delegate, viewer, notes, v1, 1, GONE)
    qtbot.waitUntil(lambda: not delegate.engine.cache.note_rows(mid, dirty_only=True),
                    timeout=WAIT)
    viewer.close()

    # the secretary picks the new file with "New version…" in the documents pane
    secretary = login(clients("secretary"), "secretary")
    pane = secretary.window.documents
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=WAIT)
    pane.list.setCurrentIndex(pane.model.index(0))
    assert pane.replace_button.isVisible() and pane.replace_button.isEnabled()
    pane.replace_requested.emit(pane.current_document(), str(v2))  # what the file dialog sends
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=WAIT)
    new, old = pane.model.documents
    assert (new.version, new.sha256, new.name) == (2, sha256_of(v2), "bao-cao-giai-ngan.pdf")
    assert (old.id, old.replaced_by) == (doc.id, new.id)
    assert "Version 2" in pane.model.index(0).data()
    assert "Version 1 (replaced)" in pane.model.index(1).data()
    pane.list.setCurrentIndex(pane.model.index(1))
    assert not pane.replace_button.isEnabled() and not pane.remove_button.isEnabled()

    # the delegate's notes were carried on the delegate's own tablet
    dpane = delegate.window.documents
    qtbot.waitUntil(lambda: dpane.model.rowCount() == 2, timeout=WAIT)
    def carried_here() -> bool:
        outcome = delegate.engine.notes.carry.outcome(new.id)
        return outcome is not None and bool(outcome.moved)

    qtbot.waitUntil(carried_here, timeout=60_000)
    viewer2, notes2 = open_document(qtbot, delegate, new)
    carried = [n for n in notes2.notes if n.kind is NoteKind.TEXT_HIGHLIGHT]
    assert len(carried) == 1 and carried[0].page == 2
    assert carried[0].anchor is not None and carried[0].anchor.quote.rstrip(",") == PHRASE
    with pymupdf.open(v2) as pdf:
        hit = pdf[2].search_for("đẩy nhanh")[0]
    r = carried[0].anchor.rects[0]
    assert abs(r.x0 - hit.x0) < 2 and abs(r.y0 - hit.y0) < 2  # where the words are now
    bar = viewer2.findChild(VersionBar)
    assert bar is not None and bar.isVisible()
    assert "Version 2" in bar.text.text() and "1 note carried over" in bar.text.text()
    assert bar.unplaced.count() == 1 and "Page 2" in bar.unplaced.item(0).text()
    assert GONE[:20] in bar.unplaced.item(0).text()

    # the note left behind opens the old version at its page
    bar.unplaced.itemClicked.emit(bar.unplaced.item(0))
    qtbot.waitUntil(lambda: any(isinstance(w, DocumentViewer) and w.document.id == doc.id
                                and w.isVisible() for w in delegate.window.findChildren(
                                    DocumentViewer)), timeout=WAIT)
    old_viewer = next(w for w in delegate.window.findChildren(DocumentViewer)
                      if w.document.id == doc.id and w.isVisible())
    qtbot.waitUntil(lambda: old_viewer.page_count == 3 and old_viewer.index == 1,
                    timeout=WAIT)
    old_bar = old_viewer.findChild(VersionBar)
    assert old_bar is not None and "earlier version" in old_bar.text.text()
    assert old_viewer.windowTitle() == "Bao cao giai ngan – version 1"  # its tidied name
    old_notes = [n for n in delegate.engine.notes.visible(mid, doc.sha256)]
    assert len(old_notes) == 2  # the old version keeps its notes


def test_the_version_bar_says_when_notes_are_on_their_way_or_could_not_be_carried(
        qtbot: Any) -> None:
    from meetingroom.domain.model import Document
    from meetingroom.sync.carry import CarryOutcome

    v1 = Document(id="a1", item_id="i", name="x.pdf", sha256="1" * 64, size=1, pages=1,
                  replaced_by="a2")
    v2 = Document(id="a2", item_id="i", name="x.pdf", sha256="2" * 64, size=1, pages=1,
                  version=2, replaces="a1")
    bar = VersionBar()
    qtbot.addWidget(bar)
    bar.show_versions(v2, (v1, v2), outcome=None, unplaced=(), waiting=True)
    assert not bar.isHidden()
    assert "Carrying your notes over from version 1" in bar.text.text()
    failed = CarryOutcome("a1", (), (), (), error="the new version cannot be read")
    bar.show_versions(v2, (v1, v2), outcome=failed, unplaced=(), waiting=True)
    assert "could not be carried over: the new version cannot be read" in bar.text.text()
    with qtbot.waitSignal(bar.open_version) as opened:
        bar.button.click()
    assert opened.args == [v1, -1]
    only = Document(id="b1", item_id="i", name="y.pdf", sha256="3" * 64, size=1, pages=1)
    bar.show_versions(only, (only,), outcome=None, unplaced=(), waiting=False)
    assert bar.isHidden()  # one version: nothing to say
