"""The voting benchmark's room: seeded delegates and secretary, and the secretary's console.

:func:`seed` writes a server data directory (through :class:`Admin`); :class:`Secretary`
is a logged-in :class:`ServerLink` on its own thread and loop in the bench process, which
runs the session: in session, create/open/close polls, read a poll's record.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from meetingroom.bench.inputs import BENCH_PASSWORD, PackFile
from meetingroom.domain.polls import Poll, PollRecord
from meetingroom.domain.voting import PollSpec
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.replies import BoxReply, LoginReply, PollReply, RecordReply
from meetingroom.protocol.server_messages import ServerPush, ShareNotice
from meetingroom.protocol.wire_json import Wire
from meetingroom.sealing.box import b64, public_bytes, unb64
from meetingroom.sealing.keys import trustee_key
from meetingroom.sealing.opening import open_as_opener
from meetingroom.sealing.shares import (
    deal,
    open_share,
    release,
)
from meetingroom.sync.connection import ServerLink

log = logging.getLogger("meetingroom.bench")

T = TypeVar("T")
SECRETARY = "benchsec"


@dataclass(frozen=True, slots=True)
class VoteRoom:
    """A seeded data directory: one published meeting, a secretary, voting delegates."""

    data_dir: Path
    meeting_id: str
    delegates: tuple[str, ...]
    password: str
    documents: dict[str, int]
    """Size of every attached document by SHA-256."""


def seed(data_dir: Path, *, delegates: int, documents: Sequence[PackFile] = ()) -> VoteRoom:
    """``delegates`` voting delegates ``vote0001..`` and the secretary ``benchsec``, all
    taking part in one published meeting with ``documents`` attached.

    Throw-away loopback data: every account gets the same password hash (one scrypt run
    instead of one per user; the server still runs scrypt at every login).
    """
    from meetingroom.domain.roles import Role
    from meetingroom.server import passwords
    from meetingroom.server.admin import Admin

    started = time.perf_counter()
    names = tuple(f"vote{i + 1:04d}" for i in range(delegates))
    admin = Admin.open(data_dir)
    try:
        digest = passwords.hash_password(BENCH_PASSWORD)
        with admin.store.transaction() as tx:
            tx.add_user(username=SECRETARY, display_name="Thư ký phiên họp",
                        role=Role.SECRETARY, password_hash=digest)
            for i, name in enumerate(names):
                tx.add_user(username=name, display_name=f"Đại biểu số {i + 1}",
                            role=Role.DELEGATE, password_hash=digest)
        mid = admin.create_meeting("Kỳ họp biểu quyết đo hiệu năng",
                                   location="Hội trường", starts_at="2026-12-01T08:00")
        admin.set_participants(mid, [SECRETARY, *names])
        attached: dict[str, int] = {}
        if documents:
            item = admin.add_item(mid, "Tài liệu kỳ họp")
            for doc in documents:
                d = admin.attach(mid, item.id, doc.path)
                attached[d.sha256] = d.size
        admin.publish(mid)
    finally:
        admin.close()
    log.info("seeded %d delegate(s) and %d document(s) in %.1f s", delegates, len(documents),
             time.perf_counter() - started)
    return VoteRoom(data_dir, mid, names, BENCH_PASSWORD, attached)


def motion(title: str) -> dict[str, Any]:
    """A secret yes/no/abstain motion: majority of votes cast, half the members present."""
    return {"title": title, "options": [
        {"id": "yes", "label": "Tán thành", "kind": "yes"},
        {"id": "no", "label": "Không tán thành", "kind": "no"},
        {"id": "abstain", "label": "Không biểu quyết", "kind": "abstain"}],
        "min_choices": 1, "max_choices": 1, "ballot_type": "secret",
        "rule": {"base": "votes_cast",
                 "threshold": {"numerator": 1, "denominator": 2, "strict": True},
                 "abstentions_count": True},
        "quorum": {"min_present": None, "fraction_of_members": {
            "numerator": 1, "denominator": 2, "strict": True}},
        "allow_change": False, "seats": None}


class Secretary:
    """The secretary's link on a thread of its own; every method blocks until done.

    Secret polls are sealed: the secretary's device deals each poll's box to two trustees
    (the secretary and ``trustee``, a delegate, whose second tablet session is here too),
    and at close the trustee's device opens it as the app does (``sync/trustee.py``)."""

    def __init__(self, url: str, meeting_id: str, password: str, *, trustee: str) -> None:
        self.meeting_id = meeting_id
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bench-secretary",
                                        daemon=True)
        self._thread.start()
        self._turn: dict[str, asyncio.Future[tuple[str, str]]] = {}
        """Per poll being opened: the share handed to the opener, when it comes."""
        self._link, self._me = self._call(self._open(url, SECRETARY, password))
        self._opener, self._trustee = self._call(self._open(url, trustee, password,
                                                            on_push=self._opener_heard))
        self._keys = {u: trustee_key(os.urandom(32), u, meeting_id)
                      for u in (self._me, self._trustee)}
        for uid, link in ((self._me, self._link), (self._trustee, self._opener)):
            self._call(link.request(prq.TrusteeKey(meeting_id=meeting_id,
                                                   public_key=b64(public_bytes(self._keys[uid])))))
        self.specs: dict[str, dict[str, Any]] = {}
        self.public_keys: dict[str, str] = {}
        self.open_seconds: list[float] = []
        """Per closed poll: the opener's device opening and publishing the box (seconds)."""
        self.phases: dict[str, float] = {}
        """The last opening's phases (seconds), for the log."""

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(coro,
                                                                                self._loop)
        return future.result(timeout)

    async def _open(self, url: str, username: str, password: str, *,
                    on_push: Callable[[ServerPush], None] = lambda _m: None,
                    ) -> tuple[ServerLink, str]:
        link = await ServerLink.open(url, on_push=on_push, timeout=60)
        res = await link.request(rq.Login(username=username, password=password),
                                 timeout=60)
        await link.request(rq.MeetingSubscribe(meeting_id=self.meeting_id, since_rev=0), timeout=60)
        return link, LoginReply.from_wire(res).user.id

    def _opener_heard(self, push: ServerPush) -> None:
        """The opener's pushes: as the app's ``TrusteeDesk.on_share``, it opens the box
        when the server hands it the last share it needs (notice ``poll.box.share``)."""
        if not isinstance(push, ShareNotice):
            return
        turn = self._turn.get(push.poll_id)
        if turn is not None and not turn.done():
            turn.set_result((push.from_user, push.share))

    def request(self, body: Body) -> Wire:
        return self._call(self._link.request(body, timeout=120))

    def start_session(self) -> None:
        self.request(rq.LivePhase(meeting_id=self.meeting_id, phase="in_session"))

    def open_poll(self, title: str) -> str:
        spec = motion(title)
        pid = PollReply.from_wire(
            self.request(prq.PollCreate(meeting_id=self.meeting_id, spec=spec))).poll.id
        dealt = deal(pid, [(u, public_bytes(k)) for u, k in self._keys.items()], 2)
        self.request(prq.PollOpen(meeting_id=self.meeting_id, poll_id=pid,
                                  seal=dealt.to_dict()))
        self.specs[pid], self.public_keys[pid] = spec, b64(dealt.public_key)
        return pid

    def close_poll(self, poll_id: str) -> tuple[float, Poll]:
        """Close a poll and have the trustees open its box: (monotonic time just before
        the last trustee's share was sent, the closed poll with its result)."""
        mid, pid = self.meeting_id, poll_id

        async def close() -> tuple[float, Poll]:
            await self._link.request(prq.PollClose(meeting_id=mid, poll_id=pid), timeout=120)
            await self._opener.request(prq.PollBoxClaim(meeting_id=mid, poll_id=pid),
                                       timeout=120)
            # as the app does: the opener fetches the box when it claims it
            claimed = BoxReply.from_wire(await self._opener.request(
                prq.PollBoxGet(meeting_id=mid, poll_id=pid), timeout=120))
            prefetched = [(t, unb64(b, "sealed")) for t, b in claimed.sealed or ()]
            box = BoxReply.from_wire(await self._link.request(
                prq.PollBoxGet(meeting_id=mid, poll_id=pid), timeout=120))
            assert box.opener_key is not None  # claimed just above
            share = open_share(self._keys[self._me], poll_id, self._me,
                               unb64(box.my_share, "share"))
            released = release(share, unb64(box.opener_key, "key", size=32), poll_id,
                               self._me, self._trustee)
            turn = self._turn[poll_id] = asyncio.get_running_loop().create_future()
            sent, sent_perf = time.monotonic(), time.perf_counter()
            answer = asyncio.ensure_future(self._link.request(prq.PollBoxRelease(
                meeting_id=mid, poll_id=pid, opener=self._trustee, share=b64(released)),
                timeout=120))
            try:
                await asyncio.wait({turn, answer}, timeout=120,
                                   return_when=asyncio.FIRST_COMPLETED)
                if answer.done():
                    answer.result()  # a refused release stops here
                handed = await asyncio.wait_for(turn, 120)
            finally:
                self._turn.pop(poll_id, None)
            started = time.perf_counter()
            poll = await self._open_box(poll_id, replace(claimed, released=(handed,)),
                                        prefetched)
            self.open_seconds.append(time.perf_counter() - started)
            await answer
            log.info("sealed box: the opener was handed the share after %.1f ms; it opened "
                     "and published %s", (started - sent_perf) * 1e3,
                     ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in self.phases.items()))
            return sent, poll

        return self._call(close())

    async def _open_box(self, poll_id: str, box: BoxReply,
                        sealed: list[tuple[str, bytes]]) -> Poll:
        """What the opening trustee's app does when the last share is handed to it: with
        the box fetched at its claim, it opens and publishes."""
        seal = box.poll.seal
        assert seal is not None  # a sealed poll
        t1 = time.perf_counter()
        opened = await asyncio.to_thread(
            open_as_opener, self._keys[self._trustee], poll_id=poll_id, opener=self._trustee,
            spec=PollSpec.from_dict(self.specs[poll_id]), my_share=box.my_share,
            released=box.released, wrapped_key=box.wrapped_key, sealed=sealed,
            poll_public=unb64(seal.public_key, "key", size=32), threshold=2)
        t2 = time.perf_counter()
        published = opened.to_dict()
        res = await self._opener.request(prq.PollBoxPublish(
            meeting_id=self.meeting_id, poll_id=poll_id, ballots=published["ballots"],
            invalid=published["invalid"]), timeout=120)
        self.phases = {"open": t2 - t1, "publish": time.perf_counter() - t2}
        return PollReply.from_wire(res).poll

    def record(self, poll_id: str) -> PollRecord:
        return RecordReply.from_wire(self.request(
            prq.PollRecord(meeting_id=self.meeting_id, poll_id=poll_id))).record

    def close(self) -> None:
        try:
            self._call(self._opener.close(), timeout=30)
            self._call(self._link.close(), timeout=30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()
