"""Benchmark: open a cached PDF and draw its first page, ours vs raw PyMuPDF.

Two documents, side by side in one run: the 300-page text+image report and a 30-page
scan (full-page JPEGs, no text layer), each with its own aim in milliseconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
from meetingroom.bench.raw_pdf import raw_first_page
from meetingroom.pdf.render import PdfRenderer
from meetingroom.pdf.render_process import FirstPage, RenderProcess
from meetingroom.storage.blobs import BlobStore

log = logging.getLogger("meetingroom.bench")

NAME = "open cached 300-page PDF → first page pixels"
COLD_NAME = "… first open after a restart (SHA-256 re-checked)"
SCAN_NAME = "open cached 30-page scan → first page pixels"
SCAN_COLD_NAME = "… scan: first open after a restart (SHA-256 re-checked)"
PAGES = 300
SCAN_PAGES = 30
FIT_WIDTH = 1280
"""Pixels the client fits the page width to (a typical laptop window)."""
TARGET = within(1.2)


@dataclass(frozen=True, slots=True)
class Case:
    """One document of the benchmark and the names of its two rows."""

    name: str
    cold_name: str
    aim_ms: float
    """What the issue aims at for this kind of document (in the note; the target is
    the ratio to raw)."""
    path: Callable[[Path], Path]
    """Makes (or finds in the cache) the document, given the scratch directory."""


CASES = (
    Case(NAME, COLD_NAME, 150.0,
         lambda scratch: inputs.long_document(PAGES, scratch=scratch).path),
    Case(SCAN_NAME, SCAN_COLD_NAME, 250.0,
         lambda scratch: inputs.scanned_document(SCAN_PAGES, scratch=scratch).path),
)


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    rows: list[Row] = []
    for case in CASES:
        if wanted(case.name) or wanted(case.cold_name):
            scratch.mkdir(parents=True, exist_ok=True)
            rows += _measure(case, quick=quick, scratch=scratch)
    return rows


def _measure(case: Case, *, quick: bool, scratch: Path) -> list[Row]:
    path = case.path(scratch)
    with PdfRenderer.open(path) as renderer:
        pages = renderer.page_count
        zoom = FIT_WIDTH / renderer.page_size(0)[0]
        expected = renderer.render(0, zoom=zoom)
        size = (expected.width, expected.height)

    store = BlobStore(scratch / f"first-page-blobs-{path.stem}")
    sha = store.put_file(path)
    render_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-render")
    process = RenderProcess()
    render_thread.submit(process.start).result()

    def render_first(blob: Path) -> tuple[int, int]:
        """What the client's render thread does: have the (running) render process open
        the file, fit the width and draw page 0, then map the pixels it hands back."""
        doc, page = process.open_with_first_page(blob, first=FirstPage(fit_width=FIT_WIDTH))
        process.close_doc(doc.handle)
        assert page is not None
        return page.width, page.height

    def timed(open_blob: Callable[[], Path]) -> float:
        started = time.perf_counter()
        got = render_thread.submit(render_first, open_blob()).result()
        elapsed = time.perf_counter() - started
        if got != size:
            raise BenchError(f"our first page is {got[0]}×{got[1]}, not {size}")
        return elapsed * 1000

    def ours() -> float:
        """The client on a document verified in this session: stat-only check of the
        blob, then the render thread opens and renders."""
        def ready() -> Path:
            if not store.is_verified(sha):
                raise BenchError("the cached document is not marked verified")
            return store.path(sha)
        return timed(ready)

    def after_restart() -> float:
        """The first open after the app restarts: SHA-256 of the file, then render."""
        return timed(lambda: BlobStore(store.root).verified_path(sha))

    def raw() -> float:
        started = time.perf_counter()
        got = raw_first_page(path, zoom)
        elapsed = time.perf_counter() - started
        if got != size:
            raise BenchError(f"raw first page is {got[0]}×{got[1]}, not {size}")
        return elapsed * 1000

    plan = Plan(3, 11) if quick else Plan(5, 41)
    log.info("%s: %d runs each, %d×%d px", case.name, plan.warmup + plan.repeats, *size)
    store.verified_path(sha)
    try:
        kept = repeat_interleaved({"ours": ours, "cold": after_restart, "raw": raw}, plan,
                                  label=case.name, unit="ms")
    finally:
        render_thread.submit(process.close).result()
        render_thread.shutdown()
    ours_ms, cold_ms, raw_ms = kept["ours"], kept["cold"], kept["raw"]
    row = summarize(case.name, "ms", ours_ms, target=TARGET, baseline=raw_ms)
    aim = "meets" if row.median <= case.aim_ms else "MISSES"
    note = (f"{size[0]}×{size[1]} px at zoom {zoom:.3f}; {pages} pages, "
            f"{path.stat().st_size / 2**20:.1f} MiB; includes the hops to the render thread "
            f"and the render process; aim ≤ {case.aim_ms:g} ms: {aim}")
    row = summarize(case.name, "ms", ours_ms, target=TARGET, baseline=raw_ms, note=note)
    cold = summarize(case.cold_name, "ms", cold_ms, target=TARGET, baseline=raw_ms,
                     note="the first open after a restart hashes the file before showing it")
    log.info("%s: median %s ms vs raw %s ms", case.name, format_number(row.median),
             format_number(row.limit or 0))
    return [row, cold]
