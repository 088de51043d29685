"""The tablet's side of exactly-once voting: store, send until acknowledged, then check.

A ballot is written to the local cache (state STORED) before anything is sent. It is sent
with its own ``ballot_id`` and receipt on every connection until the server answers:
"received" (state RECEIVED) or a refusal (REFUSED, with the reason). A lost answer is
harmless: the server recognises the ``ballot_id`` and answers "received" again without
counting twice. When the poll closes, the published record is fetched and every ballot
whose receipt is there with its choices becomes COUNTED (MISSING otherwise — the voter's
evidence that something is wrong).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import replace

from meetingroom.domain.polls import BallotState, LocalBallot, PollRecord, new_receipt
from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.protocol import poll_requests as prq
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink

log = logging.getLogger(__name__)

_RETRY_CODES = frozenset({"internal", "rate_limited", "storage"})
"""Error codes after which a ballot stays STORED and is sent again (server trouble)."""



def cast_body(b: LocalBallot, *, change_key: str | None = None, opening: str | None = None,
              replaces_key: str | None = None) -> prq.BallotCast:
    """``ballot.cast`` for ``b``: its choices and receipt in the clear, or sealed; the
    receipt it replaces when it changes an earlier ballot."""
    sealed = b.sealed is not None
    return prq.BallotCast(
        meeting_id=b.meeting_id, poll_id=b.poll_id, ballot_id=b.ballot_id,
        member_id=b.member_id, sealed=b.sealed,
        choices=None if sealed else list[object](b.choices),
        receipt=None if sealed else b.receipt, replaces=b.replaces,
        change_key=change_key, opening=opening, replaces_key=replaces_key)

class BallotSender:
    """Sends stored ballots and tracks their state; runs on the engine's loop."""

    def __init__(self, cache: ClientCache, emit: Callable[[ev.EngineEvent], None]) -> None:
        self.cache = cache
        self._emit = emit
        self._sending: set[str] = set()

    def _put(self, b: LocalBallot) -> LocalBallot:
        self.cache.ballot_put(b)
        self._emit(ev.BallotChanged(b))
        return b

    def store(self, b: LocalBallot) -> LocalBallot:
        return self._put(b)

    def derived(self, purpose: str, ballot_id: str) -> str:
        """A ballot's change key (``"change"``) or receipt opening (``"opening"``): derived
        from this device's secret, so nothing more is stored per ballot."""
        secret = bytes.fromhex(self.cache.ballot_secret())
        return hmac.new(secret, f"{purpose}\x00{ballot_id}".encode(),
                        hashlib.sha256).hexdigest()

    def request_body(self, b: LocalBallot) -> prq.BallotCast:
        """``ballot.cast`` for ``b``, with the keys that let it (and only it) be changed
        later and that prove a change replaces this device's own ballot."""
        old = None if b.replaces is None else next(
            (o for o in self.cache.ballots(b.meeting_id)
             if o.poll_id == b.poll_id and b.replaces in (o.receipt, o.tag)), None)
        return cast_body(
            b, change_key=self.derived("change", b.ballot_id),
            # a sealed ballot's receipt, and so its opening, travel only inside it
            opening=self.derived("opening", b.ballot_id) if b.sealed is None else None,
            replaces_key=None if old is None else self.derived("change", old.ballot_id))

    async def flush(self, link: ServerLink) -> None:
        """Send every stored ballot (concurrently; the server batches them)."""
        todo = [b for b in self.cache.ballots() if b.state is BallotState.STORED
                and b.ballot_id not in self._sending]
        if todo:
            await asyncio.gather(*(self.send(link, b) for b in todo))

    async def send(self, link: ServerLink, b: LocalBallot) -> LocalBallot:
        if b.ballot_id in self._sending:
            return b
        self._sending.add(b.ballot_id)
        try:
            for _ in range(3):  # a taken receipt (never in practice) gets a new one
                try:
                    await link.request(self.request_body(b))
                except ConnectionLostError:
                    return b  # stays STORED: sent again on the next connection
                except MeetingroomError as e:
                    if e.reason == "receipt_taken" and b.sealed is None:
                        b = self._put(replace(b, receipt=new_receipt()))
                        continue
                    if e.code in _RETRY_CODES:
                        log.info("ballot not stored by the server yet (%s); will resend",
                                 e.code)
                        return b
                    return self._put(replace(b, state=BallotState.REFUSED,
                                             reason=e.reason or e.code))
                return self._put(replace(b, state=BallotState.RECEIVED, reason=""))
            return b
        finally:
            self._sending.discard(b.ballot_id)

    def check(self, record: PollRecord) -> list[LocalBallot]:
        """Mark this poll's acknowledged ballots COUNTED or MISSING against the record.

        A ballot that was replaced by a later one of the same member is not expected in
        the record and keeps its state.
        """
        poll_id = record.poll.id
        mine = [b for b in self.cache.ballots() if b.poll_id == poll_id]
        replaced = {b.replaces for b in mine if b.replaces and b.state in (
            BallotState.RECEIVED, BallotState.COUNTED, BallotState.MISSING)}
        published = dict(record.ballots)
        in_box = None if record.lists is None or record.lists.opened_by is None else set(
            record.lists.sealed)
        out = []
        for b in mine:
            if b.state not in (BallotState.RECEIVED, BallotState.STORED) or (
                    b.receipt in replaced or (b.tag is not None and b.tag in replaced)):
                continue
            got = published.get(b.receipt)
            counted = got is not None and sorted(got) == sorted(b.choices)
            if b.tag is not None:  # sealed: its sealed ballot was in the box, too
                counted = counted and in_box is not None and b.tag in in_box
            if b.state is BallotState.STORED and got is None:
                new = replace(b, state=BallotState.REFUSED, reason="poll_closed")
            elif counted:  # proven: the choices beside the member id are not needed here
                new = replace(b, state=BallotState.COUNTED, choices=(), sealed=None)
            else:
                new = replace(b, state=BallotState.MISSING)  # kept: the voter's evidence
            out.append(new)
        if any(b.state is BallotState.COUNTED for b in out):
            # nor are the choices of the ballots a counted one replaced; then the WAL goes
            # (docs/voting.md, "On the tablet"). Erased before the COUNTED state is stored,
            # so that whoever sees COUNTED finds them gone.
            self.cache.ballot_forget_choices([b.ballot_id for b in mine
                                              if (b.receipt in replaced or (
                                                  b.tag is not None and b.tag in replaced))
                                              and b.choices])
        stored = [self._put(b) for b in out]
        if any(b.state is BallotState.COUNTED for b in out):
            self.cache.ballot_forget_choices([])  # the WAL again, now without the choices
        return stored

