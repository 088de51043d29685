"""The voting benchmark's server process: a real RoomServer plus two in-process probes.

* :class:`LagProbe` — a task that sleeps ``LAG_TICK`` and records how late it wakes up:
  the event loop's lag, recorded between ``lag.start`` and ``lag.stop``.
* :class:`FanoutMeter` — hooked into :attr:`Hub.fanout_probe`; armed for one poll, it
  times the hub's fan-out of that poll's closing ``poll.upserted`` event (encoding, the
  access checks, queueing, and every client's send); later, once every listener has
  heard the event, a raw loop writing the same payload, framed once, to every one of
  those clients' transports.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from pathlib import Path
from typing import Any

from meetingroom.bench.procs import Channel, raise_open_file_limit
from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.server.hub import Client, Hub
from meetingroom.server.outbound import text_frame

LAG_TICK = 0.010
"""Seconds the lag probe sleeps; how much later it wakes up is the loop's lag."""


class LagProbe:
    """Measures event-loop lag while recording (one task for the server's lifetime).

    Each sample also says where the late time went, from the loop thread's
    ``/proc/thread-self/schedstat`` (Linux): CPU the thread used (the loop was busy
    running callbacks) and time it sat runnable waiting for a core (the machine was
    short of CPU). The rest it was blocked: mostly waiting for the GIL held by another
    thread of the server (the database thread, say).
    """

    def __init__(self) -> None:
        self.samples: list[tuple[float, float, float, float]] | None = None
        """(monotonic time of waking, lag, loop-thread CPU, wait for a core), seconds."""
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        clock = time.monotonic
        try:
            fd: int | None = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            fd = None

        def sched() -> tuple[float, float]:
            if fd is None:
                return time.thread_time(), 0.0
            ran, waited = os.pread(fd, 128, 0).split()[:2]
            return int(ran) / 1e9, int(waited) / 1e9

        try:
            while True:
                before, (ran, waited) = clock(), sched()
                await asyncio.sleep(LAG_TICK)
                if self.samples is not None:
                    now, (ran2, waited2) = clock(), sched()
                    self.samples.append((now, max(0.0, now - before - LAG_TICK),
                                         ran2 - ran, waited2 - waited))
        finally:
            if fd is not None:
                os.close(fd)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class GcWatch:
    """Pauses of Python's cyclic garbage collector while recording (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] | None = None
        """(generation, seconds) of every collection while recording."""
        self._started = 0.0

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.pauses is not None:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))


class FanoutMeter:
    """Times the fan-out of one poll's result: the hub's path vs raw transport writes.

    The hub calls :meth:`observe` right after it queued the event to every subscriber;
    each client's :class:`~meetingroom.server.outbound.Outbound` task was created then,
    and writes the message in its first step. A callback scheduled with ``call_soon``
    after that runs after those steps (the loop runs ready callbacks in order), so its
    time minus the hub's start is what the fan-out cost the loop. :meth:`raw`, asked
    for once the listeners heard the event, writes the same bytes as one pre-built
    websocket frame to each of those clients' transports in a plain loop: the raw
    baseline. (Clients receive the event twice and keep the first. The copy waits for
    that: written in the same loop turn, it doubled every listener's work while later
    listeners were still to hear the first, and so lengthened the very fan-out times
    the benchmark reports.)
    """

    def __init__(self, hub: Hub) -> None:
        self._poll: str | None = None
        self._result: asyncio.Future[dict[str, Any]] | None = None
        self._copy: tuple[bytes, list[Client]] | None = None
        """The last measured event's payload and the clients it went to, for :meth:`raw`."""
        hub.fanout_probe = self.observe

    def arm(self, poll_id: str) -> asyncio.Future[dict[str, Any]]:
        self._poll = poll_id
        self._result = asyncio.get_running_loop().create_future()
        return self._result

    def observe(self, event: MeetingEvent, payload: bytes, clients: list[Client],
                started: float) -> None:
        if self._poll is None or event.kind is not EventKind.POLL_UPSERTED:
            return
        poll = event.data.get("poll") or {}
        if poll.get("id") != self._poll or poll.get("status") != "closed" or "stage" in poll:
            return
        self._poll = None
        queued = time.perf_counter()
        asyncio.get_running_loop().call_soon(self._sent, payload, clients, started, queued)

    def _sent(self, payload: bytes, clients: list[Client], started: float,
              queued: float) -> None:
        done = time.perf_counter()
        self._copy = payload, clients
        if self._result is not None and not self._result.done():
            self._result.set_result({"ours": done - started, "queued": queued - started,
                                     "clients": len(clients), "bytes": len(payload)})

    def raw(self) -> float:
        """Seconds a plain loop takes to write the last measured event, framed once, to
        the transport of every client it went to (0 if none was measured)."""
        if self._copy is None:
            return 0.0
        payload, clients = self._copy
        self._copy = None
        frame = text_frame(payload)  # the very bytes the server's fan-out writes
        transports = [c.out.transport for c in clients if not c.out.closed]
        started = time.perf_counter()
        for transport in transports:
            transport.write(frame)
        return time.perf_counter() - started


async def serve(channel: Channel, spec: dict[str, Any]) -> None:
    """Run the server; answer ``lag.start``, ``lag.stop``, ``fanout.arm``, ``fanout.wait``,
    ``fanout.raw``."""
    from meetingroom.server.app import RoomServer, tune_gc
    from meetingroom.server.config import ServerConfig

    nofile = raise_open_file_limit()
    server = RoomServer(ServerConfig(data_dir=Path(spec["data_dir"]), port=0,
                                     max_per_address=int(spec["max_per_address"])))
    await server.start()
    tune_gc()  # as `meetingroom server` does
    lag = LagProbe()
    lag.start()
    try:
        with GcWatch() as gc_watch:
            channel.send("ready", port=server.port, nofile=nofile)
            await _commands(channel, lag, gc_watch, FanoutMeter(server.hub))
    finally:
        await lag.stop()
        await server.stop()


async def _commands(channel: Channel, lag: LagProbe, gc_watch: GcWatch,
                    meter: FanoutMeter) -> None:
    armed: asyncio.Future[dict[str, Any]] | None = None
    while (cmd := await asyncio.to_thread(channel.receive)) is not None:
        what = cmd["cmd"]
        if what == "lag.start":
            lag.samples = []
            gc_watch.pauses = []
            channel.send("lag.started")
        elif what == "lag.stop":
            samples, lag.samples = lag.samples or [], None
            pauses, gc_watch.pauses = gc_watch.pauses or [], None
            channel.send("lag", samples=samples, gc=pauses)
        elif what == "fanout.arm":
            armed = meter.arm(str(cmd["poll_id"]))
            channel.send("fanout.armed")
        elif what == "fanout.wait" and armed is not None:
            channel.send("fanout", **await asyncio.wait_for(armed, float(cmd["timeout"])))
        elif what == "fanout.raw":
            channel.send("fanout.raw", raw=meter.raw())
        else:
            channel.send("error", error=f"unknown command {what!r}")
