"""The ballot box: every ballot counted exactly once, acknowledged only once durable.

Ballots do not go through the generic command path. They arrive as ``ballot.cast`` with a
client-made ``ballot_id`` and ``receipt``; the box queues them and commits whatever has
queued in one transaction (group commit: one fsync for many ballots), then answers each.
A repeat of the same ``ballot_id`` for the same member is answered "received" again and
never counted twice: the member's row in ``poll_voters`` is the proof.

Secret ballots: the member's row says *that* they voted; the ``poll_ballots`` row says
*what*, under the random receipt. Nothing stored connects the two (no shared id, no time,
no rowid; each batch is shuffled before it is written). The turnout others see is
published by a ticker at most every ``TURNOUT_INTERVAL`` seconds, never per ballot.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NotRequired, TypedDict, cast

from meetingroom.domain import access
from meetingroom.domain.ballot_proofs import (
    ballot_lock,
    is_key,
    named_receipt,
    voter_lock,
)
from meetingroom.domain.live import LiveState, Presence, represented_by, voters
from meetingroom.domain.model import User
from meetingroom.domain.polls import Poll, PollStatus, is_receipt, published_turnout
from meetingroom.domain.voting import BallotType, check_ballot
from meetingroom.domain.voting_rules import VotingError
from meetingroom.errors import (
    ConflictError,
    ForbiddenError,
    MeetingroomError,
    NotFoundError,
    ProtocolError,
    StorageError,
)
from meetingroom.protocol.messages import Reply, valid_request_id
from meetingroom.protocol.poll_requests import BallotCast
from meetingroom.sealing.box import seal_tag, sealed_length, unb64
from meetingroom.server.box import checked_b64
from meetingroom.server.dbthread import DbThread
from meetingroom.storage.box_store import SealedRow
from meetingroom.storage.live_store import BallotRow, VoterRow, VoterValues
from meetingroom.storage.server_store import ServerStore, Tx

log = logging.getLogger(__name__)

MAX_BATCH = 2000
"""Most ballots in one transaction."""
TURNOUT_INTERVAL = 1.0
"""Seconds between turnout updates of one poll (secret polls also count in steps:
``domain.polls.published_turnout``)."""
PREFETCH_MIN = 16
"""Ballots of one poll in a batch from which its voters and receipts are read at once
(two queries) rather than looked up ballot by ballot (two queries each)."""
MAX_CACHED_VIEWS = 64
"""Meetings whose eligibility view is kept between transactions."""
NOT_YOUR_BALLOT = "a vote can only replace your own current ballot"
"""The one answer to every refused ``replaces`` (it must not tell whether a receipt exists)."""



class BallotAck(TypedDict):
    """``ballot.cast``'s result (docs/protocol.md): the ballot is stored, once."""

    poll_id: str
    ballot_id: str
    member_id: str
    status: str
    """Always "received"."""
    replayed: bool
    """This ballot was stored before (a resend)."""
    tag: NotRequired[str]
    """A sealed ballot's seal tag."""

@dataclass(slots=True)
class _Pending:
    user: User
    body: BallotCast
    done: asyncio.Future[BallotAck]


@dataclass(slots=True)
class _MeetingView:
    members: frozenset[str]
    participant_ids: frozenset[str]
    live: LiveState
    represented: dict[str, str]
    meeting: Any


@dataclass(frozen=True, slots=True)
class _Known:
    """A poll's members who have voted and receipts taken, as the batch's transaction
    began (the batch's own ballots are tracked beside it)."""

    voted: frozenset[str]
    receipts: frozenset[str]


@dataclass(slots=True)
class _Batch:
    """What one transaction decided, ballot by ballot."""

    outcomes: list[BallotAck | MeetingroomError] = field(default_factory=list)
    touched: set[tuple[str, str]] = field(default_factory=set)
    """(meeting id, poll id) whose turnout changed."""


