"""The minutes PDF: readable Vietnamese, embedded fonts, pages, stamp band, PDF/A shape."""

from __future__ import annotations

import re
import shutil
import socket
import struct
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from meetingroom.domain.minutes_draft import MinutesHeader, draft_html, record_from_snapshot
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    Participant,
)
from meetingroom.domain.richtext import sanitize_html
from meetingroom.domain.roles import Role
from meetingroom.domain.signatures import PAGE_A4, STAMP_AREA_TOP, STAMP_BOXES
from meetingroom.paths import font_path
from meetingroom.pdf._srgb import D50, srgb_icc_profile
from meetingroom.pdf.minutes import render_minutes_pdf

WHEN = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
HEADER = MinutesHeader("UBND TỈNH NAM ĐỊNH", "Họp thường kỳ tháng 12", "01/12/2026")
PARA = ("<p>Đại biểu Nguyễn Văn An phát biểu: cần đẩy nhanh tiến độ giải ngân vốn đầu tư "
        "công, <b>tăng cường</b> kỷ luật tài chính và <i>rà soát</i> các dự án chậm tiến độ.</p>")
BAND_TOP = PAGE_A4[1] - STAMP_AREA_TOP
"""The stamp band's top edge in page coordinates (origin top left)."""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def snapshot() -> MeetingSnapshot:
    meeting = Meeting("m1", "Họp thường kỳ tháng 12", "Phòng họp tầng 3", "2026-12-01T08:30",
                      MeetingStatus.PUBLISHED, "u0")
    people = (Participant("u1", "Nguyễn Văn An", Role.CHAIR, True),
              Participant("u2", "Trần Thị Bình", Role.SECRETARY, True),
              Participant("u3", "Lê Văn Cường", Role.DELEGATE, True))
    items = tuple(AgendaItem(f"i{n}", None, n, f"Nội dung thứ {n + 1}: kế hoạch đầu tư công",
                             notes="Ý kiến thảo luận của đại biểu.\nĐề nghị bổ sung số liệu.")
                  for n in range(4))
    docs = (Document("d1", "i0", "Tờ trình số 12.pdf", "a" * 64, 100, 14),)
    return MeetingSnapshot(meeting=meeting, rev=3, participants=people, items=items,
                           documents=docs)


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = render_minutes_pdf(draft_html(record_from_snapshot(snapshot())), HEADER, created=WHEN)
    path = tmp_path_factory.mktemp("minutes") / "draft.pdf"
    path.write_bytes(pdf)
    return path


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_minutes_pdf("<h1>BIÊN BẢN CUỘC HỌP</h1>" + PARA * 400, HEADER, created=WHEN)


def test_poppler_finds_the_vietnamese_text_intact(draft_pdf: Path) -> None:
    text = subprocess.run([tool("pdftotext"), "-layout", str(draft_pdf), "-"],
                          capture_output=True, check=True, text=True).stdout
    for words in ("BIÊN BẢN CUỘC HỌP", "Nguyễn Văn An", "Trần Thị Bình", "Chủ trì",
                  "Kết luận", "Tờ trình số 12.pdf (14 trang)", "Đề nghị bổ sung số liệu",
                  "UBND TỈNH NAM ĐỊNH · Họp thường kỳ tháng 12 · 01/12/2026", "Trang 1/",
                  "THƯ KÝ", "CHỦ TỌA"):
        assert words in text


