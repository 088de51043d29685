"""Benchmark: a meeting's document pack synced to N clients vs raw asyncio TCP of the same bytes.

Three measurements per row, interleaved: ours (a real server process, real sync
engines in a client process), raw (asyncio TCP: the server process sends the same
files, the clients read them), and "raw+store" (raw, plus what any syncing client
must do: SHA-256 each file, write it, fsync it). The row is judged against raw, as
the target says; raw+store goes in the note, to show how much of the gap is storage.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.bench import inputs
from meetingroom.bench.harness import (
    Plan,
    Row,
    format_number,
    repeat_interleaved,
    summarize,
    within,
)
from meetingroom.bench.procs import Worker, cpu_seconds

log = logging.getLogger("meetingroom.bench")

TARGET = within(1.5)
NULL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
"""The client engines must neither read nor write the user's real keyring."""


@dataclass(frozen=True, slots=True)
class PackSetup:
    """Sizes of one mode (full or quick)."""

    total_bytes: int
    documents: int
    plans: tuple[tuple[int, Plan], ...]
    """(clients, plan) per row."""


FULL = PackSetup(100 * 2**20, 20, ((1, Plan(1, 5)), (10, Plan(1, 3)), (50, Plan(1, 3))))
QUICK = PackSetup(20 * 2**20, 20, ((1, Plan(1, 3)), (5, Plan(1, 3))))


def row_name(clients: int) -> str:
    return f"pack sync → {clients} client{'' if clients == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class _Run:
    """Facts of one run beyond its time, for the row's note."""

    seconds: float
    cpu_server: float
    cpu_clients: float
    login: float = 0.0


class _Rig:
    """The four worker processes of this benchmark and how to run one measurement."""

    def __init__(self, *, room: inputs.SeededRoom, files: list[inputs.PackFile], scratch: Path,
                 server: Worker, raw_server: Worker, ours: Worker, raw: Worker) -> None:
        self.room, self.files, self.scratch = room, files, scratch
        self.server, self.raw_server, self.ours_clients, self.raw_clients = (
            server, raw_server, ours, raw)
        self.url = f"ws://127.0.0.1:{server.expect('ready', 60)['port']}"
        self.raw_port = int(raw_server.expect("ready", 60)["port"])
        ours.expect("ready", 60)
        raw.expect("ready", 60)
        self._dirs = itertools.count()

    def _root(self) -> str:
        return str(self.scratch / f"clients-{next(self._dirs)}")

    def ours(self, n: int, timeout: float, runs: list[_Run]) -> float:
        cpu = cpu_seconds(self.server.pid)
        res = self.ours_clients.ask({
            "n": n, "url": self.url, "users": list(self.room.usernames),
            "password": self.room.password, "documents": self.room.documents,
            "root": self._root(), "timeout": timeout}, "result", timeout + 120)
        runs.append(_Run(res["seconds"], cpu_seconds(self.server.pid) - cpu,
                         res["cpu_seconds"], res["login_seconds"]))
        return float(res["seconds"])

    def raw(self, n: int, timeout: float, runs: list[_Run], *, store: bool) -> float:
        cpu = cpu_seconds(self.raw_server.pid)
        command: dict[str, Any] = {
            "n": n, "port": self.raw_port, "timeout": timeout, "store": store,
            "files": [(f.sha256, f.size) for f in self.files]}
        if store:
            command["root"] = self._root()
        res = self.raw_clients.ask(command, "result", timeout + 60)
        runs.append(_Run(res["seconds"], cpu_seconds(self.raw_server.pid) - cpu,
                         res["cpu_seconds"]))
        return float(res["seconds"])


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    setup = QUICK if quick else FULL
    plans = [(n, plan) for n, plan in setup.plans if wanted(row_name(n))]
    if not plans:
        return []
    scratch.mkdir(parents=True, exist_ok=True)
    files = inputs.pack(setup.total_bytes, setup.documents, scratch=scratch)
    room = inputs.seed_room(scratch / "server", users=max(n for n, _ in plans), documents=files)
    total = sum(f.size for f in files)
    rows: list[Row] = []
    with (Worker("server", {"data_dir": str(room.data_dir), "max_per_address": 1100}) as server,
          Worker("raw-server", {"files": [str(f.path) for f in files]}) as raw_server,
          Worker("sync-clients", {}, env=NULL_KEYRING) as ours_clients,
          Worker("raw-clients", {}) as raw_clients):
        rig = _Rig(room=room, files=files, scratch=scratch, server=server,
                   raw_server=raw_server, ours=ours_clients, raw=raw_clients)
        for n, plan in plans:
            if _room_on_disk(scratch, n * total):
                rows.append(_row(rig, n, plan, total))
    return rows


def _row(rig: _Rig, n: int, plan: Plan, total: int) -> Row:
    timeout = 120 + n * total / 2**20  # a generous floor of 1 MiB/s
    runs: dict[str, list[_Run]] = {"ours": [], "raw": [], "raw+store": []}
    measures = {
        "ours": lambda: rig.ours(n, timeout, runs["ours"]),
        "raw": lambda: rig.raw(n, timeout, runs["raw"], store=False),
        "raw+store": lambda: rig.raw(n, timeout, runs["raw+store"], store=True),
    }
    name = row_name(n)
    log.info("%s: %d round(s) of %.0f MiB to each of %d client(s)", name,
             plan.warmup + plan.repeats, total / 2**20, n)
    kept = repeat_interleaved(measures, plan, label=name, unit="s")
    kept_runs = {k: v[plan.warmup:] for k, v in runs.items()}
    row = summarize(name, "s", kept["ours"], target=TARGET, baseline=kept["raw"],
                    note=_note(n * total, kept_runs))
    log.info("%s: median %s s vs raw %s s", name, format_number(row.median),
             format_number(row.limit or 0))
    return row


def _note(moved: int, runs: dict[str, list[_Run]]) -> str:
    def median(who: str, field: str) -> float:
        return float(statistics.median(getattr(r, field) for r in runs[who]))

    def mibs(who: str) -> str:
        return format_number(moved / 2**20 / median(who, "seconds"))

    def cpu(who: str) -> str:
        return (f"{who} server {format_number(median(who, 'cpu_server'))} + clients "
                f"{format_number(median(who, 'cpu_clients'))} CPU s")

    store = median("raw+store", "seconds")
    login = format_number(median("ours", "login"))
    return (f"{moved / 2**20:.0f} MiB moved; ours {mibs('ours')} MiB/s, raw {mibs('raw')}, "
            f"raw+store (hash, write, fsync) {mibs('raw+store')} MiB/s = "
            f"{format_number(store)} s, ours/raw+store {median('ours', 'seconds') / store:.2f}×; "
            f"login {login} s; {cpu('ours')}; {cpu('raw')}; {cpu('raw+store')}")


def _room_on_disk(scratch: Path, needed: int) -> bool:
    """Whether the clients' copies fit on the temp disk (with a margin); logs if not."""
    free = shutil.disk_usage(scratch).free
    if free < needed * 1.1 + 512 * 2**20:
        log.warning("skipping a pack sync row: it needs %.1f GiB free in %s, %.1f GiB is",
                    needed / 2**30, scratch, free / 2**30)
        return False
    return True
