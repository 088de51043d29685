"""A running session for GUI tests: a secretary and a delegate logged in to the real
server, the meeting in session with everyone present, and votes opened from the
secretary's console as she opens them."""

from __future__ import annotations

from typing import Any

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.polls import PollStatus
from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec

WAIT = 20_000


def motion(title: str) -> PollSpec:
    return PollSpec(title=title, options=(
        PollOption("yes", "Tán thành", OptionKind.YES),
        PollOption("no", "Không tán thành", OptionKind.NO)),
        ballot_type=BallotType.NAMED).validate()


def in_session(qtbot: Any, room: Any, clients: Any, login: Any, *,
               delegate: dict[str, Any] | None = None, **meeting: Any
               ) -> tuple[Any, Any, dict[str, Any]]:
    """A secretary (on the Live tab) and a delegate (on the agenda tab; its client made
    with ``delegate``'s options) in a running session where everyone is present."""
    m = room.published_meeting(participants=("secretary", "delegate"), **meeting)
    mid = m["meeting_id"]
    sec = login(clients("sec"), "secretary")
    d = login(clients("d", **(delegate or {})), "delegate")
    for c in (sec, d):
        qtbot.waitUntil(lambda c=c: c.window.live.snap is not None
                        and c.window.live.snap.meeting.id == mid, timeout=WAIT)
    sec.window.tabs.show_live_action.trigger()
    console = sec.window.live.console
    console.start.click()
    qtbot.waitUntil(lambda: sec.window.live.snap.live.phase is MeetingPhase.IN_SESSION,
                    timeout=WAIT)
    console.attendance.all_present.click()
    qtbot.waitUntil(lambda: d.window.live.header.heads is not None
                    and d.window.live.header.heads.present == 2, timeout=WAIT)
    return sec, d, m


def choose(polls: Any, title: str) -> None:
    """Select the poll ``title`` in the secretary's list (newest first)."""
    rows = [polls.list.item(r).text() for r in range(polls.list.count())]
    polls.list.setCurrentRow(next(r for r, t in enumerate(rows) if t.startswith(title)))


def open_poll(qtbot: Any, sec: Any, title: str) -> None:
    polls = sec.window.live.console.polls
    count = len(sec.window.live.snap.polls)
    polls.create_poll(motion(title))
    qtbot.waitUntil(lambda: len(sec.window.live.snap.polls) == count + 1, timeout=WAIT)
    choose(polls, title)
    polls.open.click()
    qtbot.waitUntil(lambda: sec.window.live.snap.polls[count].status is PollStatus.OPEN,
                    timeout=WAIT)