def test_poppler_sees_every_font_embedded(draft_pdf: Path) -> None:
    out = subprocess.run([tool("pdffonts"), str(draft_pdf)], capture_output=True, check=True,
                         text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
        assert "DejaVu" in row


def test_qpdf_finds_no_errors(draft_pdf: Path, long_pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "long.pdf").write_bytes(long_pdf)
    for path in (draft_pdf, tmp_path / "long.pdf"):
        done = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "No syntax or stream encoding errors" in done.stdout


def test_long_minutes_paginate_with_header_and_footer_on_every_page(long_pdf: bytes) -> None:
    with pymupdf.open("pdf", long_pdf) as doc:
        total = doc.page_count
        assert total >= 20
        for n, page in enumerate(doc, start=1):
            assert page.rect == pymupdf.Rect(0, 0, *PAGE_A4)
            text = page.get_text()
            assert "UBND TỈNH NAM ĐỊNH · Họp thường kỳ tháng 12" in text
            assert f"Trang {n}/{total}" in text
            assert "Đại biểu Nguyễn Văn An" in text


def _body_blocks(page: pymupdf.Page) -> list[pymupdf.Rect]:
    return [pymupdf.Rect(b[:4]) for b in page.get_text("blocks")
            if not b[4].startswith(("Trang ", "THƯ KÝ", "UBND"))]


@pytest.mark.parametrize("paragraphs", range(14, 30))
def test_last_page_keeps_the_stamp_band_empty(paragraphs: int) -> None:
    pdf = render_minutes_pdf(PARA * paragraphs, HEADER, created=WHEN)
    with pymupdf.open("pdf", pdf) as doc:
        last = doc[-1]
        for block in last.get_text("blocks"):
            rect = pymupdf.Rect(block[:4])
            for x0, y0, x1, y1 in STAMP_BOXES:
                box = pymupdf.Rect(x0, PAGE_A4[1] - y1, x1, PAGE_A4[1] - y0)
                assert not rect.intersects(box), (block[4], box)
        for rect in _body_blocks(last):
            assert rect.y1 <= BAND_TOP, rect


def test_text_that_would_reach_the_stamp_band_moves_to_a_new_page() -> None:
    moved = 0
    for paragraphs in range(14, 30):
        with pymupdf.open("pdf", render_minutes_pdf(PARA * paragraphs, HEADER,
                                                    created=WHEN)) as doc:
            if doc.page_count > 1 and any(
                    r.y1 > BAND_TOP for r in _body_blocks(doc[-2])):
                moved += 1
                assert _body_blocks(doc[-1])  # the tail went to the last page
    assert moved > 0  # some length between 14 and 30 paragraphs hit the band


def test_hostile_html_never_reaches_files_or_the_network(tmp_path: Path) -> None:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 4, 4), False)
    image = tmp_path / "leak.png"
    image.write_bytes(pix.tobytes("png"))
    secret = tmp_path / "secret.html"
    secret.write_text("<p>TOPSECRET</p>", encoding="utf-8")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        hostile = (
            f'<img src="{image}"><img src="file://{image}"><img src="{url}/x.png">'
            f'<p style="background-image:url({image})">a</p>'
            f'<style>@import url({url}/s.css); @font-face {{ src: url({url}/f.ttf) }}</style>'
            f'<link rel="stylesheet" href="{url}/l.css"><a href="{url}/a">link</a>'
            f'<iframe src="{secret}"></iframe><object data="{secret}"></object>'
            f'<embed src="{image}"><svg><image href="{image}"/></svg>'
            '<script>document.write("x")</script><p>Nội dung</p>')
        for pdf in (render_minutes_pdf(hostile, HEADER, created=WHEN),
                    render_minutes_pdf(sanitize_html(hostile), HEADER, created=WHEN)):
            with pymupdf.open("pdf", pdf) as doc:
                assert all(not page.get_images() for page in doc)
                assert all(not list(page.links()) for page in doc)
                text = "".join(page.get_text() for page in doc)
                assert "Nội dung" in text and "TOPSECRET" not in text
                assert "x" not in text.replace("Nội dung", "")
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected


