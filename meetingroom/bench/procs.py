"""Benchmark worker processes: start, talk JSON lines over stdin/stdout, read their RSS and CPU."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import resource
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from meetingroom.processes import worker_command

log = logging.getLogger("meetingroom.bench")


class BenchError(RuntimeError):
    """A benchmark could not run (a worker crashed, answered wrongly or timed out)."""


class Worker:
    """A ``python -m meetingroom.bench.worker ROLE SPEC`` child; used as a context manager.

    The child answers with one JSON object per stdout line; its stderr (warnings,
    tracebacks) goes to ours. Closing its stdin tells it to finish.
    """

    def __init__(self, role: str, spec: dict[str, Any], *,
                 env: dict[str, str] | None = None, inside: Sequence[str] = ()) -> None:
        """``inside``: a command prefix to run it in, e.g. ``ip netns exec NS``."""
        self.role = role
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._proc = subprocess.Popen(
            [*inside, *worker_command("meetingroom.bench.worker"), role, json.dumps(spec)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            env={**os.environ, **(env or {})})
        self._reader = threading.Thread(target=self._pump, name=f"bench-{role}", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self._proc.pid

    def _pump(self) -> None:
        assert self._proc.stdout is not None
        with self._proc.stdout:  # closed at the end: no unclosed-pipe ResourceWarning
            for line in self._proc.stdout:
                self._lines.put(line)
        self._lines.put(None)

    def expect(self, kind: str, timeout: float) -> dict[str, Any]:
        """Wait for the next message; it must be of ``kind`` (an "error" message raises)."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise BenchError(f"{self.role} worker gave no {kind!r} in {timeout:.0f} s") from None
        if line is None:
            code = self._proc.wait(10)
            raise BenchError(f"{self.role} worker exited (code {code}) before {kind!r}")
        message: dict[str, Any] = json.loads(line)
        if message.get("kind") == "error":
            raise BenchError(f"{self.role} worker failed: {message.get('error')}")
        if message.get("kind") != kind:
            raise BenchError(f"{self.role} worker sent {message.get('kind')!r}, not {kind!r}")
        return message

    def ask(self, command: dict[str, Any], kind: str, timeout: float) -> dict[str, Any]:
        """Send a command and wait for its answer."""
        self.send(command)
        return self.expect(kind, timeout)

    def send(self, command: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps(command) + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise BenchError(f"{self.role} worker is gone: {e}") from None

    def close(self, timeout: float = 30.0) -> None:
        """Ask the worker to finish (stdin closed); kill it if it does not in ``timeout``."""
        if self._proc.stdin is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s worker did not stop; killing it", self.role)
            self._proc.kill()
            self._proc.wait(10)
        self._reader.join(5)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Channel:
    """The child's side: JSON lines to the parent on the real stdout, commands from stdin.

    Anything else that writes to file descriptor 1 (a library's stray print) is sent
    to stderr instead, so that it cannot corrupt the channel.
    """

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out: TextIO = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)
        self._lock = threading.Lock()

    def send(self, kind: str, **data: Any) -> None:
        with self._lock:
            self._out.write(json.dumps({"kind": kind, **data}) + "\n")
            self._out.flush()

    def receive(self) -> dict[str, Any] | None:
        """The next command from the parent; None when it closed our stdin (finish)."""
        line = sys.stdin.readline()
        if not line:
            return None
        command: dict[str, Any] = json.loads(line)
        return command


def raise_open_file_limit() -> int:
    """Raise RLIMIT_NOFILE's soft limit to the hard limit; return the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (VmRSS from /proc; Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc; 0.0 elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_seconds(pid: int) -> float:
    """On-CPU seconds of a process's live threads from the scheduler's nanosecond counters
    (``/proc/PID/task/*/schedstat``), where :func:`cpu_seconds` counts 10 ms clock ticks;
    :func:`cpu_seconds` where they are missing. Threads that have ended are not counted:
    compare two readings only across a span in which the process keeps its threads (a
    server's event loop, its database thread and thread pools)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):  # a thread that just ended
                total += int((task / "schedstat").read_text().split()[0])
    except OSError:
        return cpu_seconds(pid)
    return total / 1e9 if total else cpu_seconds(pid)


def has_proc() -> bool:
    """Whether /proc gives per-process memory figures (Linux)."""
    return Path(f"/proc/{os.getpid()}/status").exists()


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (the stale leftovers of a dead bench run are
    named after its pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (KiB) from /proc/PID/status and Pss (KiB) from smaps_rollup."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":", 1)[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(line.split()[1])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return out


def child_pids() -> list[int]:
    """Process ids of this process's children (the render worker)."""
    kids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids
