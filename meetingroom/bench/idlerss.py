"""Benchmark: the room server's resident memory per idle, logged-in, subscribed connection."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from meetingroom.bench import inputs
from meetingroom.bench.harness import Plan, Row, at_most, format_number, repeat, summarize
from meetingroom.bench.procs import Worker, has_proc, rss_kib

log = logging.getLogger("meetingroom.bench")

TARGET = at_most(24.0)
WARMUP_CONNECTIONS = 10
"""Connections opened (and kept) before the "before" reading: threads, caches, first login."""


def row_name(connections: int) -> str:
    return f"server RSS per idle connection @{connections}"


def _settled_rss(pid: int) -> int:
    """RSS once the server has gone quiet (three readings 0.3 s apart; the last one)."""
    time.sleep(1.0)
    value = rss_kib(pid)
    for _ in range(2):
        time.sleep(0.3)
        value = rss_kib(pid)
    return value


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    connections = 200 if quick else 1000
    name = row_name(connections)
    if not wanted(name):
        return []
    if not has_proc():
        log.warning("%s: skipped, it needs Linux /proc to read the server's memory", name)
        return []
    scratch.mkdir(parents=True, exist_ok=True)
    room = inputs.seed_room(scratch / "server", users=1)
    befores: list[int] = []

    def measure() -> float:
        spec = {"data_dir": str(room.data_dir), "max_per_address": connections + 100}
        with Worker("server", spec) as server:
            port = server.expect("ready", 60)["port"]
            with Worker("idle-clients", {
                    "url": f"ws://127.0.0.1:{port}", "meeting_id": room.meeting_id,
                    "username": room.usernames[0], "password": room.password}) as clients:
                clients.expect("ready", 60)
                clients.ask({"cmd": "open", "n": WARMUP_CONNECTIONS}, "opened", 120)
                before = _settled_rss(server.pid)
                opened = clients.ask({"cmd": "open", "n": connections}, "opened", 600)
                after = _settled_rss(server.pid)
                clients.ask({"cmd": "close"}, "closed", 120)
        per = (after - before) / (int(opened["count"]) - WARMUP_CONNECTIONS)
        befores.append(before)
        log.info("%s: %d → %d KiB, %s KiB per connection", name, before, after,
                 format_number(per))
        return per

    plan = Plan(0, 1) if quick else Plan(0, 3)
    log.info("%s: %d fresh server(s), %d connections each", name, plan.repeats, connections)
    samples = repeat(measure, plan, label=name, unit="KiB")
    return [summarize(name, "KiB", samples, target=TARGET,
                      note=f"server RSS before the connections: {min(befores) / 1024:.0f}–"
                           f"{max(befores) / 1024:.0f} MiB (after {WARMUP_CONNECTIONS} warm-up"
                           " connections)")]