def test_pdfa_metadata_intent_and_id(draft_pdf: Path) -> None:
    raw = draft_pdf.read_bytes()
    assert raw.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in raw[10:14])
    with pymupdf.open(draft_pdf) as doc:
        assert not doc.is_encrypted
        xmp = doc.get_xml_metadata()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        assert doc.metadata is not None
        assert doc.metadata["title"] == HEADER.title
        assert f'<rdf:li xml:lang="x-default">{HEADER.title}</rdf:li>' in xmp
        assert f"<pdf:Producer>{doc.metadata['producer']}</pdf:Producer>" in xmp
        assert "<xmp:CreateDate>2026-12-01T08:30:00Z</xmp:CreateDate>" in xmp
        assert doc.metadata["creationDate"].startswith("D:20261201083000")
        cat = doc.pdf_catalog()
        assert doc.xref_get_key(cat, "Info")[0] == "null"
        meta = int(doc.xref_get_key(cat, "Metadata")[1].split()[0])
        assert doc.xref_get_key(meta, "Filter")[0] == "null"  # XMP stays unfiltered
        kind, intents = doc.xref_get_key(cat, "OutputIntents")
        assert kind == "array"
        intent = int(re.findall(r"(\d+) 0 R", intents)[0])
        assert doc.xref_get_key(intent, "S")[1] == "/GTS_PDFA1"
        icc = int(doc.xref_get_key(intent, "DestOutputProfile")[1].split()[0])
        assert doc.xref_get_key(icc, "N")[1] == "3"
        assert doc.xref_stream(icc) == srgb_icc_profile()
        kind, ids = doc.xref_get_key(-1, "ID")
        assert kind == "array" and len(re.findall(r"<[0-9A-F]{32}>", ids)) == 2
        everything = "".join(doc.xref_object(x, compressed=True)
                             for x in range(1, doc.xref_length()))
        for forbidden in ("/JavaScript", "/JS", "/SMask", "/Group", "/CA ", "/ca ",
                          "/Annots", "/EmbeddedFile", "/OpenAction", "/AA"):
            assert forbidden not in everything
        for x in range(1, doc.xref_length()):
            if doc.xref_get_key(x, "Subtype")[1] == "/CIDFontType2":
                assert doc.xref_get_key(x, "CIDToGIDMap")[1] == "/Identity"


def test_same_inputs_give_the_same_bytes() -> None:
    html = draft_html(record_from_snapshot(snapshot()))
    first = render_minutes_pdf(html, HEADER, created=WHEN)
    assert render_minutes_pdf(html, HEADER, created=WHEN) == first
    assert render_minutes_pdf(html + "<p>x</p>", HEADER, created=WHEN) != first


def test_italic_uses_the_oblique_face_when_shipped() -> None:
    if not (font_path().parent / "DejaVuSans-Oblique.ttf").is_file():
        pytest.skip("DejaVuSans-Oblique.ttf is not in the resources this run uses")
    pdf = render_minutes_pdf("<p>thẳng <i>nghiêng</i></p>", HEADER, created=WHEN)
    with pymupdf.open("pdf", pdf) as doc:
        fonts = {s["text"].strip(): s["font"] for b in doc[0].get_text("dict")["blocks"]
                 for line in b.get("lines", []) for s in line["spans"]}
    assert "Oblique" in fonts["nghiêng"]


def test_srgb_profile_is_a_well_formed_v2_display_profile() -> None:
    icc = srgb_icc_profile()
    assert struct.unpack(">I", icc[:4])[0] == len(icc)
    assert icc[8] == 2 and icc[12:24] == b"mntrRGB XYZ " and icc[36:40] == b"acsp"
    count = struct.unpack(">I", icc[128:132])[0]
    tags = {}
    for n in range(count):
        sig, off, size = struct.unpack(">4sII", icc[132 + 12 * n:144 + 12 * n])
        assert off % 4 == 0 and off + size <= len(icc)
        tags[sig] = icc[off:off + size]
    assert set(tags) == {b"desc", b"cprt", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ",
                         b"rTRC", b"gTRC", b"bTRC"}

    def xyz(tag: bytes) -> tuple[float, ...]:
        return tuple(v / 65536 for v in struct.unpack(">3i", tags[tag][8:20]))
    white = [sum(c) for c in zip(xyz(b"rXYZ"), xyz(b"gXYZ"), xyz(b"bXYZ"), strict=True)]
    assert white == pytest.approx(list(D50), abs=2e-3)  # RGB white maps to the D50 PCS white
    curve = struct.unpack(">1024H", tags[b"rTRC"][12:])
    assert curve[0] == 0 and curve[-1] == 65535 and list(curve) == sorted(curve)
