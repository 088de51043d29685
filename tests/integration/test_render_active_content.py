"""Active content in a PDF is never run or extracted: JavaScript on open and on a page,
a Launch action, a file:// link and an attached file, read end to end by the render
process as the reader does (open, every page drawn, words, search, outline, thumbnail)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from hostile_pdfs import hostile_pdf

from meetingroom.pdf.render_process import RenderProcess


@pytest.fixture
def worker() -> Iterator[RenderProcess]:
    process = RenderProcess()
    process.start()
    try:
        yield process
    finally:
        process.close()


def test_active_content_is_neither_run_nor_extracted(tmp_path: Path, worker: RenderProcess,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    pdf = hostile_pdf(tmp_path / "chu-dong.pdf", marker)
    with pymupdf.open(pdf) as check:  # the file really carries what it claims
        assert check.embfile_count() == 1
        assert "JavaScript" in check.xref_object(check.pdf_catalog(), compressed=True) or \
            "OpenAction" in check.xref_object(check.pdf_catalog(), compressed=True)
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    doc = worker.open(pdf)
    assert doc.page_count == 2
    for index in range(doc.page_count):
        page = worker.render(doc.handle, index, zoom=1.0)
        assert page.width > 0
        assert worker.words(doc.handle, index)
    assert len(worker.search(doc.handle, "active content", doc.page_count).hits) == 2
    worker.toc(doc.handle, doc.page_count)
    worker.thumb(doc.handle, 1)
    worker.close_doc(doc.handle)
    assert not marker.exists()  # no JavaScript, no Launch, no file:// link was followed
    assert set(os.listdir(tmp_path)) == before  # the attachment was not written anywhere
    assert not any(p.name == "payload.txt" for p in Path.home().glob("payload.txt"))
