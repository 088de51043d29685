"""The rendering worker process: same pixels as in-process rendering, clear errors, and a
hostile page that only costs a worker restart."""

from __future__ import annotations

import os
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from meetingroom.errors import InvalidDocumentError
from meetingroom.paths import font_path
from meetingroom.pdf._render_worker import IDLE_TRIM_SECONDS
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.render import PdfRenderer
from meetingroom.pdf.render_process import RenderProcess
from meetingroom.pdf.samples import make_document


@pytest.fixture
def worker() -> Iterator[RenderProcess]:
    with RenderProcess(page_timeout=20) as rp:
        rp.start()
        yield rp


def _leftovers(rp: RenderProcess) -> list[Path]:
    return list(Path(rp._shm_dir).glob(f"mr-render-{rp.pid}-*"))


def test_pages_come_back_pixel_identical_without_leaving_files(tmp_path: Path,
                                                              worker: RenderProcess) -> None:
    pdf = make_document(tmp_path / "a.pdf", title="Báo cáo", pages=3, seed=1)
    doc = worker.open(pdf)
    assert doc.page_count == 3
    page = worker.render(doc.handle, 1, zoom=None, fit_width=600, scale=1.5)
    with PdfRenderer.open(pdf) as local:
        width, _ = local.page_size(1)
        expected = local.render(1, zoom=600 / width * 1.5)
        assert (page.width, page.height, page.stride) == (expected.width, expected.height,
                                                          expected.stride)
        assert page.to_bytes() == expected.to_bytes()
    assert worker.page_size(doc.handle, 0) == pytest.approx(local_size(pdf))
    time.sleep(IDLE_TRIM_SECONDS + 0.3)  # the worker gives its free heap back, idle
    again = worker.render(doc.handle, 1, zoom=None, fit_width=600, scale=1.5)
    assert again.to_bytes() == page.to_bytes()  # and draws on as before
    w, h, rotation = worker.page_shape(doc.handle, 2)  # one page's size, without the rest
    assert (w, h) == pytest.approx(local_size(pdf)) and rotation == 0
    assert _leftovers(worker) == []
    with pytest.raises(IndexError):
        worker.render(doc.handle, 7, zoom=1.0)


def local_size(pdf: Path) -> tuple[float, float]:
    with PdfRenderer.open(pdf) as r:
        return r.page_size(0)


def test_password_and_damaged_files_give_clear_errors(tmp_path: Path,
                                                      worker: RenderProcess) -> None:
    src = make_document(tmp_path / "b.pdf", title="Mật", pages=1, seed=2)
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(src) as d:
        d.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mk", owner_pw="chủ")
    with pytest.raises(PasswordRequiredError):
        worker.open(locked)
    with pytest.raises(PasswordRequiredError):
        worker.open(locked, password="sai")
    assert worker.open(locked, password="mk").page_count == 1
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    with pytest.raises(InvalidDocumentError):
        worker.open(junk)
    one = pymupdf.open()
    one.new_page()
    bad_count = tmp_path / "bad-count.pdf"  # MuPDF raises while counting the pages
    bad_count.write_bytes(one.tobytes().replace(b"/Count 1", b"/Count -5"))
    with pytest.raises(InvalidDocumentError, match="page list"):
        worker.open(bad_count)
    assert worker.restarts == 0  # a clear answer, not a crashed worker


def _slow_pdf(path: Path) -> Path:
    """A page whose content stream draws a few hundred thousand overlapping curves."""
    doc = pymupdf.open()
    page = doc.new_page()
    ops = b"".join(b"%d %d m %d %d %d %d %d %d c S\n" % (i % 500, i % 700, (i * 7) % 600,
                                                     (i * 3) % 800, (i * 11) % 600,
                                                     (i * 5) % 800, (i * 13) % 600, i % 800)
                   for i in range(400_000))
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, b"1 w\n" + ops)
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    doc.save(path, deflate=True)
    doc.close()
    return path


def test_a_page_that_takes_too_long_only_costs_a_worker_restart(tmp_path: Path) -> None:
    slow = _slow_pdf(tmp_path / "slow.pdf")
    good = make_document(tmp_path / "good.pdf", title="Bình thường", pages=2, seed=3)
    with RenderProcess(page_timeout=0.2) as rp:
        rp.start()
        other = rp.open(good)
        bad = rp.open(slow)
        first_pid = rp.pid
        with pytest.raises(InvalidDocumentError) as info:
            rp.render(bad.handle, 0, zoom=4.0)
        assert info.value.reason == "render_timeout"
        assert rp.restarts == 1
        # the other document is reopened in the new worker and still draws
        page = rp.render(other.handle, 1, zoom=0.5)
        assert page.width > 0
        assert rp.pid != first_pid
        assert not any(Path(rp._shm_dir).glob(f"mr-render-{first_pid}-*"))


