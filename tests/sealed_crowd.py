"""Hundreds of sealed-ballot tablets for the e2e tests, and the room's trustees.

Each tablet is a raw protocol client written from docs/protocol.md (one ``ServerLink``),
all on one asyncio loop in a thread of the test: it logs in, checks in, seals its ballot
once (``meetingroom.sealing``) and sends the same ``ballot.cast`` until the server
acknowledges it — through lost connections and server restarts, as the app does. The
secretary and the second trustee act over fresh connections for each step, so they too
survive a killed server; their device keys live here, as on their tablets.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import threading
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from meetingroom.bench.vote_room import SECRETARY, motion
from meetingroom.domain.polls import new_receipt
from meetingroom.domain.voting import PollSpec
from meetingroom.errors import ConnectionLostError, MeetingroomError, RateLimitError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.messages import validate_body
from meetingroom.protocol.replies import BoxReply
from meetingroom.sealing.box import b64, public_bytes, seal_ballot, seal_tag, unb64
from meetingroom.sealing.keys import trustee_key
from meetingroom.sealing.opening import open_as_opener
from meetingroom.sealing.shares import (
    deal,
    open_share,
    release,
)
from meetingroom.sync.connection import ServerLink

T = TypeVar("T")
RETRY = ("internal", "rate_limited", "storage", "session_expired", "not_authenticated")
"""Error codes after which a tablet sends the same ballot again."""


@dataclass(slots=True)
class Tablet:
    username: str
    user_id: str = ""
    link: ServerLink | None = None
    body: dict[str, Any] | None = None
    """The one ``ballot.cast`` this tablet sends, made once."""
    receipt: str = ""
    choice: str = ""
    tag: str = ""
    acked: bool = False
    sends: int = 0


class Crowd:
    """Tablets, the secretary and a second trustee against one room (its URL may change
    port never: a restarted RoomProcess serves on the same one)."""

    def __init__(self, url: str, meeting_id: str, usernames: list[str], password: str) -> None:
        self.url, self.meeting_id, self.password = url, meeting_id, password
        self.tablets = [Tablet(u) for u in usernames]
        self.trustee = usernames[0]
        """The second trustee (a delegate, who also votes from another session)."""
        self.keys: dict[str, Any] = {}
        self.ids: dict[str, str] = {}
        self.spec = PollSpec.from_dict(motion("Bầu cử kín – phiếu niêm phong"))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="sealed-crowd")
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 300.0) -> T:
        fut: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return fut.result(timeout)

    def run_async(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def close(self) -> None:
        async def shut() -> None:
            await asyncio.gather(*(t.link.close() for t in self.tablets if t.link),
                                 return_exceptions=True)
        try:
            self.run(shut(), 60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()

    # -- the secretary and the trustee, one fresh connection per step ------------------
    async def call(self, username: str, mtype: str, body: dict[str, Any],
                   *, attempts: int = 50) -> dict[str, Any]:
        """One request as ``username`` on a fresh connection, retried while the server is
        away (a command keeps its request id, so a retry is never applied twice)."""
        rid = "t" + uuid.uuid4().hex
        for _ in range(attempts):
            link = None
            try:
                link = await ServerLink.open(self.url, on_push=lambda _m: None, timeout=10)
                me = await link.request(rq.Login(
                    username=username, password=self.password), timeout=60)
                self.ids[username] = str(me["user"]["id"])
                return await link.request(
                    validate_body(mtype, {"meeting_id": self.meeting_id, **body}),
                    rid=rid, timeout=120)
            except (ConnectionLostError, RateLimitError):
                await asyncio.sleep(0.2 + random.random() * 0.5)
            finally:
                if link is not None:
                    await link.close()
        raise AssertionError(f"{mtype} as {username}: the server never answered")

    async def open_plain_poll(self) -> str:
        """A secret motion opened as apps before 0.3 do, without a box (the room must
        allow it)."""
        await self.call(SECRETARY, "live.phase", {"phase": "in_session"})
        pid = str((await self.call(SECRETARY, "poll.create", {"spec": self.spec.to_dict()}))
                  ["poll"]["id"])
        await self.call(SECRETARY, "poll.open", {"poll_id": pid})
        self.public_key = b""
        return pid

    async def open_sealed_poll(self) -> str:
        """In session, both trustees' keys registered, a secret motion opened sealed (the
        secretary's device deals the box: 2 of 2, the secretary and the trustee)."""
        await self.call(SECRETARY, "live.phase", {"phase": "in_session"})
        for who in (SECRETARY, self.trustee):
            self.keys[who] = trustee_key(os.urandom(32), "?", self.meeting_id)
            await self.call(who, "trustee.key", {
                "public_key": b64(public_bytes(self.keys[who]))})
        pid = str((await self.call(SECRETARY, "poll.create", {"spec": self.spec.to_dict()}))
                  ["poll"]["id"])
        dealt = deal(pid, [(self.ids[w], public_bytes(self.keys[w]))
                           for w in (SECRETARY, self.trustee)], 2)
        await self.call(SECRETARY, "poll.open", {"poll_id": pid, "seal": dealt.to_dict()})
        self.public_key = dealt.public_key
        return pid

    async def close_and_open(self, poll_id: str) -> dict[str, Any]:
        """Close, then the trustee claims, the secretary releases, the trustee opens and
        publishes: the closed poll with its result."""
        body = {"poll_id": poll_id}
        await self.call(SECRETARY, "poll.close", body)
        await self.call(self.trustee, "poll.box.claim", body)
        mine = await self.call(SECRETARY, "poll.box.get", body)
        share = open_share(self.keys[SECRETARY], poll_id, self.ids[SECRETARY],
                           unb64(mine["my_share"], "share"))
        await self.call(SECRETARY, "poll.box.release", {**body, "opener": self.ids[
            self.trustee], "share": b64(release(share, unb64(mine["opener_key"], "key"),
                                                 poll_id, self.ids[SECRETARY],
                                                 self.ids[self.trustee]))})
        box = await self.call(self.trustee, "poll.box.get", body)
        got = BoxReply.from_wire(box)
        opened = open_as_opener(self.keys[self.trustee], poll_id=poll_id,
                                opener=self.ids[self.trustee], spec=self.spec,
                                my_share=got.my_share, released=got.released,
                                wrapped_key=got.wrapped_key,
                                sealed=[(t, unb64(b, "sealed")) for t, b in got.sealed or ()],
                                poll_public=self.public_key, threshold=2)
        res = await self.call(self.trustee, "poll.box.publish", {**body, **opened.to_dict()})
        return dict(res["poll"])

    # -- the tablets -------------------------------------------------------------------
    async def _connect(self, t: Tablet) -> ServerLink:
        while True:
            link = None
            try:
                link = await ServerLink.open(self.url, on_push=lambda _m: None, timeout=10)
                me = await link.request(rq.Login(
                    username=t.username, password=self.password), timeout=120)
                t.user_id, t.link = str(me["user"]["id"]), link
                return link
            except (ConnectionLostError, RateLimitError):
                # the server is away, or busy with logins (an unanswered login counts as
                # a failed one for the address): wait as the app does
                if link is not None:
                    await link.close()
                await asyncio.sleep(0.2 + random.random() * 0.8)

    async def _drop(self, t: Tablet) -> None:
        if t.link is not None:
            await t.link.close()
            t.link = None

    async def join(self) -> None:
        """Every tablet logs in and checks in (50 at a time, like people arriving)."""
        gate = asyncio.Semaphore(16)

        async def one(t: Tablet) -> None:
            async with gate:
                link = await self._connect(t)
                await link.request(rq.AttendanceCheckIn(
                    meeting_id=self.meeting_id, present=True), timeout=120)
        await asyncio.gather(*(one(t) for t in self.tablets))

    async def vote(self, poll_id: str, choices: list[str], *, spread: float) -> None:
        """Each tablet seals its ballot (once) and sends it at its moment within ``spread``
        seconds, then until acknowledged."""
        for t, choice in zip(self.tablets, choices, strict=True):
            t.choice, t.receipt = choice, new_receipt()
            t.body = {"meeting_id": self.meeting_id, "poll_id": poll_id,
                      "ballot_id": "b" + uuid.uuid4().hex}
            if not self.public_key:  # a tablet before 0.3: receipt and choices in the clear
                t.body |= {"receipt": t.receipt, "choices": [choice]}
                continue
            sealed = seal_ballot(self.public_key, poll_id, self.spec, t.receipt, [choice])
            t.tag = seal_tag(sealed)
            t.body["sealed"] = b64(sealed)
        start = asyncio.get_running_loop().time()
        n = len(self.tablets)

        async def one(k: int, t: Tablet) -> None:
            await asyncio.sleep(max(0.0, start + spread * k / n
                                    - asyncio.get_running_loop().time()))
            while not t.acked:
                link = t.link or await self._connect(t)
                try:
                    t.sends += 1
                    await link.request(validate_body("ballot.cast", t.body or {}), timeout=60)
                    t.acked = True
                except ConnectionLostError:
                    await self._drop(t)
                    await asyncio.sleep(0.1 + random.random() * 0.3)
                except MeetingroomError as e:
                    if e.code not in RETRY:
                        raise AssertionError(f"{t.username}: refused {e.code}/{e.reason}") from e
                    await self._drop(t)
                    await asyncio.sleep(0.2)
        await asyncio.gather(*(one(k, t) for k, t in enumerate(self.tablets)))
