"""check_pdf: good PDFs pass; non-PDFs, damaged, empty, locked, slow and huge ones do not."""

from __future__ import annotations

import asyncio
import zlib
from pathlib import Path

import pymupdf
import pytest

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf import samples
from meetingroom.pdf.check import PdfInfo, check_pdf, check_pdf_async
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.sniff import sniff_pdf

ZERO_PAGES = (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
              b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
              b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
"""A valid header and objects but no xref table: MuPDF repairs it and finds no pages."""


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples.make_document(tmp_path_factory.mktemp("check") / "good.pdf",
                                 title="Dự thảo Nghị quyết", pages=3)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_good_pdf_is_accepted_with_its_pages_and_title(good: Path) -> None:
    assert check_pdf(good) == PdfInfo(pages=3, encrypted=False, title="Dự thảo Nghị quyết")


def test_text_file_named_pdf_is_refused_as_not_a_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.pdf", "Biên bản cuộc họp\n".encode() * 50)
    with pytest.raises(InvalidDocumentError, match="not a PDF"):
        check_pdf(path)


def test_garbage_after_a_pdf_header_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40)
    with pytest.raises(InvalidDocumentError, match="cannot be opened"):
        check_pdf(path)


def test_truncated_pdf_is_refused_as_incomplete(tmp_path: Path, good: Path) -> None:
    data = good.read_bytes()
    path = _write(tmp_path / "cut.pdf", data[: len(data) // 2])
    with pytest.raises(InvalidDocumentError, match="incomplete"):
        check_pdf(path)


def test_pdf_that_opens_with_no_pages_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.pdf", ZERO_PAGES)
    with pymupdf.open(path) as doc:
        assert doc.page_count == 0, "the fixture really opens with zero pages"
    with pytest.raises(InvalidDocumentError, match="no pages"):
        check_pdf(path)


def test_pdf_needing_a_password_is_refused(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "locked.pdf"
    with pymupdf.open(good) as doc:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mật khẩu",
                 owner_pw="chủ sở hữu")
    with pytest.raises(PasswordRequiredError, match="password") as caught:
        check_pdf(path)
    assert isinstance(caught.value, InvalidDocumentError)
    assert caught.value.needs_password


def test_pdf_with_only_an_owner_password_is_accepted_as_encrypted(tmp_path: Path,
                                                                  good: Path) -> None:
    path = tmp_path / "restricted.pdf"
    with pymupdf.open(good) as doc:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="chủ sở hữu",
                 permissions=pymupdf.PDF_PERM_PRINT)
    info = check_pdf(path)
    assert info.encrypted and info.pages == 3


def test_a_check_over_its_time_is_refused_as_too_slow(good: Path) -> None:
    with pytest.raises(InvalidDocumentError, match="too long"):
        check_pdf(good, timeout=0.001)


def _xref_bomb(entries: int) -> bytes:
    """A one-page PDF whose 50 KB compressed xref stream declares ``entries`` objects.

    MuPDF allocates 40 bytes per declared object when it opens the file (320 MB for
    eight million), the shape of a memory-exhaustion upload.
    """
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    rows += [b"\x01" + at.to_bytes(4, "big") + b"\x00\x00" for at in [*offsets, xref_at]]
    rows.append(bytes(7 * (entries - len(rows))))
    stream = zlib.compress(b"".join(rows), 9)
    out += (b"4 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode"
            b" /Length %d >>\nstream\n" % (entries, len(stream)))
    out += stream + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def test_a_check_over_its_memory_is_refused_as_too_big(tmp_path: Path) -> None:
    bomb = _write(tmp_path / "bomb.pdf", _xref_bomb(8_000_000))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(InvalidDocumentError, match="too much memory"):
        check_pdf(bomb, memory_mb=200)


def test_missing_file_is_reported_as_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocumentError, match="could not be read"):
        check_pdf(tmp_path / "absent.pdf")


def test_async_check_gives_the_same_answers(tmp_path: Path, good: Path) -> None:
    empty = _write(tmp_path / "empty.pdf", ZERO_PAGES)

    async def scenario() -> PdfInfo:
        with pytest.raises(InvalidDocumentError, match="no pages"):
            await check_pdf_async(empty)
        with pytest.raises(InvalidDocumentError, match="too long"):
            await check_pdf_async(good, timeout=0.001)
        return await check_pdf_async(good)

    assert asyncio.run(scenario()).pages == 3


def test_async_check_leaves_the_loop_free_while_the_worker_runs(good: Path) -> None:
    async def scenario() -> int:
        ticks = 0
        task = asyncio.create_task(check_pdf_async(good))
        while not task.done():
            ticks += 1
            await asyncio.sleep(0.001)
        assert (await task).pages == 3
        return ticks

    assert asyncio.run(scenario()) > 5


def test_sniff_accepts_a_header_within_the_first_kilobyte_only() -> None:
    assert sniff_pdf(b"%PDF-1.7\n")
    assert sniff_pdf(b"\x00" * 1000 + b"%PDF-1.4")
    assert not sniff_pdf(b"\x00" * 1024 + b"%PDF-1.4")
    assert not sniff_pdf(b"PK\x03\x04 a zip file")


def _child_pids() -> set[int]:
    pids: set[int] = set()
    for children in Path("/proc/self/task").glob("*/children"):
        pids.update(int(pid) for pid in children.read_text().split())
    return pids


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_cancelling_an_async_check_kills_its_worker(good: Path) -> None:
    async def scenario() -> tuple[set[int], set[int]]:
        task = asyncio.create_task(check_pdf_async(good))
        while not _child_pids():
            await asyncio.sleep(0.001)
        started = _child_pids()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return started, _child_pids()  # before asyncio.run's own clean-up can kill it

    started, left = asyncio.run(scenario())
    assert started and not (started & left)
