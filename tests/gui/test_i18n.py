"""The Vietnamese translation: complete, compiled, loaded, and switchable at run time."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from meetingroom.domain.model import Document
from meetingroom.paths import resource_path
from meetingroom.ui.base.i18n import choose_language

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(sys.executable).parent
TS = resource_path("i18n", "meetingroom_vi.ts")
QM = resource_path("i18n", "meetingroom_vi.qm")
EN_TS = resource_path("i18n", "meetingroom_en.ts")
EN_QM = resource_path("i18n", "meetingroom_en.qm")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            translation = m.find("translation")
            assert translation is not None
            out[(name, m.findtext("source") or "")] = translation
    return out


def texts_of(translation: ET.Element) -> list[str]:
    """The translated text, or every plural form of a numerus message."""
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: Any) -> dict[tuple[str, str], ET.Element]:
    """Every tr()/translate() string in meetingroom/ui, as pyside6-lupdate extracts them."""
    out = tmp_path_factory.mktemp("lupdate") / "current.ts"
    files = sorted(str(p) for p in (ROOT / "meetingroom" / "ui").rglob("*.py"))
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *files, "-locations", "none", "-ts",
                    str(out)], check=True, capture_output=True)
    return messages(out)


def test_every_interface_string_has_a_vietnamese_translation(sources: Any) -> None:
    committed = messages(TS)
    assert len(sources) > 100
    missing = [key for key in sources if key not in committed]
    unfinished = [key for key, t in committed.items()
                  if key in sources and (t.get("type") == "unfinished"
                                         or not all(texts_of(t)))]
    assert missing == [], "run lupdate and translate these"
    assert unfinished == []
    # placeholders survive translation, so .format() (and Qt, for %n) fill them in Vietnamese
    for (_ctx, source), t in committed.items():
        for text in texts_of(t):
            for name in ("{title}", "{name}", "{count}", "{time}", "{seconds}", "{percent}",
                         "{done}", "{total}", "{reason}", "{page}", "%n"):
                assert (name in source) == (name in text), (source, text)


def test_counted_texts_use_plural_forms_in_both_languages(sources: Any) -> None:
    """No "{count} page(s)": counts go through Qt's %n, with English singular and plural."""
    assert not [s for (_c, s) in sources if "(s)" in s and "%n" not in s]
    counted = {key for key in sources if "%n" in key[1]}
    assert {("DocumentModel", "%n page(s)"),
            ("StatusPanel", "%n change(s) waiting to be sent")} <= counted
    english = messages(EN_TS)
    for key in counted:
        assert key in english, f"run lupdate -pluralonly for English: {key}"
        forms = texts_of(english[key])
        assert len(forms) == 2 and all("%n" in f and "(s)" not in f for f in forms), forms


@pytest.mark.parametrize(("ts", "qm"), [(TS, QM), (EN_TS, EN_QM)], ids=["vi", "en"])
def test_compiled_qm_matches_the_ts(tmp_path: Path, ts: Path, qm: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(TOOLS / "pyside6-lrelease"), str(ts), "-qm", str(fresh)], check=True,
                   capture_output=True)
    assert fresh.read_bytes() == qm.read_bytes(), "run pyside6-lrelease on the .ts"


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
    assert window.meetings_panel.meetings_label.text() == "Cuộc họp"
    assert window.agenda.agenda_label.text() == "Chương trình nghị sự"
    assert window.documents.docs_label.text() == "Tài liệu"
    assert window.documents.open_button.text() == "Mở tài liệu"
    assert window.status.connection.text == "Trực tuyến"
    badge = window.meetings_panel.delegate.badge_text
    assert badge(window.meetings.meeting(0).status) == "Đã phát hành"
    assert "ngày 01/12/2026" in window.agenda.details.text()
    window.app_menu.language_actions["en"].trigger()  # the menu, as a user would
    # LanguageChange is posted
    qtbot.waitUntil(lambda: window.meetings_panel.meetings_label.text() == "Meetings")
    assert window.documents.open_button.text() == "Open document"
    assert window.status.connection.text == "Online"
    assert "1 Dec 2026" in window.agenda.details.text()
    assert client.context.translations.language == "en"
    window.app_menu.language_actions["vi"].trigger()
    qtbot.waitUntil(lambda: window.meetings_panel.meetings_label.text() == "Cuộc họp")
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


def test_page_counts_read_correctly_in_english_and_vietnamese(qtbot: Any, clients: Any) -> None:
    client = clients("d", lang="en")
    model = client.window.documents.model
    model.set_documents([
        Document(id="a", item_id="i", name="mot.pdf", sha256="a" * 64, size=2048, pages=1),
        Document(id="b", item_id="i", name="ba.pdf", sha256="b" * 64, size=2048, pages=3)])

    def details(row: int) -> str:
        return str(model.index(row).data()).split("\n")[1].split(" · ")[0]

    assert [details(0), details(1)] == ["1 page", "3 pages"]
    client.set_language("vi")
    qtbot.waitUntil(lambda: details(1) == "3 trang")
    assert details(0) == "1 trang"
    client.set_language("en")
    qtbot.waitUntil(lambda: details(0) == "1 page")
