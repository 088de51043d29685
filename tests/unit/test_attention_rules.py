"""What needs the person now, decided without Qt: an open vote until they (and the members
whose proxy they hold) voted, the floor, a new current item only when following."""

from __future__ import annotations

from dataclasses import replace

from meetingroom.domain.live import LiveState, MeetingPhase, Presence, Speakers
from meetingroom.domain.model import (
    AgendaItem,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    Participant,
)
from meetingroom.domain.polls import BallotState, LocalBallot, Poll, PollStatus
from meetingroom.domain.roles import Role
from meetingroom.domain.voting import OptionKind, PollOption, PollSpec
from meetingroom.ui.live.attention import AttentionTracker, Need, vote_needed

SPEC = PollSpec(title="Thông qua Nghị quyết", options=(
    PollOption("yes", "Tán thành", OptionKind.YES),
    PollOption("no", "Không tán thành", OptionKind.NO))).validate()


def snapshot(*, poll: PollStatus | None = PollStatus.OPEN, item: str | None = "i1",
             speaking: str | None = None, proxies: dict[str, str] | None = None,
             rev: int = 1) -> MeetingSnapshot:
    meeting = Meeting(id="m1", title="Kỳ họp", location="", starts_at="2026-12-01T08:00",
                      status=MeetingStatus.PUBLISHED, created_by="sec")
    people = (Participant("me", "Tôi", Role.DELEGATE, True),
              Participant("absent", "Vắng", Role.DELEGATE, True),
              Participant("guest", "Khách", Role.OBSERVER, False))
    here = {"me": Presence.PRESENT, "guest": Presence.PRESENT}
    live = LiveState(phase=MeetingPhase.IN_SESSION, current_item_id=item, attendance=here,
                     proxies=proxies or {}, speakers=Speakers(speaking=speaking, since=5.0))
    polls = () if poll is None else (Poll("p1", None, SPEC, status=poll),)
    items = (AgendaItem("i1", None, 0, "Báo cáo"), AgendaItem("i2", None, 1, "Dự thảo"))
    return MeetingSnapshot(meeting=meeting, rev=rev, participants=people, items=items,
                           live=live, polls=polls)


def ballot(member: str, state: BallotState = BallotState.RECEIVED) -> LocalBallot:
    return LocalBallot(ballot_id=f"b-{member}", meeting_id="m1", poll_id="p1",
                       member_id=member, choices=("yes",), receipt="R", replaces=None,
                       state=state)


def test_an_open_vote_needs_every_member_this_user_votes_for() -> None:
    snap = snapshot()
    need = vote_needed(snap, "me", [])
    assert need is not None and need.need is Need.VOTE and need.title == SPEC.title
    assert vote_needed(snap, "me", [ballot("me")]) is None
    assert vote_needed(snap, "me", [ballot("me", BallotState.STORED)]) is None  # offline
    assert vote_needed(snap, "me", [ballot("me", BallotState.REFUSED)]) is not None
    assert vote_needed(snap, "guest", []) is None  # no voting right: nothing to do
    assert vote_needed(snapshot(poll=PollStatus.CLOSED), "me", []) is None
    assert vote_needed(snapshot(poll=PollStatus.DRAFT), "me", []) is None
    # holding an absent member's proxy: done only when both ballots are in
    proxy = snapshot(proxies={"absent": "me"})
    assert vote_needed(proxy, "me", [ballot("me")]) is not None
    assert vote_needed(proxy, "me", [ballot("me"), ballot("absent")]) is None


def test_the_banner_shows_the_most_urgent_and_a_vote_is_not_dismissed_by_the_bell() -> None:
    t = AttentionTracker()
    t.update(snapshot(speaking="me"), user_id="me", ballots=[], following=True,
             runs_meeting=False)
    banner = t.banner()
    assert banner is not None and banner.need is Need.VOTE
    t.dismiss(banner)  # they went to the ballot
    floor = t.banner()
    assert floor is not None and floor.need is Need.FLOOR
    vote = t.vote()
    assert vote is not None and vote.key == banner.key  # the badge stays until they vote
    t.dismiss(floor)
    assert t.banner() is None
    t.update(snapshot(speaking="me"), user_id="me", ballots=[ballot("me")], following=True,
             runs_meeting=False)
    assert t.vote() is None and t.banner() is None
    # a new turn at speaking is a new notice
    t.update(replace(snapshot(speaking="me"), live=replace(
        snapshot().live, speakers=Speakers(speaking="me", since=99.0))), user_id="me",
        ballots=[ballot("me")], following=True, runs_meeting=False)
    again = t.banner()
    assert again is not None and again.need is Need.FLOOR


def test_a_new_item_is_announced_only_when_following_and_not_to_who_moved_it() -> None:
    def seen(tracker: AttentionTracker, item: str, *, following: bool = True,
             runs: bool = False, rev: int = 1) -> None:
        tracker.update(snapshot(poll=None, item=item, rev=rev), user_id="me", ballots=[],
                       following=following, runs_meeting=runs)

    t = AttentionTracker()
    seen(t, "i1")
    assert t.banner() is None  # the first look announces nothing
    seen(t, "i2", rev=2)
    banner = t.banner()
    assert banner is not None and banner.need is Need.ITEM and banner.title == "Dự thảo"
    seen(t, "i2", rev=3)  # another change of the meeting: still announced
    assert t.banner() == banner
    t.dismiss(banner)
    assert t.banner() is None
    not_following = AttentionTracker()
    seen(not_following, "i1", following=False)
    seen(not_following, "i2", following=False, rev=2)
    assert not_following.banner() is None
    runner = AttentionTracker()
    seen(runner, "i1", runs=True)
    seen(runner, "i2", runs=True, rev=2)
    assert runner.banner() is None
