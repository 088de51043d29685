"""Benchmark: a meeting's pack to every laptop of a simulated wired room, from the server
alone and with peers sharing, side by side in one run.

The room of :mod:`meetingroom.bench.lan`: the real server (its own namespace) behind a
link ten times a laptop's, and each laptop in a namespace of its own behind its own
shaped link, running one pack client (:mod:`meetingroom.bench.pack_clients`: a real sync
engine resuming a session logged in before the clock). The links are slow enough (a
laptop's 20 Mbit, the server's 200 Mbit) that this 2-core machine's CPU is not what
limits them; the row notes the CPU the clients used. Floors: the server-only floor is
every laptop's copy through the server's link; the per-laptop floor, one copy through a
laptop's own link. Peers sharing must finish within twice the per-laptop floor.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from meetingroom.bench import inputs
from meetingroom.bench.harness import Row, at_most, not_measured, summarize
from meetingroom.bench.lan import SKIP_REASON, Lan, unavailable
from meetingroom.bench.lan_room import program, wait_for_serving
from meetingroom.bench.packsync import NULL_KEYRING
from meetingroom.bench.procs import Worker, thread_cpu_seconds

log = logging.getLogger("meetingroom.bench")

SERVER_PORT = 8765
TCP_SHARE = 0.95
"""Of a link's rate, what carries payload (Ethernet, IP, TCP and websocket headers)."""


@dataclass(frozen=True, slots=True)
class RoomSetup:
    laptops: int
    pack_bytes: int
    documents: int
    laptop_mbit: float
    server_mbit: float
    rounds: int


FULL = RoomSetup(50, 8 * 2**20, 16, 5, 50, 2)
QUICK = RoomSetup(10, 8 * 2**20, 4, 20, 40, 1)


def row_name(laptops: int, peers: bool) -> str:
    return (f"simulated wired room: pack → {laptops} laptops, "
            f"{'peers sharing' if peers else 'server only'}")


def floors(setup: RoomSetup, pack: int) -> tuple[float, float]:
    """(per-laptop floor, server-only floor) in seconds for ``pack`` bytes."""
    laptop = pack * 8 / (setup.laptop_mbit * 1e6 * TCP_SHARE)
    server = setup.laptops * pack * 8 / (setup.server_mbit * 1e6 * TCP_SHARE)
    return laptop, max(laptop, server)


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    setup = QUICK if quick else FULL
    names = {peers: row_name(setup.laptops, peers) for peers in (False, True)}
    if not any(wanted(n) for n in names.values()):
        return []
    if unavailable() is not None:
        print(f"{names[False]}, {names[True]}: skipped: {SKIP_REASON}", flush=True)
        return [not_measured(n, "s", f"skipped: {SKIP_REASON}", target=None)
                for n in names.values() if wanted(n)]
    scratch.mkdir(parents=True, exist_ok=True)
    files = inputs.pack(setup.pack_bytes, setup.documents, scratch=scratch, seed=3)
    pack = sum(f.size for f in files)
    room = inputs.seed_room(scratch / "server", users=setup.laptops, documents=files)
    times, cpu, server_cpu, shared = _measure(setup, room, scratch)
    laptop_floor, server_floor = floors(setup, pack)
    link = (f"{setup.laptops} laptops at {setup.laptop_mbit:g} Mbit, the server at "
            f"{setup.server_mbit:g} Mbit (network namespaces, tc tbf); {pack / 2**20:.1f} MiB "
            f"in {len(files)} documents to each")
    rows = []
    for peers in (False, True):
        if not wanted(names[peers]):
            continue
        note = (f"{link}; floors: {laptop_floor:.1f} s per laptop link, {server_floor:.1f} s "
                f"through the server's; CPU (median) {statistics.median(cpu[peers]):.1f} s, of "
                f"which the server's {statistics.median(server_cpu[peers]):.1f} s")
        if peers:
            note += f"; {statistics.median(shared):.0%} of the bytes came from peers"
        rows.append(summarize(names[peers], "s", times[peers],
                              target=at_most(2 * laptop_floor) if peers else None, note=note))
    return rows


