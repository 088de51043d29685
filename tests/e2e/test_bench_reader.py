"""End to end: the reader benchmark at a tiny size — a real offscreen DocumentViewer in a
child process, the real render process, the real notes layer — gives every row with
measured numbers (times are never asserted)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from meetingroom.bench import reader
from meetingroom.bench.harness import Plan, format_table

TINY = reader.ReaderSetup(long_pages=14, scan_pages=10, rss_pages=14, turns=Plan(0, 3),
                          scan_turns=Plan(0, 3),
                          uncached=Plan(0, 2), scan_uncached=Plan(0, 2), ink_strokes=120,
                          ink_points=20, ink=Plan(0, 2), opens=Plan(0, 2),
                          width=900, height=700)


def test_reader_bench_gives_every_row_of_both_documents_with_real_numbers(
        tmp_path: Path) -> None:
    rows = reader.run(quick=True, scratch=tmp_path, wanted=lambda name: True, setup=TINY)
    by = {row.name: row for row in rows}
    pdf, scan = "(14-page PDF)", "(10-page scan)"
    cold = {f"uncached page, no preview drawn yet {pdf}",
            f"uncached page, no preview drawn yet {scan}"}
    expected = {
        f"open cached document → first page painted in a new reader window {pdf}",
        f"open cached document → first page painted in a new reader window {scan}",
        *cold,
        f"page turn → pre-rendered next page painted {pdf}",
        f"page turn → pre-rendered next page painted {scan}",
        "page turn → pre-rendered next page painted (14-page PDF, presentation mode)",
        "page turn → pre-rendered next page painted (10-page scan, presentation mode)",
        f"uncached page → its pixels in the viewer {pdf}",
        f"uncached page → its pixels in the viewer {scan}",
        "120 ink strokes: page + notes repaint",
        "120 ink strokes: notes redrawn after an erase or undo",
        "120 ink strokes: longest frame while redrawn after a zoom",
        *(f"client RSS after paging 14 pages {pdf}: {what}"
          for what in ("GUI process", "render worker", "GUI + render worker (PSS)")),
        *(f"client RSS after paging 10 pages {scan}: {what}"
          for what in ("GUI process", "render worker", "GUI + render worker (PSS)")),
    }
    assert set(by) == expected
    for row in rows:
        assert math.isfinite(row.median) and row.median > 0, row
        assert row.min <= row.median <= row.max
        # every row is judged against its target, but the cold pages' (for information)
        assert (row.ok is None) == (row.name in cold), row
    for name in (f"uncached page → its pixels in the viewer {pdf}",
                 f"uncached page → its pixels in the viewer {scan}", *cold,
                 f"open cached document → first page painted in a new reader window {pdf}"):
        row = by[name]
        assert row.limit is not None and row.limit > 0 and row.ratio is not None
        assert "painted" in row.note
    gui = by[f"client RSS after paging 14 pages {pdf}: GUI process"]
    assert gui.unit == "MiB" and gui.median > 30  # a Qt process with a document open
    table = format_table(rows)
    assert all(name in table for name in expected)


def test_only_selects_rows_and_nothing_selected_starts_nothing(tmp_path: Path) -> None:
    assert reader.run(quick=True, scratch=tmp_path / "none", setup=TINY,
                      wanted=lambda name: False) == []
    assert not (tmp_path / "none").exists()
    rows = reader.run(quick=True, scratch=tmp_path / "one", setup=TINY,
                      wanted=lambda name: "page turn" in name and "scan" in name)
    assert [row.name for row in rows] == [
        "page turn → pre-rendered next page painted (10-page scan)",
        "page turn → pre-rendered next page painted (10-page scan, presentation mode)"]


def test_sizes_the_documents_cannot_serve_are_refused_before_anything_runs(
        tmp_path: Path) -> None:
    for bad in (dataclasses.replace(TINY, scan_turns=Plan(2, 8)),
                dataclasses.replace(TINY, uncached=Plan(1, 3))):
        with pytest.raises(ValueError, match="too many"):
            reader.run(quick=True, scratch=tmp_path, wanted=lambda name: True, setup=bad)
    assert not tmp_path.joinpath("x").exists() and not list(tmp_path.iterdir())