def check_shape(body: BallotCast) -> None:
    """Refuse a malformed ``ballot.cast`` body before it is queued."""
    if not valid_request_id(body.ballot_id):
        raise ProtocolError("ballot_id must be 1-64 characters of [A-Za-z0-9_.:-]")
    if body.sealed is not None:
        if body.receipt is not None or body.choices is not None or body.opening is not None:
            raise ProtocolError("a sealed ballot carries its receipt and choices inside",
                                reason="bad_seal")
        checked_b64(body.sealed, "sealed")
        if body.replaces is not None and not is_receipt(body.replaces):
            raise ProtocolError("replaces must be a seal tag", reason="bad_receipt")
        for name, key in (("change_key", body.change_key),
                          ("replaces_key", body.replaces_key)):
            if key is not None and not is_key(key):
                raise ProtocolError(f"{name} must be 64 lowercase hex digits", reason="bad_key")
        return
    if body.receipt is None or body.choices is None:
        raise ProtocolError("a ballot carries a receipt and choices, or is sealed",
                            reason="bad_request")
    if not is_receipt(body.receipt):
        raise ProtocolError("receipt must be 20 characters of A-Z and 2-7", reason="bad_receipt")
    if body.replaces is not None and not is_receipt(body.replaces):
        raise ProtocolError("replaces must be a receipt code", reason="bad_receipt")
    for name, key in (("change_key", body.change_key), ("replaces_key", body.replaces_key),
                      ("opening", body.opening)):
        if key is not None and not is_key(key):
            raise ProtocolError(f"{name} must be 64 lowercase hex digits", reason="bad_key")
    choices = body.choices
    if len(choices) > 500 or not all(isinstance(c, str) and len(c) <= 64 for c in choices):
        raise ProtocolError("choices must list option ids", reason="unknown_option")


