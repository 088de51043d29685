"""The limits of the processes that parse untrusted PDFs, and the one-shot workers' result line.

A worker (``_check_worker``, ``_carry_worker``) parses untrusted PDFs inside a process
capped in address space and CPU time, and prints one JSON result line marked with a
prefix, so stray library output on stdout cannot be mistaken for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

RENDER_MEMORY_BYTES = 1536 * 2**20
"""Address space of a client's render worker: enough for a 40-megapixel page and MuPDF's
store. The upload check runs within less (``check_pdf``'s ``memory_mb``)."""
RENDER_CALL_SECONDS = 15.0
"""Seconds one request to a client's render worker may take (an open, a page, a search
over the whole document); the upload check refuses a file whose text takes longer."""
RENDER_MAX_PIXELS = 40_000_000
"""Most pixels of one drawn page."""


def worker_arguments(prog: str, positional: tuple[str, ...], argv: list[str] | None
                     ) -> argparse.Namespace:
    """Parse a worker's command line: ``positional`` names, then the two limits."""
    parser = argparse.ArgumentParser(prog=prog)
    for name in positional:
        parser.add_argument(name)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    return parser.parse_args(argv)


def quiet_and_limited(pymupdf: Any, args: argparse.Namespace) -> None:
    """Silence MuPDF's console messages, then apply the limits (after the import, so a
    tight limit fails the parse rather than the import)."""
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    limit_process(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds)


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
