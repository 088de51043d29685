"""Benchmark: open a cached 300-page PDF and draw its first page, ours vs raw PyMuPDF."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
from meetingroom.pdf.render_process import FirstPage, RenderProcess
from meetingroom.storage.blobs import BlobStore

log = logging.getLogger("meetingroom.bench")

NAME = "open cached 300-page PDF → first page pixels"
COLD_NAME = "… first open after a restart (SHA-256 re-checked)"
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

    store = BlobStore(scratch / "first-page-blobs")
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
    log.info("%s: %d runs each, %d×%d px", NAME, plan.warmup + plan.repeats, *size)
    store.verified_path(sha)
    try:
        kept = repeat_interleaved({"ours": ours, "cold": after_restart, "raw": raw}, plan,
                                  label=NAME, unit="ms")
    finally:
        render_thread.submit(process.close).result()
        render_thread.shutdown()
    ours_ms, cold_ms, raw_ms = kept["ours"], kept["cold"], kept["raw"]
    note = (f"{size[0]}×{size[1]} px at zoom {zoom:.3f}; {PAGES} pages, "
            f"{path.stat().st_size / 2**20:.1f} MiB; includes the hops to the render thread "
            "and the render process")
    row = summarize(NAME, "ms", ours_ms, target=TARGET, baseline=raw_ms, note=note)
    cold = summarize(COLD_NAME, "ms", cold_ms, target=TARGET, baseline=raw_ms,
                     note="the first open after a restart hashes the file before showing it")
    log.info("%s: median %s ms vs raw %s ms", NAME, format_number(row.median),
             format_number(row.limit or 0))
    return [row, cold]
