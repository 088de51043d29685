"""Client sides of the voting benchmark, run in worker processes: delegates and listeners.

Each simulated tablet is the sync engine's own :class:`ServerLink` (one websocket) and,
for delegates, its own :class:`BallotSender` over its own :class:`ClientCache` (a real
SQLite file) — not a whole :class:`SyncEngine`, whose own thread and event loop per
tablet would make a few hundred tablets in one process measure thread switching and the
GIL rather than the server. All tablets of a process share one asyncio loop.

Times are taken with ``time.monotonic()`` (CLOCK_MONOTONIC: one clock for every process
on the machine), so the parent can compare them with its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from meetingroom.bench.procs import BenchError, Channel, raise_open_file_limit
from meetingroom.domain.events import EventKind
from meetingroom.domain.polls import BallotState, LocalBallot, new_receipt
from meetingroom.domain.voting import PollSpec
from meetingroom.errors import MeetingroomError
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import LoginReply, RecordReply
from meetingroom.protocol.server_messages import EventPush, ServerPush
from meetingroom.sealing.box import b64, seal_ballot, seal_tag, unb64
from meetingroom.storage.cache import ClientCache
from meetingroom.sync.ballots import BallotSender, cast_body
from meetingroom.sync.connection import ServerLink

OPEN_CONCURRENCY = 8
"""Connections opened and logged in at a time, per process: each login costs the server
a scrypt run (~50 ms of CPU), and a connection not logged in within the server's
``auth_timeout`` (5 s) is closed."""
CLIENT_NICE = 19
"""Niceness of every client process of this benchmark (see :func:`yield_to_server`)."""
OPTIONS = ("yes", "no", "abstain")
"""The motion's option ids (see :func:`meetingroom.bench.vote_room.motion`)."""


def _ignore(_: ServerPush) -> None:
    return None


@dataclass(slots=True)
class _Delegate:
    index: int
    """Global index among all delegates (picks the choice)."""
    user_id: str
    link: ServerLink
    sender: BallotSender


async def _join(url: str, mid: str, username: str, password: str,
                gate: asyncio.Semaphore) -> tuple[ServerLink, str]:
    """Connect, log in, check in, subscribe (as a tablet does on arrival)."""
    async with gate:
        link = await ServerLink.open(url, on_push=_ignore, timeout=60)
        res = await link.request(rq.Login(username=username, password=password),
                                 timeout=120)
        await link.request(rq.AttendanceCheckIn(meeting_id=mid, present=True),
                           timeout=60)
        await link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0),
                           timeout=60)
        return link, LoginReply.from_wire(res).user.id


async def delegates(channel: Channel, spec: dict[str, Any]) -> None:
    """Delegates that vote on command: ``vote`` (at a shared time), ``check`` (the record)."""
    url, mid, password = str(spec["url"]), str(spec["meeting_id"]), str(spec["password"])
    users: list[str] = spec["users"]
    first = int(spec["first_index"])
    caches = Path(spec["cache_dir"])
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)
    started = time.monotonic()
    joined = await asyncio.gather(*(_join(url, mid, u, password, gate) for u in users))
    team = [_Delegate(first + i, uid, link,
                      BallotSender(ClientCache(caches / f"tablet-{first + i:04d}.sqlite"),
                                   lambda _e: None))
            for i, (link, uid) in enumerate(joined)]
    channel.send("ready", count=len(team), seconds=time.monotonic() - started,
                 nofile=raise_open_file_limit())
    try:
        while (cmd := await asyncio.to_thread(channel.receive)) is not None:
            if cmd["cmd"] == "vote":
                channel.send("voted", ballots=await _vote(team, mid, cmd))
            elif cmd["cmd"] == "check":
                channel.send("checked", counted=await _check(team, mid, str(cmd["poll_id"])))
            else:
                channel.send("error", error=f"unknown command {cmd['cmd']!r}")
    finally:
        await asyncio.gather(*(d.link.close() for d in team))


async def _vote(team: list[_Delegate], mid: str, cmd: dict[str, Any]) -> list[dict[str, Any]]:
    """Every delegate stores its ballot (STORED, on its own cache), then sends it at
    ``at + spread * i / n``; returns (receipt, choice, state, sent, acknowledged) of each.

    One process plays many tablets, so the tablets' local writes are kept out of each
    other's way: each ballot is stored before the shared instant (the voter's "confirm"),
    the acknowledgement time is taken when the server's answer arrives, and the RECEIVED
    state is written once every answer is in. On real tablets those writes run on each
    device at the same time; here they would queue behind each other on one event loop
    and be counted as the server's time.
    """
    poll_id, at, spread = str(cmd["poll_id"]), float(cmd["at"]), float(cmd["spread"])
    salt = int(cmd.get("salt", 0))
    if cmd.get("count") is not None:
        team = team[:int(cmd["count"])]
    key = None if cmd.get("public_key") is None else unb64(cmd["public_key"], "key", size=32)
    spec = None if key is None else PollSpec.from_dict(cmd["spec"])

    def make_ballot(d: _Delegate) -> LocalBallot:
        """Sealed on the tablet when the poll is sealed, as the app does."""
        choice, receipt = (OPTIONS[(d.index + salt) % len(OPTIONS)],), new_receipt()
        sealed = None if key is None or spec is None else seal_ballot(key, poll_id, spec,
                                                                      receipt, choice)
        return LocalBallot(ballot_id="b" + uuid.uuid4().hex, meeting_id=mid,
                           poll_id=poll_id, member_id=d.user_id, choices=choice,
                           receipt=receipt, replaces=None, state=BallotState.STORED,
                           created_at=time.time(),
                           sealed=None if sealed is None else b64(sealed),
                           tag=None if sealed is None else seal_tag(sealed))

    stored = [d.sender.store(make_ballot(d)) for d in team]

    async def one(k: int, d: _Delegate, ballot: LocalBallot) -> tuple[LocalBallot, str,
                                                                      float, float]:
        await asyncio.sleep(max(0.0, at + spread * k / len(team) - time.monotonic()))
        sent = time.monotonic()
        try:
            await d.link.request(cast_body(ballot), timeout=120)
        except MeetingroomError as e:
            return ballot, e.reason or e.code, sent, time.monotonic()
        return ballot, "", sent, time.monotonic()

    answers = await asyncio.gather(*(one(k, d, b) for k, (d, b) in
                                     enumerate(zip(team, stored, strict=True))))
    out = []
    for d, (ballot, refused, sent, acked) in zip(team, answers, strict=True):
        state = BallotState.REFUSED if refused else BallotState.RECEIVED
        got = d.sender.store(replace(ballot, state=state, reason=refused))
        out.append({"receipt": got.receipt, "choices": list(got.choices),
                    "state": got.state.value, "reason": got.reason, "sent": sent,
                    "acked": acked})
    return out


