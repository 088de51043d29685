"""The half-core benchmark rows: which rows run under the quota, their names, the
``--only "half core"`` alias and the rows where no quota can be had (no timing)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from meetingroom.bench import cpu_quota, firstpage, half_core, reader, startup
from meetingroom.bench.harness import Row, at_most, summarize
from meetingroom.bench.run import matcher

SKIPPED = "skipped: needs root and a cpu cgroup"


def test_only_half_core_selects_the_quota_rows_and_none_of_the_others() -> None:
    wanted = matcher(["half core"])
    names = [name for name, _u, _t in half_core.planned(quick=True)]
    assert names and all(wanted(n) for n in names)
    assert all(n.endswith(" @ ½ core") for n in names)
    plain = [n.removesuffix(" @ ½ core") for n in names]
    assert not any(wanted(n) for n in plain)
    assert matcher(["½ core"])(names[0]) and matcher(["Half-Core"])(names[0])


def test_the_client_timing_rows_keep_their_targets_and_memory_and_busy_rows_are_left_out(
        ) -> None:
    planned = {name: target for name, _u, target in half_core.planned(quick=False)}
    turn = "page turn → pre-rendered next page painted (30-page scan) @ ½ core"
    assert planned[turn] == at_most(reader.FRAME_MS)
    assert planned["… first open after a restart (SHA-256 re-checked) @ ½ core"] \
        == firstpage.TARGET
    assert planned["uncached page → its pixels in the viewer (300-page PDF) @ ½ core"] \
        == reader.UNCACHED
    assert planned[f"{startup.COLD_START} (venv, idle) @ ½ core"] == at_most(startup.TARGET_S)
    assert not any("RSS" in n or "busy" in n or "bundle size" in n for n in planned)


@pytest.mark.parametrize("only", [["half core"], ["page turn"]])
def test_without_a_quota_each_wanted_row_says_why_and_nothing_runs(
        only: list[str], tmp_path: Path) -> None:
    wanted = matcher(only)
    rows: list[Row] = []

    def refuse(**_kwargs: object) -> list[Row]:
        raise AssertionError("the benchmark ran without its quota")

    for key, _bench, planned in half_core.BENCHES:
        run = half_core.under_quota(key, refuse, planned)
        rows += run(quick=True, scratch=tmp_path, wanted=wanted, why=SKIPPED)
    expected = [n for n, _u, _t in half_core.planned(quick=True) if wanted(n)]
    assert [r.name for r in rows] == expected and rows
    assert all(r.missing == SKIPPED and r.ok is None for r in rows)
    if only == ["page turn"]:
        assert len(rows) == 4 and all(r.target == "≤ 16 ms" for r in rows)


def _recording_bench(seen: list[str]) -> Callable[..., list[Row]]:
    """A benchmark that makes each wanted row of its plan, noting the cpu group it ran in."""
    def bench(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
        seen.append(Path("/proc/self/cgroup").read_text())
        return [summarize(name, "ms", [1.0], target=at_most(16), note="measured")
                for name in ("page turn", "ink repaint", "client RSS") if wanted(name)]
    return bench


@pytest.mark.skipif(cpu_quota.unavailable() is not None, reason=cpu_quota.SKIP_REASON)
def test_the_benchmark_runs_inside_the_quota_and_its_rows_are_renamed(tmp_path: Path) -> None:
    seen: list[str] = []
    planned = [("page turn", "ms", at_most(16)), ("ink repaint", "ms", at_most(16))]
    run = half_core.under_quota("reader", _recording_bench(seen), lambda _quick: planned)
    rows = run(quick=True, scratch=tmp_path, wanted=matcher(["half core"]))
    assert f"meetingroom-bench-{os.getpid()}" in seen[0]
    assert [r.name for r in rows] == ["page turn @ ½ core", "ink repaint @ ½ core"]
    assert "half of one core" in rows[0].note and rows[0].note.endswith("; measured")
    assert rows[1].note == "measured" and rows[0].ok is True
    assert f"meetingroom-bench-{os.getpid()}" not in Path("/proc/self/cgroup").read_text()
