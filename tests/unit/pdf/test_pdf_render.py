"""PdfRenderer: correct RGB buffers, zoom clamping, refusals, and one owner thread."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf import samples
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.render import PdfRenderer
from meetingroom.pdf.rendered import RenderedPage


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples.make_document(tmp_path_factory.mktemp("render") / "sample.pdf",
                                 title="Nghị quyết", pages=2, images=True)


def _pixel(page: RenderedPage, x: int, y: int) -> tuple[int, int, int]:
    at = y * page.stride + x * 3
    r, g, b = page.samples[at:at + 3]
    return r, g, b


def _in_other_thread(call: Callable[[], object]) -> BaseException | None:
    caught: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # the test inspects whatever was raised
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return caught[0] if caught else None


def test_render_gives_a_correctly_sized_rgb_buffer(sample: Path) -> None:
    with PdfRenderer.open(sample) as renderer:
        assert renderer.page_count == 2
        assert renderer.page_size(0) == (595.0, 842.0)
        page = renderer.render(0, zoom=1.5)
    assert (page.width, page.height) == (math.ceil(595 * 1.5), math.ceil(842 * 1.5))
    assert page.format == "RGB888"
    assert page.stride == page.width * 3
    assert len(page.samples) == page.stride * page.height
    assert page.samples_mv is page.samples
    assert page.zoom == 1.5


def test_text_is_dark_on_a_white_page(sample: Path) -> None:
    with pymupdf.open(sample) as doc:
        words = [w for w in doc[0].get_text("words") if w[4] == "ỦY"]
    x0, y0, x1, y1 = (round(v * 2) for v in words[0][:4])
    with PdfRenderer.open(sample) as renderer:
        page = renderer.render(0, zoom=2.0)
    ink = [_pixel(page, x, y) for y in range(y0, y1) for x in range(x0, x1)]
    assert min(sum(p) for p in ink) < 200, "the word's glyphs are drawn in dark pixels"
    assert _pixel(page, 5, 5) == (255, 255, 255), "the margin stays white"


def test_zoom_is_clamped_to_max_pixels(sample: Path) -> None:
    with PdfRenderer.open(sample) as renderer:
        page = renderer.render(1, zoom=10.0, max_pixels=200_000)
    assert page.width * page.height <= 200_000
    assert page.width * page.height > 190_000, "the clamp is not needlessly coarse"
    assert page.zoom < 10.0


def test_pixels_stay_valid_after_the_document_is_closed(sample: Path) -> None:
    with PdfRenderer.open(sample) as renderer:
        page = renderer.render(0, zoom=0.5)
        before = page.to_bytes()
    assert bytes(page.samples) == before


def test_another_thread_may_not_use_the_renderer(sample: Path) -> None:
    with PdfRenderer.open(sample) as renderer:
        for call in (lambda: renderer.render(0), lambda: renderer.page_count,
                     lambda: renderer.page_size(0), renderer.close):
            error = _in_other_thread(call)
            assert isinstance(error, RuntimeError) and "thread" in str(error)
        assert renderer.render(0, zoom=0.2).width > 0, "the owner still can"


def test_closed_renderer_refuses_and_bad_index_is_an_index_error(sample: Path) -> None:
    renderer = PdfRenderer.open(sample)
    with pytest.raises(IndexError):
        renderer.render(2)
    with pytest.raises(ValueError):
        renderer.render(0, zoom=0)
    renderer.close()
    renderer.close()
    with pytest.raises(RuntimeError, match="closed"):
        renderer.render(0)


def test_open_refuses_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("Biên bản cuộc họp", encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match="not a PDF"):
        PdfRenderer.open(path)


def test_open_refuses_a_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    with pytest.raises(InvalidDocumentError, match="damaged"):
        PdfRenderer.open(path)


def test_open_refuses_a_pdf_with_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                     b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                     b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(InvalidDocumentError, match="no pages") as caught:
        PdfRenderer.open(path)
    assert not isinstance(caught.value, PasswordRequiredError)


def test_password_protected_pdf_needs_the_right_password(tmp_path: Path, sample: Path) -> None:
    path = tmp_path / "locked.pdf"
    with pymupdf.open(sample) as doc:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mật khẩu",
                 owner_pw="chủ")
    with pytest.raises(PasswordRequiredError, match="protected by a password"):
        PdfRenderer.open(path)
    with pytest.raises(PasswordRequiredError, match="not correct"):
        PdfRenderer.open(path, password="sai")
    with PdfRenderer.open(path, password="mật khẩu") as renderer:
        assert renderer.render(0, zoom=0.25).height == math.ceil(842 * 0.25)
