"""Benchmark: the client's cold start (process start → login window painted) and bundle size.

Every run is a new process on a new, empty data folder (a first launch: the login window),
timed from just before the process is started to the end of the event-loop pass that first
painted its window: the client reports that moment (``MEETINGROOM_EXIT_AFTER_PAINT=1``,
``time.monotonic()``, the system-wide monotonic clock) and quits. Files are in the page
cache after the warm-up runs, as on a machine that started the app before.

Measured for the client from this virtual environment (``python -m meetingroom client``),
for the PyInstaller bundle when ``dist/meetingroom/meetingroom`` exists in the checkout,
and for a bare PySide6 window of the same size (``bench/bare_window.py``, the reference and the
"raw limit"), in turn, on an idle machine and again with a CPU-burning process per core.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import meetingroom
from meetingroom.bench.harness import (
    Plan,
    Row,
    Target,
    at_most,
    format_number,
    not_measured,
    repeat_interleaved,
    summarize,
)
from meetingroom.bench.procs import BenchError

log = logging.getLogger("meetingroom.bench")

COLD_START = "client cold start → login window painted"
BARE = "bare PySide6 window cold start → painted"
BUNDLE_SIZE = "bundle size (dist/meetingroom)"
TARGET_S = 1.0
TARGET_MIB = 250.0
RUN_TIMEOUT = 60.0
"""Seconds one start may take before the run is abandoned."""
PAINT_ENV = "MEETINGROOM_EXIT_AFTER_PAINT"


def checkout_root() -> Path:
    """The source checkout this package runs from (where ``dist/`` is built)."""
    return Path(meetingroom.__file__).resolve().parent.parent


def bundle_dir() -> Path:
    """Where ``packaging/build.sh`` puts the one-folder bundle."""
    return checkout_root() / "dist" / "meetingroom"


def bundle_program(folder: Path) -> Path:
    return folder / ("meetingroom.exe" if sys.platform == "win32" else "meetingroom")


def bare_window_script() -> Path:
    return Path(meetingroom.__file__).resolve().parent / "bench" / "bare_window.py"


def _platform(env: dict[str, str]) -> str:
    """The Qt platform the runs use: the caller's, else offscreen without a display."""
    if env.get("QT_QPA_PLATFORM"):
        return env["QT_QPA_PLATFORM"]
    if not sys.platform.startswith("linux"):
        return "the system's"
    if env.get("WAYLAND_DISPLAY"):
        return f"the desktop's (WAYLAND_DISPLAY={env['WAYLAND_DISPLAY']})"
    if env.get("DISPLAY"):
        return f"the desktop's (DISPLAY={env['DISPLAY']})"
    return "offscreen"


def _child_env() -> dict[str, str]:
    env = {**os.environ, PAINT_ENV: "1",
           # the runs never touch the user's keyring (a first launch does not read it)
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    if _platform(env) == "offscreen":
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def time_to_paint(command: list[str], *, window: str, env: dict[str, str]) -> float:
    """Seconds from just before ``command`` starts to the paint it reports for ``window``."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=RUN_TIMEOUT, check=False)
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "painted":
            if parts[1] != window:
                raise BenchError(f"{command[0]} painted {parts[1]} first, not {window}")
            return float(parts[2]) - started
    raise BenchError(f"{' '.join(command[:3])} reported no paint (exit {done.returncode}): "
                     f"{done.stderr.strip()[-500:]}")


@contextlib.contextmanager
def busy_cores(count: int) -> Iterator[None]:
    """``count`` processes that each burn a CPU core at normal priority, while inside."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
               for _ in range(count)]
    try:
        time.sleep(0.5)  # let them reach full speed
        yield
    finally:
        for proc in burners:
            proc.kill()
        for proc in burners:
            proc.wait(10)


def du_bytes(root: Path) -> int:
    """Disk usage of a folder as ``du`` counts it: allocated blocks (the size where there
    are none), every hard-linked file once, symbolic links not followed."""
    seen: set[tuple[int, int]] = set()
    total = 0
    paths = [str(root)]
    for folder, dirs, files in os.walk(root):
        paths += [os.path.join(folder, name) for name in (*dirs, *files)]
    for path in paths:
        st = os.lstat(path)
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        blocks = getattr(st, "st_blocks", None)
        total += blocks * 512 if blocks is not None else st.st_size
    return total


