"""Benchmark: the client's rows again under a CPU quota of half of one core (an old laptop).

The first-page, reader and cold-start benchmarks run as they do on their own, inside a
:class:`~meetingroom.bench.cpu_quota.CpuQuota` entered by the bench process itself: our
side and the raw baseline alike (the raw renders of the first-page rows run in the bench
process, the reader's in its driver process, the bare window is a child), and every
process started meanwhile (the render worker, the reader driver, the client) inherits
the group. Each row keeps its name, unit and target, with :data:`SUFFIX` added, so the
table says whether the targets still hold on an old machine (``--only "half core"``
selects them: see ``run.ALIASES``). The memory rows, the cold
starts on a machine made busy by CPU burners (the burners would share the quota) and the
bundle size are left out. Where no quota can be set the rows say why.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from meetingroom.bench import cpu_quota, firstpage, reader, startup
from meetingroom.bench.harness import Row, Target, not_measured

log = logging.getLogger("meetingroom.bench")

SUFFIX = " @ ½ core"
"""Added to the name of each row measured under the quota."""

Planned = tuple[str, str, Target | None]
"""(name, unit, target) of a row a benchmark makes."""
Bench = Callable[..., list[Row]]


def half(name: str) -> str:
    """The name of ``name``'s row under the quota."""
    return name + SUFFIX


def _firstpage(quick: bool) -> list[Planned]:
    return [(name, "ms", firstpage.TARGET) for case in firstpage.CASES
            for name in (case.name, case.cold_name)]


def _startup(quick: bool) -> list[Planned]:
    return startup.planned("idle")


BENCHES: tuple[tuple[str, Bench, Callable[[bool], list[Planned]]], ...] = (
    ("startup", startup.run, _startup),
    ("first-page", firstpage.run, _firstpage),
    ("reader", reader.run, reader.planned),
)
"""(key, benchmark, its rows that run under the quota) of each client benchmark."""


def planned(quick: bool) -> list[Planned]:
    """Every row this benchmark can make, with its name under the quota."""
    return [(half(name), unit, target) for _key, _bench, rows in BENCHES
            for name, unit, target in rows(quick)]


def under_quota(key: str, bench: Bench, rows: Callable[[bool], list[Planned]]) -> Bench:
    """``bench`` run inside a CPU quota, for the rows of ``rows(quick)`` that are wanted
    under their :func:`half` names; the result is a benchmark like the others."""

    def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool],
            why: str | None = None) -> list[Row]:
        """``why``: the quota's :func:`~cpu_quota.unavailable` answer (for tests)."""
        names = {name: (unit, target) for name, unit, target in rows(quick)
                 if wanted(half(name))}
        if not names:
            return []
        why = why if why is not None else cpu_quota.unavailable()
        if why is not None:
            log.warning("%s%s: %s", key, SUFFIX, why)
            print(f"{key}{SUFFIX}: skipped: {cpu_quota.SKIP_REASON}", flush=True)
            return [not_measured(half(name), unit, f"skipped: {cpu_quota.SKIP_REASON}",
                                 target=target) for name, (unit, target) in names.items()]
        with cpu_quota.CpuQuota() as quota:
            got = bench(quick=quick, scratch=scratch, wanted=names.__contains__)
            throttled, periods = quota.throttled()
        how = (f"under a CPU quota of half of one core ({quota.describe()}; the bench "
               f"process, so the raw baseline too, and every process it started; throttled "
               f"in {throttled} of {periods} periods)")
        return [dataclasses.replace(row, name=half(row.name),
                                    note="; ".join(filter(None, (how, row.note)))
                                    if k == 0 else row.note)
                for k, row in enumerate(got)]

    return run


def benches() -> list[tuple[str, Bench]]:
    """The benchmarks for ``meetingroom bench``'s list, keyed "startup-half-core" etc."""
    return [(f"{key}-half-core", under_quota(key, bench, rows)) for key, bench, rows in BENCHES]
