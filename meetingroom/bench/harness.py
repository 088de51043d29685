"""Timing harness: repeat a measurement, summarise it against its raw baseline, print a table."""

from __future__ import annotations

import json
import logging
import math
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("meetingroom.bench")

JSON_KEYS = ("name", "unit", "median", "min", "max", "limit", "ratio", "target")
"""Keys of every row written by ``--json``, in order."""

HEADERS = ("benchmark", "median", "spread (min–max)", "raw limit", "ratio", "target", "verdict")
_RIGHT = frozenset({1, 2, 3, 4})
"""Columns (by index) aligned to the right: the numbers."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a row must achieve: a bound on the ratio to its raw baseline, or on the value."""

    bound: float
    """The largest acceptable ratio (relative) or value (absolute, in the row's unit)."""
    relative: bool
    """True: ``median / raw limit <= bound``; False: ``median <= bound``."""
    of: str = "raw"
    """What the baseline is called in the table (e.g. "raw+store")."""

    def text(self, unit: str) -> str:
        """How the table shows it: ``≤ 1.5× raw`` or ``≤ 24 KiB``."""
        if self.relative:
            return f"≤ {self.bound:g}× {self.of}"
        return f"≤ {self.bound:g} {unit}"

    def judge(self, median: float, ratio: float | None) -> bool | None:
        """Whether the target is met; None when it cannot be judged (no baseline)."""
        if self.relative:
            return None if ratio is None else ratio <= self.bound
        return median <= self.bound


def within(factor: float, of: str = "raw") -> Target:
    """A target of at most ``factor`` times the raw baseline (called ``of`` in the table)."""
    return Target(bound=factor, relative=True, of=of)


def at_most(bound: float) -> Target:
    """A target of at most ``bound`` in the row's own unit."""
    return Target(bound=bound, relative=False)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the result table (and one object of the JSON list)."""

    name: str
    unit: str
    """Unit of median, min, max and limit ("s", "ms", "KiB")."""
    median: float
    min: float
    max: float
    limit: float | None
    """Median of the raw baseline measured in the same run, or None if there is none."""
    ratio: float | None
    """``median / limit``, or None without a baseline."""
    target: str
    """The target as text, e.g. "≤ 1.5× raw" or "≤ 24 KiB"."""
    ok: bool | None
    """Whether the target is met; None when it cannot be judged."""
    note: str = ""
    """Extra facts printed under the table (e.g. throughput); not part of the JSON."""
    missing: str = ""
    """Why there is no measurement (e.g. "not built"); then the table shows this text
    instead of numbers and the JSON has null numbers (see :func:`not_measured`)."""

    @property
    def verdict(self) -> str:
        return {True: "meets", False: "MISSES", None: "—"}[self.ok]


@dataclass(frozen=True, slots=True)
class Plan:
    """How often to run a measurement: discarded warm-up runs, then kept repeats."""

    warmup: int
    repeats: int

    def __post_init__(self) -> None:
        if self.warmup < 0 or self.repeats < 1:
            raise ValueError("a plan needs warmup >= 0 and repeats >= 1")


def summarize(name: str, unit: str, samples: Sequence[float], *, target: Target | None,
              baseline: Sequence[float] | None = None, note: str = "") -> Row:
    """Reduce ``samples`` (and the raw ``baseline`` samples, if any) to a judged row
    (``target`` None: a row for information, with no target)."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    median = float(statistics.median(samples))
    limit = float(statistics.median(baseline)) if baseline else None
    ratio = median / limit if limit is not None and limit > 0 else None
    return Row(name=name, unit=unit, median=median, min=float(min(samples)),
               max=float(max(samples)), limit=limit, ratio=ratio,
               target="—" if target is None else target.text(unit),
               ok=None if target is None else target.judge(median, ratio), note=note)


