"""A keyboard and screen-reader user's view of every screen and dialog: the Tab key
reaches each control, never gets stuck, and each control it reaches has an accessible
name, in English and in Vietnamese. Against the real server with the demo's meeting."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from a11y_walk import Stop, accessible_name, describe, tab_walk, unnamed
from live_session import in_session, open_poll
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from meetingroom.demo.seed import DEMO_PASSWORD, SeededDemo, seed_demo
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.ui.minutes.actions import MinutesAction
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.shell.meeting_dialog import MeetingDialog

WAIT = 30_000

Walks = dict[str, list[Stop]]
"""Screen name → what the Tab key reached on it."""


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, SeededDemo]]:
    """(url, seeded) of a running server seeded like ``meetingroom demo``."""
    seeded = seed_demo(tmp_path / "server")
    server = EmbeddedServer(ServerConfig(data_dir=tmp_path / "server", host="127.0.0.1",
                                         port=0, poll_interval=0.5))
    server.start()
    try:
        yield server.url, seeded
    finally:
        server.stop()


def logged_in(clients: Any, qtbot: Any, url: str, username: str, meeting_id: str) -> Any:
    client = clients(username, server_url=url)
    client.start(resume=False)
    with qtbot.waitSignal(client.logged_in, timeout=WAIT):
        client.login(url, username, DEMO_PASSWORD)
    window = client.window
    qtbot.waitUntil(lambda: client.engine.meetings.snapshot(meeting_id) is not None, timeout=WAIT)
    # the list shows the meeting a moment after the engine has it: select it from there
    qtbot.waitUntil(lambda: window.meetings.row_of(meeting_id) >= 0, timeout=WAIT)
    window.select_meeting(meeting_id)
    qtbot.waitUntil(lambda: window.meeting_id == meeting_id, timeout=WAIT)
    window.resize(1366, 768)
    return client


def walk_dialog(dialog: QDialog, qtbot: Any) -> list[Stop]:
    qtbot.waitUntil(dialog.isVisible)
    return tab_walk(dialog, qtbot)


def walk_main_window(client: Any, qtbot: Any, meeting_id: str) -> Walks:
    """Every page tab of the main window, and the live console's tabs."""
    window = client.window
    walks: Walks = {}
    for index in range(window.tabs.count()):
        if not window.tabs.isTabEnabled(index):
            continue
        window.tabs.setCurrentIndex(index)
        assert window.tabs.currentIndex() == index
        if window.tabs.currentIndex() == 2:
            qtbot.waitUntil(lambda: window.live.snap is not None, timeout=WAIT)
            console = window.live.console
            if console.isVisibleTo(window.live):
                for page in range(console.tabs.count()):
                    console.tabs.setCurrentIndex(page)
                    walks[f"live/{page}"] = tab_walk(window, qtbot)
                continue
        walks[f"tab {index}"] = tab_walk(window, qtbot)
    return walks


def in_both_languages(qapp: Any, walk: Callable[[], Walks]) -> tuple[Walks, Walks]:
    """``walk()`` in English, then again after switching the running app to Vietnamese."""
    context = UiContext.of(qapp)
    context.translations.install("en")
    english = walk()
    context.translations.install("vi")
    try:
        vietnamese = walk()
    finally:
        context.translations.install("en")
    return english, vietnamese


def _keyed(stops: list[Stop]) -> Iterator[tuple[tuple[str, int], Stop]]:
    """Each stop keyed by where it is and how many stops of the same description
    came before it (several unnamed tool buttons share one description)."""
    count: dict[str, int] = {}
    for s in stops:
        count[s.where] = count.get(s.where, 0) + 1
        yield (s.where, count[s.where]), s


