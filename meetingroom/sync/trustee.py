"""This device as a trustee of sealed polls: its key, the box at open, share and opening.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.trustee``) that owns its
state (the meetings whose key it registered) and reaches the engine only through the
narrow callables it is given. The cryptography is in ``meetingroom.sealing``; the rules
of who may do what are on the server (``server/box.py``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.domain.trustees import TrusteeError, choose_trustees
from meetingroom.domain.voting import BallotType
from meetingroom.errors import ConflictError, NotFoundError
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol.replies import BoxReply, PollReply, TrusteeKeysReply
from meetingroom.protocol.server_messages import ShareNotice
from meetingroom.sealing.box import SealError, b64, public_bytes, unb64
from meetingroom.sealing.keys import trustee_key
from meetingroom.sealing.opening import open_as_opener
from meetingroom.sealing.shares import (
    deal,
    open_share,
    release,
)
from meetingroom.sealing.token import TrusteeToken, put_trustee_key
from meetingroom.sealing.token import trustee_key as token_key
from meetingroom.storage.cache import ClientCache
from meetingroom.sync.hooks import Request, Spawn


class TrusteeDesk:
    """Registers this device's trustee key, deals the box at open, releases and opens."""

    def __init__(self, cache: ClientCache, *, user: Callable[[], User | None],
                 snapshot: Callable[[str], MeetingSnapshot | None], request: Request,
                 command: Request,
                 spawn: Spawn) -> None:
        self._cache = cache
        self._user = user
        self._snapshot = snapshot
        self._request = request
        """A read that needs the server now (``trustee.keys``, ``poll.box.get``)."""
        self._command = command
        """An idempotent command through the engine's outbox."""
        self._spawn = spawn
        self._registered: set[tuple[str, str]] = set()
        self._opening: set[str] = set()
        self._sealed: dict[str, list[tuple[str, bytes]]] = {}
        """The sealed ballots of a box this device claimed, fetched at the claim (they do
        not change after close), so that the last share only brings the shares."""
        self._claimed: dict[str, BoxReply] = {}
        """``poll.box.get``'s answer at this device's claim, without the sealed ballots:
        its own share and the wrapped key (with the shares handed to it, the box)."""
        self._handed: dict[str, dict[str, str]] = {}
        """Shares released to this device, by poll and releasing trustee, as the server
        handed them over (notice ``poll.box.share``)."""
        self._held: dict[str, X25519PrivateKey] = {}
        """Token keys read for a box this device claimed, by poll id, until it is opened
        (so that the last share opens the box without asking the PIN again)."""

    # -- the key: derived from the device's secret, or kept on a token -----------------
    def token(self) -> tuple[TrusteeToken, str] | None:
        """The token this user keeps their trustee key on, with its public key; None
        when the key is derived from this device's secret."""
        user = self._user()
        raw = None if user is None else self._cache.get_meta(f"trustee_token:{user.id}")
        if not raw:
            return None
        d = json.loads(raw)
        return TrusteeToken(Path(d["module"]), str(d["token_label"])), str(d["public_key"])

    async def use_token(self, token: TrusteeToken, pin: bytes) -> str:
        """Make this user's trustee key on ``token`` (PIN needed), use it from now on and
        register it in every meeting this device registered in. Returns its public key."""
        user = self._user()
        if user is None:
            raise NotFoundError("log in first")
        try:
            public = await asyncio.to_thread(put_trustee_key, token, pin, user.id)
        except SealError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        self._cache.set_meta(f"trustee_token:{user.id}", json.dumps({
            "module": str(token.module), "token_label": token.token_label,
            "public_key": b64(public)}))
        meetings = [m for u, m in self._registered if u == user.id]
        self._registered -= {(user.id, m) for m in meetings}
        for meeting_id in meetings:
            await self.register(meeting_id)
        return b64(public)

    def public_key(self, meeting_id: str) -> str:
        """This device's trustee public key in the meeting (base64)."""
        on_token = self.token()
        if on_token is not None:
            return on_token[1]
        return b64(public_bytes(self.device_key(meeting_id)))

    def device_key(self, meeting_id: str, pin: bytes | None = None) -> X25519PrivateKey:
        """This device's private trustee key: read from the token with ``pin`` when the
        user keeps it there (``pin_needed`` without one), else derived."""
        user = self._user()
        if user is None:
            raise NotFoundError("log in first")
        on_token = self.token()
        if on_token is None:
            return trustee_key(bytes.fromhex(self._cache.ballot_secret()), user.id,
                               meeting_id)
        if pin is None:
            raise ConflictError("your trustee key is on your token: enter its PIN",
                                reason="pin_needed")
        try:
            key = token_key(on_token[0], pin, user.id)
        except SealError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        if b64(public_bytes(key)) != on_token[1]:
            raise ConflictError("this token holds another trustee key than the one "
                                "registered", reason="no_token_key")
        return key

    async def register(self, meeting_id: str) -> None:
        """Tell the server this device's trustee key (once per meeting and login)."""
        user = self._user()
        snap = self._snapshot(meeting_id)
        if user is None or snap is None or (user.id, meeting_id) in self._registered:
            return
        if user.id not in {p.user_id for p in snap.participants}:
            return
        key = self.public_key(meeting_id)
        # sent directly, not through the outbox: it is sent again at every login anyway,
        # and a stale one must not wait in the outbox for the next
        await self._request(prq.TrusteeKey(meeting_id=meeting_id, public_key=key))
        self._registered.add((user.id, meeting_id))

    def is_registered(self, meeting_id: str) -> bool:
        """Whether this device's key for the logged-in user is registered in the meeting."""
        user = self._user()
        return user is not None and (user.id, meeting_id) in self._registered

    def forget(self) -> None:
        """After logout: register again on the next login."""
        self._registered.clear()

    # -- opening a poll ----------------------------------------------------------------
    async def open_body(self, meeting_id: str, poll: Poll) -> prq.PollOpen:
        """``poll.open``'s body; a secret poll gets its sealed box, dealt here."""
        if poll.spec.ballot_type is not BallotType.SECRET:
            return prq.PollOpen(meeting_id=meeting_id, poll_id=poll.id)
        await self.register(meeting_id)  # the dealer is a trustee too, by default
        snap = self._snapshot(meeting_id)
        if snap is None:
            raise NotFoundError("no such meeting")
        keys = TrusteeKeysReply.from_wire(
            await self._request(prq.TrusteeKeys(meeting_id=meeting_id))).keys
        try:
            choice = choose_trustees(snap.participants, keys)
        except TrusteeError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        dealt = await asyncio.to_thread(
            deal, poll.id, [(u, [unb64(k, "key", size=32) for k in keys[u]])
                            for u in choice.trustees], choice.threshold)
        return prq.PollOpen(meeting_id=meeting_id, poll_id=poll.id, seal=dealt.to_dict())

    # -- after close: claim, release, open ---------------------------------------------
    async def claim(self, meeting_id: str, poll_id: str, pin: bytes | None = None) -> Poll:
        """Ask the other trustees for their shares, to open the box on this device (with
        a token: its PIN, read once; the key stays in memory until the box is opened)."""
        if self.token() is not None:
            self._held[poll_id] = await asyncio.to_thread(self.device_key, meeting_id, pin)
        res = await self._command(prq.PollBoxClaim(meeting_id=meeting_id, poll_id=poll_id,
                                                   trustee_key=self.public_key(meeting_id)))
        poll = PollReply.from_wire(res).poll
        box = await self._box(meeting_id, poll_id)
        self._sealed[poll_id] = await asyncio.to_thread(
            lambda: [(tag, unb64(b, "sealed")) for tag, b in box.sealed or ()])
        self._claimed[poll_id] = replace(box, sealed=None)
        await self.open_if_ready(meeting_id, poll)
        return poll

    async def release(self, meeting_id: str, poll_id: str, pin: bytes | None = None) -> Poll:
        """Hand this trustee's share, re-sealed to the opener's device, to the opener."""
        user = self._user()
        box = await self._box(meeting_id, poll_id)
        poll = box.poll
        seal = poll.seal
        if user is None or seal is None or seal.opener is None or box.opener_key is None:
            raise ConflictError("no trustee has asked to open the box yet",
                                reason="no_opener")
        device = await asyncio.to_thread(self.device_key, meeting_id, pin)
        try:
            share = open_share(device, poll_id, user.id, unb64(box.my_share, "share"))
            sealed = release(share, unb64(box.opener_key, "key", size=32), poll_id,
                             user.id, seal.opener)
        except SealError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        res = await self._command(prq.PollBoxRelease(meeting_id=meeting_id, poll_id=poll_id,
                                                     opener=seal.opener, share=b64(sealed)))
        return PollReply.from_wire(res).poll

    async def open(self, meeting_id: str, poll_id: str, pin: bytes | None = None) -> Poll:
        """Rebuild the poll key from the shares in hand, open every ballot off the loop,
        and publish the opened list. Refused plainly while shares are missing."""
        user = self._user()
        prefetched = self._sealed.get(poll_id)
        box = self._box_in_hand(meeting_id, poll_id)
        if box is None:
            box = await self._box(meeting_id, poll_id, sealed=prefetched is None)
        poll = box.poll
        seal = poll.seal
        if user is None or seal is None or seal.opener != user.id:
            raise ConflictError("claim the box before opening it", reason="not_the_opener")
        if seal.opener_key != self.public_key(meeting_id):
            raise ConflictError("the box is being opened on your other device; open it "
                                "there, or claim it again here", reason="not_the_opener")
        if seal.shares_in_hand < seal.threshold:
            raise ConflictError(
                f"{seal.shares_in_hand} of the {seal.threshold} key shares needed are here; "
                f"waiting for: {', '.join(self._names(meeting_id, seal.missing()))}",
                reason="too_few_shares")
        held = self._held.get(poll_id)
        device = held if held is not None else await asyncio.to_thread(
            self.device_key, meeting_id, pin)

        box_sealed = box.sealed
        try:
            sealed = prefetched if prefetched is not None else await asyncio.to_thread(
                lambda: [(tag, unb64(b, "sealed")) for tag, b in box_sealed or ()])
            opened = await asyncio.to_thread(
                open_as_opener, device, poll_id=poll_id, opener=user.id, spec=poll.spec,
                my_share=box.my_share, released=box.released, wrapped_key=box.wrapped_key,
                sealed=sealed, poll_public=unb64(seal.public_key, "key", size=32),
                threshold=seal.threshold)
        except SealError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        published = opened.to_dict()
        res = await self._command(prq.PollBoxPublish(
            meeting_id=meeting_id, poll_id=poll_id, ballots=published["ballots"],
            invalid=published["invalid"]))
        for kept in (self._held, self._sealed, self._claimed, self._handed):
            kept.pop(poll_id, None)  # the box is open: the token's key is dropped too
        return PollReply.from_wire(res).poll

    def _box_in_hand(self, meeting_id: str, poll_id: str) -> BoxReply | None:
        """The box as ``poll.box.get`` would give it, from what this device already has
        — its claim and the shares handed to it — or None if that is not enough (the
        app restarted since, another device claimed, a share came while offline)."""
        claimed, handed = self._claimed.get(poll_id), self._handed.get(poll_id, {})
        poll = self._poll(meeting_id, poll_id)
        if claimed is None or poll is None or poll.seal is None:
            return None
        in_memory = replace(poll.seal, released=tuple(handed))  # the shares this device has
        if (poll.seal.opener_key != claimed.opener_key
                or in_memory.shares_in_hand < poll.seal.threshold):
            return None
        return replace(claimed, poll=self._with_handed(poll),
                       released=tuple(sorted(handed.items())))

    def _with_handed(self, poll: Poll) -> Poll:
        """``poll`` counting the shares handed to this device that its event has not
        announced yet (the share comes before the room hears of it)."""
        seal, handed = poll.seal, self._handed.get(poll.id, {})
        news = sorted(handed.keys() - set(() if seal is None else seal.released))
        if seal is None or not news:
            return poll
        return replace(poll, seal=replace(seal, released=(*seal.released, *news)))

    def on_share(self, notice: ShareNotice) -> None:
        """The server handed this user a released share (``poll.box.share``): keep it, and
        open the box at once if it is this device's turn."""
        meeting_id, poll_id = notice.meeting_id, notice.poll_id
        from_user, share = notice.from_user, notice.share
        if poll_id not in self._claimed:
            return  # not claimed on this device: the box is fetched when it is
        self._handed.setdefault(poll_id, {})[from_user] = share
        poll = self._poll(meeting_id, poll_id)
        if poll is not None:
            self.on_poll(meeting_id, poll)

    def _poll(self, meeting_id: str, poll_id: str) -> Poll | None:
        """The poll as this device's copy of the meeting has it now."""
        snap = self._snapshot(meeting_id)
        return None if snap is None else snap.poll(poll_id)

    async def _box(self, meeting_id: str, poll_id: str, *,
                   sealed: bool = True) -> BoxReply:
        """``poll.box.get`` for this device: its own sealed copy of the share (and, for
        the opener, the released shares and — unless ``sealed`` is False — the box)."""
        return BoxReply.from_wire(await self._request(prq.PollBoxGet(
            meeting_id=meeting_id, poll_id=poll_id, trustee_key=self.public_key(meeting_id),
            sealed=sealed)))

    async def open_if_ready(self, meeting_id: str, poll: Poll) -> None:
        """Open at once when this device is the opener and holds enough shares."""
        user = self._user()
        seal = self._with_handed(poll).seal
        mine = self.public_key(meeting_id) if user is not None else None
        if self.token() is not None and poll.id not in self._held:
            return  # the key is on the token and was not read: the opener opens by hand
        if (user is None or seal is None or poll.status is not PollStatus.COUNTING
                or seal.opener != user.id or seal.opener_key != mine
                or seal.shares_in_hand < seal.threshold or poll.id in self._opening):
            return  # not this device's turn (another device of the opener is)
        self._opening.add(poll.id)
        try:
            await self.open(meeting_id, poll.id)
        finally:
            self._opening.discard(poll.id)

    def on_poll(self, meeting_id: str, poll: Poll) -> None:
        """A poll changed: open the box if it is now this device's turn."""
        if poll.seal is not None and poll.status is PollStatus.COUNTING:
            self._spawn(self.open_if_ready(meeting_id, poll))

    def _names(self, meeting_id: str, ids: tuple[str, ...]) -> list[str]:
        snap = self._snapshot(meeting_id)
        names = {} if snap is None else {p.user_id: p.display_name for p in snap.participants}
        return [names.get(i, i) for i in ids]
