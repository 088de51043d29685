"""A client and server of different protocol versions: "update the app" in the login window,
in the status bar and over the cached meetings — never a retry loop or a crash."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from meetingroom import __version__
from meetingroom.sync.backoff import Backoff
from meetingroom.sync.events import ConnectionState
from meetingroom.ui.shell.app import ClientApp, build_client

OLDER_EN = ("This app is too old for the meeting room server. Please update Meetingroom on "
            f"this computer to version {__version__} or later.")
OLDER_VI = ("Ứng dụng này đã quá cũ so với máy chủ phòng họp. Vui lòng cập nhật Meetingroom "
            f"trên máy tính này lên phiên bản {__version__} hoặc mới hơn.")
NEWER_EN = ("The meeting room server runs an older version of Meetingroom than this app. "
            "Ask the administrator to update the server.")


@pytest.fixture
def mismatched(qapp: Any, tmp_path: Path) -> Iterator[Callable[..., ClientApp]]:
    """``mismatched(protocol, lang=...)``: a client whose engine speaks ``protocol``."""
    made: list[ClientApp] = []

    def make(protocol: int, *, lang: str = "en", data_dir: Path | None = None) -> ClientApp:
        client = build_client(data_dir or tmp_path / f"client-{len(made)}", lang=lang,
                              theme="light", backoff=Backoff(initial=0.1, maximum=0.5),
                              connect_timeout=3, protocol_version=protocol)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
    qapp.processEvents()


def _log_in_through_the_dialog(qtbot: Any, client: ClientApp, room: Any) -> Any:
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None
                    and client.login_dialog.isVisible())
    dialog = client.login_dialog
    assert dialog is not None
    dialog.server.setText(room.url)
    dialog.username.setText("delegate")
    dialog.password.setText(room.password("delegate"))
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy_now, timeout=20_000)
    return dialog


@pytest.mark.parametrize("lang, text", [("en", OLDER_EN), ("vi", OLDER_VI)])
def test_an_older_app_says_update_the_app_in_the_login_window(
        qtbot: Any, room: Any, mismatched: Any, file_keyring: Any, lang: str,
        text: str) -> None:
    client = mismatched(0, lang=lang)
    dialog = _log_in_through_the_dialog(qtbot, client, room)
    assert dialog.error.text() == text
    assert dialog.isVisible() and not client.window.isVisible()
    assert client.engine.state is ConnectionState.UPDATE_REQUIRED
    assert file_keyring._load() == {}  # nothing stored from a refused login


def test_a_newer_app_says_the_server_needs_an_update(
        qtbot: Any, room: Any, mismatched: Any, file_keyring: Any) -> None:
    dialog = _log_in_through_the_dialog(qtbot, mismatched(2), room)
    assert dialog.error.text() == NEWER_EN


def test_a_saved_session_shows_update_the_app_over_the_cached_meetings(
        qtbot: Any, room: Any, clients: Any, login: Any, mismatched: Any,
        file_keyring: Any, tmp_path: Path) -> None:
    room.published_meeting()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.window.meetings.rowCount() == 1, timeout=20_000)
    first.close()
    again = mismatched(0, data_dir=tmp_path / "d")
    again.start()
    window = again.window
    qtbot.waitUntil(lambda: window.session_bar.text == OLDER_EN, timeout=20_000)
    assert window.session_bar.kind == "error"
    assert window.status.connection.text.startswith("Update needed")
    assert window.meetings.rowCount() == 1  # the cache stays readable
    assert again.login_dialog is None
