"""Generate a scanned-looking PDF: every page one full-page JPEG, no text layer (benchmarks).

A committee's papers are often scans of signed originals: a greyscale or colour photo
of the sheet at ~200 dpi, with paper grain, a slightly grey background, dark lines of
"text" (blocks of ink, not characters: there is nothing to extract, as in a real scan
without OCR), and on colour pages a red seal. The grain is random noise, so the JPEGs
are about as large as real scans (a few hundred KiB a page) and MuPDF has to decode a
full-page image for every page, which is what makes scans slow to show.
Deterministic for a given seed (same pixels, same bytes).
"""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path
from typing import Any

import pymupdf

from meetingroom.pdf import _layout as lay
from meetingroom.pdf._identity import set_file_id

log = logging.getLogger("meetingroom.pdf")

SCAN_DPI = 200
GRAIN = 24
"""Range of the paper grain (levels of 255): a cheap flatbed scanner's noise."""
JPEG_QUALITY = 75


def make_scanned_document(path: str | Path, *, pages: int = 30, dpi: int = SCAN_DPI,
                          seed: int = 0, colour_every: int = 3) -> Path:
    """Write ``pages`` A4 pages, each one JPEG scan at ``dpi`` (every ``colour_every``-th
    page in colour with a red seal, the others greyscale); return the path."""
    if pages < 1 or dpi < 36:
        raise ValueError("a scan needs at least one page and 36 dpi")
    started = time.perf_counter()
    rng = random.Random(seed)
    w, h = round(lay.PAGE_W / 72 * dpi), round(lay.PAGE_H / 72 * dpi)
    doc = pymupdf.open()
    with doc:
        for p in range(pages):
            colour = colour_every > 0 and p % colour_every == colour_every - 1
            pix = _sheet(w, h, dpi, rng, colour=colour)
            page = doc.new_page(width=lay.PAGE_W, height=lay.PAGE_H)
            page.insert_image(page.rect, stream=pix.tobytes("jpeg", jpg_quality=JPEG_QUALITY))
        set_file_id(doc, f"scan|{pages}|{dpi}|{seed}|{colour_every}".encode())
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(out), garbage=1, no_new_id=True)
    log.info("made a %d-page scan at %d dpi, %d bytes, in %.1f s", pages, dpi,
             out.stat().st_size, time.perf_counter() - started)
    return out


def _sheet(w: int, h: int, dpi: int, rng: random.Random, *, colour: bool) -> Any:
    """One scanned sheet as a pixmap: grain, a darker left edge, lines of ink blocks."""
    n = 3 if colour else 1
    stride = w * n
    paper = 255 - GRAIN - rng.randint(0, 8)
    table = bytes(paper + v % (GRAIN + 1) for v in range(256))
    buf = bytearray(rng.randbytes(w * h * n).translate(table))
    mm = dpi / 25.4

    def fill(x0: int, y0: int, x1: int, y1: int, rgb: tuple[int, ...]) -> None:
        run = bytes(rgb[:n]) * (x1 - x0)
        for y in range(max(0, y0), min(h, y1)):
            buf[y * stride + x0 * n:y * stride + x1 * n] = run

    fill(0, 0, round(4 * mm), h, (170, 170, 170))  # the scanner's edge
    left, right = round(25 * mm), w - round(20 * mm)
    y, line, glyph = round(25 * mm), round(6.5 * mm), round(2.6 * mm)
    while y + glyph < h - round(25 * mm):
        x = left + (round(12 * mm) if rng.random() < 0.15 else 0)
        end = right - (rng.randint(0, right - left) if rng.random() < 0.12 else 0)
        while x < end:
            word = min(end - x, rng.randint(round(4 * mm), round(18 * mm)))
            fill(x, y, x + word, y + glyph, (40, 40, 48))
            x += word + round(1.8 * mm)
        y += line + (line if rng.random() < 0.08 else 0)
    if colour:
        cx, cy, r = right - round(35 * mm), h - round(60 * mm), round(18 * mm)
        for dy in range(-r, r + 1):
            half = int((r * r - dy * dy) ** 0.5)
            if (dy // 3) % 2 == 0:  # a ring of stamp ink, not a solid disc
                fill(cx - half, cy + dy, cx + half, cy + dy + 1, (205, 40, 40))
    return pymupdf.Pixmap(pymupdf.csRGB if colour else pymupdf.csGRAY, w, h, bytes(buf),
                          False)
