"""A PDF MuPDF finds damaged or too complex costs only the request that met it: the
render worker answers an error and lives on, with every other document still open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_pdfs import circular_page_tree_pdf, nested_q_pdf, one_page_pdf, user_unit_pdf

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.render_process import RenderProcess


@pytest.fixture
def worker() -> Iterator[RenderProcess]:
    with RenderProcess(page_timeout=20) as rp:
        rp.start()
        yield rp


def test_a_circular_page_tree_is_an_error_answer_not_a_dead_worker(
        tmp_path: Path, worker: RenderProcess) -> None:
    good = tmp_path / "tot.pdf"
    good.write_bytes(one_page_pdf())
    bad = tmp_path / "vong.pdf"
    bad.write_bytes(circular_page_tree_pdf())
    other = worker.open(good)
    pid = worker.pid
    doc = worker.open(bad)
    for call in (lambda: worker.page_layout(doc.handle, doc.page_count),
                 lambda: worker.search(doc.handle, "quyet", doc.page_count),
                 lambda: worker.render(doc.handle, 1, zoom=1.0),
                 lambda: worker.words(doc.handle, 1)):
        with pytest.raises(InvalidDocumentError) as caught:
            call()
        assert caught.value.reason == "damaged", caught.value
        assert "restarted" not in caught.value.message
    assert worker.restarts == 0 and worker.pid == pid
    assert [w.text for w in worker.words(doc.handle, 0)] == ["Nghi", "quyet", "so", "12"]
    assert worker.render(other.handle, 0, zoom=0.5).width == 306  # never reopened


def test_graphics_states_nested_too_deep_fail_the_text_requests_only(
        tmp_path: Path, worker: RenderProcess) -> None:
    path = tmp_path / "q.pdf"
    path.write_bytes(nested_q_pdf())
    doc = worker.open(path)
    for call in (lambda: worker.words(doc.handle, 0),
                 lambda: worker.text(doc.handle, 0, (0, 0, 612, 792)),
                 lambda: worker.search(doc.handle, "quyet", 1)):
        with pytest.raises(InvalidDocumentError) as caught:
            call()
        assert caught.value.reason == "damaged"
    assert worker.restarts == 0


def test_a_page_too_large_to_lay_out_is_an_error_answer(tmp_path: Path,
                                                        worker: RenderProcess) -> None:
    path = tmp_path / "to.pdf"
    path.write_bytes(user_unit_pdf(75_000))
    doc = worker.open(path)
    with pytest.raises(InvalidDocumentError) as caught:
        worker.page_layout(doc.handle, doc.page_count)
    assert caught.value.reason == "page_too_large"
    assert "45900000" in caught.value.message
    assert worker.words(doc.handle, 0) == ()  # words beyond what the reader accepts: left out
    assert worker.restarts == 0