def _measure(setup: RoomSetup, room: inputs.SeededRoom, scratch: Path
             ) -> tuple[dict[bool, list[float]], dict[bool, list[float]],
                        dict[bool, list[float]], list[float]]:
    """Seconds, CPU seconds of all processes, of the server alone, and the share of the
    bytes that came from peers, of each run."""
    times: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    server_cpu: dict[bool, list[float]] = {False: [], True: []}
    shared: list[float] = []
    dirs = itertools.count()
    pack = sum(room.documents.values())
    with Lan() as lan, ExitStack() as stack:
        server = lan.host("server", mbit=setup.server_mbit)
        laptops = [lan.host(f"l{k}", mbit=setup.laptop_mbit) for k in range(setup.laptops)]
        log.info("simulated room: %d laptops plugged in; starting their clients",
                 setup.laptops)
        clients = [stack.enter_context(Worker("pack-client", {"index": k}, env=NULL_KEYRING,
                                              inside=host.command([])))
                   for k, host in enumerate(laptops)]
        for worker in clients:
            worker.expect("ready", 300)
        for _ in range(setup.rounds):
            for peers in (False, True):
                proc = server.popen([*program(), "server", "--data", str(room.data_dir),
                                     "--host", server.address, "--port", str(SERVER_PORT),
                                     "--insecure", "--tsa-port", "off",
                                     *(["--peer-sharing"] if peers else [])],
                                    stderr=subprocess.PIPE)
                try:
                    wait_for_serving(proc)
                    root = scratch / f"laptops-{next(dirs)}"
                    before = thread_cpu_seconds(proc.pid)
                    seconds, used, from_peers = _sync(clients, room, root,
                                                      f"ws://{server.address}:{SERVER_PORT}",
                                                      timeout=60 + 4 * setup.laptops)
                    server_cpu[peers].append(thread_cpu_seconds(proc.pid) - before)
                    shutil.rmtree(root, ignore_errors=True)
                finally:
                    proc.terminate()
                    proc.wait(30)
                times[peers].append(seconds)
                cpu[peers].append(used)
                if peers:
                    shared.append(from_peers / (pack * setup.laptops))
                log.info("%s: %.1f s, clients' CPU %.1f s, the server's %.1f s, %.0f MiB from "
                         "peers", row_name(setup.laptops, peers), seconds, used,
                         server_cpu[peers][-1], from_peers / 2**20)
    return times, {p: [c + s for c, s in zip(cpu[p], server_cpu[p], strict=True)]
                   for p in cpu}, server_cpu, shared


def _sync(clients: list[Worker], room: inputs.SeededRoom, root: Path, url: str, *,
          timeout: float) -> tuple[float, float, int]:
    """Every laptop syncs the pack at once: (seconds until the last has it, the clients'
    CPU seconds, bytes they got from peers)."""
    for k, worker in enumerate(clients):
        worker.send({"cmd": "prepare", "kind": "ours", "root": str(root / f"laptop-{k:03d}"),
                     "ca": None, "url": url, "username": room.usernames[k],
                     "password": room.password, "documents": room.documents})
    for worker in clients:
        worker.expect("prepared", 300)
    at = time.monotonic() + 0.2 + 0.005 * len(clients)
    for worker in clients:
        worker.send({"cmd": "go", "at": at, "timeout": timeout})
    results = [worker.expect("result", timeout + 120) for worker in clients]
    done = sorted(float(r["finished"]) - at for r in results)
    log.info("laptops done after %.1f s (first), %.1f s (median), %.1f s (last)", done[0],
             statistics.median(done), done[-1])
    return (max(float(r["finished"]) for r in results) - at,
            sum(float(r["cpu"]) for r in results),
            sum(int(r.get("from_peers", 0)) for r in results))
