"""``meetingroom bench``: run the benchmarks, print the table, optionally write JSON."""

from __future__ import annotations

import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from meetingroom import __version__
from meetingroom.bench.harness import Row, format_table, write_json
from meetingroom.bench.procs import raise_open_file_limit

log = logging.getLogger("meetingroom.bench")

Bench = Callable[..., list[Row]]
"""``bench(*, quick, scratch, wanted) -> rows``; ``wanted(row_name)`` applies ``--only``."""


def _benches() -> list[tuple[str, Bench]]:
    from meetingroom.bench import (
        firstpage,
        half_core,
        idlerss,
        lan_peers,
        lan_room,
        packsync,
        reader,
        signing,
        startup,
        voting,
    )

    return [("startup", startup.run), ("pack-sync", packsync.run), ("first-page", firstpage.run),
            ("reader", reader.run), ("idle-rss", idlerss.run), ("signing", signing.run),
            ("voting", voting.run), ("simulated-room", lan_room.run),
            ("simulated-wired-room", lan_peers.run), *half_core.benches()]


ALIASES = {"half core": "½ core", "half-core": "½ core"}
"""What ``--only`` may say in ASCII for a part of row names that is not ASCII."""


def matcher(only: Sequence[str] | None) -> Callable[[str], bool]:
    """Whether a row is wanted: no ``--only``, or its name contains one of them (any case;
    an :data:`ALIASES` key stands for its value)."""
    needles = [ALIASES.get(n, n) for n in (s.casefold() for s in only or ())]
    return lambda name: not needles or any(n in name.casefold() for n in needles)


def machine_line(*, quick: bool, seconds: float) -> str:
    """One line saying what ran where, printed above the table."""
    return (f"meetingroom {__version__} bench{' --quick' if quick else ''}: "
            f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPU(s); {seconds:.0f} s\n")


def run_bench(*, quick: bool, json_path: Path | None, only: list[str] | None) -> int:
    """Run the (selected) benchmarks; 0 unless one crashed. Missed targets do not fail."""
    started = time.perf_counter()
    wanted = matcher(only)
    raise_open_file_limit()
    rows: list[Row] = []
    crashed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="meetingroom-bench-") as tmp:
        for key, bench in _benches():
            try:
                rows += bench(quick=quick, scratch=Path(tmp) / key, wanted=wanted)
            except Exception:
                log.exception("benchmark %s crashed", key)
                crashed.append(key)
    if not rows and not crashed:
        log.error("no benchmark row matches --only %s", " ".join(only or ()))
        return 2
    sys.stdout.write(machine_line(quick=quick, seconds=time.perf_counter() - started))
    sys.stdout.write(format_table(rows))
    if crashed:
        sys.stdout.write(f"crashed: {', '.join(crashed)} (see the log above)\n")
    sys.stdout.flush()
    if json_path is not None:
        write_json(rows, json_path)
        log.info("wrote %d row(s) to %s", len(rows), json_path)
    return 1 if crashed else 0
