"""Documents download in the background, open in the viewer, and damaged PDFs fail cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from meetingroom.domain.model import Document
from meetingroom.sync.events import SyncProgress
from meetingroom.ui.documents.model import DocState, StateRole
from meetingroom.ui.reader.viewer import DocumentViewer

WAIT = 20_000


def ink_fraction(image: QImage) -> float:
    """Share of sampled pixels that are not white (a blank page gives 0)."""
    samples = [image.pixelColor(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)]
    dark = [c for c in samples if c.lightness() < 200]
    return len(dark) / len(samples)


def test_document_downloads_to_100_percent_and_opens_on_a_real_page(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(pages=3)
    client = clients("d")
    progress: list[SyncProgress] = []
    client.bridge.sync_progressed.connect(progress.append)
    login(client, "delegate")
    window = client.window
    qtbot.waitUntil(lambda: any(p.docs_total == 1 and p.docs_done == 1 for p in progress),
                    timeout=20_000)
    final = next(p for p in progress if p.docs_done == 1)
    assert final.done_bytes == final.total_bytes == m["document"].size  # 100 %
    assert not window.status.progress.isVisible()  # the bar goes away when all is here
    # the first item is selected; its document is shown as downloaded
    pane = window.documents
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1
                    and pane.model.index(0).data(StateRole) is DocState.READY)
    assert "✓ Downloaded" in pane.model.index(0).data()
    assert pane.open_button.isEnabled()
    qtbot.mouseClick(pane.open_button, Qt.MouseButton.LeftButton)
    viewer = window.findChild(DocumentViewer)
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=20_000)
    assert viewer.page_label.text() == "1 / 3"
    assert ink_fraction(viewer.page.image) > 0.005  # real text drawn, not a blank page
    first = viewer.page.image
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: viewer.page.image is not first)
    assert viewer.page_label.text() == "2 / 3"
    assert viewer.next.isEnabled()  # a third page to go
    zoom = viewer.shown_zoom
    viewer.zoom_in.click()
    qtbot.waitUntil(lambda: viewer.shown_zoom > zoom)
    assert viewer.zoom_label.text() == f"{round(viewer.shown_zoom * 100)} %"
    viewer.close()
    # opened again, the document is back at the page last read (kept beside the cache)
    qtbot.mouseClick(pane.open_button, Qt.MouseButton.LeftButton)
    again = [v for v in window.findChildren(DocumentViewer) if v is not viewer][-1]
    qtbot.waitUntil(lambda: again.page_label.text() == "2 / 3", timeout=20_000)
    assert (client.engine.data_dir / "reader.ini").exists()
    again.close()


def test_damaged_pdf_shows_a_clear_message_not_a_crash(
        qtbot: Any, clients: Any, tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"\x00garbage" * 50)
    client = clients("d")
    doc = Document(id="x", item_id="i", name="hong.pdf", sha256="0" * 64, size=10, pages=1)
    viewer = DocumentViewer(client.render, client.context.icons, doc, bad, client.window)
    viewer.show()
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=20_000)
    assert viewer.message.isVisible()
    assert viewer.message.text().startswith("This document cannot be shown.")
    assert "not a usable PDF" in viewer.message.text()
    assert not viewer.next.isEnabled() and not viewer.zoom_in.isEnabled()
    viewer.close()


def test_document_not_yet_downloaded_does_not_open(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    room.published_meeting()
    client = login(clients("d"), "delegate")
    missing = Document(id="x", item_id="i", name="chua-tai.pdf", sha256="1" * 64, size=10,
                       pages=1)
    assert client.window.open_document(missing) is None
    assert client.window.messages.text == "This document has not finished downloading yet."
    assert client.window.findChild(DocumentViewer) is None


def test_document_from_an_earlier_run_is_checked_off_the_gui_thread_then_opens(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path,
        gui_thread_hashing: Any) -> None:
    m = room.published_meeting(pages=3)
    doc: Document = m["document"]
    gui_thread_hashing.start()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.engine.documents.is_ready(doc.sha256), timeout=20_000)
    first.close()
    room.thread.stop()  # nothing but the client itself can verify the file now
    again = clients("again", data_dir=tmp_path / "d")
    again.start(resume=False)
    assert not again.engine.documents.is_ready(doc.sha256)  # on disk, not verified in this run
    window = again.window
    with qtbot.waitSignal(window.viewer_opened, timeout=20_000) as opened:
        assert window.open_document(doc) is None  # checked first, on the worker
    viewer = opened.args[0]
    assert isinstance(viewer, DocumentViewer) and viewer.isVisible()
    assert window.messages.text == ""
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=20_000)
    assert ink_fraction(viewer.page.image) > 0.005
    assert again.engine.documents.is_ready(doc.sha256)
    assert window.open_document(doc) is not None  # verified now: opens at once
    assert gui_thread_hashing.calls == []


def test_damaged_file_on_disk_is_not_opened(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path,
        gui_thread_hashing: Any) -> None:
    m = room.published_meeting(pages=2)
    doc: Document = m["document"]
    gui_thread_hashing.start()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.engine.documents.is_ready(doc.sha256), timeout=20_000)
    first.close()
    room.thread.stop()  # offline: nothing downloads it again during the test
    again = clients("again", data_dir=tmp_path / "d")
    again.start(resume=False)
    window = again.window
    pane = window.documents
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1
                    and pane.model.index(0).data(StateRole) is DocState.READY, timeout=20_000)
    blob = again.engine.blobs.path(doc.sha256)
    blob.write_bytes(b"%PDF-1.7 damaged on disk" + bytes(doc.size))
    assert window.open_document(doc) is None
    qtbot.waitUntil(lambda: window.messages.text != "", timeout=20_000)
    assert window.messages.text == "This document has not finished downloading yet."
    assert window.findChild(DocumentViewer) is None
    assert not blob.exists()  # removed; downloaded again once online
    assert pane.model.index(0).data(StateRole) is not DocState.READY
    assert not pane.open_button.isEnabled()
    assert gui_thread_hashing.calls == []


def test_documents_show_titles_the_secretary_can_set_and_the_agenda_counts_them(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    import pymupdf

    from meetingroom.ui.agenda.model import DocCountRole, DocReadyRole

    m = room.published_meeting(pages=2)  # item 1: "bao-cao.pdf", titled "Kỳ họp thứ 12"
    mid, (first, second) = m["meeting_id"], m["items"]
    untitled, titled = tmp_path / "bien-ban_hop-to.pdf", tmp_path / "bao-cao-kt-xh-9.pdf"
    for path, title in ((untitled, ""), (titled, "Báo cáo kinh tế - xã hội 9 tháng năm 2026")):
        pdf = pymupdf.open()
        pdf.new_page().insert_text((72, 100), f"Trang 1 {path.name}")
        pdf.set_metadata({"title": title})
        pdf.save(path)
        pdf.close()
    room.admin.attach(mid, first.id, untitled, name=untitled.name)
    room.admin.attach(mid, second.id, titled, name=titled.name)
    delegate = login(clients("d"), "delegate")
    window = delegate.window
    pane, tree = window.documents, window.agenda.tree
    model = window.agenda.model

    def badge(item_id: str) -> str:
        return tree.badge.text(model.index_of(item_id))

    # the agenda says which items have documents and how many are here
    qtbot.waitUntil(lambda: badge(second.id) == "1/1" and badge(first.id) == "2/2",
                    timeout=WAIT)
    assert model.index_of(second.id).data(DocCountRole) == 1
    assert model.index_of(second.id).data(DocReadyRole) == 1
    assert model.index_of(second.id).data(
        Qt.ItemDataRole.AccessibleDescriptionRole) == "1 document, 1 downloaded"
    # a document's title: the PDF's own, else its file name tidied
    tree.select_item(first.id)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    assert [pane.model.index(i).data().split("\n")[0] for i in range(2)] == [
        "Kỳ họp thứ 12", "Bien ban hop to"]
    tree.select_item(second.id)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1 and pane.model.index(0).data(
        ).startswith("Báo cáo kinh tế - xã hội 9 tháng năm 2026\n"))
    assert titled.name in pane.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert pane.isVisible() and not pane.label_edit.isVisible()  # delegates cannot retitle

    # the secretary gives it a label; the delegate sees it
    secretary = login(clients("s"), "secretary")
    spane = secretary.window.documents
    qtbot.waitUntil(lambda: secretary.window.agenda.model.index_of(second.id).isValid(),
                    timeout=WAIT)
    secretary.window.agenda.tree.select_item(second.id)
    qtbot.waitUntil(lambda: spane.model.rowCount() == 1 and spane.label_edit.isVisible(),
                    timeout=WAIT)
    assert spane.label_edit.placeholderText() == "Báo cáo kinh tế - xã hội 9 tháng năm 2026"
    spane.label_edit.setText("Báo cáo KT-XH 9 tháng (bản trình)")
    qtbot.mouseClick(spane.label_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.index(0).data().startswith(
        "Báo cáo KT-XH 9 tháng (bản trình)\n"), timeout=WAIT)
    doc = delegate.engine.meetings.snapshot(mid).documents_of(second.id)[0]
    assert (doc.label, doc.pdf_title, doc.name) == (
        "Báo cáo KT-XH 9 tháng (bản trình)", "Báo cáo kinh tế - xã hội 9 tháng năm 2026",
        titled.name)
