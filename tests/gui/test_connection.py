"""The connection indicator follows the server going away and coming back; offline start."""

from __future__ import annotations

from typing import Any

from meetingroom.sync.events import ConnectionState


def test_indicator_shows_reconnecting_then_online_when_server_restarts(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    room.published_meeting()
    client = login(clients("d"), "delegate")
    indicator = client.window.status.connection
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.ONLINE
                    and client.window.agenda.model.rowCount() == 2, timeout=20_000)
    assert indicator.text == "Online"
    assert client.window.statusBar().isVisible() and indicator.isVisible()
    room.thread.stop()
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.RECONNECTING, timeout=20_000)
    assert indicator.text.startswith("Connection lost – reconnecting")
    assert "data from" in indicator.text  # the cache's age, while not online
    assert client.window.meetings.rowCount() == 1  # still working from the cache
    room.thread.start()  # same port
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.ONLINE, timeout=30_000)
    assert indicator.text == "Online"


def test_start_without_server_shows_cached_meeting_and_offline_since(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Any) -> None:
    room.published_meeting()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.window.agenda.model.rowCount() == 2, timeout=20_000)
    first.close()
    room.thread.stop()
    again = clients("again", data_dir=tmp_path / "d")
    with qtbot.waitSignal(again.logged_in, timeout=20_000):
        again.start()
    window = again.window
    indicator = window.status.connection
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.OFFLINE, timeout=20_000)
    assert indicator.text.startswith("Offline since ")
    assert " · data from " in indicator.text
    assert window.meetings.rowCount() == 1
    assert window.agenda.model.rowCount() == 2