def assert_named(english: Walks, vietnamese: Walks, *, same_ok: frozenset[str] = frozenset(),
                 keep_tab: frozenset[str] = frozenset()) -> None:
    """Every stop has a name in both languages, the names are translated, and only
    ``keep_tab`` keep the Tab key for themselves (left with Ctrl+Tab)."""
    problems = [f"{lang} {screen}: no name for {w}"
                for lang, walks in (("en", english), ("vi", vietnamese))
                for screen, stops in walks.items() for w in unnamed(stops)]
    problems += [f"{screen}: {s.where} keeps the Tab key" for screen, stops in english.items()
                 for s in stops if s.keeps_tab and s.where not in keep_tab]
    assert not problems, "\n".join(problems)
    untranslated = []
    for screen, stops in english.items():
        vi = dict(_keyed(vietnamese.get(screen, [])))
        for key, s in _keyed(stops):
            if key in vi and vi[key].name == s.name and s.where not in same_ok:
                untranslated.append(f"{screen}: {s.where} is {s.name!r} in both languages")
    assert not untranslated, "\n".join(untranslated)


def test_the_walk_fails_on_an_unnamed_field_and_on_a_tab_trap(qtbot: Any) -> None:
    """The walker itself: a field with only a placeholder has no name, a label made its
    buddy names it, and a text editor that keeps the Tab key is reported as a trap."""
    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    bare = QLineEdit(window)
    bare.setPlaceholderText("Comment")
    labelled = QLineEdit(window)
    form.addRow(bare)
    title = QLabel("Title", window)
    title.setBuddy(labelled)
    form.addRow(title, labelled)
    window.show()
    assert accessible_name(bare) == "" and accessible_name(labelled) == "Title"
    assert unnamed(tab_walk(window, qtbot)) == ["QLineEdit() (QLineEdit)"]
    trap = QPlainTextEdit(window)
    form.addRow(trap)
    trap.show()
    with pytest.raises(AssertionError, match="keyboard trap"):
        tab_walk(window, qtbot)
    assert describe(trap) == "QPlainTextEdit()"


def test_secretary_screens_and_dialogs_are_named_in_both_languages(
        qapp: Any, qtbot: Any, clients: Any, demo: tuple[str, SeededDemo]) -> None:
    url, seeded = demo
    mid = seeded.meeting_id
    client = logged_in(clients, qtbot, url, "secretary", mid)
    window = client.window
    pane = window.minutes.pane
    assert pane is not None
    pane.buttons[MinutesAction.NEW_DRAFT].click()  # the editor and its comment field
    qtbot.waitUntil(lambda: pane.editor.isVisibleTo(pane) and pane.comment.isEnabled(),
                    timeout=WAIT)

    def walk() -> Walks:
        walks = walk_main_window(client, qtbot, mid)
        window.create_meeting()
        dialog = window.findChild(MeetingDialog)
        walks["new meeting"] = walk_dialog(dialog, qtbot)
        dialog.close()
        poll = window.live.console.polls.new_poll()
        walks["new poll"] = walk_dialog(poll, qtbot)
        poll.close()
        sign = window.minutes.open_sign_dialog(mid)
        walks["sign"] = walk_dialog(sign, qtbot)
        sign.close()
        return walks

    english, vietnamese = in_both_languages(qapp, walk)
    every = {s.where for stops in english.values() for s in stops}
    for seen in ("DocumentPane.notes_edit", "MinutesEditor.text", "MinutesPane.comment",
                 "AttendancePanel.proxy_holder", "SpeakersPanel.limit"):
        assert any(w.startswith(seen) for w in every), f"the walk never reached {seen}"
    order = [s.where.split("/")[0] for s in english["tab 0"]]
    # as the eye reads the agenda page: its header, its tools, the tree, then documents
    assert (order.index("AgendaPane.edit_button") < order.index("AgendaPane._toolbar")
            < order.index("AgendaPane.tree") < order.index("DocumentPane.notes_edit"))
    assert_named(english, vietnamese,
                 keep_tab=frozenset({"AgendaPane.tree", "MinutesEditor.text"}))


