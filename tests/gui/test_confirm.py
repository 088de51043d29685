"""Closing a poll (button or F8), cancelling one and ending the meeting ask first, say what
follows, default to the safe answer; declining changes nothing on the server."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.polls import PollStatus
from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec
from meetingroom.protocol import requests as rq

WAIT = 20_000


def _live(client: Any, mid: str, qtbot: Any) -> Any:
    window = client.window
    window.tabs.show_live_action.trigger()
    qtbot.waitUntil(lambda: window.live.snap is not None
                    and window.live.snap.meeting.id == mid, timeout=WAIT)
    return window.live


def _motion(title: str) -> PollSpec:
    return PollSpec(title=title, options=(
        PollOption("yes", "Tán thành", OptionKind.YES),
        PollOption("no", "Không tán thành", OptionKind.NO)),
        ballot_type=BallotType.NAMED).validate()


def _round_trip(qtbot: Any, sec: Any, mid: str, item_id: str) -> None:
    """A command of the secretary's, answered: any command sent before it was handled."""
    sec.send(rq.LiveCurrentItem(meeting_id=mid, item_id=item_id))
    qtbot.waitUntil(lambda: sec.snap.live.current_item_id == item_id, timeout=WAIT)


def test_closing_asks_and_declining_leaves_the_poll_open(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    m = room.published_meeting(participants=("secretary", "delegate", "delegate2"))
    mid, items = m["meeting_id"], m["items"]
    sec = _live(login(clients("sec"), "secretary"), mid, qtbot)
    d1 = _live(login(clients("d1"), "delegate"), mid, qtbot)
    sec.console.start.click()
    qtbot.waitUntil(lambda: sec.snap.live.phase is MeetingPhase.IN_SESSION, timeout=WAIT)
    sec.console.attendance.all_present.click()
    qtbot.waitUntil(lambda: d1.header.heads is not None and d1.header.heads.present == 3,
                    timeout=WAIT)
    sec.console.polls.create_poll(_motion("Thông qua Nghị quyết số 12"))
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 1, timeout=WAIT)
    sec.console.polls.open.click()
    qtbot.waitUntil(d1.ballot.isVisible, timeout=WAIT)
    d1.ballot.option_buttons["yes"].click()
    d1.ballot.vote_button.click()
    d1.ballot.send_button.click()
    qtbot.waitUntil(lambda: sec.snap.polls[0].turnout == 1, timeout=WAIT)
    assert not sec.console.end.isEnabled()  # a vote is open: close it first
    assert sec.console.end.toolTip() == "Close the open vote before ending the meeting."

    # F8 asks; the question says who has not voted and what closing does
    sec.console.shortcuts["close"].trigger()
    question = sec.question
    assert question is not None and question.isVisible()
    assert question.text() == "Close the vote on “Thông qua Nghị quyết số 12” now?"
    assert question.informativeText().startswith(
        "2 of 3 have not voted yet. Once the vote is closed they can no longer vote")
    assert question.confirm_button.text() == "Close the vote"
    assert question.confirm_button.property("destructive") is True
    assert question.defaultButton() is question.keep_button  # Enter keeps it open
    assert question.escapeButton() is question.keep_button
    qtbot.keyClick(question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sec.question is None, timeout=WAIT)
    _round_trip(qtbot, sec, mid, items[1].id)
    assert sec.snap.polls[0].status is PollStatus.OPEN  # nothing was sent

    # the button asks too; confirming closes it
    sec.console.polls.close_button.click()
    assert sec.question is not None and sec.question.isVisible()
    sec.question.confirm_button.click()
    qtbot.waitUntil(lambda: sec.snap.polls[0].status is PollStatus.CLOSED, timeout=WAIT)

    # cancelling a draft asks, and declining keeps it
    sec.console.polls.create_poll(_motion("Thông qua báo cáo"))
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 2, timeout=WAIT)
    sec.console.polls.list.setCurrentRow(0)  # newest first
    sec.console.polls.cancel.click()
    question = sec.question
    assert question.text() == "Cancel the poll “Thông qua báo cáo”?"
    assert question.informativeText() == "The poll is withdrawn and can no longer be opened."
    question.keep_button.click()
    _round_trip(qtbot, sec, mid, items[0].id)
    assert sec.snap.polls[1].status is PollStatus.DRAFT

    # ending the meeting asks, names the action on a red button, and can be declined
    qtbot.waitUntil(sec.console.end.isEnabled, timeout=WAIT)
    sec.console.end.click()
    question = sec.question
    assert question.text().startswith("End the meeting “")
    assert "cannot be resumed" in question.informativeText()
    assert question.confirm_button.text() == "End the meeting"
    assert question.defaultButton() is question.keep_button
    question.keep_button.click()
    _round_trip(qtbot, sec, mid, items[1].id)
    assert sec.snap.live.phase is MeetingPhase.IN_SESSION
    sec.console.end.click()
    sec.question.confirm_button.click()
    qtbot.waitUntil(lambda: sec.snap.live.phase is MeetingPhase.ENDED, timeout=WAIT)