async def _check(team: list[_Delegate], mid: str, poll_id: str) -> int:
    """Fetch the published record once; every tablet checks its ballot against it
    (BallotSender.check: COUNTED or MISSING); returns how many were COUNTED."""
    if not team:
        return 0
    record = RecordReply.from_wire(await team[0].link.request(
        prq.PollRecord(meeting_id=mid, poll_id=poll_id), timeout=60)).record
    counted = 0
    for d in team:
        counted += sum(b.state is BallotState.COUNTED for b in d.sender.check(record))
    return counted


class _Ears:
    """First arrival time, per link, of each poll's closing ``poll.upserted`` event."""

    def __init__(self) -> None:
        self.heard: dict[str, list[float]] = {}
        self.changed = asyncio.Event()

    def listener(self) -> Any:
        seen: set[str] = set()

        def on_push(push: ServerPush) -> None:
            if not isinstance(push, EventPush) or push.event.kind is not EventKind.POLL_UPSERTED:
                return
            poll = push.event.data.get("poll") or {}
            pid = poll.get("id")
            if (poll.get("status") == "closed" and "stage" not in poll  # counted, not waiting
                    and isinstance(pid, str) and pid not in seen):
                seen.add(pid)
                self.heard.setdefault(pid, []).append(time.monotonic())
                self.changed.set()

        return on_push


async def listeners(channel: Channel, spec: dict[str, Any]) -> None:
    """N subscribed links (one login, the rest resume its session) that note when each
    poll's result reaches them; ``heard`` returns those times for one poll."""
    url, mid = str(spec["url"]), str(spec["meeting_id"])
    n = int(spec["n"])
    ears = _Ears()
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)
    links: list[ServerLink] = []

    async def one(auth: rq.Login | rq.Resume) -> LoginReply:
        async with gate:
            link = await ServerLink.open(url, on_push=ears.listener(), timeout=60)
            links.append(link)
            res = LoginReply.from_wire(await link.request(auth, timeout=120))
            await link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0),
                               timeout=60)
            return res

    try:
        started = time.monotonic()
        first = await one(rq.Login(username=str(spec["username"]),
                                   password=str(spec["password"])))
        resume = rq.Resume(token=first.token or "")
        await asyncio.gather(*(one(resume) for _ in range(n - 1)))
        channel.send("ready", count=len(links), seconds=time.monotonic() - started)
        while (cmd := await asyncio.to_thread(channel.receive)) is not None:
            if cmd["cmd"] != "heard":
                channel.send("error", error=f"unknown command {cmd['cmd']!r}")
                continue
            pid, deadline = str(cmd["poll_id"]), time.monotonic() + float(cmd["timeout"])
            while len(ears.heard.get(pid, ())) < len(links) and time.monotonic() < deadline:
                ears.changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ears.changed.wait(), deadline - time.monotonic())
            channel.send("heard", times=ears.heard.get(pid, []), links=len(links))
    finally:
        await asyncio.gather(*(link.close() for link in links))


def yield_to_server(pid: int = 0) -> None:
    """Lower a client process's CPU priority (``pid`` 0: this one), before it starts threads.

    On loopback the simulated tablets share the server's few cores; in a meeting room each
    has its own. At a lower priority they still use every idle cycle, but no longer take
    a core from the server while it has work: what is measured is the server.
    (Linux niceness is per thread; threads inherit it from the one that starts them.)
    """
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, pid, CLIENT_NICE)


def run_role(role: str, channel: Channel, spec: dict[str, Any]) -> None:
    raise_open_file_limit()
    if role != "vote-server":
        yield_to_server()
    if role == "vote-delegates":
        asyncio.run(delegates(channel, spec))
    elif role == "vote-listeners":
        asyncio.run(listeners(channel, spec))
    elif role == "vote-server":
        from meetingroom.bench import vote_server

        asyncio.run(vote_server.serve(channel, spec))
    else:
        raise BenchError(f"unknown worker role {role!r}")
