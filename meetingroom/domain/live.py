"""The live state of a meeting in session: phase, current item, attendance, proxies, speakers.

Pure values shared by server and client. The server changes them only through commands
(``server/live.py``) that each write one event; every screen derives the present count
and the quorum from the same values with :func:`head_count`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from meetingroom.domain.voting_rules import SIMPLE_MAJORITY, QuorumRule, VotingError


class Attendee(Protocol):
    """What the head count needs of a participant (``model.Participant`` is one)."""

    @property
    def user_id(self) -> str: ...

    @property
    def voting(self) -> bool: ...


MAX_SPEAKERS = 500
"""Longest speakers queue (everyone in a large assembly asking at once)."""
MAX_SPEAKING_LIMIT = 3600
"""Longest speaking time a secretary can set, in seconds."""


class MeetingPhase(StrEnum):
    """Where the session is; polls open and delegates check in only while it runs."""

    NOT_STARTED = "not_started"
    IN_SESSION = "in_session"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def running(self) -> bool:
        return self in (MeetingPhase.IN_SESSION, MeetingPhase.PAUSED)


class Presence(StrEnum):
    """A participant's attendance."""

    UNKNOWN = "unknown"
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


_NEXT_PHASES: dict[MeetingPhase, frozenset[MeetingPhase]] = {
    MeetingPhase.NOT_STARTED: frozenset({MeetingPhase.IN_SESSION}),
    MeetingPhase.IN_SESSION: frozenset({MeetingPhase.PAUSED, MeetingPhase.ENDED}),
    MeetingPhase.PAUSED: frozenset({MeetingPhase.IN_SESSION, MeetingPhase.ENDED}),
    MeetingPhase.ENDED: frozenset(),
}


def may_move(old: MeetingPhase, new: MeetingPhase) -> bool:
    """Start → pause ⇄ resume → end; an ended meeting stays ended."""
    return new in _NEXT_PHASES[old]


DEFAULT_QUORUM = QuorumRule(fraction_of_members=SIMPLE_MAJORITY)
"""More than half of the voting members present (or represented)."""


@dataclass(frozen=True, slots=True)
class Speakers:
    """The speakers list: who waits, in order, and who speaks since when (server clock)."""

    queue: tuple[str, ...] = ()
    """User ids waiting, first to speak first."""
    speaking: str | None = None
    since: float | None = None
    """Server time (epoch seconds) the current speaker was given the floor."""
    limit: int = 0
    """Speaking time in seconds shown as a countdown; 0 = no limit."""

    def to_dict(self) -> dict[str, Any]:
        return {"queue": list(self.queue), "speaking": self.speaking, "since": self.since,
                "limit": self.limit}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Speakers:
        since = d.get("since")
        return cls(queue=tuple(str(u) for u in d.get("queue", [])),
                   speaking=None if d.get("speaking") is None else str(d["speaking"]),
                   since=None if since is None else float(since),
                   limit=int(d.get("limit", 0)))


@dataclass(frozen=True, slots=True)
class LiveState:
    """Everything about the running session that every participant sees."""

    phase: MeetingPhase = MeetingPhase.NOT_STARTED
    current_item_id: str | None = None
    quorum: QuorumRule = DEFAULT_QUORUM
    """The meeting's quorum (polls carry their own)."""
    attendance: Mapping[str, Presence] = field(default_factory=dict)
    """Participants whose presence is known; everyone else is UNKNOWN."""
    proxies: Mapping[str, str] = field(default_factory=dict)
    """Absent member → the present member who votes for them."""
    speakers: Speakers = field(default_factory=Speakers)

    def presence(self, user_id: str) -> Presence:
        return self.attendance.get(user_id, Presence.UNKNOWN)

    def header_dict(self) -> dict[str, Any]:
        """The fields a ``live.updated`` event carries (attendance, proxies and speakers
        travel in their own events)."""
        return {"phase": self.phase.value, "current_item_id": self.current_item_id,
                "quorum": self.quorum.to_dict()}

    def to_dict(self) -> dict[str, Any]:
        return {**self.header_dict(),
                "attendance": {u: p.value for u, p in sorted(self.attendance.items())},
                "proxies": dict(sorted(self.proxies.items())),
                "speakers": self.speakers.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LiveState:
        return cls(
            phase=MeetingPhase(d.get("phase", MeetingPhase.NOT_STARTED.value)),
            current_item_id=(None if d.get("current_item_id") is None
                             else str(d["current_item_id"])),
            quorum=QuorumRule.from_dict(d["quorum"]) if "quorum" in d else DEFAULT_QUORUM,
            attendance={str(u): Presence(p) for u, p in d.get("attendance", {}).items()},
            proxies={str(m): str(h) for m, h in d.get("proxies", {}).items()},
            speakers=Speakers.from_dict(d.get("speakers", {})))


@dataclass(frozen=True, slots=True)
class HeadCount:
    """Who is here, as every screen shows it."""

    members: int
    """Participants with a voting right."""
    present: int
    """Voting members checked in."""
    represented: int
    """Absent voting members whose proxy holder is present."""
    quorum_required: int
    quorum_met: bool

    @property
    def present_or_represented(self) -> int:
        return self.present + self.represented


def voters(participants: Iterable[Attendee]) -> frozenset[str]:
    """Ids of the participants with a voting right."""
    return frozenset(p.user_id for p in participants if p.voting)


def represented_by(live: LiveState, members: frozenset[str]) -> dict[str, str]:
    """Absent voting member → present voting holder, for the proxies in effect now."""
    out: dict[str, str] = {}
    for member, holder in live.proxies.items():
        if (member in members and holder in members
                and live.presence(member) is not Presence.PRESENT
                and live.presence(holder) is Presence.PRESENT):
            out[member] = holder
    return out


def head_count(live: LiveState, participants: Iterable[Attendee]) -> HeadCount:
    """Present and represented voting members and whether the meeting has its quorum."""
    members = voters(participants)
    present = sum(1 for u in members if live.presence(u) is Presence.PRESENT)
    represented = len(represented_by(live, members))
    total = len(members)
    here = present + represented
    met = total > 0 and live.quorum.met(here, total)
    return HeadCount(members=total, present=present, represented=represented,
                     quorum_required=live.quorum.required(total), quorum_met=met)


def check_proxies(proxies: Mapping[str, str], members: frozenset[str]) -> None:
    """Raise :class:`VotingError` unless ``proxies`` (member → holder) is a valid set:
    between voting members, nobody their own holder, no chains (a holder gives no proxy)."""
    givers = set(proxies)
    for member, holder in proxies.items():
        if member not in members or holder not in members:
            raise VotingError("proxies are between participants with a voting right",
                              "not_a_voter")
        if member == holder:
            raise VotingError("a member cannot hold their own proxy", "bad_proxy")
        if holder in givers:
            raise VotingError("a member who gave their proxy cannot hold another's",
                              "bad_proxy")
