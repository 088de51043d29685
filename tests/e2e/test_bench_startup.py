"""End to end: the cold-start benchmark starts real client processes and gives every row;
without a bundle its rows say "not built" instead of a number (times are never asserted)."""

from __future__ import annotations

import json
import math
import os
import stat
import sys
from pathlib import Path

import pytest

from meetingroom.bench import startup
from meetingroom.bench.harness import Plan, format_table, row_to_json

ROWS = {f"client cold start → login window painted ({kind}, {cond})"
        for kind in ("venv", "bundle") for cond in ("idle", "busy")}
ROWS |= {f"bare PySide6 window cold start → painted ({cond}, reference)"
         for cond in ("idle", "busy")}
ROWS |= {"bundle size (dist/meetingroom)"}


def test_without_a_bundle_its_rows_say_not_built(tmp_path: Path) -> None:
    rows = startup.run(quick=True, scratch=tmp_path / "scratch", wanted=lambda name: True,
                       plan=Plan(0, 1), bundle=tmp_path / "no-bundle")
    by = {row.name: row for row in rows}
    assert set(by) == ROWS
    for name, row in by.items():
        if "bundle" in name:
            assert row.missing == "not built" and row.ok is None, row
            assert row_to_json(row)["median"] is None
        else:
            assert math.isfinite(row.median) and row.median > 0, row
    venv = by["client cold start → login window painted (venv, idle)"]
    assert venv.limit is not None and venv.target == "≤ 1 s"
    assert "not built" in format_table(rows)


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in bundle is a shell script")
def test_a_built_bundle_is_started_and_measured_with_its_size(tmp_path: Path) -> None:
    folder = tmp_path / "dist" / "meetingroom"
    folder.mkdir(parents=True)
    program = startup.bundle_program(folder)  # a stand-in that runs this checkout's client
    program.write_text(f"#!/bin/sh\nexec {sys.executable} -m meetingroom \"$@\"\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    (folder / "payload.bin").write_bytes(os.urandom(3 * 2**20))
    rows = startup.run(quick=True, scratch=tmp_path / "scratch",
                       wanted=lambda name: "idle" in name or "size" in name,
                       plan=Plan(0, 1), bundle=folder)
    by = {row.name: row for row in rows}
    bundle = by["client cold start → login window painted (bundle, idle)"]
    assert not bundle.missing and bundle.median > 0
    size = by["bundle size (dist/meetingroom)"]
    assert 3.0 <= size.median < 3.2 and size.target == "≤ 250 MiB"
    json.dumps([row_to_json(r) for r in rows])
