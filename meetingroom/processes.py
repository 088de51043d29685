"""How Meetingroom starts its own worker processes, from a checkout and from the bundle.

Some work runs in a child process of ours: rendering pages and checking or carrying
notes across untrusted PDFs (``meetingroom.pdf``), and the benchmarks' workers. From a
checkout or an installed package a child is ``python -m MODULE ARGS``. In the
PyInstaller bundle (``packaging/meetingroom.spec``) there is no Python:
``sys.executable`` is the ``meetingroom`` program itself, which knows no ``-m``. It is
started as ``meetingroom --run-worker MODULE ARGS`` instead: the program's entry point
(:func:`meetingroom.cli.entry`, also behind ``python -m meetingroom``) hands that to
:func:`run_worker` before any command-line parsing, which runs the module's
``main(ARGS)``. Only the modules in :data:`WORKERS` can be run that way.

Standard library only, so that every layer may use it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

WORKER_OPTION = "--run-worker"
"""The hidden first argument that makes the program a worker (not shown in ``--help``)."""

WORKERS = frozenset({
    "meetingroom.pdf._render_worker",
    "meetingroom.pdf._check_worker",
    "meetingroom.pdf._carry_worker",
    "meetingroom.bench.worker",
    "meetingroom.bench.lan_wire",
    "meetingroom.bench.reader_window",
})
"""Modules started as worker processes; each has ``main(argv: list[str]) -> int``."""


def is_frozen() -> bool:
    """Whether this is the PyInstaller bundle (which sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def worker_command(module: str) -> list[str]:
    """The command line that starts worker ``module`` (its arguments follow)."""
    if module not in WORKERS:
        raise ValueError(f"{module} is not a worker module")
    if not sys.executable:
        raise RuntimeError(f"cannot start {module}: no interpreter or program path")
    if is_frozen():
        return [sys.executable, WORKER_OPTION, module]
    return [sys.executable, "-m", module]


def run_worker(argv: Sequence[str]) -> int | None:
    """If ``argv`` (a whole ``sys.argv``) asks for a worker, run it and return its exit
    status; None when it is an ordinary command line."""
    if len(argv) < 2 or argv[1] != WORKER_OPTION:
        return None
    if len(argv) < 3 or argv[2] not in WORKERS:
        print(f"meetingroom: {WORKER_OPTION} needs one of: {', '.join(sorted(WORKERS))}",
              file=sys.stderr)
        return 2
    module, args = argv[2], list(argv[3:])
    sys.argv = [module, *args]  # as ``python -m MODULE ARGS`` would have it
    return int(importlib.import_module(module).main(args))

