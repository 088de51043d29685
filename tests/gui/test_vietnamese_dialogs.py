"""Qt's own texts in Vietnamese (our qtbase_vi: Qt ships none), the poll dialog's named
buttons, the participant picker (big boxes, no vote ticks for who is not taking part) and
uncut names in the attendance table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QStyle,
)

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.roles import Role
from meetingroom.paths import resource_path
from meetingroom.ui.polls.dialog import PollDialog
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.shell.meeting_dialog import MeetingDialog

WAIT = 20_000
TOOLS = Path(sys.executable).parent


def test_qt_ships_no_vietnamese_so_ours_is_compiled_from_its_source(tmp_path: Path) -> None:
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert not (qt_dir / "qtbase_vi.qm").exists()  # else the loader prefers Qt's own
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(TOOLS / "pyside6-lrelease"), str(resource_path("i18n", "qtbase_vi.ts")),
                    "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == resource_path("i18n", "qtbase_vi.qm").read_bytes(), (
        "run pyside6-lrelease on resources/i18n/qtbase_vi.ts")


def test_standard_buttons_and_menus_read_vietnamese(qtbot: Any, qapp: Any) -> None:
    translations = UiContext.of(qapp).translations
    try:
        assert translations.install("vi")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
        assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Lưu"
        message = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(message)
        assert message.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Có"
        assert message.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Không"
        field = QLineEdit()
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = {a.text().split("\t")[0].replace("&", "") for a in menu.actions()}
        assert {"Hoàn tác", "Cắt", "Sao chép", "Dán", "Chọn tất cả"} <= texts
        menu.deleteLater()
    finally:
        translations.install("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"  # and back


def test_the_poll_dialog_names_its_buttons_in_vietnamese(qtbot: Any, clients: Any) -> None:
    clients("s", lang="vi")
    dialog = PollDialog()
    qtbot.addWidget(dialog)
    assert dialog.create_button.text() == "Tạo biểu quyết"
    assert dialog.cancel_button.text() == "Hủy"
    assert dialog.buttons.standardButtons() == QDialogButtonBox.StandardButton.NoButton
    dialog.kind.setCurrentIndex(0)  # a motion: no options, seats or choice counts shown
    assert not dialog.options.isVisibleTo(dialog) and not dialog.seats.isVisibleTo(dialog)
    dialog.kind.setCurrentIndex(2)
    assert dialog.options.isVisibleTo(dialog) and dialog.seats.isVisibleTo(dialog)


def test_the_picker_shows_ten_big_rows_and_no_vote_for_who_does_not_take_part(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    client = login(clients("s"), "secretary")
    dialog = MeetingDialog(client.engine, client.bridge, None, client.window)
    qtbot.addWidget(dialog)
    dialog.show()
    people = dialog.people
    qtbot.waitUntil(lambda: people.topLevelItemCount() == len(room.users), timeout=WAIT)
    rows = {people.topLevelItem(n).text(0): people.topLevelItem(n)
            for n in range(people.topLevelItemCount())}
    for name, row in rows.items():  # a new meeting: nobody ticked, no vote ticked either
        assert row.checkState(0) == Qt.CheckState.Unchecked, name
        assert row.data(2, Qt.ItemDataRole.CheckStateRole) is None, name
    height = people.visualItemRect(rows["Delegate"]).height()
    assert height >= 44
    assert people.viewport().height() >= 10 * height  # ten people without scrolling
    assert dialog.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) >= 20

    rows["Delegate"].setCheckState(0, Qt.CheckState.Checked)  # takes part: votes by default
    assert rows["Delegate"].checkState(2) == Qt.CheckState.Checked
    rows["Observer"].setCheckState(0, Qt.CheckState.Checked)  # takes part, no vote
    assert rows["Observer"].checkState(2) == Qt.CheckState.Unchecked
    rows["Delegate2"].setCheckState(0, Qt.CheckState.Checked)
    rows["Delegate2"].setCheckState(2, Qt.CheckState.Unchecked)  # the secretary's choice
    rows["Delegate"].setCheckState(0, Qt.CheckState.Unchecked)  # out again: no vote box
    assert rows["Delegate"].data(2, Qt.ItemDataRole.CheckStateRole) is None
    ids = {u.display_name: u.id for u in room.users.values()}
    assert sorted(dialog.participants(), key=lambda p: p["user_id"]) == sorted([
        {"user_id": ids["Observer"], "voting": False},
        {"user_id": ids["Delegate2"], "voting": False}], key=lambda p: p["user_id"])


def test_attendance_names_are_whole_at_1366_pixels(qtbot: Any, room: Any, clients: Any,
                                                   login: Any) -> None:
    long_name = "Nguyễn Thị Phương Thảo (Văn phòng UBND tỉnh)"
    room.admin.add_user("thao", "password-thao-long-enough", role=Role.DELEGATE,
                        display_name=long_name)
    mid = room.published_meeting(participants=("secretary", "delegate", "thao"))[
        "meeting_id"]
    client = login(clients("s"), "secretary")
    window = client.window
    window.resize(1366, 768)
    window.tabs.show_live_action.trigger()
    live = window.live
    qtbot.waitUntil(lambda: live.snap is not None and live.snap.meeting.id == mid,
                    timeout=WAIT)
    live.console.start.click()
    qtbot.waitUntil(lambda: live.snap.live.phase is MeetingPhase.IN_SESSION, timeout=WAIT)
    table = live.console.attendance.table
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=WAIT)
    metrics = table.fontMetrics()
    assert long_name in [table.item(r, 0).text() for r in range(table.rowCount())]
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        assert item.toolTip() == item.text()  # the whole name, also when elided
        assert table.columnWidth(0) > metrics.horizontalAdvance(item.text())
    # the name column takes the room the others leave
    others = sum(table.columnWidth(c) for c in (1, 2, 3))
    assert table.columnWidth(0) >= table.viewport().width() - others - 2