def test_delegate_screens_reader_and_login_are_named_in_both_languages(
        qapp: Any, qtbot: Any, clients: Any, demo: tuple[str, SeededDemo]) -> None:
    url, seeded = demo
    mid = seeded.meeting_id
    client = logged_in(clients, qtbot, url, "delegate1", mid)
    window, engine = client.window, client.engine
    snap = engine.meetings.snapshot(mid)
    doc = max(snap.documents, key=lambda d: d.pages)
    window.agenda.tree.select_item(doc.item_id)
    qtbot.waitUntil(lambda: engine.documents.ready_path(doc.sha256) is not None, timeout=WAIT)
    viewer = window.open_document(doc)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_count > 0, timeout=WAIT)
    viewer.resize(1366, 768)
    viewer.toggle_sidebar()  # thumbnails, outline and the notes panel
    viewer.open_search()

    def walk() -> Walks:
        walks = walk_main_window(client, qtbot, mid)
        for page in range(viewer.sidebar.count()):
            viewer.sidebar.setCurrentIndex(page)
            walks[f"reader/{page}"] = tab_walk(viewer, qtbot)
        login = client.show_login()
        walks["login"] = walk_dialog(login, qtbot)
        login.close()
        return walks

    english, vietnamese = in_both_languages(qapp, walk)
    assert_named(english, vietnamese)


def test_an_open_ballot_the_outline_and_a_file_dialog_are_named_at_200_percent(
        qapp: Any, qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    """What the other walks do not reach: a delegate's open ballot, the reader's outline
    (its document has one), a Qt file dialog the app opens — with the text at 200 %."""
    sec, d, m = in_session(qtbot, room, clients, login)
    theme = UiContext.of(qapp).theme
    window = d.window
    try:
        theme.set_text_size(200)
        open_poll(qtbot, sec, "Thông qua Nghị quyết số 12")
        qtbot.waitUntil(lambda: window.attention_bar.isVisible(), timeout=WAIT)
        window.attention_bar.button.click()  # to the ballot
        ballot = window.live.ballot
        qtbot.waitUntil(lambda: ballot.isVisible() and bool(ballot.option_buttons),
                        timeout=WAIT)
        qtbot.waitUntil(lambda: d.engine.documents.ready_path(m["document"].sha256) is not None,
                        timeout=WAIT)
        viewer = window.open_document(m["document"])
        assert viewer is not None
        qtbot.waitUntil(lambda: viewer.page_count > 0, timeout=WAIT)
        viewer.resize(1366, 768)
        viewer.toggle_sidebar()
        outline = viewer.sidebar.outline
        qtbot.waitUntil(lambda: outline.topLevelItemCount() > 0, timeout=WAIT)

        sec.window.tabs.setCurrentIndex(0)
        sec.window.agenda.tree.select_item(m["items"][0].id)  # its "Attach" button

        def walk() -> Walks:
            window.tabs.setCurrentWidget(window.live_page)
            walks = {"ballot": tab_walk(window, qtbot)}
            viewer.sidebar.setCurrentWidget(outline)
            walks["outline"] = tab_walk(viewer, qtbot)
            walks["file dialog"] = walk_file_dialog(sec.window, qtbot)
            return walks

        english, vietnamese = in_both_languages(qapp, walk)
    finally:
        theme.set_text_size(100)
    choices = [s for s in english["ballot"] if s.kind == "ChoiceRadio"]
    assert [c.name for c in choices] == ["Tán thành"]  # Tab enters the group; arrows move
    assert any(s.where == "ReaderSidebar.outline" for s in english["outline"])
    assert len(english["file dialog"]) >= 5  # its places, path, list, name, type, buttons
    # the options are the poll's own words, the same in both languages
    assert_named(english, vietnamese, same_ok=frozenset(c.where for c in choices))


def walk_file_dialog(window: Any, qtbot: Any) -> list[Stop]:
    """Open the secretary's "attach documents" file dialog as the app does (Qt's own,
    modal), walk it, and close it."""
    walked: list[list[Stop]] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, inside)
            return
        try:
            walked.append(tab_walk(dialog, qtbot))
        finally:
            dialog.reject()

    QTimer.singleShot(50, inside)
    window.documents.attach_button.click()  # blocks in the dialog until ``inside`` closes it
    assert walked, "the file dialog never opened"
    return walked[0]
