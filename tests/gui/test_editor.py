"""The secretary builds an agenda (add, nest, rename, reorder, undo, attach, publish) and a
delegate's own client sees the result arrive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from meetingroom.domain.model import MeetingStatus
from meetingroom.pdf.samples import make_document
from meetingroom.ui.shell.app import ClientApp


def server_titles(client: ClientApp, meeting_id: str) -> list[str]:
    snap = client.engine.meetings.snapshot(meeting_id)
    return sorted(i.title for i in snap.items) if snap else []


def inline_editor(client: ClientApp) -> QLineEdit:
    editors = client.window.agenda.tree.viewport().findChildren(QLineEdit)
    assert editors, "the title editor did not open"
    return editors[-1]


def select(client: ClientApp, title: str) -> str:
    model = client.window.agenda.model
    item = next(i for i in model.items if i.title == title)
    client.window.agenda.tree.select_item(item.id)
    return item.id


def test_secretary_builds_agenda_and_delegate_sees_it(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Path,
        agenda_titles: Any) -> None:
    titles = agenda_titles
    mid = room.admin.create_meeting("Phiên họp thường kỳ tháng 12", location="Phòng họp số 2",
                                    starts_at="2026-12-15T14:00",
                                    created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, ["secretary", "delegate"])
    room.admin.add_item(mid, "Khai mạc")
    room.admin.add_item(mid, "Thảo luận")
    secretary = login(clients("s"), "secretary")
    delegate = login(clients("d"), "delegate")
    win = secretary.window
    editor = win.editor
    qtbot.waitUntil(lambda: titles(secretary) == ["1. Khai mạc", "2. Thảo luận"],
                    timeout=20_000)
    assert editor.toolbar.isVisible() and win.agenda.publish_button.isVisible()
    assert delegate.window.meetings.rowCount() == 0  # a draft is not shown to delegates

    # add an item after "Khai mạc": it appears and its title opens for typing
    select(secretary, "Khai mạc")
    editor.actions["add"].trigger()
    qtbot.waitUntil(lambda: titles(secretary) == ["1. Khai mạc", "2. New item", "3. Thảo luận"],
                    timeout=20_000)
    qtbot.waitUntil(lambda: win.agenda.tree.state() == QAbstractItemView.State.EditingState)
    field = inline_editor(secretary)
    field.setText("Phát biểu chỉ đạo")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Phát biểu chỉ đạo" in server_titles(secretary, mid), timeout=20_000)
    assert titles(secretary)[1] == "2. Phát biểu chỉ đạo"

    # a sub-item of it, numbered 2.1
    select(secretary, "Phát biểu chỉ đạo")
    editor.actions["subitem"].trigger()
    qtbot.waitUntil(lambda: "2.1. New sub-item" in titles(secretary), timeout=20_000)
    qtbot.waitUntil(lambda: win.agenda.tree.state() == QAbstractItemView.State.EditingState)
    qtbot.keyClick(inline_editor(secretary), Qt.Key.Key_Escape)  # keep the default title

    # move it up (Alt+Up's action), then undo puts it back
    select(secretary, "Phát biểu chỉ đạo")
    editor.actions["up"].trigger()
    qtbot.waitUntil(lambda: titles(secretary)[:3] == [
        "1. Phát biểu chỉ đạo", "1.1. New sub-item", "2. Khai mạc"], timeout=20_000)
    editor.actions["undo"].trigger()
    qtbot.waitUntil(lambda: titles(secretary) == [
        "1. Khai mạc", "2. Phát biểu chỉ đạo", "2.1. New sub-item", "3. Thảo luận"],
        timeout=20_000)
    assert editor.actions["redo"].isEnabled()

    # drag "Thảo luận" onto "Khai mạc": it becomes sub-item 1.1 (what a drop does in the tree)
    model = win.agenda.model
    dragged = model.index_of(select(secretary, "Thảo luận"))
    target = model.index_of(select(secretary, "Khai mạc"))
    assert model.dropMimeData(model.mimeData([dragged]), Qt.DropAction.MoveAction, -1, 0, target)
    qtbot.waitUntil(lambda: "1.1. Thảo luận" in titles(secretary), timeout=20_000)

    # drop a real PDF file onto "Khai mạc" in the tree: it uploads and attaches
    pdf = make_document(tmp_path / "to-trinh.pdf", title="Tờ trình số 45/TTr-UBND", pages=2)
    tree = win.agenda.tree
    win.resize(1280, 760)
    win.show()
    rect = tree.visualRect(model.index_of(select(secretary, "Khai mạc")))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    drop = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: [d.name for d in win.documents.model.documents] == ["to-trinh.pdf"],
                    timeout=30_000)
    qtbot.waitUntil(lambda: win.messages.text == "“to-trinh.pdf” was attached.",
                    timeout=20_000)

    # delete "Khai mạc" (with its sub-item and document); the message bar offers Undo
    select(secretary, "Khai mạc")
    editor.actions["remove"].trigger()
    qtbot.waitUntil(lambda: not any("Khai mạc" in t for t in titles(secretary)),
                    timeout=20_000)
    assert win.messages.text == "“Khai mạc” was deleted."
    win.messages._action.click()  # "Undo"
    qtbot.waitUntil(lambda: titles(secretary)[:2] == ["1. Khai mạc", "1.1. Thảo luận"],
                    timeout=20_000)
    qtbot.waitUntil(lambda: len(secretary.engine.meetings.snapshot(mid).documents) == 1,
                    timeout=20_000)
    snap = secretary.engine.meetings.snapshot(mid)
    khai_mac = next(i for i in snap.items if i.title == "Khai mạc")
    assert [d.name for d in snap.documents_of(khai_mac.id)] == ["to-trinh.pdf"]

    # publish, confirming inline
    editor.ask_publish()
    assert "Publish this meeting?" in win.messages.text
    win.messages._action.click()
    qtbot.waitUntil(lambda: secretary.engine.meetings.snapshot(mid).meeting.status
                    is MeetingStatus.PUBLISHED, timeout=20_000)
    qtbot.waitUntil(lambda: not win.agenda.publish_button.isVisible())

    # the delegate's own client receives it all
    qtbot.waitUntil(lambda: delegate.window.meetings.rowCount() == 1, timeout=30_000)
    qtbot.waitUntil(lambda: titles(delegate) == titles(secretary), timeout=20_000)
    assert titles(delegate) == ["1. Khai mạc", "1.1. Thảo luận", "2. Phát biểu chỉ đạo",
                                "2.1. New sub-item"]
    assert not delegate.window.editor.toolbar.isVisible()


def test_removing_a_document_can_be_undone(qtbot: Any, room: Any, clients: Any,
                                           login: Any) -> None:
    m = room.published_meeting()
    secretary = login(clients("s"), "secretary")
    win = secretary.window
    pane = win.documents
    qtbot.waitUntil(lambda: [d.name for d in pane.model.documents] == ["bao-cao.pdf"],
                    timeout=20_000)
    assert pane.remove_button.isVisible()
    pane.list.setCurrentIndex(pane.model.index(0))
    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=20_000)
    assert pane.empty.isVisible()
    assert win.messages.text == "“bao-cao.pdf” was removed."
    win.editor.actions["undo"].trigger()
    qtbot.waitUntil(lambda: [d.name for d in pane.model.documents] == ["bao-cao.pdf"],
                    timeout=20_000)
    snap = secretary.engine.meetings.snapshot(m["meeting_id"])
    assert snap is not None and snap.documents[0].sha256 == m["document"].sha256
