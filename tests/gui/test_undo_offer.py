"""The "Undo" offered after a delete undoes that delete only: once the delete is undone
another way, or another change is made after it, the offer is gone and cannot undo
anything else (a stale banner once undid an earlier move)."""

from __future__ import annotations

from typing import Any

WAIT = 20_000


def _select(client: Any, title: str) -> None:
    tree = client.window.agenda.tree
    tree.select_item(next(i.id for i in tree.model().items if i.title == title))


def _setup(qtbot: Any, room: Any, clients: Any, login: Any, agenda_titles: Any) -> Any:
    mid = room.admin.create_meeting("Họp giao ban", created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, ["secretary"])
    for title in ("Một", "Hai", "Ba"):
        room.admin.add_item(mid, title)
    client = login(clients("s"), "secretary")
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Hai", "3. Ba"],
                    timeout=WAIT)
    return client


def test_a_stale_undo_offer_cannot_undo_an_earlier_move(
        qtbot: Any, room: Any, clients: Any, login: Any, agenda_titles: Any) -> None:
    client = _setup(qtbot, room, clients, login, agenda_titles)
    editor, bar = client.window.editor, client.window.messages
    _select(client, "Ba")
    editor.move_up()  # an earlier change: "Ba" above "Hai"
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Ba", "3. Hai"],
                    timeout=WAIT)
    _select(client, "Một")
    editor.remove_current()
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Ba", "2. Hai"], timeout=WAIT)
    assert bar.text == "“Một” was deleted." and bar.action_text == "Undo"

    editor.actions["undo"].trigger()  # the toolbar (or Ctrl+Z) undoes the delete
    assert bar.action_text == ""  # the offer went with it
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Ba", "3. Hai"],
                    timeout=WAIT)
    qtbot.waitUntil(lambda: not editor.runner.busy, timeout=WAIT)
    done = editor.stack.index()
    bar.trigger_action()  # even pressed anyway, the stale button undoes nothing
    assert editor.stack.index() == done and not editor.runner.busy
    assert editor.undo_offer.command is None
    assert agenda_titles(client) == ["1. Một", "2. Ba", "3. Hai"]  # the move stays


def test_the_offer_undoes_its_own_delete_and_goes_when_another_change_follows(
        qtbot: Any, room: Any, clients: Any, login: Any, agenda_titles: Any) -> None:
    client = _setup(qtbot, room, clients, login, agenda_titles)
    editor, bar = client.window.editor, client.window.messages
    _select(client, "Hai")
    editor.remove_current()
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Ba"], timeout=WAIT)
    assert bar.action_text == "Undo"
    bar.trigger_action()  # still the last change: it undoes the delete
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Một", "2. Hai", "3. Ba"],
                    timeout=WAIT)
    assert editor.stack.index() == 0

    _select(client, "Một")
    editor.remove_current()
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Hai", "2. Ba"], timeout=WAIT)
    assert bar.action_text == "Undo"
    _select(client, "Ba")
    editor.move_up()  # another change after the delete: the offer no longer holds
    assert bar.action_text == ""
    qtbot.waitUntil(lambda: agenda_titles(client) == ["1. Ba", "2. Hai"], timeout=WAIT)
    qtbot.waitUntil(lambda: not editor.runner.busy, timeout=WAIT)
    done = editor.stack.index()
    bar.trigger_action()
    assert editor.stack.index() == done  # neither the move nor the delete was undone
    assert agenda_titles(client) == ["1. Ba", "2. Hai"]
