"""Logging out forgets the remembered session; a secretary creates a meeting in the dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt

from meetingroom.ui.shell.meeting_dialog import MeetingDialog


def test_logout_forgets_the_token_and_asks_to_log_in(
        qtbot: Any, room: Any, clients: Any, login: Any, file_keyring: Any) -> None:
    client = login(clients("d"), "delegate")
    assert len(file_keyring._load()) == 1
    client.window.app_menu.logout_action.trigger()
    qtbot.waitUntil(lambda: client.login_dialog is not None
                    and client.login_dialog.isVisible(), timeout=20_000)
    assert not client.window.isVisible()
    assert file_keyring._load() == {}
    assert client.login_dialog.username.text() == "delegate"  # prefilled for next time


def test_secretary_creates_a_meeting_with_participants(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    client = login(clients("s"), "secretary")
    window = client.window
    assert window.meetings_panel.new_meeting.isVisible()
    qtbot.mouseClick(window.meetings_panel.new_meeting, Qt.MouseButton.LeftButton)
    dialog = window.findChild(MeetingDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.people.topLevelItemCount() == len(room.users),
                    timeout=20_000)
    dialog.title.setText("Hội nghị tổng kết năm 2026")
    dialog.location.setText("Hội trường tầng 2")
    dialog.starts_at.setDateTime(QDateTime.fromString("2026-12-28T08:30", "yyyy-MM-ddTHH:mm"))
    for n in range(dialog.people.topLevelItemCount()):
        row = dialog.people.topLevelItem(n)
        if row.text(0) in ("Delegate", "Secretary"):
            row.setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.agenda.title.text() == "Hội nghị tổng kết năm 2026",
                    timeout=20_000)
    snap = client.engine.meetings.snapshot(window.meeting_id)
    assert snap is not None
    assert snap.meeting.location == "Hội trường tầng 2"
    assert snap.meeting.starts_at == "2026-12-28T08:30"
    assert sorted(p.display_name for p in snap.participants) == ["Delegate", "Secretary"]
    assert window.agenda.publish_button.isVisible()  # a new meeting is a draft


def test_empty_title_is_refused_inline(qtbot: Any, room: Any, clients: Any,
                                       login: Any) -> None:
    client = login(clients("s"), "secretary")
    dialog = MeetingDialog(client.engine, client.bridge, None, client.window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.submit()
    assert dialog.error.isVisible() and dialog.error.text() == "Please enter a title."
    assert dialog.isVisible()
