"""The render worker on the unverified prefix of a download: the pages that have arrived
draw exactly as in the finished file, the others say they are incomplete, and a prefix
that cannot be opened yet says so (never a blank page passed off as drawn)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from partial_pdfs import in_order_pdf

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.render_process import RenderProcess
from meetingroom.pdf.samples import make_document


@pytest.fixture
def worker() -> Iterator[RenderProcess]:
    with RenderProcess(page_timeout=20) as rp:
        rp.start()
        yield rp


def drawable(worker: RenderProcess, path: Path, count: int) -> dict[int, bytes]:
    """Pixels of every page of the partial ``path`` that draws; incomplete ones left out."""
    doc = worker.open_with_first_page(path, partial=True)[0]
    out: dict[int, bytes] = {}
    for index in range(min(doc.page_count, count)):
        try:
            out[index] = worker.render(doc.handle, index, zoom=0.3).to_bytes()
        except InvalidDocumentError as e:
            assert e.reason == "page_incomplete"
    worker.close_doc(doc.handle)
    return out


def test_pages_that_arrived_draw_exactly_as_in_the_finished_file(
        tmp_path: Path, worker: RenderProcess) -> None:
    full = in_order_pdf(tmp_path / "full.pdf")
    data = full.read_bytes()
    expected = drawable(worker, full, 10)
    assert sorted(expected) == list(range(10))  # the whole file: nothing incomplete
    seen: dict[int, set[int]] = {}
    for percent in (30, 60, 90):
        part = tmp_path / f"p{percent}.part"
        part.write_bytes(data[:len(data) * percent // 100])
        pages = drawable(worker, part, 10)
        seen[percent] = set(pages)
        for index, pixels in pages.items():
            assert pixels == expected[index], f"page {index + 1} at {percent} %"
    assert 0 in seen[30] and 9 not in seen[30]
    assert seen[30] < seen[60] <= seen[90]
    assert 9 not in seen[60]


def test_a_cut_stream_or_missing_fonts_count_as_incomplete(
        tmp_path: Path, worker: RenderProcess) -> None:
    """Another layout: the fonts come after the pages (the app's own sample producer
    rewritten by qpdf), so pages of a prefix are missing parts and must not show."""
    src = make_document(tmp_path / "s.pdf", title="Báo cáo", pages=6, seed=3)
    full = tmp_path / "qpdf.pdf"
    subprocess.run(["qpdf", "--object-streams=disable", str(src), str(full)], check=True)
    data = full.read_bytes()
    expected = drawable(worker, full, 6)
    assert sorted(expected) == list(range(6))
    part = tmp_path / "half.part"
    part.write_bytes(data[:len(data) // 2])
    # MuPDF would draw these pages without a warning, in a substitute font
    assert drawable(worker, part, 6) == {}
    part.write_bytes(data[:-200])  # only the trailer is missing: every page is complete
    assert drawable(worker, part, 6) == expected


def test_a_prefix_that_cannot_open_yet_says_so_and_the_worker_carries_on(
        tmp_path: Path, worker: RenderProcess) -> None:
    full = in_order_pdf(tmp_path / "full.pdf", pages=3)
    part = tmp_path / "short.part"
    part.write_bytes(full.read_bytes()[:40])
    with pytest.raises(InvalidDocumentError) as e:
        worker.open_with_first_page(part, partial=True)
    assert e.value.reason == "partial_unreadable"
    with pytest.raises(InvalidDocumentError) as missing:
        worker.open_with_first_page(tmp_path / "not-yet.part", partial=True)
    assert missing.value.reason == "partial_unreadable"
    packed = tmp_path / "objstm.pdf"  # everything inside object streams, the xref at the end
    with pymupdf.open(full) as doc:
        doc.save(packed, garbage=3, deflate=True, use_objstms=1)
    part.write_bytes(packed.read_bytes()[:packed.stat().st_size * 6 // 10])
    with pytest.raises(InvalidDocumentError) as packed_error:
        worker.open_with_first_page(part, partial=True)
    assert packed_error.value.reason == "partial_unreadable"
    doc = worker.open(full)  # the same worker still serves finished files
    assert worker.render(doc.handle, 2, zoom=0.2).width > 0