def test_a_worker_that_dies_during_a_call_is_replaced(tmp_path: Path,
                                                     worker: RenderProcess) -> None:
    good = make_document(tmp_path / "c.pdf", title="Văn bản", pages=1, seed=4)
    doc = worker.open(good)
    pid = worker.pid
    assert pid is not None
    # stopped, so it cannot answer; killed while the call waits for its answer
    os.kill(pid, signal.SIGSTOP)
    threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()
    with pytest.raises(InvalidDocumentError) as info:
        worker.render(doc.handle, 0, zoom=1.0)
    assert info.value.reason == "render_crashed"
    assert worker.restarts == 1
    assert worker.render(doc.handle, 0, zoom=1.0).height > 0
    assert worker.pid != pid


def test_a_worker_that_died_between_calls_is_replaced_without_an_error(
        tmp_path: Path, worker: RenderProcess) -> None:
    good = make_document(tmp_path / "c.pdf", title="Văn bản", pages=1, seed=4)
    doc = worker.open(good)
    pid = worker.pid
    assert pid is not None and worker._proc is not None
    os.kill(pid, signal.SIGKILL)
    worker._proc.wait(10)  # gone before the next page is asked for
    # nothing this page did: it is drawn by a new worker, the document reopened there
    assert worker.render(doc.handle, 0, zoom=1.0).height > 0
    assert worker.pid not in (None, pid)


def test_open_with_the_first_page_in_one_round_trip(tmp_path: Path,
                                                     worker: RenderProcess) -> None:
    from meetingroom.pdf.render_process import FirstPage

    pdf = make_document(tmp_path / "d.pdf", title="Trang đầu", pages=2, seed=5)
    doc, page = worker.open_with_first_page(pdf, first=FirstPage(index=1, fit_width=500))
    assert doc.page_count == 2 and page is not None and page.width == 500
    # a page that does not exist: the open still succeeds, the page is refused, and the
    # next call gets its own answer
    with pytest.raises(IndexError):
        worker.open_with_first_page(pdf, first=FirstPage(index=9, fit_width=500))
    assert worker.render(doc.handle, 0, zoom=1.0).height > 0
    # a refused open: the pipelined page's error is drained, the worker is kept
    src = tmp_path / "locked.pdf"
    with pymupdf.open(pdf) as d:
        d.save(src, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(PasswordRequiredError):
        worker.open_with_first_page(src, first=FirstPage(fit_width=500))
    assert worker.render(doc.handle, 1, zoom=1.0).height > 0
    assert worker.restarts == 0


def test_pages_share_the_arena_until_it_is_full_and_blocks_come_back(tmp_path: Path) -> None:
    import gc

    from meetingroom.pdf.render_process import _ArenaBlock

    pdf = make_document(tmp_path / "e.pdf", title="Khối nhớ", pages=4, seed=6)
    with PdfRenderer.open(pdf) as local:
        one = local.render(0, zoom=1.0)
        size = one.stride * one.height
        expected = [local.render(i, zoom=1.0).to_bytes() for i in range(3)]
    with RenderProcess(arena_bytes=2 * (size // 4096 + 1) * 4096) as rp:
        doc = rp.open(pdf)
        held = [rp.render(doc.handle, i, zoom=1.0) for i in range(3)]
        kinds = [isinstance(p._pixmap, _ArenaBlock) for p in held]
        assert kinds == [True, True, False]  # the third did not fit: a file of its own
        assert [p.to_bytes() for p in held] == expected  # nobody overwrote a page in use
        del held
        gc.collect()
        again = [rp.render(doc.handle, i, zoom=1.0) for i in (2, 1)]
        assert all(isinstance(p._pixmap, _ArenaBlock) for p in again)
        assert [p.to_bytes() for p in again] == [expected[2], expected[1]]


_FONT = {"fontname": "dv", "fontfile": str(font_path())}


def _reader_pdf(path: Path) -> Path:
    """Three pages with Vietnamese text, an outline, a wide second page and a link."""
    doc = pymupdf.open()
    for i, (w, h) in enumerate([(595, 842), (842, 595), (595, 842)]):
        page = doc.new_page(width=w, height=h)
        page.insert_text((72, 100), f"Trang {i + 1}: Báo cáo ngân sách", **_FONT)
        if i != 1:
            page.insert_text((72, 140), "Nghị quyết số 12 về ngân sách", **_FONT)
    doc[0].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 90, 200, 110),
                        "uri": "file:///etc/passwd"})
    doc.set_toc([[1, "Phần một", 1], [2, "Mục 1.1", 2], [1, "Phần hai", 3]])
    doc.save(path)
    doc.close()
    return path


