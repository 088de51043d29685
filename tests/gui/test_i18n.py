"""The Vietnamese translation: complete, compiled, loaded, and switchable at run time."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from meetingroom.paths import resource_path
from meetingroom.ui.i18n import choose_language

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent
TS = resource_path("i18n", "meetingroom_vi.ts")
QM = resource_path("i18n", "meetingroom_vi.qm")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            translation = m.find("translation")
            assert translation is not None
            out[(name, m.findtext("source") or "")] = translation
    return out


@pytest.fixture(scope="module")
def sources(tmp_path_factory: Any) -> dict[tuple[str, str], ET.Element]:
    """Every tr()/translate() string in meetingroom/ui, as pyside6-lupdate extracts them."""
    out = tmp_path_factory.mktemp("lupdate") / "current.ts"
    files = sorted(str(p) for p in (ROOT / "meetingroom" / "ui").glob("*.py"))
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *files, "-locations", "none", "-ts",
                    str(out)], check=True, capture_output=True)
    return messages(out)


def test_every_interface_string_has_a_vietnamese_translation(sources: Any) -> None:
    committed = messages(TS)
    assert len(sources) > 100
    missing = [key for key in sources if key not in committed]
    unfinished = [key for key, t in committed.items()
                  if key in sources and (t.get("type") == "unfinished" or not t.text)]
    assert missing == [], "run lupdate and translate these"
    assert unfinished == []
    # placeholders survive translation, so .format() fills them in Vietnamese too
    for (_ctx, source), t in committed.items():
        for name in ("{title}", "{name}", "{count}", "{time}", "{seconds}", "{percent}",
                     "{done}", "{total}", "{reason}", "{page}"):
            assert (name in source) == (name in (t.text or "")), (source, t.text)


def test_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(TOOLS / "pyside6-lrelease"), str(TS), "-qm", str(fresh)], check=True,
                   capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on the .ts"


def test_language_follows_the_system_unless_asked() -> None:
    assert choose_language(None, QLocale("vi_VN")) == "vi"
    assert choose_language(None, QLocale("en_US")) == "en"
    assert choose_language(None, QLocale("fr_FR")) == "en"
    assert choose_language("en", QLocale("vi_VN")) == "en"
    assert choose_language("vi", QLocale("en_US")) == "vi"
    with pytest.raises(ValueError):
        choose_language("de")


def test_vietnamese_interface_and_switching_language_live(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    room.published_meeting()
    client = login(clients("d", lang="vi"), "delegate")
    window = client.window
    qtbot.waitUntil(lambda: window.agenda.model.rowCount() == 2, timeout=20_000)
    assert window.meetings_label.text() == "Cuộc họp"
    assert window.agenda.agenda_label.text() == "Chương trình nghị sự"
    assert window.documents.docs_label.text() == "Tài liệu"
    assert window.documents.open_button.text() == "Mở tài liệu"
    assert window.status.connection.text == "Trực tuyến"
    assert window.delegate.badge_text(window.meetings.meeting(0).status) == "Đã phát hành"
    assert "ngày 01/12/2026" in window.agenda.details.text()
    window.language_actions["en"].trigger()  # the menu, as a user would
    qtbot.waitUntil(lambda: window.meetings_label.text() == "Meetings")  # LanguageChange is posted
    assert window.documents.open_button.text() == "Open document"
    assert window.status.connection.text == "Online"
    assert "1 Dec 2026" in window.agenda.details.text()
    assert client.context.translations.language == "en"
    window.language_actions["vi"].trigger()
    qtbot.waitUntil(lambda: window.meetings_label.text() == "Cuộc họp")
    assert (client.data_dir / "ui.json").read_text().count('"vi"') == 1  # remembered


def test_login_error_in_vietnamese(qtbot: Any, room: Any, clients: Any) -> None:
    client = clients("d", lang="vi", server_url=room.url)
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None)
    dialog = client.login_dialog
    assert dialog.submit_button.text() == "Đăng nhập"
    dialog.username.setText("delegate")
    dialog.password.setText("sai")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy_now, timeout=20_000)
    assert dialog.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
