"""Start-up: the login window is shown before the client exists, and then works as usual."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from meetingroom.ui.shell.startup import ClientStartup

StartupFactory = Callable[..., ClientStartup]


@pytest.fixture
def startups(qapp: Any) -> Iterator[StartupFactory]:
    made: list[ClientStartup] = []

    def make(data_dir: Path, server_url: str | None = None) -> ClientStartup:
        startup = ClientStartup(qapp, data_dir, server_url=server_url, ca_file=None)
        made.append(startup)
        return startup

    yield make
    for startup in made:
        if startup.client is not None:
            startup.client.close()
        elif startup.dialog is not None:
            startup.dialog.close()
        startup.deleteLater()
    qapp.processEvents()


def test_login_window_is_shown_before_the_client_is_built_and_logs_in(
        qtbot: Any, room: Any, startups: StartupFactory, file_keyring: Any,
        tmp_path: Path) -> None:
    room.published_meeting()
    startup = startups(tmp_path / "fresh", server_url=room.url)
    startup.begin()
    dialog = startup.dialog
    assert dialog is not None and dialog.isVisible()
    assert startup.client is None  # nothing heavy before the first paint
    assert dialog.server.text() == room.url
    qtbot.waitUntil(lambda: startup.client is not None, timeout=20_000)
    client = startup.client
    assert client is not None and client.login_dialog is dialog  # the same window, adopted
    dialog.username.setText("delegate")
    dialog.password.setText(room.password("delegate"))
    with qtbot.waitSignal(client.logged_in, timeout=20_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert client.window.isVisible()
    qtbot.waitUntil(lambda: client.window.meetings.rowCount() == 1, timeout=20_000)


def test_a_login_asked_before_the_client_exists_is_sent_when_it_is_built(
        qtbot: Any, room: Any, startups: StartupFactory, file_keyring: Any,
        tmp_path: Path) -> None:
    startup = startups(tmp_path / "fresh", server_url=room.url)
    startup.begin()
    dialog = startup.dialog
    assert dialog is not None
    dialog.username.setText("delegate")
    dialog.password.setText("not-the-password")
    dialog.submit()  # before any event was processed: there is no engine yet
    assert startup.client is None and dialog.busy_now
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy_now, timeout=20_000)
    assert dialog.error.text() == "Wrong username or password."


def test_with_a_cached_user_the_main_window_comes_first(
        qtbot: Any, room: Any, clients: Any, login: Any, startups: StartupFactory,
        file_keyring: Any, tmp_path: Path) -> None:
    room.published_meeting()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.window.meetings.rowCount() == 1, timeout=20_000)
    first.close()
    startup = startups(tmp_path / "d")
    startup.begin()
    assert startup.dialog is None and startup.client is not None
    client = startup.client
    qtbot.waitUntil(lambda: client.window.isVisible(), timeout=20_000)
    assert client.login_dialog is None
    assert client.window.meetings.rowCount() == 1  # from the cache
