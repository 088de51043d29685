"""Benchmark: a meeting's document pack synced to N clients, against raw TCP + store.

Each client is its own process (a tablet is its own machine), the same processes for
every measurement (:mod:`meetingroom.bench.pack_clients`). Measured in turn, each
round: ours (a real server process, real sync engines resuming a session logged in
before the clock starts), raw (the raw server process sends the same files over asyncio
TCP, the clients read them), raw+store (raw, plus what any syncing client must do:
SHA-256 each file, write it, fsync it), and over TLS ours on a wss:// room and raw
TLS + store. Rows: time against raw+store, client CPU per MiB against raw+store's,
server CPU per MiB against raw's; the same three over wss against raw TLS + store.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.bench import inputs
from meetingroom.bench.certs import TlsFiles, make_tls_files
from meetingroom.bench.harness import (
    Plan,
    Row,
    Target,
    format_number,
    repeat_interleaved,
    summarize,
    within,
)
from meetingroom.bench.procs import Worker, thread_cpu_seconds

log = logging.getLogger("meetingroom.bench")

TIME_TARGET = within(1.3, "raw+store")
CLIENT_CPU_TARGET = within(1.3, "raw+store")
SERVER_CPU_TARGET = within(2, "raw")
TLS_TIME_TARGET = within(1.3, "raw TLS+store")
TLS_CLIENT_CPU_TARGET = within(1.3, "raw TLS+store")
TLS_SERVER_CPU_TARGET = within(2, "raw TLS")
NULL_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
"""The client engines must neither read nor write the user's real keyring."""
START_MARGIN = 0.1
"""Seconds between sending ``go`` and the shared start (plus 2 ms per client)."""


@dataclass(frozen=True, slots=True)
class PackSetup:
    """Sizes of one mode (full or quick)."""

    total_bytes: int
    documents: int
    plans: tuple[tuple[int, Plan], ...]
    """(clients, plan) per row."""


FULL = PackSetup(100 * 2**20, 20, ((1, Plan(1, 5)), (10, Plan(1, 3)), (50, Plan(1, 3))))
QUICK = PackSetup(32 * 2**20, 8, ((1, Plan(1, 3)), (4, Plan(1, 3))))

CLIENT_CPU = "client CPU per MiB"
SERVER_CPU = "server CPU per MiB"


def row_name(clients: int, *, tls: bool = False, what: str = "") -> str:
    """``pack sync → 10 clients``, ``pack sync over wss → 10 clients: server CPU per MiB``."""
    return (f"pack sync{' over wss' if tls else ''} → {clients} "
            f"client{'' if clients == 1 else 's'}{': ' + what if what else ''}")


@dataclass(frozen=True, slots=True)
class _Kind:
    """One measurement: which clients run, against which server."""

    name: str
    client: str
    """``ours``, ``raw`` or ``raw+store`` (pack_clients' kinds)."""
    tls: bool


OURS, RAW, RAW_STORE = _Kind("ours", "ours", False), _Kind("raw", "raw", False), _Kind(
    "raw+store", "raw+store", False)
OURS_TLS, RAW_TLS_STORE = _Kind("ours wss", "ours", True), _Kind("raw TLS+store", "raw+store",
                                                                 True)


@dataclass(frozen=True, slots=True)
class _Run:
    """One measurement: its time and the CPU it cost."""

    seconds: float
    cpu_server: float
    cpu_clients: float
    """Sum over the client processes."""
    late: float
    """Seconds the last client process started after the shared start."""


