"""Benchmark: open a cached 300-page PDF and draw its first page, ours vs raw PyMuPDF."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from meetingroom.bench import inputs
from meetingroom.bench.harness import (
    Plan,
    Row,
    format_number,
    repeat_interleaved,
    summarize,
    within,
)
from meetingroom.bench.procs import BenchError
from meetingroom.pdf.baseline import raw_first_page
from meetingroom.pdf.render import PdfRenderer

log = logging.getLogger("meetingroom.bench")

NAME = "open cached 300-page PDF → first page pixels"
PAGES = 300
FIT_WIDTH = 1280
"""Pixels the client fits the page width to (a typical laptop window)."""
TARGET = within(1.2)

def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    if not wanted(NAME):
        return []
    scratch.mkdir(parents=True, exist_ok=True)
    path = inputs.long_document(PAGES, scratch=scratch).path
    with PdfRenderer.open(path) as renderer:
        zoom = FIT_WIDTH / renderer.page_size(0)[0]
        expected = renderer.render(0, zoom=zoom)
        size = (expected.width, expected.height)

    def ours() -> float:
        """What the client's render service does: open, fit the width, render page 0."""
        started = time.perf_counter()
        renderer = PdfRenderer.open(path)
        try:
            width, _ = renderer.page_size(0)
            page = renderer.render(0, zoom=max(0.1, FIT_WIDTH / width))
            elapsed = time.perf_counter() - started
        finally:
            renderer.close()
        if (page.width, page.height) != size:
            raise BenchError(f"our first page is {page.width}×{page.height}, not {size}")
        return elapsed * 1000

    def raw() -> float:
        started = time.perf_counter()
        got = raw_first_page(path, zoom)
        elapsed = time.perf_counter() - started
        if got != size:
            raise BenchError(f"raw first page is {got[0]}×{got[1]}, not {size}")
        return elapsed * 1000

    plan = Plan(3, 11) if quick else Plan(5, 41)
    log.info("%s: %d runs each, %d×%d px", NAME, plan.warmup + plan.repeats, *size)
    kept = repeat_interleaved({"ours": ours, "raw": raw}, plan, label=NAME, unit="ms")
    ours_ms, raw_ms = kept["ours"], kept["raw"]
    row = summarize(NAME, "ms", ours_ms, target=TARGET, baseline=raw_ms,
                    note=f"{size[0]}×{size[1]} px at zoom {zoom:.3f}; {PAGES} pages, "
                         f"{path.stat().st_size / 2**20:.1f} MiB")
    log.info("%s: median %s ms vs raw %s ms", NAME, format_number(row.median),
             format_number(row.limit or 0))
    return [row]
