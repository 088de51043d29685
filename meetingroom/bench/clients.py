"""Client sides of the benchmarks in worker processes: engines sharing one process, idle links."""

from __future__ import annotations

import asyncio
import logging
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from meetingroom.bench.procs import BenchError, Channel, raise_open_file_limit
from meetingroom.protocol import requests as rq
from meetingroom.protocol.server_messages import ServerPush
from meetingroom.storage.blobs import sha256_file
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.engine import SyncEngine

log = logging.getLogger("meetingroom.bench")

OPEN_CONCURRENCY = 32
"""Idle connections opened at a time (keeps the server's listen backlog from overflowing)."""


class DocumentsTracker:
    """Engine listener: notes when every wanted document is available (on the engine
    thread), by ``clock``."""

    def __init__(self, wanted: set[str], clock: Callable[[], float] = time.perf_counter
                 ) -> None:
        self.wanted = wanted
        self._clock = clock
        self.got: set[str] = set()
        self.finished_at: float | None = None
        self.error = ""
        self.done = threading.Event()

    def __call__(self, event: ev.EngineEvent) -> None:
        if isinstance(event, ev.DocumentAvailable) and event.sha256 in self.wanted:
            self.got.add(event.sha256)
            if self.got == self.wanted and not self.done.is_set():
                self.finished_at = self._clock()
                self.done.set()
        elif isinstance(event, ev.AuthRequired):
            self.error = f"authentication refused: {event.error}"
            self.done.set()


def sync_pack(cmd: dict[str, Any]) -> dict[str, Any]:
    """N fresh engines log in and download every document; seconds until the last has all."""
    n, url, password = int(cmd["n"]), str(cmd["url"]), str(cmd["password"])
    users: list[str] = cmd["users"]
    docs: dict[str, int] = cmd["documents"]
    root = Path(cmd["root"])
    timeout = float(cmd["timeout"])
    engines: list[SyncEngine] = []
    trackers: list[DocumentsTracker] = []
    try:
        for i in range(n):
            tracker = DocumentsTracker(set(docs))
            engine = SyncEngine(root / f"client-{i:03d}", listener=tracker, connect_timeout=60)
            engine.start()
            engines.append(engine)
            trackers.append(tracker)
        cpu_before = time.process_time()
        started = time.perf_counter()
        logins = [e.login(url, users[i % len(users)], password, remember=False)
                  for i, e in enumerate(engines)]
        for f in logins:
            f.result(timeout)
        login_seconds = time.perf_counter() - started
        for i, tracker in enumerate(trackers):
            left = started + timeout - time.perf_counter()
            if not tracker.done.wait(max(0.0, left)) or tracker.error:
                raise BenchError(f"client {i} has {len(tracker.got)} of {len(docs)} documents"
                                 f" after {timeout:.0f} s {tracker.error}".rstrip())
        finished = max(t.finished_at or 0.0 for t in trackers)
        cpu = time.process_time() - cpu_before
        _verify(engines, docs)
    finally:
        with ThreadPoolExecutor(max_workers=max(1, min(16, len(engines)))) as pool:
            list(pool.map(lambda e: e.stop(), engines))
    return {"seconds": finished - started, "login_seconds": login_seconds, "cpu_seconds": cpu}


def _verify(engines: list[SyncEngine], docs: dict[str, int]) -> None:
    """Every client holds every document at its size; the first one is re-hashed in full."""
    for i, engine in enumerate(engines):
        for sha, size in docs.items():
            path = engine.documents.verified_path(sha)
            if path is None or path.stat().st_size != size:
                raise BenchError(f"client {i} lacks a verified copy of {sha[:12]}")
            if i == 0 and sha256_file(path) != sha:
                raise BenchError(f"client 0's copy of {sha[:12]} does not match its hash")



async def idle_links(channel: Channel, spec: dict[str, Any]) -> None:
    """Hold websocket links that logged in (once; the rest resume) and subscribed, idle."""
    url, mid = str(spec["url"]), str(spec["meeting_id"])
    links: list[ServerLink] = []
    token = ""
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)

    def ignore(_: ServerPush) -> None:
        return None

    async def one(login: bool) -> None:
        nonlocal token
        async with gate:
            link = await ServerLink.open(url, on_push=ignore, timeout=60)
            links.append(link)
            if login:
                res = await link.request(rq.Login(username=spec["username"],
                                                  password=spec["password"]), timeout=60)
                token = str(res["token"])
            else:
                await link.request(rq.Resume(token=token), timeout=60)
            await link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0),
                               timeout=60)

    channel.send("ready", nofile=raise_open_file_limit())
    while (cmd := await asyncio.to_thread(channel.receive)) is not None:
        if cmd["cmd"] == "open":
            n = int(cmd["n"])
            if not token:
                await one(login=True)
                n -= 1
            await asyncio.gather(*(one(login=False) for _ in range(n)))
            channel.send("opened", count=len(links))
        elif cmd["cmd"] == "close":
            await asyncio.gather(*(link.close() for link in links))
            links.clear()
            channel.send("closed")
    await asyncio.gather(*(link.close() for link in links))


def run_role(role: str, channel: Channel, spec: dict[str, Any]) -> None:
    """Serve the parent's commands as ``role`` until it closes our stdin."""
    if role == "idle-clients":
        asyncio.run(idle_links(channel, spec))
        return
    raise_open_file_limit()
    if role != "sync-clients":
        raise BenchError(f"unknown worker role {role!r}")
    channel.send("ready")
    while (cmd := channel.receive()) is not None:
        try:
            result = sync_pack(cmd)
        finally:
            if cmd.get("root"):
                shutil.rmtree(cmd["root"], ignore_errors=True)
        channel.send("result", **result)