class _Rig:
    """The server processes (room and raw, each plain and TLS) and one process per client."""

    def __init__(self, *, room: inputs.SeededRoom, files: list[inputs.PackFile], scratch: Path,
                 tls: TlsFiles, stack: ExitStack, clients: int) -> None:
        self.room, self.files, self.scratch, self.tls = room, files, scratch, tls
        cert = {"certfile": str(tls.cert), "keyfile": str(tls.key)}
        tls_data = scratch / "server-tls"
        shutil.copytree(room.data_dir, tls_data)
        self.servers = {
            False: stack.enter_context(Worker("server", {
                "data_dir": str(room.data_dir), "max_per_address": 1100})),
            True: stack.enter_context(Worker("server", {
                "data_dir": str(tls_data), "max_per_address": 1100, **cert})),
        }
        raw_files = {"files": [str(f.path) for f in files]}
        self.raw_servers = {
            False: stack.enter_context(Worker("raw-server", raw_files)),
            True: stack.enter_context(Worker("raw-server", {**raw_files, **cert})),
        }
        self.clients = [stack.enter_context(Worker("pack-client", {"index": k},
                                                   env=NULL_KEYRING))
                        for k in range(clients)]
        self.urls = {tls: f"{'wss' if tls else 'ws'}://127.0.0.1:"
                          f"{self.servers[tls].expect('ready', 120)['port']}"
                     for tls in (False, True)}
        self.raw_ports = {tls: int(self.raw_servers[tls].expect("ready", 60)["port"])
                          for tls in (False, True)}
        for worker in self.clients:
            worker.expect("ready", 300)
        self._dirs = itertools.count()
        self._spent: Path | None = None

    def remove_spent(self) -> None:
        """Remove the last measurement's copies, once every client of the next one is
        prepared: each measurement then starts with the page-cache memory those copies
        held freed a moment ago. Freed earlier, it is not alike for all on a virtual
        machine whose balloon reports free pages to the host: a reported page costs a
        host fault when it is next touched, and that cost lands on whoever writes then.
        With the copies removed at the end of each measurement, our clients (whose
        prepare logs in and takes seconds) met reported pages and raw+store (ready at
        once) did not: 1.0 against 0.3 ms of kernel copy per MiB written, 50 clients."""
        if self._spent is not None:
            shutil.rmtree(self._spent, ignore_errors=True)
            self._spent = None

    def _prepare(self, kind: _Kind, k: int, root: Path) -> dict[str, Any]:
        command: dict[str, Any] = {"cmd": "prepare", "kind": kind.client,
                                   "root": str(root / f"client-{k:03d}"),
                                   "ca": str(self.tls.ca) if kind.tls else None}
        if kind.client == "ours":
            users = self.room.usernames
            command.update(url=self.urls[kind.tls], username=users[k % len(users)],
                           password=self.room.password, documents=self.room.documents)
        else:
            command.update(port=self.raw_ports[kind.tls],
                           files=[(f.sha256, f.size) for f in self.files])
        return command

    def measure(self, kind: _Kind, n: int, timeout: float, runs: list[_Run]) -> float:
        """Prepare n clients, start them together, wait for all; the seconds until the last
        one has everything (its files hashed, written and fsynced where it stores)."""
        clients = self.clients[:n]
        root = self.scratch / f"clients-{next(self._dirs)}"
        for k, worker in enumerate(clients):
            worker.send(self._prepare(kind, k, root))
        for worker in clients:
            worker.expect("prepared", 300)
        self.remove_spent()
        server = (self.servers if kind.client == "ours" else self.raw_servers)[kind.tls]
        cpu = thread_cpu_seconds(server.pid)
        at = time.monotonic() + START_MARGIN + 0.002 * n
        for worker in clients:
            worker.send({"cmd": "go", "at": at, "timeout": timeout})
        results = [worker.expect("result", timeout + 120) for worker in clients]
        cpu = thread_cpu_seconds(server.pid) - cpu
        self._spent = root
        run = _Run(max(r["finished"] for r in results) - at, cpu,
                   sum(float(r["cpu"]) for r in results),
                   max(r["started"] for r in results) - at)
        runs.append(run)
        return run.seconds


def _row_names(n: int, tls: bool) -> list[str]:
    return [row_name(n, tls=tls, what=what) for what in ("", CLIENT_CPU, SERVER_CPU)]


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    setup = QUICK if quick else FULL
    plans = [(n, plan, [tls for tls in (False, True)
                        if any(wanted(name) for name in _row_names(n, tls))])
             for n, plan in setup.plans]
    plans = [(n, plan, transports) for n, plan, transports in plans if transports]
    if not plans:
        return []
    scratch.mkdir(parents=True, exist_ok=True)
    files = inputs.pack(setup.total_bytes, setup.documents, scratch=scratch)
    clients = max(n for n, _, _ in plans)
    room = inputs.seed_room(scratch / "server", users=clients, documents=files)
    total = sum(f.size for f in files)
    tls = make_tls_files(scratch / "tls")
    rows: list[Row] = []
    with ExitStack() as stack:
        log.info("pack sync: starting %d client process(es)", clients)
        rig = _Rig(room=room, files=files, scratch=scratch, tls=tls, stack=stack,
                   clients=clients)
        stack.callback(rig.remove_spent)
        for n, plan, transports in plans:
            rig.remove_spent()  # before measuring the room left on the disk
            if _room_on_disk(scratch, n * total):
                rows += [r for r in _rows(rig, n, plan, total, transports) if wanted(r.name)]
    return rows


