"""Polls on the server: create, edit, open, close (tally + published record), cancel.

Who runs the session (``access.can_run_meeting``) manages polls. Opening checks the
meeting is in session and the poll's quorum; closing counts the stored ballots with the
poll's rules (``domain/voting_tally.py``), stores result and record once and for all,
and publishes both. Ballots themselves arrive through ``server/ballots.py``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from meetingroom.domain import text
from meetingroom.domain.ballot_proofs import named_receipt
from meetingroom.domain.live import MeetingPhase, Presence, head_count, represented_by, voters
from meetingroom.domain.model import User
from meetingroom.domain.polls import Poll, PollRecord, PollStatus
from meetingroom.domain.record_lists import NamedOpening, RecordLists
from meetingroom.domain.voting import BallotType, PollOption, PollSpec, VotingError
from meetingroom.domain.voting_tally import tally
from meetingroom.domain.voting_text import describe_quorum
from meetingroom.errors import ConflictError, NotFoundError, ProtocolError
from meetingroom.protocol.body_fields import OMITTED
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.poll_requests import (
    OnPoll,
    PollCancel,
    PollClose,
    PollCreate,
    PollOpen,
    PollUpdate,
)
from meetingroom.protocol.poll_requests import PollRecord as PollRecordRequest
from meetingroom.server.box import check_seal, close_sealed
from meetingroom.server.live import running
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx, new_id

MAX_POLLS = 500
"""Polls per meeting."""


def _spec(raw: Any) -> PollSpec:
    if not isinstance(raw, dict):
        raise ProtocolError("spec must be an object", reason="bad_spec")
    try:
        spec = PollSpec.from_dict(raw)
        spec = replace(spec, title=text.clean_line(spec.title, "title"), options=tuple(
            PollOption(o.id, text.clean_line(o.label, "option"), o.kind) for o in spec.options))
        return spec.validate()
    except VotingError as e:
        raise ProtocolError(str(e), reason=e.reason) from None
    except text.TextError as e:
        raise ProtocolError(str(e), reason=e.reason) from None


def _item_ok(tx: Tx, mid: str, item_id: str | None) -> str | None:
    if item_id is None:
        return None
    if item_id not in {i.id for i in tx.items(mid)}:
        raise NotFoundError("no such agenda item")
    return str(item_id)


def poll_create(tx: Tx, user: User, body: PollCreate) -> Reply:
    mid = body.meeting_id
    running(tx, user, mid)
    if len(tx.polls(mid)) >= MAX_POLLS:
        raise ConflictError(f"a meeting holds at most {MAX_POLLS} polls", reason="too_many")
    poll = Poll(id=new_id(), item_id=_item_ok(tx, mid, body.item_id),
                spec=_spec(body.spec), created_at=tx.now)
    tx.save_poll(mid, poll)
    return {"poll": poll.to_dict()}


def _poll(tx: Tx, user: User, body: OnPoll, *allowed: PollStatus) -> Poll:
    mid = body.meeting_id
    running(tx, user, mid)
    poll = tx.poll(mid, body.poll_id)
    if poll.status not in allowed:
        raise ConflictError(f"the poll is {poll.status.value}", reason=f"poll_{poll.status.value}")
    return poll


def poll_update(tx: Tx, user: User, body: PollUpdate) -> Reply:
    mid = body.meeting_id
    poll = _poll(tx, user, body, PollStatus.DRAFT)
    new = replace(poll, spec=_spec(body.spec) if body.spec is not None else poll.spec,
                  item_id=poll.item_id if body.item_id is OMITTED
                  else _item_ok(tx, mid, body.item_id))
    if new != poll:
        tx.save_poll(mid, new)
    return {"poll": new.to_dict()}


def poll_open(tx: Tx, user: User, body: PollOpen, *,
              unsealed_secret: bool = False) -> Reply:
    """Open a poll; a secret poll opens with the sealed box its opening device dealt
    (``seal``), unless the room accepts unsealed secret ballots from apps before 0.3."""
    mid = body.meeting_id
    poll = _poll(tx, user, body, PollStatus.DRAFT)
    secret = poll.spec.ballot_type is BallotType.SECRET
    if body.seal is not None and not secret:
        raise ProtocolError("only secret polls are sealed", reason="bad_seal")
    if secret and body.seal is None and not unsealed_secret:
        raise ConflictError("a secret poll opens with a sealed ballot box: open it from "
                            "the Meetingroom app (0.3 or later)", reason="seal_required")
    live = tx.live_state(mid)
    if live.phase is not MeetingPhase.IN_SESSION:
        raise ConflictError("polls open only while the meeting is in session",
                            reason="not_in_session")
    if tx.open_poll_ids(mid):
        raise ConflictError("another poll is open; close it first", reason="poll_open")
    heads = head_count(live, tx.participants(mid))
    if heads.members == 0:
        raise ConflictError("nobody in this meeting has a voting right", reason="no_voters")
    here = heads.present_or_represented
    if not poll.spec.quorum.met(here, heads.members):
        need = poll.spec.quorum.required(heads.members)
        raise ConflictError(
            f"no quorum: {here} of {heads.members} voting members present or represented, "
            f"{need} needed ({describe_quorum(poll.spec.quorum, 'en')})", reason="no_quorum")
    seal = check_seal(tx, mid, poll, body.seal) if body.seal is not None else None
    poll = replace(poll, status=PollStatus.OPEN, opened_at=tx.now, members=heads.members,
                   present_at_open=here, turnout=0, seal=seal)
    tx.save_poll(mid, poll)
    return {"poll": poll.to_dict()}


def poll_close(tx: Tx, user: User, body: PollClose) -> Reply:
    """Count, apply the rules, and store result and record for good."""
    mid = body.meeting_id
    poll = _poll(tx, user, body, PollStatus.OPEN)
    if poll.seal is not None:  # the trustees open the box, then it is counted (box.py)
        poll = close_sealed(tx, mid, poll)
        tx.save_poll(mid, poll)
        return {"poll": poll.to_dict()}
    tx.rewrite_voters(poll.id)
    parts = tx.participants(mid)
    live = tx.live_state(mid)
    names = {p.user_id: p.display_name for p in parts}
    members = voters(parts)
    voted = tx.voters_of(poll.id)
    voted_ids = {m for m, _, _ in voted}
    here = {u for u in members if live.presence(u) is Presence.PRESENT}
    here |= set(represented_by(live, members))
    all_members = members | voted_ids
    ballots = tx.ballots_of(poll.id)
    try:
        result = tally(poll.spec, (c for _, c in ballots), present=len(here | voted_ids),
                       members=len(all_members))
    except VotingError as e:  # pragma: no cover - every stored ballot was checked
        raise ConflictError(f"the ballots cannot be counted: {e}", reason=e.reason) from None
    poll = replace(poll, status=PollStatus.CLOSED, closed_at=tx.now, turnout=len(ballots),
                   result=result)
    secret = poll.spec.ballot_type is BallotType.SECRET
    named = () if secret else tuple(sorted(
        (names.get(m, m), tuple(c or ()), names.get(by, by)) for m, by, c in voted))
    people = all_members | {by for _, by, _ in voted}
    lists = RecordLists(
        names=tuple(sorted((u, names.get(u, u)) for u in people)),
        members=tuple(sorted(all_members)), present=tuple(sorted(here | voted_ids)),
        voted=tuple(sorted(voted_ids)),
        openings=() if secret else _openings(poll.id, voted, tx.openings_of(poll.id)))
    record = PollRecord(poll=poll, ballots=tuple(ballots),
                        voters=tuple(sorted(names.get(m, m) for m in voted_ids)), named=named,
                        lists=lists)
    tx.save_poll(mid, poll, record=record.to_dict())
    return {"poll": poll.to_dict()}


def _openings(poll_id: str, voted: list[tuple[str, str, tuple[str, ...] | None]],
              openings: dict[str, str | None]) -> tuple[NamedOpening, ...]:
    """Each named ballot's opening with the receipt it opens (recomputed: the server never
    stores a receipt beside its voter, and a named receipt is this commitment)."""
    out = []
    for member, by, choices in sorted(voted):
        opening = openings.get(member)
        receipt = None if opening is None else named_receipt(poll_id, member, by,
                                                             choices or (), opening)
        out.append(NamedOpening(member, by, receipt, opening))
    return tuple(out)


def poll_cancel(tx: Tx, user: User, body: PollCancel) -> Reply:
    """Withdraw a draft or open poll; an open poll's ballots are deleted unread."""
    mid = body.meeting_id
    poll = _poll(tx, user, body, PollStatus.DRAFT, PollStatus.OPEN)
    tx.delete_ballots(poll.id)
    tx.erase_box(poll.id)
    poll = replace(poll, status=PollStatus.CANCELLED, closed_at=tx.now, turnout=0)
    tx.save_poll(mid, poll)
    return {"poll": poll.to_dict()}


def poll_record(tx: Tx, user: User, body: PollRecordRequest) -> Reply:
    """The published record of a closed poll, for every participant who can see it."""
    mid = body.meeting_id
    visible(tx, user, mid)
    poll = tx.poll(mid, body.poll_id)
    record = tx.poll_record(poll.id)
    if poll.status is not PollStatus.CLOSED or record is None:
        raise ConflictError("the record is published when the poll closes",
                            reason=f"poll_{poll.status.value}")
    return {"record": record}
