"""The notes summary PDF: every note with its page, kind, quote and text, in Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from notes_fixtures import (
    PARAGRAPH,
    PHRASE,
    highlight_note,
    ink_note,
    make_pdf,
    note,
    phrase_rects,
    sha256_of,
)

from meetingroom.domain.notes import NoteKind, Rect
from meetingroom.errors import StorageError
from meetingroom.pdf.anchors import anchor_for_selection
from meetingroom.pdf.notes_summary import SummaryLabels, notes_summary_pdf


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def pdftotext(path: Path) -> str:
    done = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_summary_lists_every_note_with_page_kind_quote_and_text(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "src.pdf", ["Trang một.", PARAGRAPH, "Trang ba."])
    sha = sha256_of(src)
    with pymupdf.open(src) as doc:
        anchor = anchor_for_selection(doc[1], phrase_rects(src, 1))
    notes = [
        note("t", sha, 2, NoteKind.TEXT_BOX, rect=Rect(10, 10, 200, 60),
             text="Ý kiến của đồng chí Phó Chủ tịch:\nđồng ý <b>về nguyên tắc</b>"),
        highlight_note("h", sha, 1, anchor, text="Đề nghị Sở Tài chính giải trình"),
        ink_note("i", sha, 0, [(1, 1), (5, 5)]),
        note("s", sha, 1, NoteKind.STICKY, rect=Rect(500, 700, 520, 720), text="Hỏi lại",
             shared=True),
    ]
    out = tmp_path / "tóm tắt.pdf"
    notes_summary_pdf("Tờ trình số 12/TTr-UBND", notes, out, authors={"u1": "Lê Văn Cường"})
    text = pdftotext(out)
    assert "Ghi chú: Tờ trình số 12/TTr-UBND" in text
    assert "4 ghi chú" in text
    # reading order: page 1, then page 2 top to bottom, then page 3
    order = [text.index(s) for s in ("Trang 1 · Nét bút", "Trang 2 · Đánh dấu văn bản",
                                     "Trang 2 · Ghi chú dán · chia sẻ với cuộc họp",
                                     "Trang 3 · Hộp văn bản")]
    assert order == sorted(order)
    assert f"“{PHRASE}”" in text
    assert "Đề nghị Sở Tài chính giải trình" in text
    assert "Ý kiến của đồng chí Phó Chủ tịch: đồng ý <b>về nguyên tắc</b>" in text
    assert "Lê Văn Cường" in text
    assert "Trang 1/1" in text
    with pymupdf.open(out) as doc:
        fonts = {f[3] for page in doc for f in page.get_fonts()}
    assert fonts and all("DejaVu" in f for f in fonts)
    fonts_listing = subprocess.run([tool("pdffonts"), str(out)], capture_output=True,
                                   text=True, check=True).stdout
    rows = fonts_listing.splitlines()[2:]
    assert rows and all("yes yes yes" in row for row in rows)  # embedded, subset, unicode


def test_summary_pages_are_numbered_and_labels_can_be_translated(tmp_path: Path) -> None:
    sha = "a" * 64
    notes = [note(f"n{i}", sha, i, NoteKind.STICKY, rect=Rect(1, 1, 20, 20),
                  text=f"Ghi chú số {i}: " + "nội dung dài " * 40) for i in range(40)]
    out = tmp_path / "summary.pdf"
    labels = SummaryLabels(title="Notes", count="{n} notes", page="Page {n}",
                           footer="Page {n} of {total}", kinds={NoteKind.STICKY: "Sticky note"})
    notes_summary_pdf("Report", notes, out, labels=labels)
    with pymupdf.open(out) as doc:
        total = doc.page_count
        last = " ".join(doc[-1].get_text().split())
    assert total > 1
    assert f"Page {total} of {total}" in last
    text = pdftotext(out)
    assert "40 notes" in text and "Page 40 · Sticky note" in text and "Ghi chú số 39" in text


def test_an_empty_summary_says_so_and_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    notes_summary_pdf("Báo cáo", [], out)
    assert "Không có ghi chú." in pdftotext(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.pdf"]
    with pytest.raises(StorageError) as err:
        notes_summary_pdf("Báo cáo", [], tmp_path / "missing folder" / "x.pdf")
    assert err.value.reason == "write_failed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.pdf"]
