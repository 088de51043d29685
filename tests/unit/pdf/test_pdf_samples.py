"""Sample PDFs: page counts, embedded fonts, exact Vietnamese text, sizes, determinism."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import pymupdf
import pytest

from meetingroom.pdf import samples


def _words(doc: pymupdf.Document) -> str:
    """All the text of ``doc`` with line breaks and runs of spaces collapsed."""
    return " ".join(" ".join(page.get_text() for page in doc).split())


@pytest.mark.parametrize("pages", [1, 3, 7])
def test_document_has_exactly_the_requested_pages(tmp_path: Path, pages: int) -> None:
    path = samples.make_document(tmp_path / "a.pdf", title="Tờ trình", pages=pages)
    with pymupdf.open(path) as doc:
        assert doc.page_count == pages
        assert doc[pages - 1].get_text().count(f"Trang {pages}/{pages}") == 1
        assert all("Tờ trình" in page.get_text() for page in doc)


def test_document_embeds_dejavu_on_every_page(tmp_path: Path) -> None:
    path = samples.make_document(tmp_path / "a.pdf", title="Nghị quyết", pages=3)
    with pymupdf.open(path) as doc:
        for page in doc:
            fonts = page.get_fonts(full=True)
            assert fonts, "every page uses a font"
            for xref, ext, _type, basefont, *_ in fonts:
                assert "DejaVu" in basefont
                assert ext == "ttf"
                assert len(doc.extract_font(xref)[3]) > 1000, "the font program is embedded"


def test_vietnamese_paragraphs_round_trip_exactly(tmp_path: Path) -> None:
    path = samples.make_document(tmp_path / "a.pdf", title="Kỳ họp thứ Mười",
                                 paragraphs=["Ủy ban nhân dân tỉnh", "Nghị quyết"], pages=1)
    with pymupdf.open(path) as doc:
        lines = doc[0].get_text().splitlines()
    assert "Ủy ban nhân dân tỉnh" in lines
    assert "Nghị quyết" in lines
    assert "KỲ HỌP THỨ MƯỜI" in lines


def test_default_body_is_vietnamese_administrative_prose(tmp_path: Path) -> None:
    path = samples.make_document(tmp_path / "a.pdf", title="Báo cáo", pages=4)
    with pymupdf.open(path) as doc:
        text = _words(doc)
    assert "Ủy ban nhân dân tỉnh" in text
    assert "Nghị quyết số 45/NQ-HĐND" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    def digest(name: str, seed: int) -> str:
        path = samples.make_document(tmp_path / name, title="T", pages=2, seed=seed,
                                     images=True)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert digest("a.pdf", 5) == digest("b.pdf", 5)
    assert digest("c.pdf", 6) != digest("a.pdf", 5)


def test_images_flag_puts_one_image_on_each_page(tmp_path: Path) -> None:
    with_images = samples.make_document(tmp_path / "i.pdf", title="T", pages=3, images=True)
    without = samples.make_document(tmp_path / "n.pdf", title="T", pages=3)
    with pymupdf.open(with_images) as doc:
        assert [len(page.get_images()) for page in doc] == [1, 1, 1]
    with pymupdf.open(without) as doc:
        assert [len(page.get_images()) for page in doc] == [0, 0, 0]


def test_zero_pages_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        samples.make_document(tmp_path / "a.pdf", title="T", pages=0)


def test_pack_adds_up_to_the_requested_size_in_incompressible_bytes(tmp_path: Path) -> None:
    total = 6 * 2**20
    paths = samples.make_pack(tmp_path, total_bytes=total, count=5, seed=1)
    assert len(paths) == 5
    sizes = [p.stat().st_size for p in paths]
    assert abs(sum(sizes) - total) <= total * 0.10
    data = paths[0].read_bytes()
    assert len(zlib.compress(data, 1)) > 0.95 * len(data), "a transfer moves honest bytes"
    with pymupdf.open(paths[0]) as doc:
        assert doc.page_count >= 2


def test_demo_documents_match_their_specs(tmp_path: Path) -> None:
    made = samples.make_demo_documents(tmp_path)
    assert sum(len(v) for v in made.values()) == len(samples.DEMO_DOCUMENTS) >= 5
    for key, filename, title, pages in samples.DEMO_DOCUMENTS:
        path = tmp_path / filename
        assert path in made[key]
        assert 3 <= pages <= 12
        with pymupdf.open(path) as doc:
            assert doc.page_count == pages
            assert doc.metadata["title"] == title


def test_long_document_has_text_and_an_image_on_every_page(tmp_path: Path) -> None:
    path = samples.make_long_document(tmp_path / "long.pdf", pages=25)
    with pymupdf.open(path) as doc:
        assert doc.page_count == 25
        for page in doc:
            assert len(page.get_images()) == 1
            assert len(page.get_text().split()) > 100
