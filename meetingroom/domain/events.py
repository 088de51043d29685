"""Meeting events (what changed at a revision) and their pure application to a snapshot."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from meetingroom.domain.live import LiveState, Presence, Speakers
from meetingroom.domain.minutes import MinutesStatus
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSnapshot,
    Participant,
)
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.domain.voting_rules import QuorumRule


class EventKind(StrEnum):
    """Kinds of change recorded in a meeting's event log."""

    MEETING_UPDATED = "meeting.updated"
    PARTICIPANTS_SET = "participants.set"
    ITEMS_UPSERTED = "items.upserted"
    ITEM_REMOVED = "item.removed"
    DOCUMENT_UPSERTED = "document.upserted"
    DOCUMENT_REMOVED = "document.removed"
    MINUTES_UPDATED = "minutes.updated"
    LIVE_UPDATED = "live.updated"
    """Phase, current item or the meeting's quorum rule."""
    ATTENDANCE_SET = "attendance.set"
    """Some participants' presence (the others are unchanged)."""
    PROXIES_SET = "proxies.set"
    """The whole proxy list."""
    SPEAKERS_SET = "speakers.set"
    """The whole speakers list."""
    POLL_UPSERTED = "poll.upserted"
    POLL_TURNOUT = "poll.turnout"
    """How many ballots an open poll has received (never what they say)."""


@dataclass(frozen=True, slots=True)
class MeetingEvent:
    """One entry of a meeting's ordered event log."""

    meeting_id: str
    rev: int
    """Revision this event produced; revisions are 1, 2, 3, ... per meeting."""
    kind: EventKind
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"meeting_id": self.meeting_id, "rev": self.rev, "kind": self.kind.value,
                "data": self.data}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MeetingEvent:
        return cls(
            meeting_id=str(d["meeting_id"]),
            rev=int(d["rev"]),
            kind=EventKind(d["kind"]),
            data=dict(d["data"]),
        )


def descendants(items: tuple[AgendaItem, ...] | list[AgendaItem], item_id: str) -> set[str]:
    """Ids of ``item_id`` and every item nested below it."""
    children: dict[str | None, list[str]] = {}
    for it in items:
        children.setdefault(it.parent_id, []).append(it.id)
    out: set[str] = set()
    stack = [item_id]
    while stack:
        cur = stack.pop()
        if cur in out:
            continue
        out.add(cur)
        stack.extend(children.get(cur, []))
    return out


def apply_event(snap: MeetingSnapshot, event: MeetingEvent) -> MeetingSnapshot:
    """Return ``snap`` with ``event`` applied; events must arrive in revision order."""
    if event.rev != snap.rev + 1:
        raise ValueError(f"event rev {event.rev} does not follow snapshot rev {snap.rev}")
    d = event.data
    kind = event.kind
    if kind is EventKind.MEETING_UPDATED:
        snap = replace(snap, meeting=Meeting.from_dict(d["meeting"]))
    elif kind is EventKind.PARTICIPANTS_SET:
        snap = replace(
            snap, participants=tuple(Participant.from_dict(p) for p in d["participants"])
        )
    elif kind is EventKind.ITEMS_UPSERTED:
        new = {i.id: i for i in (AgendaItem.from_dict(x) for x in d["items"])}
        kept = tuple(i for i in snap.items if i.id not in new)
        snap = replace(snap, items=kept + tuple(new.values()))
    elif kind is EventKind.ITEM_REMOVED:
        gone = descendants(snap.items, str(d["item_id"]))
        snap = replace(
            snap,
            items=tuple(i for i in snap.items if i.id not in gone),
            documents=tuple(x for x in snap.documents if x.item_id not in gone),
        )
    elif kind is EventKind.DOCUMENT_UPSERTED:
        doc = Document.from_dict(d["document"])
        snap = replace(
            snap, documents=(*tuple(x for x in snap.documents if x.id != doc.id), doc)
        )
    elif kind is EventKind.DOCUMENT_REMOVED:
        snap = replace(
            snap, documents=tuple(x for x in snap.documents if x.id != str(d["document_id"]))
        )
    elif kind is EventKind.MINUTES_UPDATED:
        snap = replace(snap, minutes=MinutesStatus.from_dict(d["minutes"]))
    elif kind is EventKind.LIVE_UPDATED:
        h = d["live"]
        snap = replace(snap, live=replace(
            snap.live, phase=LiveState.from_dict(h).phase,
            current_item_id=None if h.get("current_item_id") is None
            else str(h["current_item_id"]),
            quorum=QuorumRule.from_dict(h["quorum"])))
    elif kind is EventKind.ATTENDANCE_SET:
        att = dict(snap.live.attendance)
        for uid, presence in d["attendance"].items():
            att[str(uid)] = Presence(presence)
        snap = replace(snap, live=replace(snap.live, attendance=att))
    elif kind is EventKind.PROXIES_SET:
        snap = replace(snap, live=replace(
            snap.live, proxies={str(m): str(h) for m, h in d["proxies"].items()}))
    elif kind is EventKind.SPEAKERS_SET:
        snap = replace(snap, live=replace(snap.live, speakers=Speakers.from_dict(d["speakers"])))
    elif kind is EventKind.POLL_UPSERTED:
        poll = Poll.from_dict(d["poll"])
        polls = list(snap.polls)
        at = next((n for n, p in enumerate(polls) if p.id == poll.id), None)
        if at is None:
            polls.append(poll)
        else:
            polls[at] = poll
        snap = replace(snap, polls=tuple(polls))
    elif kind is EventKind.POLL_TURNOUT:
        pid, turnout = str(d["poll_id"]), int(d["turnout"])
        snap = replace(snap, polls=tuple(
            replace(p, turnout=turnout) if p.id == pid and p.status is PollStatus.OPEN else p
            for p in snap.polls))
    return replace(snap, rev=event.rev)
