"""The text-size setting (100–200 %): applied live to every widget, remembered, and at
200 % the main screens at 1366×768 still show every label and button whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QTabBar,
    QWidget,
)

from meetingroom.demo.seed import DEMO_PASSWORD, SeededDemo, seed_demo
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.ui.base.theme import BASE_POINT_SIZE
from meetingroom.ui.common.widgets import ElidedLabel
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.shell.settings import UiSettings

WAIT = 30_000


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, SeededDemo]]:
    seeded = seed_demo(tmp_path / "server")
    server = EmbeddedServer(ServerConfig(data_dir=tmp_path / "server", host="127.0.0.1",
                                         port=0, poll_interval=0.5))
    server.start()
    try:
        yield server.url, seeded
    finally:
        server.stop()


@pytest.fixture
def normal_text_after(qapp: Any) -> Iterator[None]:
    yield
    UiContext.of(qapp).theme.set_text_size(100)


def test_the_text_size_applies_at_once_everywhere_and_is_remembered(
        qapp: Any, qtbot: Any, room: Any, clients: Any, tmp_path: Path,
        normal_text_after: None) -> None:
    client = clients("d", server_url=room.url)
    window = client.window
    heading = window.meetings_panel.meetings_label
    assert QApplication.font().pointSizeF() == BASE_POINT_SIZE
    assert heading.font().pointSizeF() == 13
    window.app_menu.text_size_menu.size_actions[150].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(16.5)
    assert window.meetings_panel.new_meeting.font().pointSizeF() == pytest.approx(16.5)
    assert heading.font().pointSizeF() == pytest.approx(19.5)  # style-sheet sizes scale too
    saved = json.loads((tmp_path / "client-d" / "ui.json").read_text(encoding="utf-8"))
    assert saved["text_size"] == 150
    assert window.app_menu.text_size_menu.size_actions[150].isChecked()
    window.app_menu.text_size_menu.larger.trigger()  # Ctrl++
    assert UiSettings.load(tmp_path / "client-d").text_size == 175
    assert QApplication.font().pointSizeF() == pytest.approx(19.25, abs=0.1)

    UiContext.of(qapp).theme.set_text_size(100)  # another start reads the saved size
    again = clients("again", server_url=room.url, data_dir=tmp_path / "client-d")
    assert QApplication.font().pointSizeF() == pytest.approx(19.25, abs=0.1)
    assert again.window.app_menu.text_size_menu.size_actions[175].isChecked()


def test_a_saved_size_outside_the_range_is_brought_into_it(tmp_path: Path) -> None:
    (tmp_path / "ui.json").write_text('{"text_size": 900}', encoding="utf-8")
    assert UiSettings.load(tmp_path).text_size == 200
    (tmp_path / "ui.json").write_text('{"text_size": "big"}', encoding="utf-8")
    assert UiSettings.load(tmp_path).text_size == 100


def visible_part(w: QWidget) -> QRect:
    """The part of ``w`` its ancestors do not cut off, except where a scroll area's
    viewport cuts it (that part can be scrolled to)."""
    rect = QRect(QPoint(0, 0), w.size())
    child, parent = w, w.parentWidget()
    while parent is not None:
        rect.translate(child.pos())
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and (
                parent is parent.parentWidget().viewport()):  # type: ignore[union-attr]
            return QRect(QPoint(0, 0), w.size())
        rect = rect.intersected(QRect(QPoint(0, 0), parent.size()))
        child, parent = parent, parent.parentWidget()
    return rect


def clipped(window: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit the room they were given."""
    out = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or isinstance(w, ElidedLabel | QTabBar):
            continue  # an ElidedLabel ends in "…" by design, its tooltip has the rest
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                need_w, need_h = 0, w.heightForWidth(w.contentsRect().width())
            else:
                need_w, need_h = w.sizeHint().width(), w.sizeHint().height()
        elif isinstance(w, QAbstractButton) and w.text():
            need_w, need_h = w.sizeHint().width(), w.fontMetrics().height()
        else:
            continue
        shown = visible_part(w)
        if shown.width() + 1 < min(need_w, w.width()) or shown.height() + 1 < min(
                need_h, w.height()):
            out.append(f"{type(w).__name__} {w.text()[:40]!r} is cut by its window or a "
                       f"pane: {shown.width()}×{shown.height()} of {w.width()}×{w.height()}")
        elif w.width() + 1 < need_w or w.height() + 1 < need_h:
            text = w.text().replace("\n", " ")[:40]
            out.append(f"{type(w).__name__} {text!r}: {w.width()}×{w.height()}"
                       f" < {need_w}×{need_h}")
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_at_200_percent_the_main_screens_fit_1366_by_768_unclipped(
        qapp: Any, qtbot: Any, clients: Any, demo: tuple[str, SeededDemo],
        normal_text_after: None, lang: str) -> None:
    url, seeded = demo
    mid = seeded.meeting_id
    client = clients("secretary", server_url=url, lang=lang)
    UiContext.of(qapp).theme.set_text_size(200)
    client.start(resume=False)
    with qtbot.waitSignal(client.logged_in, timeout=WAIT):
        client.login(url, "secretary", DEMO_PASSWORD)
    window = client.window
    qtbot.waitUntil(lambda: client.engine.meetings.snapshot(mid) is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: window.meetings.row_of(mid) >= 0, timeout=WAIT)  # listed
    window.select_meeting(mid)
    qtbot.waitUntil(lambda: window.minutes.pane is not None, timeout=WAIT)
    snap = client.engine.meetings.snapshot(mid)
    window.agenda.tree.select_item(next(d.item_id for d in snap.documents))  # its buttons
    window.resize(1366, 768)
    pane = window.minutes.pane
    pane.buttons[MinutesAction.NEW_DRAFT].click()
    qtbot.waitUntil(lambda: pane.editor.isVisibleTo(pane), timeout=WAIT)
    problems = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        pages = [0]
        if window.tabs.currentIndex() == 2:
            qtbot.waitUntil(lambda: window.live.snap is not None, timeout=WAIT)
            pages = list(range(window.live.console.tabs.count()))
        for page in pages:
            if window.tabs.currentIndex() == 2:
                window.live.console.tabs.setCurrentIndex(page)
            qapp.processEvents()
            size = window.size()
            if size.width() > 1366 or size.height() > 768:
                problems.append(f"tab {index}/{page}: the window needs {size.width()}×"
                                f"{size.height()}")
            problems += [f"tab {index}/{page}: {p}" for p in clipped(window)]
    assert QApplication.font().pointSizeF() == 2 * BASE_POINT_SIZE
    assert not problems, "\n".join(problems)
    assert window.windowState() != Qt.WindowState.WindowFullScreen


def test_text_boxes_are_sized_in_lines_and_keep_them_at_200_percent(
        qapp: Any, qtbot: Any, clients: Any, normal_text_after: None) -> None:
    """The poll's options box shows four lines and the agenda item's notes three, at
    every text size (a pixel height would show half of them at 200 %)."""
    from meetingroom.ui.polls.dialog import PollDialog

    client = clients("s")
    dialog = PollDialog()
    qtbot.addWidget(dialog)
    pane = client.window.documents
    theme = UiContext.of(qapp).theme
    for size in (100, 200):
        theme.set_text_size(size)
        for box, lines in ((dialog.options, 4), (pane.notes_edit, 3)):
            line = box.fontMetrics().lineSpacing()
            qtbot.waitUntil(lambda b=box, n=lines, h=line: b.maximumHeight() >= n * h)
            room = box.maximumHeight() - 2 * box.frameWidth() - 8  # document margins
            assert lines * line <= room < (lines + 1) * line, (size, type(box).__name__)
    assert dialog.options.height() == dialog.options.maximumHeight()  # fixed: four lines
