"""What the one-shot PDF worker processes share: their resource limits and result line.

A worker (``_check_worker``, ``_carry_worker``) parses untrusted PDFs inside a process
capped in address space and CPU time, and prints one JSON result line marked with a
prefix, so stray library output on stdout cannot be mistaken for it.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def limit_process(*, memory_mb: int, cpu_seconds: int) -> None:
    """Cap this process's address space and CPU time (POSIX only; Windows runs unbounded).

    CPU: SIGXCPU at ``cpu_seconds``, SIGKILL one second later.
    """
    if sys.platform == "win32":
        return
    import resource

    def lower(which: int, soft: int, hard: int) -> None:
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))

    lower(resource.RLIMIT_AS, memory_mb * 2**20, memory_mb * 2**20)
    lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)


def write_result(prefix: str, result: dict[str, Any]) -> None:
    sys.stdout.write(prefix + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def result_line(stdout: bytes, prefix: str) -> dict[str, Any] | None:
    """The worker's JSON result, or None if it printed none."""
    for line in reversed(stdout.decode("utf-8", "replace").splitlines()):
        if line.startswith(prefix):
            try:
                value = json.loads(line[len(prefix):])
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None