def _load() -> str:
    with contextlib.suppress(OSError, AttributeError):
        return f"load average {os.getloadavg()[0]:.2f}"
    return "load average unknown"


def cold_start_names(cond: str) -> tuple[str, str, str]:
    """The rows of one condition ("idle" or "busy"): venv, bundle, bare reference."""
    return (f"{COLD_START} (venv, {cond})", f"{COLD_START} (bundle, {cond})",
            f"{BARE} ({cond}, reference)")


def planned(cond: str) -> list[tuple[str, str, Target | None]]:
    """(name, unit, target) of the cold-start rows of one condition."""
    venv, bundle, bare = cold_start_names(cond)
    return [(venv, "s", at_most(TARGET_S)), (bundle, "s", at_most(TARGET_S)), (bare, "s", None)]


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool],
        plan: Plan | None = None, bundle: Path | None = None) -> list[Row]:
    """The rows; ``plan`` and ``bundle`` (the bundle's folder) are for tests."""
    rows: list[Row] = []
    folder = bundle or bundle_dir()
    program = bundle_program(folder)
    built = program.is_file()
    plan = plan or (Plan(1, 5) if quick else Plan(2, 15))
    names = {cond: cold_start_names(cond) for cond in ("idle", "busy")}
    if any(wanted(n) for cond in names.values() for n in cond):
        scratch.mkdir(parents=True, exist_ok=True)
        for cond, row_names in names.items():
            if any(wanted(n) for n in row_names):
                rows += [r for r in _cold_starts(cond, row_names, plan=plan, scratch=scratch,
                                                 program=program, built=built)
                         if wanted(r.name)]
    if wanted(BUNDLE_SIZE):
        target = at_most(TARGET_MIB)
        if built:
            mib = du_bytes(folder) / 2**20
            rows.append(summarize(BUNDLE_SIZE, "MiB", [mib], target=target,
                                  note=f"du of {folder}"))
        else:
            rows.append(not_measured(BUNDLE_SIZE, "MiB", "not built", target=target,
                                     note=f"no {program}"))
    return rows


def _cold_starts(cond: str, row_names: tuple[str, str, str], *, plan: Plan, scratch: Path,
                 program: Path, built: bool) -> list[Row]:
    venv_name, bundle_name, bare_name = row_names
    env = _child_env()
    runs = iter(range(10**6))

    def client(command: list[str]) -> Callable[[], float]:
        def measure() -> float:
            data = tempfile.mkdtemp(prefix=f"start-{next(runs)}-", dir=scratch)
            # Vietnamese: the rooms' language (its translation is loaded at start)
            return time_to_paint([*command, "client", "--lang", "vi", "--data", data],
                                 window="LoginDialog", env=env)
        return measure

    measures = {"venv": client([sys.executable, "-m", "meetingroom"]),
                "bare": lambda: time_to_paint([sys.executable, str(bare_window_script())],
                                              window="BareWindow", env=env)}
    if built:
        measures["bundle"] = client([str(program)])
    cores = os.cpu_count() or 1
    log.info("cold start, %s: %d runs of %s", cond, plan.warmup + plan.repeats,
             ", ".join(measures))
    load = _load()
    with busy_cores(cores) if cond == "busy" else contextlib.nullcontext():
        kept = repeat_interleaved(measures, plan, label=f"cold start ({cond})", unit="s")
    machine = (f"{cores} CPU-burning processes running" if cond == "busy"
               else f"no extra load ({load} before the runs)")
    where = f"Qt platform {_platform(env)}; {machine}"
    first = "a new data folder per run (first launch), raw limit: the bare window"
    target = at_most(TARGET_S)
    bare = kept["bare"]
    rows = [summarize(venv_name, "s", kept["venv"], target=target, baseline=bare,
                      note=f"{sys.executable} -m meetingroom client; {where}; {first}")]
    if built:
        rows.append(summarize(bundle_name, "s", kept["bundle"], target=target, baseline=bare,
                              note=f"{program} client; {where}; {first}"))
    else:
        rows.append(not_measured(bundle_name, "s", "not built", target=target,
                                 note=f"no {program}"))
    rows.append(summarize(bare_name, "s", bare, target=None,
                          note=f"{bare_window_script().name}: QApplication + an empty "
                               f"460×300 window; {where}"))
    log.info("cold start, %s: venv %s s, bare %s s", cond, format_number(rows[0].median),
             format_number(rows[-1].median))
    return rows