class BallotBox:
    """Queues ``ballot.cast`` requests and commits them in batches on the database thread."""

    def __init__(self, store: ServerStore, db: DbThread,
                 published: Callable[[], Awaitable[None]]) -> None:
        self.store = store
        self.db = db
        self._published = published
        """Called after a commit that wrote events (the server's catch-up)."""
        self._pending: list[_Pending] = []
        self._flusher: asyncio.Task[None] | None = None
        self._tickers: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._views: dict[str, tuple[int, _MeetingView]] = {}
        """Eligibility views by meeting, with the revision they were read at (database
        thread only). Participants, attendance, proxies and the meeting itself change only
        together with an event, which bumps the revision: a view read at the current
        revision is current, and the next batch need not load it again."""
        self._closed = False

    async def cast(self, user: User, body: BallotCast) -> Reply:
        check_shape(body)
        if self._closed:
            raise StorageError("the server is shutting down; the ballot will be sent again")
        done: asyncio.Future[BallotAck] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(user, body, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await done

    async def close(self) -> None:
        """Stop committing. Every ballot still waiting is answered with a retryable
        ``storage`` error (never left unanswered: its connection handler would wait forever
        and the server's shutdown with it); the tablet sends it again to the next server."""
        self._closed = True
        for task in [self._flusher, *self._tickers.values()]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._fail(self._pending)
        self._pending = []

    @staticmethod
    def _fail(batch: list[_Pending]) -> None:
        """Answer "not stored, send again" (a batch that was being written when this is
        called may still commit: the resend is then answered as a replay)."""
        for p in batch:
            if not p.done.done():
                p.done.set_exception(StorageError("the ballot could not be stored; "
                                                  "it will be sent again"))

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                decided = await self.db.run(self._write, batch)
            except asyncio.CancelledError:
                self._fail(batch)
                raise
            except Exception:
                log.exception("storing %d ballot(s) failed", len(batch))
                self._fail(batch)
                continue
            for p, outcome in zip(batch, decided.outcomes, strict=True):
                if p.done.done():
                    continue
                if isinstance(outcome, MeetingroomError):
                    p.done.set_exception(outcome)
                else:
                    p.done.set_result(outcome)
            for key in decided.touched:
                if key not in self._tickers:
                    self._tickers[key] = asyncio.create_task(self._tick(key))

    async def _tick(self, key: tuple[str, str]) -> None:
        """Publish the turnout of one poll, then let the next batch schedule another."""
        try:
            await asyncio.sleep(TURNOUT_INTERVAL)
            self._tickers.pop(key, None)
            wrote = await self.db.run(self._write_turnout, *key)
            if wrote:
                await self._published()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("publishing the turnout failed")
        finally:
            if self._tickers.get(key) is asyncio.current_task():
                del self._tickers[key]

    def _write_turnout(self, meeting_id: str, poll_id: str) -> bool:
        with self.store.transaction() as tx:
            poll = tx.poll(meeting_id, poll_id)
            if poll.status is not PollStatus.OPEN:
                return False
            count = published_turnout(tx.count_voters(poll_id), poll.present_at_open,
                                      secret=poll.spec.ballot_type is BallotType.SECRET)
            if count == poll.turnout:
                return False
            tx.set_turnout(meeting_id, poll_id, count)
            return True

    # -- the transaction (database thread) ---------------------------------------------
    def _write(self, batch: list[_Pending]) -> _Batch:
        out = _Batch()
        with self.store.transaction() as tx:
            views: dict[str, _MeetingView] = {}
            polls: dict[str, Poll] = {}
            claimed: dict[tuple[str, str], str] = {}
            receipts: set[tuple[str, str]] = set()
            voters_rows: list[VoterRow] = []
            ballot_rows: list[BallotRow] = []
            sealed_rows: list[SealedRow] = []
            known = self._prefetch(tx, batch)
            for p in batch:
                try:
                    out.outcomes.append(self._one(tx, p, views, polls, claimed, receipts,
                                                  voters_rows, ballot_rows, sealed_rows,
                                                  out.touched, known))
                except MeetingroomError as e:
                    out.outcomes.append(e)
            # inserted in key order (member id; seal tag or receipt, both random with
            # respect to arrival), never in arrival order
            for rows, key in ((voters_rows, "member_id"), (ballot_rows, "receipt"),
                              (sealed_rows, "tag")):
                rows.sort(key=itemgetter("poll_id", key))
            tx.add_voters(voters_rows)
            tx.add_ballots(ballot_rows)
            tx.add_sealed(sealed_rows)
        return out

    @staticmethod
    def _prefetch(tx: Tx, batch: list[_Pending]) -> dict[str, _Known]:
        """Voters and receipts of every poll with at least PREFETCH_MIN ballots here."""
        many = Counter(str(p.body.poll_id) for p in batch)
        return {pid: _Known(frozenset(m for m, _, _ in tx.voters_of(pid)),
                            frozenset(r for r, _ in tx.ballots_of(pid)))
                for pid, n in many.items() if n >= PREFETCH_MIN}

    def _view(self, tx: Tx, user: User, meeting_id: str,
              views: dict[str, _MeetingView]) -> _MeetingView:
        view = views.get(meeting_id)
        if view is None:
            rev = tx.rev(meeting_id)
            cached = self._views.get(meeting_id)
            if cached is not None and cached[0] == rev:
                view = cached[1]
            else:
                m = tx.meeting(meeting_id)
                parts = tx.participants(meeting_id)
                members = voters(parts)
                live = tx.live_state(meeting_id)
                view = _MeetingView(members=members,
                                    participant_ids=frozenset(p.user_id for p in parts),
                                    live=live, represented=represented_by(live, members),
                                    meeting=m)
                if len(self._views) >= MAX_CACHED_VIEWS:
                    self._views.clear()
                self._views[meeting_id] = (rev, view)
            views[meeting_id] = view
        if not access.can_view(user, view.meeting, view.participant_ids):
            raise NotFoundError("no such meeting")
        return view

    def _one(self, tx: Tx, p: _Pending, views: dict[str, _MeetingView], polls: dict[str, Poll],
             claimed: dict[tuple[str, str], str], receipts: set[tuple[str, str]],
             voters_rows: list[VoterRow], ballot_rows: list[BallotRow],
             sealed_rows: list[SealedRow], touched: set[tuple[str, str]],
             known: dict[str, _Known]) -> BallotAck:
        b, user = p.body, p.user
        mid, pid = b.meeting_id, b.poll_id
        view = self._view(tx, user, mid, views)
        poll = polls.get(pid)
        if poll is None:
            poll = polls[pid] = tx.poll(mid, pid)
        member = b.member_id or user.id
        key = (pid, member)
        ack = BallotAck(poll_id=pid, ballot_id=b.ballot_id, member_id=member,
                        status="received", replayed=False)
        earlier = claimed.get(key)
        seen = known.get(pid)
        row = None if earlier is not None or (seen is not None and member not in seen.voted) \
            else tx.voter_row(pid, member)
        if earlier == b.ballot_id or (row is not None and row.ballot_id == b.ballot_id):
            return {**ack, "replayed": True}
        if poll.status is not PollStatus.OPEN:
            raise ConflictError(f"the poll is {poll.status.value}",
                                reason=f"poll_{poll.status.value}")
        self._eligible(view, user, member)
        if poll.seal is not None or b.sealed is not None:
            return self._one_sealed(tx, p, poll, row, earlier, claimed, receipts,
                                    voters_rows, sealed_rows, touched, ack)
        try:
            # check_shape let through only a list of strings, and a receipt with it
            choices = tuple(sorted(check_ballot(poll.spec, cast(list[str], b.choices))))
        except VotingError as e:
            raise ProtocolError(str(e), reason=e.reason) from None
        secret = poll.spec.ballot_type.value == "secret"
        receipt = cast(str, b.receipt)
        opening = None if secret else b.opening
        if not secret and opening is None:
            raise ProtocolError("a named ballot needs the opening of its receipt",
                                reason="bad_receipt")
        if opening is not None and named_receipt(pid, member, user.id, choices,
                                                 opening) != receipt:
            raise ProtocolError("the receipt does not match this named ballot",
                                reason="bad_receipt")
        changing = self._may_change(poll, b, earlier is not None or row is not None)
        if b.replaces is not None:
            self._check_own(tx, pid, b.replaces, b.replaces_key,
                            row if earlier is None else None)
        taken = (receipt in seen.receipts) if seen is not None else tx.receipt_taken(pid,
                                                                                  receipt)
        if (pid, receipt) in receipts or taken:
            raise ConflictError("that receipt code is taken; make a new one",
                                reason="receipt_taken")
        named_choices = None if secret else json.dumps(list(choices))
        key_ = b.change_key
        locks = (None, None) if key_ is None else (voter_lock(pid, key_), ballot_lock(pid, key_))
        voter_values = VoterValues(ballot_id=b.ballot_id, cast_by=user.id,
                                   choices=named_choices, voter_lock=locks[0], opening=opening)
        if changing and b.replaces is not None:  # _may_change: no change without it
            tx.remove_ballot(pid, b.replaces)
            tx.replace_voter(pid, member, voter_values)
        else:
            voters_rows.append(VoterRow(poll_id=pid, member_id=member, **voter_values))
            touched.add((mid, pid))
        claimed[key] = b.ballot_id
        receipts.add((pid, receipt))
        ballot_rows.append(BallotRow(poll_id=pid, receipt=receipt,
                                     choices=json.dumps(list(choices)), ballot_lock=locks[1]))
        return ack

    def _one_sealed(self, tx: Tx, p: _Pending, poll: Poll, row: Any, earlier: str | None,
                    claimed: dict[tuple[str, str], str],
                    taken: set[tuple[str, str]], voters_rows: list[VoterRow],
                    sealed_rows: list[SealedRow], touched: set[tuple[str, str]],
                    ack: BallotAck) -> BallotAck:
        """A sealed ballot: stored unread under its seal tag; the voter row as always."""
        b, pid = p.body, poll.id
        if poll.seal is None:
            raise ProtocolError("this poll takes open ballots, not sealed ones",
                                reason="not_sealed")
        if b.sealed is None:
            raise ConflictError("this poll takes sealed ballots only; update the app",
                                reason="seal_required")
        blob = unb64(b.sealed, "sealed")
        if len(blob) != sealed_length(poll.spec):
            raise ProtocolError("the sealed ballot is not the size this poll's ballots have",
                                reason="bad_seal")
        tag = seal_tag(blob)
        member = ack["member_id"]
        changing = self._may_change(poll, b, earlier is not None or row is not None)
        if b.replaces is not None:
            self._check_own(tx, pid, b.replaces, b.replaces_key,
                            row if earlier is None else None, sealed=True)
        if (pid, tag) in taken or tx.sealed_taken(pid, tag):
            raise ConflictError("that sealed ballot is already in the box; seal it again",
                                reason="receipt_taken")
        key_ = b.change_key
        locks = (None, None) if key_ is None else (voter_lock(pid, key_), ballot_lock(pid, key_))
        voter_values = VoterValues(ballot_id=b.ballot_id, cast_by=p.user.id, choices=None,
                                   voter_lock=locks[0], opening=None)
        if changing and b.replaces is not None:  # _may_change: no change without it
            tx.remove_sealed(pid, b.replaces)
            tx.replace_voter(pid, member, voter_values)
        else:
            voters_rows.append(VoterRow(poll_id=pid, member_id=member, **voter_values))
            touched.add((str(b.meeting_id), pid))
        claimed[(pid, member)] = b.ballot_id
        taken.add((pid, tag))
        sealed_rows.append(SealedRow(poll_id=pid, tag=tag, sealed=b.sealed,
                                     ballot_lock=locks[1]))
        return {**ack, "tag": tag}

    @staticmethod
    def _may_change(poll: Poll, b: BallotCast, changing: bool) -> bool:
        """``changing`` (the member has voted) if this ballot may replace their vote;
        refused when the poll allows no change or the ballot names none to replace."""
        if changing and not poll.spec.allow_change:
            raise ConflictError("this vote was already cast", reason="already_voted")
        if changing and b.replaces is None:
            raise ConflictError("this vote was already cast; to change it, name your ballot",
                                reason="already_voted")
        return changing

    @staticmethod
    def _check_own(tx: Tx, poll_id: str, replaces: str, key_: str | None, row: Any, *,
                   sealed: bool = False) -> None:
        """Refuse a change unless ``replaces`` names the sender's own current ballot.

        Every failure — no current ballot, no such receipt, another voter's ballot, a
        ballot already replaced, a wrong or missing key — gets the same answer, so a
        refusal says nothing about whether a receipt exists (docs/protocol.md)."""
        own = (row is not None and key_ is not None and row.voter_lock is not None
               and hmac.compare_digest(row.voter_lock, voter_lock(poll_id, key_)))
        lock = None if not own else (tx.sealed_lock(poll_id, replaces) if sealed
                                     else tx.ballot_lock(poll_id, replaces))
        if not own or lock is None or key_ is None or not hmac.compare_digest(
                lock, ballot_lock(poll_id, key_)):
            raise ConflictError(NOT_YOUR_BALLOT, reason="not_your_ballot")

    @staticmethod
    def _eligible(view: _MeetingView, user: User, member: str) -> None:
        if member == user.id:
            if member not in view.members:
                raise ForbiddenError("you have no voting right in this meeting",
                                     reason="not_a_voter")
            if view.live.presence(member) is not Presence.PRESENT:
                raise ForbiddenError("check in before you vote", reason="not_present")
            return
        if view.represented.get(member) != user.id:
            raise ForbiddenError("you do not hold this member's proxy", reason="no_proxy")
