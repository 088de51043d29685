"""The connection indicator follows the server; offline start; the room CA is remembered."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from meetingroom.sync.events import ConnectionState
from meetingroom.ui.documents.model import DocState, StateRole
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.settings import UiSettings
from meetingroom.ui.shell.startup import run_client


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


def test_without_a_saved_session_the_cache_stays_readable_and_login_is_offered(
        qtbot: Any, room: Any, clients: Any, tmp_path: Path, file_keyring: Any,
        agenda_titles: Any, gui_thread_hashing: Any) -> None:
    m = room.published_meeting(pages=3)
    gui_thread_hashing.start()
    first = clients("d", data_dir=tmp_path / "d")
    first.start(resume=False)
    with qtbot.waitSignal(first.logged_in, timeout=20_000):
        first.login(room.url, "delegate", room.password("delegate"), remember=False)
    qtbot.waitUntil(lambda: first.engine.documents.is_ready(m["document"].sha256),
                    timeout=20_000)
    assert file_keyring._load() == {}  # nothing to resume with
    first.close()

    again = clients("again", data_dir=tmp_path / "d")
    with qtbot.waitSignal(again.logged_in, timeout=20_000):
        again.start()
    window = again.window
    qtbot.waitUntil(lambda: window.session_bar.action_text == "Log in", timeout=20_000)
    assert window.isVisible() and again.login_dialog is None  # no blocking dialog
    assert QApplication.activeModalWidget() is None
    assert window.session_bar.text.startswith("You are not logged in to the server.")
    assert window.status.connection.state is ConnectionState.LOGGED_OUT
    # the cached meeting, its agenda and its document, readable offline
    assert window.meetings.rowCount() == 1
    assert window.agenda.title.text() == "Kỳ họp thứ 12"
    assert agenda_titles(again) == ["1. Báo cáo tình hình kinh tế - xã hội",
                                    "2. Dự thảo Nghị quyết"]
    pane = window.documents
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1
                    and pane.model.index(0).data(StateRole) is DocState.READY, timeout=20_000)
    with qtbot.waitSignal(window.viewer_opened, timeout=20_000) as opened:
        pane.open_button.click()
    viewer = opened.args[0]
    assert isinstance(viewer, DocumentViewer)
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=20_000)
    samples = [viewer.page.image.pixelColor(x, y) for x in range(0, viewer.page.image.width(), 7)
               for y in range(0, viewer.page.image.height(), 7)]
    assert sum(c.lightness() < 200 for c in samples) / len(samples) > 0.005  # not blank
    # choosing another item or meeting does not take the offer away
    window.agenda.tree.setCurrentIndex(window.agenda.model.index(1, 0))
    assert window.session_bar.action_text == "Log in"
    # "Log in" opens the login dialog, prefilled, over the still-usable window
    window.session_bar.trigger_action()
    dialog = again.login_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.server.text() == room.url
    assert dialog.username.text() == "delegate"
    assert dialog.quit_button.text() == "Cancel"
    dialog.quit_button.click()  # changed one's mind: back to reading, the offer stays
    assert window.isVisible() and window.session_bar.action_text == "Log in"
    window.session_bar.trigger_action()
    qtbot.waitUntil(lambda: again.login_dialog is not None and again.login_dialog is not dialog)
    dialog = again.login_dialog
    dialog.password.setText(room.password("delegate"))
    dialog.submit()
    qtbot.waitUntil(lambda: window.status.connection.state is ConnectionState.ONLINE,
                    timeout=20_000)
    assert window.session_bar.text == ""
    assert window.meetings.rowCount() == 1  # same user and server: the cache was kept
    viewer.close()
    assert gui_thread_hashing.calls == []


def test_room_ca_is_remembered_for_later_launches(
        qtbot: Any, room_factory: Any, tls_files: Any, clients: Any, tmp_path: Path) -> None:
    ca, cert, key = tls_files
    room = room_factory(certfile=cert, keyfile=key)
    assert room.url.startswith("wss://")
    first = clients("d", data_dir=tmp_path / "d", ca_file=ca)
    first.start(resume=False)
    with qtbot.waitSignal(first.logged_in, timeout=20_000):
        first.login(room.url, "delegate", room.password("delegate"), remember=True)
    first.set_language("en")  # saving another choice keeps the CA
    first.close()
    assert UiSettings.load(tmp_path / "d").ca_file == str(ca.resolve())

    again = clients("again", data_dir=tmp_path / "d")  # no --ca this time
    indicator = again.window.status.connection
    with qtbot.waitSignal(again.logged_in, timeout=20_000):
        again.start()
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.ONLINE, timeout=20_000)
    again.close()

    other = tmp_path / "elsewhere" / "room-ca.pem"  # an explicit --ca wins and is kept
    other.parent.mkdir()
    shutil.copy(ca, other)
    clients("third", data_dir=tmp_path / "d", ca_file=other)
    assert UiSettings.load(tmp_path / "d").ca_file == str(other.resolve())


def test_client_refuses_a_missing_ca_file(tmp_path: Path) -> None:
    assert run_client(["--ca", str(tmp_path / "missing.pem"), "--data", str(tmp_path)]) == 2
