"""A meeting room on the simulated LAN (``meetingroom.bench.lan``) for the tests in tests/lan:
the real ``meetingroom server`` in its own namespace behind its own shaped link, a seeded
published meeting, the secretary acting over fresh raw connections, and a delegate's real
SyncEngine in the test process, reaching the server over its own link."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from room_life import MOTION, password, seed_room
from server_process import RoomProcess

from meetingroom.bench.lan import Host, Lan, unavailable
from meetingroom.domain.polls import PollStatus
from meetingroom.errors import MeetingroomError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.messages import validate_body
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.engine import SyncEngine
from meetingroom.sync.events import ConnectionChanged, ConnectionState

SERVER_PORT = 8765
SECRETARY = "thuky"
NAMED_MOTION = {**MOTION, "ballot_type": "named"}


class Recorder:
    """The engine's listener: every event it emitted, in order (any thread)."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self._lock = threading.Lock()

    def __call__(self, event: Any) -> None:
        with self._lock:
            self.events.append(event)

    def seen(self) -> list[Any]:
        with self._lock:
            return list(self.events)


def needs_lan() -> None:
    """Skip the calling test where the simulator cannot run."""
    why = unavailable()
    if why is not None:
        if os.environ.get("MEETINGROOM_REQUIRE_LAN") == "1":  # CI runs as root: must run
            pytest.fail(why)
        pytest.skip(why)


@dataclass
class LanRoom:
    lan: Lan
    here: Host
    """The test process's own link (its engines')."""
    server: Host
    url: str
    meeting_id: str
    delegate: str
    process: RoomProcess

    def secretary(self, mtype: str, body: dict[str, Any], *, within: float = 120
                  ) -> dict[str, Any]:
        """One command from the secretary on a fresh connection, sent again (same request
        id: applied once) until the server answers, as the app does over a bad link."""
        rid = "s" + uuid.uuid4().hex

        async def once() -> dict[str, Any]:
            link = await ServerLink.open(self.url, on_push=lambda _m: None, timeout=10)
            try:
                await link.request(rq.Login(
                    username=SECRETARY, password=password(SECRETARY)), timeout=30)
                return await link.request(
                    validate_body(mtype, {"meeting_id": self.meeting_id, **body}),
                    rid=rid, timeout=30)
            finally:
                await link.close()

        deadline = time.monotonic() + within
        while True:
            try:
                return asyncio.run(once())
            except (MeetingroomError, TimeoutError) as e:
                if time.monotonic() > deadline or not _retryable(e):
                    raise
                time.sleep(0.5)

    def open_named_poll(self) -> str:
        pid = str(self.secretary("poll.create", {"spec": NAMED_MOTION})["poll"]["id"])
        self.secretary("poll.open", {"poll_id": pid})
        return pid

    def close_poll(self, pid: str) -> dict[str, Any]:
        poll: dict[str, Any] = self.secretary("poll.close", {"poll_id": pid})["poll"]
        return poll


def _retryable(e: Exception) -> bool:
    code = getattr(e, "code", "")
    return isinstance(e, TimeoutError) or code in (
        "connection_lost", "internal", "rate_limited", "timeout", "not_authenticated")


@contextlib.contextmanager
def room_on_lan(workdir: Path, *, document: Path, server_mbit: float, here_mbit: float,
                impaired: bool = False) -> Iterator[LanRoom]:
    """The LAN, the server in its namespace on ``SERVER_PORT``, a published meeting with
    ``document`` and the delegate ``dbieu00``; all removed at the end."""
    with Lan() as lan:
        here = lan.here(mbit=here_mbit)
        server = lan.host("server", mbit=server_mbit, impaired=impaired)
        data = workdir / "server"
        mid, names = seed_room(data, delegates=1, document=document)
        proc = RoomProcess(data, tsa=False, port=SERVER_PORT, host=server.address,
                           wrap=tuple(server.command([])))
        with proc as url:
            yield LanRoom(lan, here, server, url, mid, names[0], proc)


def delegate_engine(workdir: Path, room: LanRoom) -> tuple[SyncEngine, Recorder]:
    """The delegate's engine as the app makes it (default backoff and timeouts), logged
    in; it has the meeting and is checked in."""
    rec = Recorder()
    eng = SyncEngine(workdir / "client", listener=rec)
    eng.start()
    eng.login(room.url, room.delegate, password(room.delegate), remember=False).result(120)
    wait_until(lambda: eng.meetings.snapshot(room.meeting_id) is not None, 120,
               "the meeting synced")
    return eng, rec


def wait_until(cond: Any, timeout: float, what: str) -> float:
    """Seconds until ``cond()`` held (polled every 20 ms); fails after ``timeout``."""
    start = time.monotonic()
    while not cond():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.02)
    return time.monotonic() - start


def poll_status(eng: SyncEngine, mid: str, pid: str) -> PollStatus | None:
    snap = eng.meetings.snapshot(mid)
    poll = None if snap is None else snap.poll(pid)
    return None if poll is None else poll.status


def drops(rec: Recorder) -> int:
    """How often the engine lost the server (went from online to reconnecting)."""
    states = [e.state for e in rec.seen() if isinstance(e, ConnectionChanged)]
    return sum(1 for a, b in itertools.pairwise(states)
               if a is ConnectionState.ONLINE and b is ConnectionState.RECONNECTING)