def test_reader_queries_outline_sizes_search_words_text(tmp_path: Path,
                                                       worker: RenderProcess) -> None:
    pdf = _reader_pdf(tmp_path / "r.pdf")
    doc = worker.open(pdf)
    assert worker.page_sizes(doc.handle, doc.page_count) == (
        (595.0, 842.0), (842.0, 595.0), (595.0, 842.0))
    assert [(e.level, e.title, e.page) for e in worker.toc(doc.handle, doc.page_count)] == [
        (1, "Phần một", 0), (2, "Mục 1.1", 1), (1, "Phần hai", 2)]
    found = worker.search(doc.handle, "Nghị quyết", doc.page_count)
    assert [h.page for h in found.hits] == [0, 2] and not found.truncated
    x0, y0, x1, y1 = found.hits[0].rect
    assert 60 < x0 < x1 and 110 < y0 < y1 < 160
    few = worker.search(doc.handle, "ngân sách", doc.page_count, max_hits=2)
    assert [h.page for h in few.hits] == [0, 0] and few.truncated
    assert worker.search(doc.handle, "không có", doc.page_count).hits == ()
    words = worker.words(doc.handle, 0)
    assert [w.text for w in words[:4]] == ["Trang", "1:", "Báo", "cáo"]
    assert words[0].line == words[1].line
    assert worker.text(doc.handle, 2, (60, 120, 500, 160)).strip() == (
        "Nghị quyết số 12 về ngân sách")
    assert worker.restarts == 0


def test_tiles_and_thumbnails_match_the_whole_page(tmp_path: Path,
                                                   worker: RenderProcess) -> None:
    pdf = _reader_pdf(tmp_path / "t.pdf")
    doc = worker.open(pdf)
    whole = worker.render(doc.handle, 0, zoom=2.0)
    tile = worker.render(doc.handle, 0, zoom=2.0, clip=(50, 80, 300, 160))
    assert (tile.width, tile.height) == (500, 160)
    # the tile's rows are the whole page's pixels at the same place
    row = 30
    start = (80 * 2 + row) * whole.stride + 50 * 2 * 3
    assert tile.to_bytes()[row * tile.stride:row * tile.stride + 3 * 500] == (
        whole.to_bytes()[start:start + 3 * 500])
    thumb = worker.thumb(doc.handle, 1, box=120)
    assert thumb.width == 120 and 80 <= thumb.height <= 90  # landscape page
    with pytest.raises(IndexError):
        worker.render(doc.handle, 0, zoom=1.0, clip=(700, 900, 800, 1000))  # off the page
    with pytest.raises(ValueError):
        worker.thumb(doc.handle, 0, box=4)


def test_a_search_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    slow = _slow_pdf(tmp_path / "slow.pdf")
    with RenderProcess() as rp:
        doc = rp.open(slow)
        # reading a page of 400,000 drawing operators cannot finish in 5 ms on any machine
        rp.page_timeout = 0.005
        with pytest.raises(InvalidDocumentError) as info:
            rp.search(doc.handle, "ngân sách", doc.page_count)
        assert info.value.reason in ("render_timeout", "render_crashed")
        with pytest.raises(InvalidDocumentError) as info:
            rp.words(doc.handle, 0)
        assert info.value.reason in ("render_timeout", "render_crashed")
        assert rp.restarts == 2


def test_words_hits_and_text_are_where_a_rotated_page_shows_them(tmp_path: Path,
                                                                  worker: RenderProcess) -> None:
    """PyMuPDF reports text in unrotated page space; the reader works in the space the
    page is shown in (its /Rotate applied). Every box must cover the word's pixels."""
    path = tmp_path / "rotated.pdf"
    src = pymupdf.open()
    for rotation in (0, 90, 180, 270):
        page = src.new_page(width=600, height=800)
        page.insert_text((100, 120), "Resolution adopted", fontsize=28)
        page.set_rotation(rotation)
    src.save(path)
    src.close()
    doc = worker.open(path)
    # each page's displayed size and its /Rotate, for the notes' unrotated space
    assert worker.page_layout(doc.handle, doc.page_count) == (
        ((600.0, 800.0), (800.0, 600.0), (600.0, 800.0), (800.0, 600.0)), (0, 90, 180, 270))
    found = worker.search(doc.handle, "Resolution", doc.page_count)
    assert [h.page for h in found.hits] == [0, 1, 2, 3]
    for hit in found.hits:
        page = worker.render(doc.handle, hit.page, zoom=1.0)
        x0, y0, x1, y1 = (round(v) for v in hit.rect)
        assert (x1 - x0 > 0) and (y1 - y0 > 0)
        rows = page.samples.tobytes()
        dark = sum(1 for y in range(max(0, y0), min(page.height, y1))
                   for x in range(max(0, x0), min(page.width, x1))
                   if rows[y * page.stride + 3 * x] < 128)
        assert dark > 20, f"no ink under the hit on page {hit.page + 1}"
        words = worker.words(doc.handle, hit.page)
        first = next(w for w in words if w.text == "Resolution")
        assert all(abs(a - b) < 0.5 for a, b in zip(first.rect, hit.rect, strict=True))
        assert "Resolution" in worker.text(doc.handle, hit.page, hit.rect)