def not_measured(name: str, unit: str, why: str, *, target: Target | None,
                 note: str = "") -> Row:
    """A row that says why it has no number (``why``, e.g. "not built"), never a made-up one."""
    return Row(name=name, unit=unit, median=math.nan, min=math.nan, max=math.nan, limit=None,
               ratio=None, target="—" if target is None else target.text(unit), ok=None,
               note=note, missing=why)


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn()`` took on the monotonic high-resolution clock."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeat(measure: Callable[[], float], plan: Plan, *, label: str, unit: str) -> list[float]:
    """Run ``measure`` (which returns its own measured value) warm-up + repeats times.

    Runs that take a second or more are reported on the log, one line each.
    """
    kept: list[float] = []
    total = plan.warmup + plan.repeats
    for i in range(total):
        started = time.perf_counter()
        value = measure()
        warm = i < plan.warmup
        if not warm:
            kept.append(value)
        if time.perf_counter() - started >= 1.0:
            log.info("%s: run %d/%d%s: %s %s", label, i + 1, total, " (warm-up)" if warm else "",
                     format_number(value), unit)
    return kept


def repeat_interleaved(measures: Mapping[str, Callable[[], float]], plan: Plan, *,
                       label: str, unit: str) -> dict[str, list[float]]:
    """Run several measurements in turn, rotating who goes first, so drift hits all alike.

    With two ("ours", "raw") the order is ABBA...: A B, B A, A B, ...
    """
    names = list(measures)
    kept: dict[str, list[float]] = {name: [] for name in names}
    total = plan.warmup + plan.repeats
    for i in range(total):
        shift = i % len(names)
        order = names[shift:] + names[:shift]
        started = time.perf_counter()
        values = {name: measures[name]() for name in order}
        warm = i < plan.warmup
        if not warm:
            for name in names:
                kept[name].append(values[name])
        if time.perf_counter() - started >= 1.0:
            log.info("%s: run %d/%d%s: %s", label, i + 1, total, " (warm-up)" if warm else "",
                     ", ".join(f"{n} {format_number(values[n])} {unit}" for n in names))
    return kept


def format_number(value: float) -> str:
    """Three significant digits, no exponent (0.0123, 1.23, 12.3, 123, 1234)."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    digits = max(0, min(4, 2 - math.floor(math.log10(abs(value)))))
    return f"{value:.{digits}f}"


def _cells(row: Row) -> tuple[str, ...]:
    unit = f" {row.unit}"
    if row.missing:
        return (row.name, row.missing, "—", "—", "—", row.target, row.verdict)
    return (
        row.name,
        format_number(row.median) + unit,
        f"{format_number(row.min)}–{format_number(row.max)}{unit}",
        "—" if row.limit is None else format_number(row.limit) + unit,
        "—" if row.ratio is None else f"{row.ratio:.2f}×",
        row.target,
        row.verdict,
    )


def format_table(rows: Iterable[Row]) -> str:
    """The aligned result table, with a header, a rule and the rows' notes underneath."""
    rows = list(rows)
    table = [HEADERS, *(_cells(r) for r in rows)]
    widths = [max(len(line[c]) for line in table) for c in range(len(HEADERS))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.rjust(w) if c in _RIGHT else cell.ljust(w)
                         for c, (cell, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [line(HEADERS), "  ".join("-" * w for w in widths)]
    out += [line(cells) for cells in table[1:]]
    notes = [f"  {r.name}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out) + "\n"


def row_to_json(row: Row) -> dict[str, Any]:
    """The row as a JSON object with exactly :data:`JSON_KEYS` (null numbers when missing)."""
    numbers = ("median", "min", "max")
    return {key: None if row.missing and key in numbers else getattr(row, key)
            for key in JSON_KEYS}


def write_json(rows: Iterable[Row], path: Path) -> None:
    """Write the rows as a JSON list (atomically: temp file, then rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps([row_to_json(r) for r in rows], ensure_ascii=False, indent=2)
                   + "\n", encoding="utf-8")
    tmp.replace(path)
