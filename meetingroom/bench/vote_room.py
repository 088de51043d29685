"""The voting benchmark's room: seeded delegates and secretary, and the secretary's console.

:func:`seed` writes a server data directory (through :class:`Admin`); :class:`Secretary`
is a logged-in :class:`ServerLink` on its own thread and loop in the bench process, which
runs the session: in session, create/open/close polls, read a poll's record.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from meetingroom.bench.inputs import BENCH_PASSWORD, PackFile
from meetingroom.domain.polls import PollRecord
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
    """The secretary's link on a thread of its own; every method blocks until done."""

    def __init__(self, url: str, meeting_id: str, password: str) -> None:
        self.meeting_id = meeting_id
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bench-secretary",
                                        daemon=True)
        self._thread.start()
        self._link: ServerLink = self._call(self._open(url, password))

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(coro,
                                                                                self._loop)
        return future.result(timeout)

    async def _open(self, url: str, password: str) -> ServerLink:
        link = await ServerLink.open(url, on_push=lambda _m: None, timeout=60)
        await link.request("login", {"username": SECRETARY, "password": password}, timeout=60)
        await link.request("meeting.subscribe", {"meeting_id": self.meeting_id,
                                                 "since_rev": 0}, timeout=60)
        return link

    def request(self, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call(self._link.request(mtype, {"meeting_id": self.meeting_id, **body},
                                             timeout=120))

    def start_session(self) -> None:
        self.request("live.phase", {"phase": "in_session"})

    def open_poll(self, title: str) -> str:
        pid = str(self.request("poll.create", {"spec": motion(title)})["poll"]["id"])
        self.request("poll.open", {"poll_id": pid})
        return pid

    def close_poll(self, poll_id: str) -> tuple[float, dict[str, Any]]:
        """Close a poll: (monotonic time just before the request was sent, closed poll)."""
        async def close() -> tuple[float, dict[str, Any]]:
            sent = time.monotonic()
            res = await self._link.request("poll.close", {"meeting_id": self.meeting_id,
                                                          "poll_id": poll_id}, timeout=120)
            return sent, res["poll"]

        return self._call(close())

    def record(self, poll_id: str) -> PollRecord:
        return PollRecord.from_dict(self.request("poll.record", {"poll_id": poll_id})["record"])

    def close(self) -> None:
        try:
            self._call(self._link.close(), timeout=30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()
