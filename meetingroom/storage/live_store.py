"""Live-session and poll rows inside a server transaction (mixed into ``Tx``).

The caller (``server/live.py``, ``server/polls.py``, ``server/ballots.py``) has checked
permission and state; every write here that others must see also emits its event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, TypedDict

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.live import LiveState, Presence, Speakers
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.domain.seals import PollSeal
from meetingroom.domain.voting import PollSpec
from meetingroom.domain.voting_tally import PollResult
from meetingroom.errors import NotFoundError
from meetingroom.storage import schema as t
from meetingroom.storage.db import upsert


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)



class VoterValues(TypedDict):
    """A ``poll_voters`` row but its key: who voted, with which ballot."""

    ballot_id: str
    cast_by: str
    choices: str | None
    """A named ballot's choices (JSON); None in a secret poll."""
    voter_lock: str | None
    opening: str | None


class VoterRow(VoterValues):
    """A whole ``poll_voters`` row."""

    poll_id: str
    member_id: str


class BallotRow(TypedDict):
    """A ``poll_ballots`` row: an open ballot, under its receipt."""

    poll_id: str
    receipt: str
    choices: str
    """JSON."""
    ballot_lock: str | None

class LiveTx:
    """Reads and writes of the live session, polls and ballots."""

    conn: Connection

    def emit(self, meeting_id: str, kind: EventKind, data: dict[str, Any]) -> MeetingEvent:
        raise NotImplementedError  # provided by Tx

    # -- live header, attendance, proxies, speakers -------------------------------------
    def live_state(self, meeting_id: str) -> LiveState:
        row = self.conn.execute(select(t.meeting_live)
                                .where(t.meeting_live.c.meeting_id == meeting_id)).first()
        att = {r.user_id: Presence(r.presence) for r in self.conn.execute(
            select(t.attendance.c.user_id, t.attendance.c.presence)
            .where(t.attendance.c.meeting_id == meeting_id))}
        if row is None:
            return LiveState(attendance=att)
        return LiveState.from_dict({
            "phase": row.phase, "current_item_id": row.current_item_id,
            "quorum": json.loads(row.quorum), "proxies": json.loads(row.proxies),
            "speakers": json.loads(row.speakers),
            "attendance": {u: p.value for u, p in att.items()}})

    def ended_at(self, meeting_id: str) -> float | None:
        """When the session was ended (the log's time of the first ``live.updated`` that
        says ``ended``: an ended meeting stays ended), or None if it never was."""
        rows = self.conn.execute(
            select(t.events.c.data, t.events.c.created_at)
            .where(t.events.c.meeting_id == meeting_id,
                   t.events.c.kind == EventKind.LIVE_UPDATED.value)
            .order_by(t.events.c.rev))
        for data, created_at in rows:
            if json.loads(data).get("live", {}).get("phase") == "ended":
                return float(created_at)
        return None

    def _save_live(self, meeting_id: str, live: LiveState) -> None:
        values = {"phase": live.phase.value, "current_item_id": live.current_item_id,
                  "quorum": _dumps(live.quorum.to_dict()), "proxies": _dumps(dict(live.proxies)),
                  "speakers": _dumps(live.speakers.to_dict())}
        upsert(self.conn, t.meeting_live, {"meeting_id": meeting_id}, values)

    def save_live_header(self, meeting_id: str, live: LiveState) -> None:
        self._save_live(meeting_id, live)
        self.emit(meeting_id, EventKind.LIVE_UPDATED, {"live": live.header_dict()})

    def save_proxies(self, meeting_id: str, live: LiveState) -> None:
        self._save_live(meeting_id, live)
        self.emit(meeting_id, EventKind.PROXIES_SET, {"proxies": dict(sorted(
            live.proxies.items()))})

    def save_speakers(self, meeting_id: str, live: LiveState, speakers: Speakers) -> None:
        self._save_live(meeting_id, replace(live, speakers=speakers))
        self.emit(meeting_id, EventKind.SPEAKERS_SET, {"speakers": speakers.to_dict()})

    def set_attendance(self, meeting_id: str, changes: Mapping[str, Presence]) -> None:
        """Write the changed presences (callers pass only real changes) and one event."""
        for uid, presence in changes.items():
            self.conn.execute(delete(t.attendance).where(and_(
                t.attendance.c.meeting_id == meeting_id, t.attendance.c.user_id == uid)))
            if presence is not Presence.UNKNOWN:
                self.conn.execute(insert(t.attendance).values(
                    meeting_id=meeting_id, user_id=uid, presence=presence.value))
        self.emit(meeting_id, EventKind.ATTENDANCE_SET,
                  {"attendance": {u: p.value for u, p in sorted(changes.items())}})

    # -- polls ---------------------------------------------------------------------------
    @staticmethod
    def _poll(row: Any) -> Poll:
        return Poll(id=row.id, item_id=row.item_id,
                    spec=PollSpec.from_dict(json.loads(row.spec)),
                    status=PollStatus(row.status), created_at=row.created_at,
                    opened_at=row.opened_at, closed_at=row.closed_at, members=row.members,
                    present_at_open=row.present_at_open, turnout=row.turnout,
                    result=None if row.result is None else PollResult.from_dict(
                        json.loads(row.result)),
                    seal=None if row.seal is None else PollSeal.from_dict(json.loads(row.seal)))

    def polls(self, meeting_id: str) -> tuple[Poll, ...]:
        q = (_with_box().where(t.polls.c.meeting_id == meeting_id)
             .order_by(t.polls.c.created_at, t.polls.c.id))
        return tuple(self._poll(r) for r in self.conn.execute(q))

    def poll(self, meeting_id: str, poll_id: str) -> Poll:
        row = self.conn.execute(_with_box().where(and_(
            t.polls.c.id == poll_id, t.polls.c.meeting_id == meeting_id))).first()
        if row is None:
            raise NotFoundError("no such poll")
        return self._poll(row)

    def save_poll(self, meeting_id: str, poll: Poll, *, record: dict[str, Any] | None = None,
                  emit: bool = True) -> None:
        """Insert or update ``poll`` (and its published record at close), with an event."""
        values = {"item_id": poll.item_id, "spec": _dumps(poll.spec.to_dict()),
                  "status": poll.status.value, "created_at": poll.created_at,
                  "opened_at": poll.opened_at, "closed_at": poll.closed_at,
                  "members": poll.members, "present_at_open": poll.present_at_open,
                  "turnout": poll.turnout,
                  "result": None if poll.result is None else _dumps(poll.result.to_dict())}
        if record is not None:
            values["record"] = _dumps(record)
        upsert(self.conn, t.polls, {"id": poll.id}, values,
               on_insert={"meeting_id": meeting_id})
        if poll.seal is not None:
            upsert(self.conn, t.poll_boxes, {"poll_id": poll.id},
                   {"seal": _dumps(poll.seal.to_dict())})
        if emit:
            self.emit(meeting_id, EventKind.POLL_UPSERTED, {"poll": poll.to_dict()})

    def poll_record(self, poll_id: str) -> dict[str, Any] | None:
        r = self.conn.execute(select(t.polls.c.record).where(t.polls.c.id == poll_id)).first()
        return None if r is None or r[0] is None else dict(json.loads(r[0]))

    def open_poll_ids(self, meeting_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(select(t.polls.c.id).where(and_(
            t.polls.c.meeting_id == meeting_id, t.polls.c.status == PollStatus.OPEN.value)))]

    # -- ballots -------------------------------------------------------------------------
    def voter_row(self, poll_id: str, member_id: str) -> Any:
        v = t.poll_voters
        return self.conn.execute(select(v.c.ballot_id, v.c.cast_by, v.c.voter_lock).where(
            and_(v.c.poll_id == poll_id, v.c.member_id == member_id))).first()

    def receipt_taken(self, poll_id: str, receipt: str) -> bool:
        b = t.poll_ballots
        return self.conn.execute(select(b.c.receipt).where(and_(
            b.c.poll_id == poll_id, b.c.receipt == receipt))).first() is not None

    def ballot_lock(self, poll_id: str, receipt: str) -> str | None:
        """The change lock of the ballot with ``receipt``; None if there is no such ballot
        or it has no lock (stored before locks existed)."""
        b = t.poll_ballots
        row = self.conn.execute(select(b.c.ballot_lock).where(and_(
            b.c.poll_id == poll_id, b.c.receipt == receipt))).first()
        return None if row is None or row[0] is None else str(row[0])

    def add_voters(self, rows: Iterable[VoterRow]) -> None:
        rows = list(rows)
        if rows:
            self.conn.execute(insert(t.poll_voters), rows)

    def add_ballots(self, rows: Iterable[BallotRow]) -> None:
        rows = list(rows)
        if rows:
            self.conn.execute(insert(t.poll_ballots), rows)

    def replace_voter(self, poll_id: str, member_id: str, values: VoterValues) -> None:
        v = t.poll_voters
        self.conn.execute(update(v).where(and_(v.c.poll_id == poll_id,
                                               v.c.member_id == member_id)).values(**values))

    def remove_ballot(self, poll_id: str, receipt: str) -> bool:
        b = t.poll_ballots
        return bool(self.conn.execute(delete(b).where(and_(
            b.c.poll_id == poll_id, b.c.receipt == receipt))).rowcount)

    def delete_ballots(self, poll_id: str) -> None:
        self.conn.execute(delete(t.poll_ballots).where(t.poll_ballots.c.poll_id == poll_id))
        self.conn.execute(delete(t.poll_voters).where(t.poll_voters.c.poll_id == poll_id))

    def count_voters(self, poll_id: str) -> int:
        v = t.poll_voters
        return int(self.conn.execute(select(func.count()).select_from(v)
                                     .where(v.c.poll_id == poll_id)).scalar_one())

    def set_turnout(self, meeting_id: str, poll_id: str, turnout: int) -> None:
        self.conn.execute(update(t.polls).where(t.polls.c.id == poll_id)
                          .values(turnout=turnout))
        self.emit(meeting_id, EventKind.POLL_TURNOUT, {"poll_id": poll_id, "turnout": turnout})

    def ballots_of(self, poll_id: str) -> list[tuple[str, tuple[str, ...]]]:
        """Every (receipt, choices) of the poll, in receipt order."""
        b = t.poll_ballots
        q = select(b.c.receipt, b.c.choices).where(b.c.poll_id == poll_id).order_by(b.c.receipt)
        return [(r.receipt, tuple(json.loads(r.choices))) for r in self.conn.execute(q)]

    def openings_of(self, poll_id: str) -> dict[str, str | None]:
        """Named ballots: each voter's receipt opening (None if the ballot had none)."""
        v = t.poll_voters
        q = select(v.c.member_id, v.c.opening).where(v.c.poll_id == poll_id)
        return {r.member_id: r.opening for r in self.conn.execute(q)}

    def voters_of(self, poll_id: str) -> list[tuple[str, str, tuple[str, ...] | None]]:
        """Every (member id, cast-by id, choices or None for secret) of the poll."""
        v = t.poll_voters
        q = select(v.c.member_id, v.c.cast_by, v.c.choices).where(v.c.poll_id == poll_id)
        return [(r.member_id, r.cast_by,
                 None if r.choices is None else tuple(json.loads(r.choices)))
                for r in self.conn.execute(q)]


def _with_box() -> Any:
    """Polls with their sealed box's public state (NULL for polls without one)."""
    return select(t.polls, t.poll_boxes.c.seal).select_from(
        t.polls.outerjoin(t.poll_boxes, t.poll_boxes.c.poll_id == t.polls.c.id))
