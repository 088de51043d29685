"""F1 opens the user's guide: the guide of their role, in the interface language, offline,
with its pictures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from meetingroom.paths import resource_path


def _images(window: Any) -> list[tuple[str, QImage]]:
    """Every picture the shown guide references, as the browser loads it (relative to
    the guide's own file: the shipped copy)."""
    window.browser.grab()  # lays the document out and draws it, as on screen
    document = window.browser.document()
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                name = fmt.toImageFormat().name()
                url = window.browser.source().resolved(QUrl(name))
                loaded = window.browser.loadResource(
                    QTextDocument.ResourceType.ImageResource, url)
                image = loaded if isinstance(loaded, QImage) else QImage.fromData(
                    QByteArray(loaded) if loaded is not None else QByteArray())
                found.append((name, image))
            it += 1
        block = block.next()
    return found


def test_f1_opens_the_guide_of_the_users_role_in_the_interface_language(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    room.published_meeting()
    client = login(clients("s", lang="vi"), "secretary")
    window = client.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    helper = window.help_window
    assert helper is not None
    qtbot.waitUntil(helper.isVisible)
    assert helper.path == resource_path("guides", "guide-secretary.vi.md")
    text = helper.browser.toPlainText()
    assert "Hướng dẫn sử dụng dành cho thư ký" in text  # Vietnamese, as the interface
    assert "Soạn chương trình nghị sự" in text and "Điều hành phiên họp" in text
    assert helper.windowTitle() == "Hướng dẫn sử dụng dành cho thư ký"
    images = _images(helper)
    assert len(images) >= 4
    for name, image in images:  # every picture is there and loaded, from the shipped copy
        assert not image.isNull(), name
        assert image.width() > 300, name

    # the link at the top leads to the same guide in English, in the same window
    link = QUrl("guide-secretary.md")
    helper._follow(link)
    assert helper.path == resource_path("guides", "guide-secretary.md")
    assert "Secretary's guide" in helper.browser.toPlainText()
    helper.close()

    # switching the interface to English: F1 now opens the English guide
    window.language_requested.emit("en")
    qtbot.waitUntil(lambda: window.guide_action.text() == "User guide")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert helper.isVisible() and helper.path == resource_path("guides", "guide-secretary.md")
    assert all(not image.isNull() for _name, image in _images(helper))


def test_every_role_has_its_guide_in_both_languages_with_every_picture_shipped() -> None:
    from meetingroom.domain.roles import Role
    from meetingroom.ui.shell.help import guide_path

    for role in Role:
        for lang in ("vi", "en"):
            path = guide_path(role, lang)
            assert path.is_file(), path
            text = path.read_text(encoding="utf-8")
            for rel in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text):
                assert (path.parent / rel).is_file(), (path.name, rel)
    assert Path(guide_path(Role.OBSERVER, "vi")).name == "guide-delegate.vi.md"
