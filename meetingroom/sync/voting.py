"""Voting from this device: cast a ballot, check a poll's record, open and unseal polls.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.voting``); every public
method is thread-safe and returns a ``concurrent.futures.Future`` resolved on the
engine's loop. The ballots are sent by ``sync/ballots.py``, the sealed boxes handled by
``sync/trustee.py``; the other commands of the live session (phase, attendance,
speakers, polls) go through the engine's outbox (``engine.outbox``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import uuid
from collections.abc import Callable

from meetingroom.domain.ballot_proofs import named_receipt
from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.polls import (
    BallotState,
    LocalBallot,
    Poll,
    PollRecord,
    PollStatus,
    new_receipt,
)
from meetingroom.domain.voting import BallotType, check_ballot
from meetingroom.domain.voting_rules import VotingError
from meetingroom.errors import ConflictError, NotFoundError, ProtocolError
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol.replies import PollReply, RecordReply
from meetingroom.sealing.box import b64, seal_ballot, seal_tag, unb64
from meetingroom.sealing.token import TrusteeToken
from meetingroom.storage.cache import ClientCache
from meetingroom.sync.ballots import BallotSender
from meetingroom.sync.hooks import Command, CurrentLink, LinkWaiter, Spawn, Submit
from meetingroom.sync.trustee import TrusteeDesk

RECONNECT_WAIT = 15.0
"""Seconds a request that needs the server waits for a reconnection in progress."""


class Voting:
    """Casts and checks this device's ballots, opens polls, drives the sealed boxes."""

    def __init__(self, cache: ClientCache, *, sender: BallotSender, trustee: TrusteeDesk,
                 submit: Submit, spawn: Spawn, user: Callable[[], User | None],
                 snapshot: Callable[[str], MeetingSnapshot | None], link: CurrentLink,
                 wait_link: LinkWaiter, command: Command) -> None:
        self._cache = cache
        self._sender = sender
        self._trustee = trustee
        self._submit = submit
        self._spawn = spawn
        self._user = user
        self._snapshot = snapshot
        self._link = link
        self._wait_link = wait_link
        self._command = command
        """A command through the engine's outbox."""

    def ballots(self, meeting_id: str | None = None) -> list[LocalBallot]:
        """This device's ballots (any thread)."""
        return self._cache.ballots(meeting_id)

    def cast_ballot(self, meeting_id: str, poll_id: str, choices: list[str], *,
                    member_id: str | None = None) -> concurrent.futures.Future[LocalBallot]:
        """Store a ballot on this device, then send it until the server acknowledges it.

        The future resolves when the server answered (RECEIVED or REFUSED) or, offline,
        right after the ballot is stored (STORED: it is sent on reconnection).
        """
        return self._submit(self._cast(meeting_id, poll_id, choices, member_id))

    async def _cast(self, meeting_id: str, poll_id: str, choices: list[str],
                    member_id: str | None) -> LocalBallot:
        user = self._user()
        snap = self._snapshot(meeting_id)
        poll = None if snap is None else snap.poll(poll_id)
        if user is None or poll is None:
            raise NotFoundError("no such poll")
        if poll.status is not PollStatus.OPEN:
            raise ConflictError("the poll is not open", reason=f"poll_{poll.status.value}")
        try:
            picked = tuple(sorted(check_ballot(poll.spec, choices)))
        except VotingError as e:
            raise ProtocolError(str(e), reason=e.reason) from None
        member = member_id or user.id
        earlier = [b for b in self._cache.ballots(meeting_id)
                   if b.poll_id == poll_id and b.member_id == member
                   and b.state in (BallotState.STORED, BallotState.RECEIVED)]
        replaces = None
        if earlier:
            last = earlier[-1]
            if last.state is BallotState.STORED:
                raise ConflictError("your vote is still being sent", reason="pending")
            if not poll.spec.allow_change:
                raise ConflictError("this vote was already cast", reason="already_voted")
            replaces = last.tag if poll.seal is not None else last.receipt
        ballot_id = "b" + uuid.uuid4().hex
        receipt = new_receipt()
        sealed = tag = None
        if poll.seal is not None:  # sealed here, once: every resend is the same ballot
            blob = seal_ballot(unb64(poll.seal.public_key, "poll key", size=32), poll_id,
                               poll.spec, receipt, picked)
            sealed, tag = b64(blob), seal_tag(blob)
        elif poll.spec.ballot_type is BallotType.NAMED:  # a commitment to who voted what
            receipt = named_receipt(poll_id, member, user.id, picked,
                                    self._sender.derived("opening", ballot_id))
        ballot = self._sender.store(LocalBallot(
            ballot_id=ballot_id, meeting_id=meeting_id, poll_id=poll_id,
            member_id=member, choices=picked, receipt=receipt, replaces=replaces,
            state=BallotState.STORED, created_at=time.time(), sealed=sealed, tag=tag))
        link = self._link()
        if link is None:
            return ballot
        return await self._sender.send(link, ballot)

    def poll_record(self, meeting_id: str, poll_id: str
                    ) -> concurrent.futures.Future[PollRecord]:
        """The record published at close (every receipt and choice), checked against this
        device's ballots."""
        return self._submit(self._poll_record(meeting_id, poll_id))

    async def _poll_record(self, meeting_id: str, poll_id: str) -> PollRecord:
        link = await self._wait_link(RECONNECT_WAIT)  # e.g. right after a restart
        record = RecordReply.from_wire(await link.request(
            prq.PollRecord(meeting_id=meeting_id, poll_id=poll_id))).record
        await asyncio.to_thread(self._sender.check, record)
        return record

    # -- sealed polls (the work is done by the trustee desk, ``sync/trustee.py``) ---------
    def open_poll(self, meeting_id: str, poll_id: str
                  ) -> concurrent.futures.Future[Poll]:
        """Open a poll; a secret poll's sealed box is dealt here first (needs the server)."""
        return self._submit(self._open_poll(meeting_id, poll_id))

    async def _open_poll(self, meeting_id: str, poll_id: str) -> Poll:
        snap = self._snapshot(meeting_id)
        poll = None if snap is None else snap.poll(poll_id)
        if poll is None:
            raise NotFoundError("no such poll")
        if poll.spec.ballot_type is BallotType.SECRET:
            await self._wait_link(RECONNECT_WAIT)
        return PollReply.from_wire(
            await self._command(await self._trustee.open_body(meeting_id, poll))).poll

    def box_claim(self, meeting_id: str, poll_id: str, pin: bytes | None = None
                  ) -> concurrent.futures.Future[Poll]:
        """This trustee asks for the others' shares, to open the box on this device
        (``pin``: of the token the trustee key is on, if it is)."""
        return self._submit(self._trustee.claim(meeting_id, poll_id, pin))

    def box_release(self, meeting_id: str, poll_id: str, pin: bytes | None = None
                    ) -> concurrent.futures.Future[Poll]:
        """This trustee releases its share to the trustee opening the box."""
        return self._submit(self._trustee.release(meeting_id, poll_id, pin))

    def box_open(self, meeting_id: str, poll_id: str, pin: bytes | None = None
                 ) -> concurrent.futures.Future[Poll]:
        """Open the box now (the opener's device; it also opens by itself when the last
        share it needs arrives)."""
        return self._submit(self._trustee.open(meeting_id, poll_id, pin))

    def use_trustee_token(self, token: TrusteeToken, pin: bytes
                          ) -> concurrent.futures.Future[str]:
        """Keep this user's trustee key on a PKCS#11 token from now on."""
        return self._submit(self._trustee.use_token(token, pin))

    def box_abandon(self, meeting_id: str, poll_id: str
                    ) -> concurrent.futures.Future[Poll]:
        """End a box the trustees cannot open: nothing is published."""
        return self._submit(self._abandon(meeting_id, poll_id))

    async def _abandon(self, meeting_id: str, poll_id: str) -> Poll:
        return PollReply.from_wire(await self._command(prq.PollBoxAbandon(
            meeting_id=meeting_id, poll_id=poll_id))).poll

    def on_events(self, events: list[MeetingEvent]) -> None:
        """After events are applied: check our ballots in polls that just closed, and open
        a sealed box whose last needed share just reached this device."""
        for e in events:
            if e.kind is not EventKind.POLL_UPSERTED:
                continue
            try:
                poll = Poll.from_dict(e.data["poll"])
            except (KeyError, TypeError, ValueError):
                continue  # applying the event already refused it
            if poll.status is PollStatus.COUNTING:
                self._trustee.on_poll(e.meeting_id, poll)
            elif (poll.status is PollStatus.CLOSED
                    and any(b.poll_id == poll.id for b in self._cache.ballots(e.meeting_id))):
                self._spawn(self._check_quietly(e.meeting_id, poll.id))

    async def _check_quietly(self, meeting_id: str, poll_id: str) -> None:
        try:
            await self._poll_record(meeting_id, poll_id)
        except Exception:  # offline or refused: checked again when the record is opened
            return
