"""Reading a document that is still downloading, with the real server and client: the
viewer opens at once with the pages that have arrived, shows placeholders for the rest,
and shows every page (at the same place) once the download is complete and verified.

The download is held half-way for real: the client's partial file holds the first part
of the document and the server is stopped; starting it again lets the client resume.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partial_pdfs import in_order_pdf

from meetingroom.domain.model import Document
from meetingroom.sync import events as ev
from meetingroom.ui.documents.model import DocState, StateRole
from meetingroom.ui.notes.controller import NotesController
from meetingroom.ui.reader.download import ReaderDownload
from meetingroom.ui.reader.viewer import DocumentViewer

WAIT = 30_000


def held_download(room: Any, clients: Any, login: Any, qtbot: Any, tmp_path: Path, *,
                  keep: float, corrupt: bool = False) -> tuple[Any, Document, bytes]:
    """A client whose copy of a 10-page document holds only its first ``keep`` part (with
    one byte changed if ``corrupt``), started again while the server is stopped."""
    pdf = in_order_pdf(tmp_path / "bao-cao-dai.pdf")
    mid = room.admin.create_meeting("Kỳ họp thứ 12", location="Hội trường A",
                                    starts_at="2026-12-01T08:00",
                                    created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, ["secretary", "delegate"])
    item = room.admin.add_item(mid, "Báo cáo tình hình kinh tế - xã hội")
    doc: Document = room.admin.attach(mid, item.id, pdf, name="bao-cao-dai.pdf")
    room.admin.publish(mid)
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.engine.documents.is_ready(doc.sha256), timeout=WAIT)
    first.close()
    room.thread.stop()
    blobs = first.engine.blobs
    data = blobs.path(doc.sha256).read_bytes()
    blobs.path(doc.sha256).unlink()
    prefix = bytearray(data[:int(len(data) * keep)])
    if corrupt:
        prefix[len(prefix) // 3] ^= 0x20  # inside page data: still a PDF, wrong bytes
    blobs.partial_path(doc.sha256).write_bytes(bytes(prefix))
    again = clients("again", data_dir=tmp_path / "d")
    again.start(resume=True)  # the saved session: it reconnects once the server is back
    qtbot.waitUntil(lambda: again.engine.documents.partial_download(doc.sha256) is not None
                    and again.window.meeting_id == mid, timeout=WAIT)
    return again, doc, data


def test_a_downloading_document_opens_with_its_first_pages_then_shows_them_all(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    client, doc, data = held_download(room, clients, login, qtbot, tmp_path, keep=0.6)
    percent = int(len(data) * 0.6) * 100 // len(data)
    # offline, the documents pane says how much is here and opens it
    window = client.window
    window.agenda.tree.select_item(doc.item_id)
    pane = window.documents
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1
                    and pane.model.index(0).data(StateRole) is DocState.PARTIAL, timeout=WAIT)
    assert f"{percent} % here" in pane.model.index(0).data()
    pane.list.setCurrentIndex(pane.model.index(0))
    assert pane.open_button.isEnabled()
    pane.open_button.click()
    viewer = next(w for w in window.findChildren(DocumentViewer) if w.isVisible())
    assert viewer.document.id == doc.id and viewer.partial
    qtbot.waitUntil(lambda: viewer.page_count == 10 and viewer.page.image is not None,
                    timeout=WAIT)
    assert f"Still downloading ({percent} %)" in viewer.message.text()
    assert viewer.findChild(NotesController) is None  # notes wait for the verified file
    viewer.go_to(9)
    qtbot.waitUntil(lambda: 9 in viewer.canvas.incomplete, timeout=WAIT)
    assert viewer.canvas.views[9].image is None
    assert viewer.canvas.views[9].error == f"Downloading… {percent} %"
    zoom = viewer.shown_zoom

    room.thread.start()  # the client resumes the download and verifies it
    qtbot.waitUntil(lambda: not viewer.partial, timeout=WAIT)
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)
    assert viewer.index == 9 and viewer.shown_zoom == zoom
    assert not viewer.canvas.incomplete and not viewer.canvas.failed
    assert not viewer.message.isVisible()
    assert viewer.findChild(NotesController) is not None  # notes are on now
    for index in range(10):  # every page draws from the verified file
        viewer.go_to(index)
        qtbot.waitUntil(lambda i=index: viewer.canvas.views[i].image is not None,
                        timeout=WAIT)


def test_nothing_readable_yet_shows_the_download_state_not_an_error(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    client, doc, _ = held_download(room, clients, login, qtbot, tmp_path, keep=0.0)
    viewer = client.window.open_document(doc)
    assert isinstance(viewer, DocumentViewer)
    qtbot.waitUntil(lambda: "Still downloading (0 %)" in viewer.message.text(), timeout=WAIT)
    assert viewer.error is None and viewer.page_count == 0
    assert not viewer.next.isEnabled()
    room.thread.start()
    qtbot.waitUntil(lambda: viewer.page.image is not None and not viewer.partial,
                    timeout=WAIT)
    assert viewer.page_count == 10 and not viewer.message.isVisible()


def test_a_download_that_fails_verification_says_so_then_fetches_it_again(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    client, doc, _ = held_download(room, clients, login, qtbot, tmp_path, keep=0.6,
                                   corrupt=True)
    viewer = client.window.open_document(doc)
    assert isinstance(viewer, DocumentViewer)
    qtbot.waitUntil(lambda: viewer.page_count == 10, timeout=WAIT)
    follower = viewer.findChild(ReaderDownload)
    assert follower is not None
    with qtbot.waitSignal(follower.failed, timeout=WAIT) as failed:
        room.thread.start()
    assert "did not match its fingerprint" in failed.args[0]
    assert "downloaded again" in failed.args[0]
    qtbot.waitUntil(lambda: not viewer.partial and viewer.page.image is not None,
                    timeout=WAIT)
    assert client.engine.documents.is_ready(doc.sha256)
    assert viewer.page_count == 10 and not viewer.message.isVisible()


def test_the_growing_file_is_opened_again_and_fills_in_pages(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path) -> None:
    """The server stays stopped; the test appends bytes to the partial file as the
    downloader does and reports them to the real bridge as the engine does (the engine's
    own downloads are too quick on loopback to watch in between)."""
    client, doc, data = held_download(room, clients, login, qtbot, tmp_path, keep=0.3)
    viewer = client.window.open_document(doc)
    assert isinstance(viewer, DocumentViewer)
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)
    viewer.go_to(6)
    qtbot.waitUntil(lambda: 6 in viewer.canvas.incomplete, timeout=WAIT)
    part = client.engine.blobs.partial_path(doc.sha256)
    have = int(len(data) * 0.9)
    with open(part, "ab") as f:
        f.write(data[part.stat().st_size:have])
    client.bridge(ev.SyncProgress(have, len(data), 0, 1, current_sha256=doc.sha256,
                                  current_done=have, downloading=((doc.sha256, have),)))
    qtbot.waitUntil(lambda: "(89 %)" in viewer.message.text()
                    or "(90 %)" in viewer.message.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: 6 in viewer.canvas.views
                    and viewer.canvas.views[6].image is not None, timeout=WAIT)
    assert viewer.partial and viewer.index == 6 and 6 not in viewer.canvas.incomplete
