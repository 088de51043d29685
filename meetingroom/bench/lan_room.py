"""Benchmark: a delegate's app on the simulated LAN when the server's cable is pulled and put back.

The room of :mod:`meetingroom.bench.lan`: the real server in its own namespace behind a
1 Gbit link, a real sync engine (in this process) behind a 100 Mbit laptop link. Each
cut sets the server's switch port down (silence, no reset) once the link has been quiet
and alive for a while, holds it, and sets it up again. Two rows: seconds from the cut
until the app shows it is offline, and from the link's return until it is online again
(connected and resumed), both by polling the engine's state every 20 ms.
"""

from __future__ import annotations

import logging
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from meetingroom.bench import inputs
from meetingroom.bench.harness import Row, at_most, not_measured, summarize
from meetingroom.bench.lan import SKIP_REASON, Lan, unavailable
from meetingroom.processes import is_frozen

log = logging.getLogger("meetingroom.bench")

NOTICED = "simulated room: dead link noticed"
BACK = "simulated room: back after the link returns"
NOTICED_TARGET = at_most(5.0)
"""A dead link shows within 5 s (issue 17)."""
BACK_TARGET = at_most(1.0)
"""Recovery starts within 1 s of the link returning; here: is done (on this LAN the
resume after the connection costs milliseconds)."""
SERVER_PORT = 8765


def program() -> list[str]:
    """The ``meetingroom`` command: the bundle's program, or this Python with ``-m``."""
    return [sys.executable] if is_frozen() else [sys.executable, "-m", "meetingroom"]


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    if not (wanted(NOTICED) or wanted(BACK)):
        return []
    why = unavailable()
    if why is not None:
        print(f"{NOTICED}, {BACK}: skipped: {SKIP_REASON}", flush=True)
        return [not_measured(name, "s", f"skipped: {SKIP_REASON}", target=target)
                for name, target in ((NOTICED, NOTICED_TARGET), (BACK, BACK_TARGET))
                if wanted(name)]
    cuts, hold = (3, 10.0) if quick else (5, 30.0)
    noticed, back = _measure(scratch, cuts=cuts, hold=hold)
    note = (f"{cuts} cuts of the server's 1 Gbit link, each held {hold:g} s, seen from one "
            f"engine behind a 100 Mbit link (network namespaces, tc tbf)")
    rows = []
    if wanted(NOTICED):
        rows.append(summarize(NOTICED, "s", noticed, target=NOTICED_TARGET, note=note))
    if wanted(BACK):
        rows.append(summarize(BACK, "s", back, target=BACK_TARGET, note=note))
    return rows


def _measure(scratch: Path, *, cuts: int, hold: float) -> tuple[list[float], list[float]]:
    from meetingroom.sync.connection import QUIET_BEFORE_PING
    from meetingroom.sync.engine import SyncEngine
    from meetingroom.sync.events import ConnectionState
    from meetingroom.sync.redial import STABLE_AFTER

    scratch.mkdir(parents=True, exist_ok=True)
    room = inputs.seed_room(scratch / "server", users=1)
    noticed: list[float] = []
    back: list[float] = []
    with Lan() as lan:
        lan.here(mbit=100)
        server = lan.host("server", mbit=1000)
        proc = server.popen([*program(), "server", "--data", str(room.data_dir),
                             "--host", server.address, "--port", str(SERVER_PORT),
                             "--insecure", "--tsa-port", "off"], stderr=subprocess.PIPE)
        wait_for_serving(proc)
        engine = SyncEngine(scratch / "client", listener=lambda _e: None)
        engine.start()
        try:
            engine.login(f"ws://{server.address}:{SERVER_PORT}", room.usernames[0],
                         room.password, remember=False).result(60)

            def online() -> bool:
                return engine.state is ConnectionState.ONLINE

            for n in range(cuts):
                _until(online, 60)
                # a quiet, living link (pinged), on for long enough to count as settled: a
                # link cut every few seconds is a flapping one, dialled again more slowly
                time.sleep(max(QUIET_BEFORE_PING + 1, STABLE_AFTER + 0.5))
                server.cut()
                noticed.append(_until(lambda: not online(), 60))
                time.sleep(max(0.0, hold - noticed[-1]))
                server.mend()
                back.append(_until(online, 120))
                log.info("cut %d: offline after %.2f s, back %.2f s after the link returned",
                         n + 1, noticed[-1], back[-1])
        finally:
            engine.stop()
    log.info("dead link noticed: median %.2f s; back: median %.2f s",
             statistics.median(noticed), statistics.median(back))
    return noticed, back


def wait_for_serving(proc: subprocess.Popen[str]) -> None:
    """Read the server's log until it says it serves; keep draining it after."""
    assert proc.stderr is not None
    stderr = proc.stderr
    deadline = time.monotonic() + 60
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = stderr.readline()
        if not line:
            break
        lines.append(line)
        if re.search(r"serving on ws://", line):
            threading.Thread(target=lambda: [None for _ in stderr], daemon=True).start()
            return
    raise RuntimeError("the server did not start:\n" + "".join(lines))


def _until(cond: Callable[[], bool], timeout: float) -> float:
    start = time.monotonic()
    while not cond():
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"not within {timeout} s")
        time.sleep(0.02)
    return time.monotonic() - start
