"""A text box in an export is drawn in one typeface that has Vietnamese (DejaVu Sans),
upright as the page is displayed whatever its /Rotate, and poppler draws it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pymupdf
import pytest
from notes_fixtures import PageSpec, make_pdf, note, sha256_of

from meetingroom.domain.notes import NoteKind, Rect
from meetingroom.domain.page_space import PageFrame
from meetingroom.pdf.notes_export import export_with_notes

WORDS = "Nguyễn Văn Đức đề nghị làm rõ số liệu quý ba"
SHOWN = (100.0, 60.0, 330.0, 120.0)
"""Where the box is, as the page is displayed (points)."""
DPI = 100


def export_box(tmp_path: Path, rotation: int, words: str = WORDS) -> tuple[Path, Path]:
    src = make_pdf(tmp_path / f"trang-{rotation}.pdf", [PageSpec("", rotate=rotation)])
    with pymupdf.open(src) as doc:
        page = doc[0]
        frame = PageFrame.from_displayed(page.rect.width, page.rect.height, page.rotation)
    box = note("box", sha256_of(src), 0, NoteKind.TEXT_BOX, color="#0000ff", text=words,
               font_size=14, rect=Rect(*frame.rect_to_unrotated(SHOWN)))
    out = tmp_path / f"xuat-{rotation}.pdf"
    export_with_notes(src, [box], out)
    return src, out


def box_pixels(pdf: Path, tmp_path: Path) -> bytes:
    """The displayed box as poppler draws it (greyscale)."""
    k = DPI / 72
    x0, y0, x1, y1 = (round(v * k) for v in SHOWN)
    stem = tmp_path / f"{pdf.stem}-box"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-x", str(x0),
                    "-y", str(y0), "-W", str(x1 - x0), "-H", str(y1 - y0), str(pdf),
                    str(stem)], check=True, capture_output=True)
    return bytes(pymupdf.Pixmap(str(stem) + ".png").samples)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_box_uses_one_subset_dejavu_font_and_nothing_of_mupdfs_own(
        tmp_path: Path, rotation: int) -> None:
    src, out = export_box(tmp_path, rotation)
    with pymupdf.open(out) as doc:
        box = next(doc[0].annots())
        kind, ref = doc.xref_get_key(box.xref, "AP/N")
        assert kind == "xref"
        fonts = re.findall(r"(\d+) 0 R", doc.xref_get_key(int(ref.split()[0]),
                                                        "Resources/Font")[1])
        assert len(fonts) == 1  # one typeface for every letter
        base = doc.xref_get_key(int(fonts[0]), "BaseFont")[1]
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVu Sans Book", base), base  # a subset
        assert box.info["content"] == WORDS
    data = out.read_bytes()
    assert data.count(b"startxref") == 1  # one revision: a full rewrite
    assert b"Nimbus" not in data and b"NotoSerif" not in data  # MuPDF's fonts not written
    assert len(data) - src.stat().st_size < 80_000  # a subset, not ~230 KB of whole fonts
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert " ".join(text.split()) == WORDS
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_on_a_rotated_page_the_box_looks_as_on_an_upright_one(
        tmp_path: Path, rotation: int) -> None:
    blank, upright = export_box(tmp_path, 0)
    _, turned = export_box(tmp_path, rotation)
    empty, want, got = (box_pixels(p, tmp_path) for p in (blank, upright, turned))
    assert sum(a != b for a, b in zip(empty, want, strict=True)) > 500  # words were drawn
    differ = sum(abs(a - b) > 64 for a, b in zip(want, got, strict=True))
    assert differ < len(want) // 100, differ  # the same words in the same place, upright


def test_a_letter_dejavu_lacks_keeps_mupdfs_appearance_with_its_fallback_fonts(
        tmp_path: Path) -> None:
    _, out = export_box(tmp_path, 90, "Hội nghị 会议")
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert " ".join(text.split()) == "Hội nghị 会议"
    assert b"DejaVu#20Sans#20Book" not in out.read_bytes()
