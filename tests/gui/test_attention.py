"""What needs the person now, against the real server: an opened vote reaches a delegate
who is on another tab and in a reader; the floor and a new item are lighter notices."""

from __future__ import annotations

from typing import Any

from live_session import choose, in_session, open_poll

from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.ui.live.attention_bar import AttentionBar
from meetingroom.ui.reader.viewer import DocumentViewer

WAIT = 20_000


def test_an_opened_vote_reaches_a_delegate_on_another_tab_and_in_a_reader(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    sec, d, m = in_session(qtbot, room, clients, login)
    window = d.window
    window.tabs.setCurrentIndex(0)  # reading the agenda
    qtbot.waitUntil(lambda: d.engine.documents.ready_path(m["document"].sha256) is not None,
                    timeout=WAIT)
    viewer = window.open_document(m["document"])
    assert isinstance(viewer, DocumentViewer)
    viewer.showFullScreen()  # presenting it on the big screen, say
    reader_bar = viewer.findChild(AttentionBar)
    assert reader_bar is not None and not reader_bar.isVisible()
    live_tab = window.tabs.indexOf(window.live_page)
    assert window.tabs.tabText(live_tab) == "Live"
    assert not window.attention_bar.isVisible()

    open_poll(qtbot, sec, "Thông qua Nghị quyết số 12")
    sentence = "A vote is open: Thông qua Nghị quyết số 12. You have not voted yet."
    for bar in (window.attention_bar, reader_bar):
        qtbot.waitUntil(lambda bar=bar: bar.text == sentence, timeout=WAIT)
        assert bar.isVisible() and bar.button.text() == "Go to the ballot"
        assert bar.accessibleName() == sentence  # what a screen reader's alert speaks
        assert not bar.close_button.isVisible()  # it stays until they vote
    assert window.tabs.tabText(live_tab) == "Live ●"
    assert window.status.attention.isVisible()  # shortened with "…" when the bar is full
    assert window.status.attention.text() == (
        "Vote open: Thông qua Nghị quyết số 12 – you have not voted")
    # the secretary runs the meeting on her Live tab: the ballot is before her eyes
    qtbot.waitUntil(lambda: sec.window.tabs.tabText(live_tab) == "Live ●", timeout=WAIT)
    assert not sec.window.attention_bar.isVisible()

    # one button, from the reader, to the ballot
    reader_bar.button.click()
    assert window.tabs.currentWidget() is window.live_page
    assert window.live.ballot.isVisible()
    assert not window.attention_bar.isVisible() and not reader_bar.isVisible()
    assert window.tabs.tabText(live_tab) == "Live ●"  # not voted yet: the badge stays

    ballot = window.live.ballot
    ballot.option_buttons["yes"].click()
    ballot.vote_button.click()
    ballot.send_button.click()
    qtbot.waitUntil(lambda: ballot.latest() is not None
                    and ballot.latest().state is BallotState.RECEIVED, timeout=WAIT)
    qtbot.waitUntil(lambda: window.tabs.tabText(live_tab) == "Live", timeout=WAIT)
    assert window.status.attention.text() == ""
    assert not reader_bar.isVisible() and not window.attention_bar.isVisible()

    polls = sec.window.live.console.polls
    choose(polls, "Thông qua")
    polls.close_button.click()
    sec.window.live.question.confirm_button.click()  # closing asks first
    # the vote is over (a sealed box would now wait for its trustees)
    qtbot.waitUntil(lambda: d.window.live.snap.polls[0].status is not PollStatus.OPEN,
                    timeout=WAIT)

    # the next vote: they keep reading, and the poll closes before they vote
    window.tabs.setCurrentIndex(0)
    open_poll(qtbot, sec, "Biểu quyết lần hai")
    qtbot.waitUntil(lambda: reader_bar.text.startswith("A vote is open: Biểu quyết lần hai"),
                    timeout=WAIT)
    assert window.attention_bar.isVisible()
    choose(polls, "Biểu quyết lần hai")
    polls.close_button.click()
    sec.window.live.question.confirm_button.click()
    qtbot.waitUntil(lambda: not reader_bar.isVisible(), timeout=WAIT)
    assert not window.attention_bar.isVisible()
    assert window.tabs.tabText(live_tab) == "Live"
    viewer.close()


def test_the_floor_and_a_new_item_are_lighter_and_can_be_closed(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    sec, d, m = in_session(qtbot, room, clients, login)
    window = d.window
    window.tabs.setCurrentIndex(0)
    bar = window.attention_bar
    d.window.live.own.speak.click()
    console = sec.window.live.console
    qtbot.waitUntil(lambda: console.speakers.queue.count() == 1, timeout=WAIT)
    console.speakers.grant_next.click()
    qtbot.waitUntil(lambda: bar.text == "You have the floor. Please speak now.", timeout=WAIT)
    assert bar.close_button.isVisible()  # lighter: it can be closed
    assert window.tabs.tabText(window.tabs.indexOf(window.live_page)) == "Live"  # no badge
    bar.close_button.click()
    assert not bar.isVisible()

    # the secretary moves to the second item; the delegate follows the presenter
    second = m["items"][1]
    console.items.setCurrentIndex(console.items.findData(second.id))
    console.set_current.click()
    qtbot.waitUntil(lambda: bar.text == "The meeting has moved on to: Dự thảo Nghị quyết",
                    timeout=WAIT)
    assert not sec.window.attention_bar.isVisible()  # she moved it herself
    bar.button.click()
    assert window.tabs.currentIndex() == 0
    assert window.agenda.tree.current_item_id == second.id
    assert not bar.isVisible()

    # not following: a new item is not announced
    d.window.live.own.follow.setChecked(False)
    first = m["items"][0]
    console.items.setCurrentIndex(console.items.findData(first.id))
    console.set_current.click()
    qtbot.waitUntil(lambda: d.window.live.snap.live.current_item_id == first.id,
                    timeout=WAIT)
    assert not bar.isVisible()
