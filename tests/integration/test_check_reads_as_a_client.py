"""The upload check reads a PDF as every client will, so what it accepts every client can
show: hostile files that made the reader fail are refused with a plain reason, and each
file is either refused by the check or fully served by a real render worker."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hostile_pdfs import (
    circular_page_tree_pdf,
    negative_count_pdf,
    nested_q_pdf,
    one_page_pdf,
    user_unit_pdf,
)

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.check import check_pdf
from meetingroom.pdf.render_process import RenderProcess

CASES = {
    "nested_q": (nested_q_pdf(), "page 1 of the PDF cannot be read"),
    "user_unit": (user_unit_pdf(75_000), "page 1 of the PDF is too large to show"),
    "circular_page_tree": (circular_page_tree_pdf(), "page 2 of the PDF cannot be read"),
    "negative_count": (negative_count_pdf(), "cannot be opened as a PDF"),
    "trailing_kilobyte": (one_page_pdf(tail=bytes(range(256)) * 4),
                          "other data appended after its end"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_no_client_can_show_is_refused_with_a_plain_reason(
        tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture) -> None:
    data, reason = CASES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    with caplog.at_level(logging.INFO, logger="meetingroom"), \
            pytest.raises(InvalidDocumentError) as caught:
        check_pdf(path)
    assert reason in caught.value.message
    assert "stopped unexpectedly" not in caught.value.message
    shown = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not any(str(tmp_path) in line or "Traceback" in line for line in shown), shown


def test_every_file_the_check_accepts_is_served_whole_by_a_render_worker(
        tmp_path: Path) -> None:
    files = {name: data for name, (data, _) in CASES.items()}
    files["plain"] = one_page_pdf()
    files["short_tail"] = one_page_pdf(tail=b"\n% a mail gateway's footer\n" * 10)
    accepted = []
    with RenderProcess(page_timeout=20) as rp:
        for name, data in sorted(files.items()):
            path = tmp_path / f"{name}.pdf"
            path.write_bytes(data)
            try:
                info = check_pdf(path)
            except InvalidDocumentError:
                continue
            accepted.append(name)
            doc = rp.open(path)
            assert doc.page_count == info.pages
            rp.page_layout(doc.handle, doc.page_count)
            rp.render(doc.handle, 0, zoom=None, fit_width=1200)
            rp.thumb(doc.handle, 0)
            for index in range(doc.page_count):
                rp.words(doc.handle, index)
            rp.text(doc.handle, 0, (0, 0, 612, 792))
            assert rp.search(doc.handle, "quyet", doc.page_count).hits
            rp.toc(doc.handle, doc.page_count)
        assert rp.restarts == 0
    assert accepted == ["plain", "short_tail"]


def test_an_empty_file_is_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    with pytest.raises(InvalidDocumentError, match="the file is empty"):
        check_pdf(path)


def test_the_checkers_own_output_goes_to_the_log_at_debug_only(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "vong.pdf"
    path.write_bytes(circular_page_tree_pdf())
    with caplog.at_level(logging.DEBUG, logger="meetingroom"), \
            pytest.raises(InvalidDocumentError):
        check_pdf(path)
    details = [r for r in caplog.records if "cycle in page tree" in r.getMessage()]
    assert details and all(r.levelno == logging.DEBUG for r in details)