def test_pages_drawn_straight_into_a_reused_arena_block_match_in_process_rendering(
        tmp_path: Path) -> None:
    """Rotated pages, a page whose box does not start at (0, 0) and an annotation come
    out exactly as ``PdfRenderer.render`` draws them, also in a block another page used."""
    import gc

    doc = pymupdf.open()
    for i in range(4):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Trang {i + 1}: Tờ trình", **_FONT)
        page.draw_rect(pymupdf.Rect(50, 300, 400, 500), color=(0.8, 0.1, 0.1), fill=(0, 0, 1))
    doc[1].set_rotation(90)
    doc[2].set_mediabox(pymupdf.Rect(30, 40, 560, 800))
    doc[3].add_highlight_annot(pymupdf.Rect(70, 85, 250, 105))
    doc[3].set_rotation(270)
    pdf = tmp_path / "f.pdf"
    doc.save(pdf)
    doc.close()
    with PdfRenderer.open(pdf) as local:
        expected = [local.render(i, zoom=1.37) for i in range(4)]
        want = [(p.width, p.height, p.stride, p.to_bytes()) for p in expected]
    with RenderProcess() as rp:
        handle = rp.open(pdf).handle
        for order in ((3, 2, 1, 0), (0, 1, 2, 3)):  # the second round draws other pages
            got = {i: rp.render(handle, i, zoom=1.37) for i in order}  # in the used blocks
            pages = [got[i] for i in range(4)]
            assert [(p.width, p.height, p.stride, p.to_bytes()) for p in pages] == want
            del got
            del pages
            gc.collect()


def _search_pdf(path: Path) -> Path:
    """Page 1: a caption at the foot drawn first, then the body; page 2: NFD text ("việc"
    as e + two marks) and a phrase across a line break."""
    font = {"fontname": "dv", "fontfile": str(font_path())}
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 780), "Hình 3: Cơ cấu ngân sách", **font)  # drawn first
    page.insert_text((300, 100), "Phần II: NGÂN SÁCH địa phương", **font)
    page.insert_text((72, 100), "Dự toán ngân sách nhà nước", **font)
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), unicodedata.normalize("NFD", "Kiểm tra việc chi ngân"),
                     **font)
    page.insert_text((72, 130), "sách đúng hạn", **font)
    doc.save(path)
    doc.close()
    return path


def test_search_ignores_marks_and_case_and_answers_in_reading_order(
        tmp_path: Path, worker: RenderProcess) -> None:
    pdf = _search_pdf(tmp_path / "find.pdf")
    doc = worker.open(pdf)
    found = worker.search(doc.handle, "ngan sach", doc.page_count)
    # page 1: the body line at the top left, the heading beside it, the caption last
    assert [h.page for h in found.hits] == [0, 0, 0, 1]
    (ax0, ay0, _, _), (bx0, by0, _, _), (_, cy0, _, _) = (h.rect for h in found.hits[:3])
    assert ay0 < 110 and by0 < 110 and ax0 < bx0 and cy0 > 700
    with pymupdf.open(pdf) as plain:
        words = plain[0].get_text("words")
        body = [w for w in words if w[1] < 110 and w[0] < 290 and w[4] in ("ngân", "sách")]
        # the box covers exactly "ngân sách": from the first glyph to the last
        assert abs(found.hits[0].rect[0] - body[0][0]) < 1
        assert abs(found.hits[0].rect[2] - body[1][2]) < 1
        second = {unicodedata.normalize("NFC", w[4]): w for w in plain[1].get_text("words")}
        ngan, sach = second["ngân"], second["sách"]
    across = found.hits[3]
    assert len(across.more) == 1  # "ngân" ends one line, "sách" begins the next
    assert all(abs(a - b) < 1 for a, b in zip(across.rect, ngan[:4], strict=True))
    assert all(abs(a - b) < 1 for a, b in zip(across.more[0], sach[:4], strict=True))
    exact = worker.search(doc.handle, "ngân sách", doc.page_count, exact=True)
    assert [h.page for h in exact.hits] == [0, 0, 1] and exact.exact
    assert worker.search(doc.handle, "viec chi", doc.page_count).hits[0].page == 1
    nfd = worker.search(doc.handle, "việc", doc.page_count, exact=True)
    assert len(nfd.hits) == 1
    assert worker.search(doc.handle, "Viec", doc.page_count, exact=True).hits == ()
    assert worker.restarts == 0
