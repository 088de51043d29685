"""Generate realistic Vietnamese sample PDFs: demo documents and benchmark packs.

Every sample is A4, embeds (a subset of) DejaVu Sans so that Vietnamese diacritics
render and extract exactly, carries a running title and "Trang X/Y" page numbers,
and is deterministic for a given seed (same text, same images, same bytes).
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pymupdf

from meetingroom.pdf import _layout as lay
from meetingroom.pdf._identity import set_file_id, stable_subset_tags
from meetingroom.pdf._sample_text import CHART_CAPTIONS, PROVINCE, SECTIONS

log = logging.getLogger("meetingroom.pdf")

_DATE = "D:20261015090000+07'00'"
_IMAGE_OVERHEAD = 400
"""Bytes an embedded image costs beyond its pixels (dictionary, xref entry, content op)."""


class DemoDocument(NamedTuple):
    """One document of the demo meeting (a tuple, so it also unpacks as 4 values)."""

    item_key: str
    """Key of the agenda item the document belongs to."""
    filename: str
    """File name written by :func:`make_demo_documents`."""
    title: str
    """Title printed on the document and stored in its metadata."""
    pages: int
    """Number of pages."""


DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    DemoDocument("kinh-te-xa-hoi", "bao-cao-kt-xh-9-thang-2026.pdf",
                 "Báo cáo tình hình kinh tế - xã hội 9 tháng năm 2026", 12),
    DemoDocument("kinh-te-xa-hoi", "phu-luc-so-lieu-kt-xh-9-thang-2026.pdf",
                 "Phụ lục số liệu kinh tế - xã hội 9 tháng năm 2026", 5),
    DemoDocument("dau-tu-cong", "du-thao-nghi-quyet-dau-tu-cong-2027.pdf",
                 "Dự thảo Nghị quyết về kế hoạch đầu tư công năm 2027", 8),
    DemoDocument("quy-hoach-dat", "to-trinh-dieu-chinh-quy-hoach-su-dung-dat.pdf",
                 "Tờ trình điều chỉnh quy hoạch sử dụng đất đến năm 2030", 6),
    DemoDocument("giao-duc", "bao-cao-chuan-bi-nam-hoc-2026-2027.pdf",
                 "Báo cáo tình hình chuẩn bị năm học 2026 - 2027", 4),
    DemoDocument("y-te", "ke-hoach-y-te-co-so-2026-2030.pdf",
                 "Kế hoạch nâng cao năng lực y tế cơ sở giai đoạn 2026 - 2030", 3),
)
"""The documents of a provincial People's Committee meeting, by agenda item key."""

_Slot = tuple[int, pymupdf.Rect]
_SYMBOLS = (("tờ trình", "TTr-UBND"), ("nghị quyết", "NQ-HĐND"), ("kế hoạch", "KH-UBND"),
            ("quyết định", "QĐ-UBND"))


def make_document(path: str | Path, *, title: str, paragraphs: Sequence[str] | None = None,
                  pages: int = 4, seed: int = 0, images: bool = False) -> Path:
    """Write an A4 document of exactly ``pages`` pages to ``path`` and return the path.

    The body is ``paragraphs`` (by default, sections of a provincial report chosen by
    ``seed``), repeated until the pages are full; text that does not fit is cut.
    With ``images`` every page carries a bar chart drawn from ``seed``.
    """
    doc, slots = _compose(title=title, paragraphs=paragraphs, pages=pages, seed=seed,
                          image_slots=images)
    with doc:
        for page_index, rect in slots:
            pix = _chart(rect, random.Random(seed * 1_000_003 + page_index))
            doc[page_index].insert_image(rect, pixmap=pix)
        body = None if paragraphs is None else tuple(paragraphs)
        return _save(doc, Path(path), identity=repr((title, pages, seed, images, body)))


def make_demo_documents(directory: str | Path) -> dict[str, list[Path]]:
    """Write every :data:`DEMO_DOCUMENTS` entry into ``directory``; paths by agenda item key."""
    out: dict[str, list[Path]] = {}
    for n, spec in enumerate(DEMO_DOCUMENTS):
        path = make_document(Path(directory) / spec.filename, title=spec.title,
                             pages=spec.pages, seed=n, images=spec.pages >= 5)
        out.setdefault(spec.item_key, []).append(path)
    return out


