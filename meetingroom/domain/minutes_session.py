"""The minutes' record of a meeting as it was held: real attendance and every closed poll.

:func:`session_record` is what the secretary's first draft starts from: it takes the
snapshot alone and fills in :func:`~meetingroom.domain.minutes_draft.record_from_snapshot`
with the attendance of ``snapshot.live`` (present / absent / excused, proxies held) and
the result of every closed poll (rule, counts, outcome sentence, agenda item).
"""

from __future__ import annotations

from meetingroom.domain.agenda import ordered
from meetingroom.domain.live import Presence, represented_by, voters
from meetingroom.domain.minutes_draft import (
    AttendanceEntry,
    MinutesRecord,
    PollOutcome,
    record_from_snapshot,
)
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.polls import PollStatus
from meetingroom.domain.voting_text import to_poll_outcome

_STATUS = {Presence.PRESENT: "present", Presence.ABSENT: "absent",
           Presence.EXCUSED: "excused", Presence.UNKNOWN: ""}


def session_attendance(snap: MeetingSnapshot) -> tuple[AttendanceEntry, ...]:
    """Every participant with their recorded presence (blank when never recorded) and the
    proxies in effect (a present holder of an absent member's vote)."""
    proxies = represented_by(snap.live, voters(snap.participants))
    names = {p.user_id: p.display_name for p in snap.participants}
    held: dict[str, list[str]] = {}
    for member, holder in sorted(proxies.items(), key=lambda kv: names.get(kv[0], kv[0])):
        held.setdefault(holder, []).append(names.get(member, member))
    return tuple(
        AttendanceEntry(p.display_name, p.role.value, _STATUS[snap.live.presence(p.user_id)],
                        proxy_for=", ".join(held.get(p.user_id, ())))
        for p in snap.participants)


def closed_poll_outcomes(snap: MeetingSnapshot, lang: str = "vi") -> tuple[PollOutcome, ...]:
    """The result of every closed poll, in the order they closed, with "number. title" of
    the agenda item each was held on (empty for a poll on no item)."""
    items = {o.item.id: f"{o.number}. {o.item.title}" for o in ordered(snap.items)}
    closed = [p for p in snap.polls if p.status is PollStatus.CLOSED and p.result is not None]
    closed.sort(key=lambda p: (p.closed_at or 0.0, p.created_at))
    return tuple(to_poll_outcome(p.spec, p.result, items.get(p.item_id or "", ""), lang)
                 for p in closed if p.result is not None)


def session_record(snap: MeetingSnapshot, lang: str = "vi") -> MinutesRecord:
    """The minutes' record of ``snap`` with its real attendance and closed polls."""
    return record_from_snapshot(snap, attendance=session_attendance(snap),
                                polls=closed_poll_outcomes(snap, lang))