def _rows(rig: _Rig, n: int, plan: Plan, total: int, transports: Sequence[bool]) -> list[Row]:
    timeout = 120 + n * total / 2**20  # a generous floor of 1 MiB/s
    kinds = [kind for tls in transports
             for kind in ((OURS_TLS, RAW_TLS_STORE) if tls else (OURS, RAW, RAW_STORE))]
    runs: dict[str, list[_Run]] = {kind.name: [] for kind in kinds}

    def measure(kind: _Kind) -> Callable[[], float]:
        return lambda: rig.measure(kind, n, timeout, runs[kind.name])

    name = row_name(n)
    log.info("%s: %d round(s) of %.0f MiB to each of %d client process(es): %s", name,
             plan.warmup + plan.repeats, total / 2**20, n, ", ".join(k.name for k in kinds))
    repeat_interleaved({kind.name: measure(kind) for kind in kinds}, plan, label=name, unit="s")
    kept = {who: v[plan.warmup:] for who, v in runs.items()}
    mib = n * total / 2**20
    rows: list[Row] = []
    for tls in transports:
        ours, store = ("ours wss", "raw TLS+store") if tls else ("ours", "raw+store")
        raw = "raw TLS+store" if tls else "raw"
        targets: tuple[Target, Target, Target] = (
            (TLS_TIME_TARGET, TLS_CLIENT_CPU_TARGET, TLS_SERVER_CPU_TARGET) if tls
            else (TIME_TARGET, CLIENT_CPU_TARGET, SERVER_CPU_TARGET))

        def per_mib(who: str, field: str) -> list[float]:
            return _per_mib(kept[who], field, mib)

        rows += [
            summarize(row_name(n, tls=tls), "s", [r.seconds for r in kept[ours]],
                      target=targets[0], baseline=[r.seconds for r in kept[store]],
                      note=_note(mib, kept, tls=tls)),
            summarize(row_name(n, tls=tls, what=CLIENT_CPU), "ms", per_mib(ours, "cpu_clients"),
                      target=targets[1], baseline=per_mib(store, "cpu_clients"),
                      note=_cpu_note(kept, ours, store, "cpu_clients", "client")),
            summarize(row_name(n, tls=tls, what=SERVER_CPU), "ms", per_mib(ours, "cpu_server"),
                      target=targets[2], baseline=per_mib(raw, "cpu_server"),
                      note=_cpu_note(kept, ours, raw, "cpu_server", "server")),
        ]
    for row in rows:
        log.info("%s: median %s %s vs %s %s", row.name, format_number(row.median), row.unit,
                 format_number(row.limit or 0), row.unit)
    return rows


def _per_mib(runs: list[_Run], field: str, mib: float) -> list[float]:
    """CPU milliseconds per MiB moved, of each run."""
    return [1000 * getattr(r, field) / mib for r in runs]


def _median(runs: dict[str, list[_Run]], who: str, field: str) -> float:
    return float(statistics.median(getattr(r, field) for r in runs[who]))


def _note(mib: float, runs: dict[str, list[_Run]], *, tls: bool) -> str:
    def speed(who: str) -> str:
        return f"{who} {format_number(mib / _median(runs, who, 'seconds'))} MiB/s"

    who = ("ours wss", "raw TLS+store") if tls else ("ours", "raw", "raw+store")
    text = f"{mib:.0f} MiB moved; " + ", ".join(speed(w) for w in who)
    over = ("ours wss", "ours", "ours wss/ours ws") if tls else ("ours", "raw", "ours/raw")
    if over[1] in runs:
        ratio = _median(runs, over[0], "seconds") / _median(runs, over[1], "seconds")
        text += f"; {over[2]} {ratio:.2f}×"
    late = max(r.late for rs in runs.values() for r in rs)
    return text + f"; the last client process started at most {late * 1000:.0f} ms late"


def _cpu_note(runs: dict[str, list[_Run]], ours: str, base: str, field: str, side: str) -> str:
    return (f"{side} CPU s per sync (median): {ours} {format_number(_median(runs, ours, field))}"
            f", {base} {format_number(_median(runs, base, field))}")


def _room_on_disk(scratch: Path, needed: int) -> bool:
    """Whether the clients' copies fit on the temp disk (with a margin); logs if not."""
    free = shutil.disk_usage(scratch).free
    if free < needed * 1.1 + 512 * 2**20:
        log.warning("skipping a pack sync row: it needs %.1f GiB free in %s, %.1f GiB is",
                    needed / 2**30, scratch, free / 2**30)
        return False
    return True
