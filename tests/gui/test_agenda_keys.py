"""Keyboard editing of the agenda: Tab/Shift+Tab nest, Alt+Up moves, Ctrl+Z undoes, Del deletes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_keyboard_shortcuts_edit_the_agenda(qtbot: Any, room: Any, clients: Any,
                                            login: Any, agenda_titles: Any) -> None:
    mid = room.admin.create_meeting("Họp giao ban", created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, ["secretary"])
    room.admin.add_item(mid, "Một")
    room.admin.add_item(mid, "Hai")
    client = login(clients("s"), "secretary")
    window, tree = client.window, client.window.agenda.tree
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Hai"], timeout=20_000)
    window.activateWindow()
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    tree.select_item(next(i.id for i in tree.model().items if i.title == "Hai"))

    qtbot.keyClick(tree, Qt.Key.Key_Tab)  # indent: "Hai" under "Một"
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "1.1. Hai"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # outdent
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Hai"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # move up
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Hai", "2. Một"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Hai"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Hai", "2. Một"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)  # deletes the selected "Hai"
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một"], timeout=20_000)
    qtbot.keyClick(tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new item
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. New item"], timeout=20_000)