def make_long_document(path: str | Path, *, pages: int = 300, seed: int = 0) -> Path:
    """A long report with text and a distinct chart on every page (the "open a big PDF" case)."""
    return make_document(path, title="Báo cáo tổng hợp số liệu kinh tế - xã hội giai đoạn"
                         " 2021 - 2026", pages=pages, seed=seed, images=True)


def make_pack(directory: str | Path, *, total_bytes: int, count: int,
              seed: int = 0) -> list[Path]:
    """Write ``count`` PDFs totalling about ``total_bytes`` (within a few percent).

    Most of the bytes are random-noise images, which no compressor can shrink, so a
    transfer of the pack moves the bytes it claims. Each document costs at least the
    ~40 KB of its text and font subset, so ask for more than that per document.
    """
    if count < 1 or total_bytes < 1:
        raise ValueError("count and total_bytes must be positive")
    started = time.perf_counter()
    rng = random.Random(seed)
    paths: list[Path] = []
    for k in range(count):
        target = total_bytes // count + (1 if k < total_bytes % count else 0)
        topic = SECTIONS[k % len(SECTIONS)][0].split(". ", 1)[1].lower()
        title = f"Tài liệu họp số {k + 1:02d}: {topic}"
        doc, slots = _compose(title=title, paragraphs=None, pages=2 + k % 3, seed=seed + k,
                              image_slots=True, captions=("Ảnh tư liệu hiện trường",))
        with doc:
            doc.subset_fonts()
            base = len(doc.tobytes(garbage=1, deflate=True))
            budget = max(0, target - base - _IMAGE_OVERHEAD * len(slots))
            for i, (page_index, rect) in enumerate(slots):
                share = budget // len(slots) + (budget % len(slots) if i == 0 else 0)
                if share >= 3:
                    doc[page_index].insert_image(rect, pixmap=_noise(rect, share // 3, rng))
            paths.append(_save(doc, Path(directory) / f"pack-{k + 1:03d}.pdf", subset=False,
                               identity=f"pack|{k}|{count}|{total_bytes}|{seed}"))
    log.info("made a pack of %d PDFs, %d bytes, in %.1f s", count,
             sum(p.stat().st_size for p in paths), time.perf_counter() - started)
    return paths


def _compose(*, title: str, paragraphs: Sequence[str] | None, pages: int, seed: int,
             image_slots: bool, captions: Sequence[str] = CHART_CAPTIONS
             ) -> tuple[Any, list[_Slot]]:
    """A new document with its text laid out, and the image rectangles it left empty."""
    if pages < 1:
        raise ValueError("a document needs at least one page")
    ts = lay.Typesetter()
    if paragraphs is None:
        start = seed % len(SECTIONS)
        order = SECTIONS[start:] + SECTIONS[:start]
        blocks = [ts.block(heading, paras) for heading, paras in order]
    else:
        blocks = [ts.block(None, paragraphs)]
    lines = [line for block in blocks for line in block]
    doc = pymupdf.open()
    slots: list[_Slot] = []
    outline: list[list[Any]] = []
    """[1, heading, page] for each section's first appearance (the body repeats)."""
    cursor = 0
    last_bold = False
    for p in range(pages):
        page = doc.new_page(width=lay.PAGE_W, height=lay.PAGE_H)
        ts.prepare(page)
        shape = page.new_shape()
        lay.running_header_footer(ts, shape, title=title, number=p + 1, total=pages)
        y = lay.TOP + lay.BODY_SIZE
        if p == 0:
            y = lay.letterhead(ts, shape, title=title, province=PROVINCE,
                               doc_number=f"{100 + seed % 900}/{_symbol(title)}",
                               date_line=f"{PROVINCE}, ngày 15 tháng 10 năm 2026")
        bottom = lay.PAGE_H - lay.BOTTOM
        if image_slots:
            rect, caption_y = lay.image_slot(bottom)
            caption = f"Hình {p + 1}. {captions[(seed + p) % len(captions)]}"
            ts.centred(shape, (rect.x0 + rect.x1) / 2, caption_y, caption, size=9.5)
            slots.append((p, rect))
            bottom = rect.y0 - 10
        first = True
        run: list[lay.Line] = []  # lines drawn by one insert_text call (it is slow per call)
        run_y = y
        while lines:
            line = lines[cursor % len(lines)]
            y_line = y if first else y + line.before
            if y_line > bottom or (line.is_heading and y_line + lay.LINE_H > bottom):
                break
            if run and (line.x, line.before, line.bold) != (run[0].x, 0.0, run[0].bold):
                ts.lines(shape, lay.LEFT + run[0].x, run_y, [r.text for r in run],
                         bold=run[0].bold)
                run = []
            if not run:
                run_y = y_line
            run.append(line)
            if line.bold and cursor < len(lines):
                if last_bold and not line.before:
                    outline[-1][1] += " " + line.text  # a heading wrapped onto two lines
                else:
                    outline.append([1, line.text, p + 1])
            last_bold = line.bold
            y, first, cursor = y_line + lay.LINE_H, False, cursor + 1
        if run:
            ts.lines(shape, lay.LEFT + run[0].x, run_y, [r.text for r in run], bold=run[0].bold)
        shape.commit()
    if outline:
        doc.set_toc(outline)
    doc.set_metadata({
        "title": title, "author": f"Ủy ban nhân dân tỉnh {PROVINCE}",
        "subject": "Tài liệu phiên họp", "keywords": "", "creator": "Meetingroom samples",
        "producer": f"PyMuPDF {pymupdf.VersionBind}", "creationDate": _DATE, "modDate": _DATE,
    })
    return doc, slots


def _symbol(title: str) -> str:
    """The document-type symbol printed after its number, e.g. "TTr-UBND" for a tờ trình."""
    lowered = title.lower()
    for words, symbol in _SYMBOLS:
        if words in lowered:
            return symbol
    return "BC-UBND"


def _save(doc: Any, path: Path, *, identity: str, subset: bool = True) -> Path:
    """Subset the fonts and write ``doc`` compactly, with a file /ID made from ``identity``."""
    if subset:
        doc.subset_fonts()
    stable_subset_tags(doc)
    set_file_id(doc, identity.encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path), garbage=1, deflate=True, no_new_id=True)
    return path


def _chart(rect: pymupdf.Rect, rng: random.Random) -> Any:
    """A bar chart with shaded bars, as a raster sized for ``rect`` at 144 dpi."""
    w, h = round(rect.width * 2), round(rect.height * 2)
    buf = bytearray(b"\xff" * (w * h * 3))

    def fill(x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, ...]) -> None:
        run = bytes(rgb) * (x1 - x0)
        for y in range(y0, y1):
            buf[(y * w + x0) * 3:(y * w + x1) * 3] = run

    left, base, top = 48, h - 36, 14
    for gy in range(base, top, -((base - top) // 5)):
        fill(left, gy, w - 12, gy + 1, (222, 222, 222))
    bars = rng.randint(5, 12)
    slot = (w - left - 24) / bars
    hue = rng.choice(((31, 119, 180), (44, 160, 44), (214, 39, 40), (148, 103, 189)))
    for b in range(bars):
        x0 = round(left + 12 + b * slot)
        x1 = round(x0 + slot * 0.62)
        y0 = round(base - rng.uniform(0.15, 0.95) * (base - top))
        for sy in range(y0, base, 6):
            f = (sy - y0) / max(1, base - y0) * 0.45
            fill(x0, sy, x1, min(sy + 6, base), tuple(round(c + (255 - c) * f) for c in hue))
    fill(left - 2, top, left, base + 2, (60, 60, 60))
    fill(left - 2, base, w - 12, base + 2, (60, 60, 60))
    return pymupdf.Pixmap(pymupdf.csRGB, w, h, bytes(buf), False)


def _noise(rect: pymupdf.Rect, pixels: int, rng: random.Random) -> Any:
    """An RGB image of ``pixels`` random pixels (incompressible) with ``rect``'s aspect."""
    aspect = rect.width / rect.height
    h = max(1, math.isqrt(int(pixels / aspect)))
    w = max(1, pixels // h)
    return pymupdf.Pixmap(pymupdf.csRGB, w, h, rng.randbytes(w * h * 3), False)
