"""Logging in through the real dialog against the real server."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from meetingroom.ui.shell.meeting_list import MeetingIdRole

NOT_REMEMBERED = ("This computer has no password store, so the login could not be remembered. "
                  "You will need to log in again next time.")


def test_wrong_password_shows_inline_error_and_stores_no_token(
        qtbot: Any, room: Any, clients: Any, file_keyring: Any) -> None:
    client = clients("d")
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None and client.login_dialog.isVisible())
    dialog = client.login_dialog
    dialog.server.setText(room.url)
    dialog.username.setText("delegate")
    dialog.password.setText("not-the-password")
    assert dialog.remember.isChecked()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.busy_now  # the GUI stays responsive while the engine works
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy_now, timeout=20_000)
    assert dialog.error.text() == "Wrong username or password."
    assert dialog.isVisible()  # inline error, no surprise dialog; one may try again
    assert dialog.password.text() == ""
    assert file_keyring._load() == {}
    assert not client.window.isVisible()


def test_a_malformed_address_is_named_and_the_password_is_kept(
        qtbot: Any, room: Any, clients: Any, file_keyring: Any) -> None:
    client = clients("d")
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None and client.login_dialog.isVisible())
    dialog = client.login_dialog
    sent: list[str] = []
    dialog.login_requested.connect(lambda url, *_: sent.append(url))
    for typed in ("192.168.1.10:87a65", "http://192.168.1.10:8765", "phong hop:8765",
                  "192.168.1.10:70000", "ws://"):
        dialog.server.setText(typed)
        dialog.username.setText("delegate")
        dialog.password.setText(room.password("delegate"))
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        assert not dialog.busy_now and sent == []  # nothing was sent to any server
        assert "is not a valid server address" in dialog.error.text(), typed
        assert "192.168.1.10:8765" in dialog.error.text()  # what a valid one looks like
        assert dialog.password.text() == room.password("delegate")  # not typed again
    # corrected, the same password logs in
    dialog.server.setText(room.url)
    with qtbot.waitSignal(client.logged_in, timeout=20_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert sent == [room.url]


def test_an_unreachable_server_keeps_the_password(
        qtbot: Any, clients: Any, file_keyring: Any) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = clients("d")
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None and client.login_dialog.isVisible())
    dialog = client.login_dialog
    dialog.server.setText(f"127.0.0.1:{port}")
    dialog.username.setText("delegate")
    dialog.password.setText("a-password-typed-once")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy_now, timeout=30_000)
    assert "Cannot reach the server" in dialog.error.text()
    assert dialog.password.text() == "a-password-typed-once"


def test_enter_submits_and_delegate_sees_published_meeting_and_agenda(
        qtbot: Any, room: Any, clients: Any, file_keyring: Any) -> None:
    m = room.published_meeting()
    client = clients("d", server_url=room.url)
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None)
    dialog = client.login_dialog
    assert dialog.server.text() == room.url
    dialog.username.setText("delegate")
    dialog.password.setText(room.password("delegate"))
    with qtbot.waitSignal(client.logged_in, timeout=20_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    window = client.window
    assert window.isVisible()
    assert len(file_keyring._load()) == 1  # "remember me": the token went to the keyring
    assert window.messages.text == ""  # remembered: nothing to warn about
    qtbot.waitUntil(lambda: window.meetings.rowCount() == 1, timeout=20_000)
    assert window.meetings.index(0, 0).data(MeetingIdRole) == m["meeting_id"]
    assert window.meetings.index(0, 0).data() == "Kỳ họp thứ 12"
    qtbot.waitUntil(lambda: window.agenda.model.rowCount() == 2)
    model = window.agenda.model
    assert [model.index(r, 0).data() for r in range(2)] == [
        "1. Báo cáo tình hình kinh tế - xã hội", "2. Dự thảo Nghị quyết"]
    assert window.agenda.title.text() == "Kỳ họp thứ 12"
    # a delegate gets no editing tools (the server would refuse anyway)
    assert not window.editor.toolbar.isVisible()
    assert not window.meetings_panel.new_meeting.isVisible()
    assert not window.agenda.publish_button.isVisible()


def test_remembered_session_opens_the_window_without_asking(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Any) -> None:
    room.published_meeting()
    first = login(clients("d", data_dir=tmp_path / "d"), "delegate")
    qtbot.waitUntil(lambda: first.window.meetings.rowCount() == 1, timeout=20_000)
    first.close()
    again = clients("d2", data_dir=tmp_path / "d")
    with qtbot.waitSignal(again.logged_in, timeout=20_000):
        again.start()
    assert again.login_dialog is None
    assert again.window.meetings.rowCount() == 1  # from the cache, before any network


@pytest.mark.parametrize("ticked", [True, False], ids=["remember-ticked", "not-ticked"])
def test_remember_me_without_a_password_store_says_so(
        qtbot: Any, room: Any, clients: Any, ticked: bool) -> None:
    keyring.set_keyring(fail.Keyring())  # a machine with no usable keyring (restored after)
    client = clients("d", server_url=room.url)
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None)
    dialog = client.login_dialog
    dialog.username.setText("delegate")
    dialog.password.setText(room.password("delegate"))
    dialog.remember.setChecked(ticked)
    with qtbot.waitSignal(client.logged_in, timeout=20_000):
        dialog.submit()
    window = client.window
    assert window.isVisible()
    assert QApplication.activeModalWidget() is None  # not a blocking dialog
    if ticked:
        assert window.messages.text == NOT_REMEMBERED
        assert window.messages.kind == "info"
        assert not window.messages._timer.isActive()  # stays until the user closes it
    else:
        assert window.messages.text == ""  # nothing was asked, nothing to say
