"""The live session's pure rules: phase moves, head count with proxies, and proxy checks."""

from __future__ import annotations

import pytest

from meetingroom.domain.live import (
    LiveState,
    MeetingPhase,
    Presence,
    Speakers,
    check_proxies,
    head_count,
    may_move,
    represented_by,
    voters,
)
from meetingroom.domain.model import Participant
from meetingroom.domain.roles import Role
from meetingroom.domain.voting_rules import QuorumRule, Threshold, VotingError

P = Presence.PRESENT
A = Presence.ABSENT
E = Presence.EXCUSED


def people(voting: str = "abcde", non_voting: str = "o") -> list[Participant]:
    """Voting members a..e and an observer o (no voting right)."""
    return ([Participant(u, u.upper(), Role.DELEGATE, True) for u in voting]
            + [Participant(u, u.upper(), Role.OBSERVER, False) for u in non_voting])


ALLOWED = {
    (MeetingPhase.NOT_STARTED, MeetingPhase.IN_SESSION),
    (MeetingPhase.IN_SESSION, MeetingPhase.PAUSED),
    (MeetingPhase.IN_SESSION, MeetingPhase.ENDED),
    (MeetingPhase.PAUSED, MeetingPhase.IN_SESSION),
    (MeetingPhase.PAUSED, MeetingPhase.ENDED),
}


@pytest.mark.parametrize("old", list(MeetingPhase))
@pytest.mark.parametrize("new", list(MeetingPhase))
def test_phases_move_start_pause_resume_end_and_never_back(old: MeetingPhase,
                                                          new: MeetingPhase) -> None:
    assert may_move(old, new) is ((old, new) in ALLOWED)


def test_only_a_started_unfinished_meeting_is_running() -> None:
    assert [p for p in MeetingPhase if p.running] == [MeetingPhase.IN_SESSION,
                                                      MeetingPhase.PAUSED]


def test_head_count_counts_present_voters_only() -> None:
    live = LiveState(attendance={"a": P, "b": P, "c": A, "o": P})
    hc = head_count(live, people())
    assert (hc.members, hc.present, hc.represented) == (5, 2, 0)
    assert hc.quorum_required == 3  # more than half of 5
    assert not hc.quorum_met


def test_an_absent_member_whose_holder_is_present_counts_as_represented() -> None:
    live = LiveState(attendance={"a": P, "b": P, "c": E}, proxies={"c": "a"})
    hc = head_count(live, people())
    assert (hc.present, hc.represented, hc.present_or_represented) == (2, 1, 3)
    assert hc.quorum_met  # 3 of 5
    assert represented_by(live, voters(people())) == {"c": "a"}


def test_a_member_of_unknown_presence_is_represented_too() -> None:
    live = LiveState(attendance={"a": P}, proxies={"d": "a"})
    assert represented_by(live, voters(people())) == {"d": "a"}


def test_a_present_member_with_a_proxy_is_not_counted_twice() -> None:
    live = LiveState(attendance={"a": P, "b": P, "c": P}, proxies={"c": "a"})
    hc = head_count(live, people())
    assert (hc.present, hc.represented, hc.present_or_represented) == (3, 0, 3)
    assert represented_by(live, voters(people())) == {}


def test_a_proxy_held_by_an_absent_member_represents_nobody() -> None:
    live = LiveState(attendance={"a": A, "b": P}, proxies={"c": "a"})
    hc = head_count(live, people())
    assert (hc.present, hc.represented) == (1, 0)


def test_proxies_to_or_from_a_non_voter_represent_nobody() -> None:
    live = LiveState(attendance={"o": P, "a": P}, proxies={"b": "o", "o": "a"})
    assert represented_by(live, voters(people())) == {}
    assert head_count(live, people()).represented == 0


def test_no_members_means_no_quorum() -> None:
    hc = head_count(LiveState(attendance={"o": P}), people(voting=""))
    assert (hc.members, hc.quorum_met) == (0, False)


def test_the_meetings_own_quorum_rule_is_used() -> None:
    live = LiveState(attendance={"a": P, "b": P},
                     quorum=QuorumRule(fraction_of_members=Threshold(1, 3, strict=False)))
    hc = head_count(live, people())
    assert (hc.quorum_required, hc.quorum_met) == (2, True)


def test_valid_proxies_pass() -> None:
    check_proxies({"c": "a", "d": "a", "e": "b"}, voters(people()))
    check_proxies({}, voters(people()))


@pytest.mark.parametrize(("proxies", "reason"), [
    ({"a": "a"}, "bad_proxy"),                 # own holder
    ({"a": "b", "b": "c"}, "bad_proxy"),       # chain: b gave theirs and holds a's
    ({"b": "c", "a": "b"}, "bad_proxy"),       # the same chain in the other order
    ({"a": "b", "b": "a"}, "bad_proxy"),       # a cycle
    ({"a": "o"}, "not_a_voter"),               # holder without a voting right
    ({"o": "a"}, "not_a_voter"),               # giver without a voting right
    ({"a": "zz"}, "not_a_voter"),              # not a participant at all
])
def test_check_proxies_refuses_self_chains_and_non_voters(proxies: dict[str, str],
                                                          reason: str) -> None:
    with pytest.raises(VotingError) as e:
        check_proxies(proxies, voters(people()))
    assert e.value.reason == reason


def test_live_state_round_trips_through_its_dict() -> None:
    live = LiveState(phase=MeetingPhase.PAUSED, current_item_id="i1",
                     quorum=QuorumRule(min_present=3),
                     attendance={"a": P, "b": E, "c": A}, proxies={"c": "a"},
                     speakers=Speakers(queue=("b", "d"), speaking="a", since=12.5, limit=180))
    assert LiveState.from_dict(live.to_dict()) == live
    assert LiveState.from_dict({}) == LiveState()
    assert live.presence("zz") is Presence.UNKNOWN
