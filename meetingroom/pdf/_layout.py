"""Typeset wrapped Vietnamese text on A4 pages with the embedded DejaVu fonts."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from meetingroom.paths import font_path

PAGE_W, PAGE_H = 595.0, 842.0
"""A4 in points."""

LEFT, RIGHT, TOP, BOTTOM = 85.0, 57.0, 70.0, 64.0
"""Margins in points (Vietnamese administrative style: the wide margin is on the left)."""

BODY_SIZE = 11.0
"""Body text size in points."""

LINE_H = BODY_SIZE * 1.45
"""Distance between body baselines."""

INDENT = 28.0
"""First-line indent of a paragraph."""

BODY_W = PAGE_W - LEFT - RIGHT
"""Width of the text column."""

IMAGE_H, CAPTION_H = 200.0, 24.0
"""Height of an image slot and of the caption band under it."""

_NAMES = {False: "dvs", True: "dvsb"}
_GREY = (0.35, 0.35, 0.35)
_BLACK = (0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Line:
    """One typeset line of the body column."""

    text: str
    """The characters on the line (NFC)."""
    x: float
    """Offset from the left margin, in points."""
    bold: bool
    """Set in DejaVu Sans Bold (headings)."""
    before: float
    """Extra space above the line, in points."""

    @property
    def is_heading(self) -> bool:
        """A heading should not be the last line of a page."""
        return self.bold


class Typesetter:
    """Both DejaVu faces, loaded once per document, with cached word widths."""

    def __init__(self) -> None:
        self._buffers = {bold: font_path(bold=bold).read_bytes() for bold in (False, True)}
        self._fonts = {bold: pymupdf.Font(fontbuffer=buf) for bold, buf in self._buffers.items()}
        self._widths: dict[tuple[str, bool, float], float] = {}
        self._xrefs: dict[bool, int] = {}

    def width(self, text: str, *, bold: bool = False, size: float = BODY_SIZE) -> float:
        """Advance width of ``text`` in points (no kerning, as ``insert_text`` draws it)."""
        key = (text, bold, size)
        w = self._widths.get(key)
        if w is None:
            w = float(self._fonts[bold].text_length(text, fontsize=size))
            self._widths[key] = w
        return w

    def wrap(self, text: str, width: float, *, bold: bool = False, size: float = BODY_SIZE,
             first_indent: float = 0.0) -> list[str]:
        """Greedy word wrap; a word wider than the column gets a line of its own."""
        space = self.width(" ", bold=bold, size=size)
        lines: list[str] = []
        words: list[str] = []
        used = first_indent
        for word in unicodedata.normalize("NFC", text).split():
            w = self.width(word, bold=bold, size=size)
            if words and used + space + w > width:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0.0) + w
            words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines

    def block(self, heading: str | None, paragraphs: Sequence[str]) -> list[Line]:
        """A section as body lines: an optional bold heading, then indented paragraphs."""
        out: list[Line] = []
        if heading:
            out.extend(Line(t, 0.0, True, LINE_H * 0.6 if i == 0 else 0.0)
                       for i, t in enumerate(self.wrap(heading, BODY_W, bold=True)))
        for para in paragraphs:
            for i, t in enumerate(self.wrap(para, BODY_W, first_indent=INDENT)):
                out.append(Line(t, INDENT if i == 0 else 0.0, False, 4.0 if i == 0 else 0.0))
        return out

    def prepare(self, page: Any) -> None:
        """Reference both fonts from ``page``, embedding each only once per document.

        ``insert_font`` would embed another copy of the font for every page (and
        ``garbage=3`` would then spend seconds merging them), so later pages get a
        reference to the first page's font object instead. A typesetter therefore
        serves one document.
        """
        for bold, buf in self._buffers.items():
            name = _NAMES[bold]
            xref = self._xrefs.get(bold)
            if xref is None:
                self._xrefs[bold] = page.insert_font(fontname=name, fontbuffer=buf)
            else:
                doc = page.parent
                kind, value = doc.xref_get_key(page.xref, "Resources")
                if kind == "xref":  # new pages keep their resources in an object of their own
                    doc.xref_set_key(int(value.split()[0]), f"Font/{name}", f"{xref} 0 R")
                else:
                    doc.xref_set_key(page.xref, f"Resources/Font/{name}", f"{xref} 0 R")

    def text(self, shape: Any, x: float, y: float, text: str, *, bold: bool = False,
             size: float = BODY_SIZE, grey: bool = False) -> None:
        """Draw ``text`` with its baseline at (x, y)."""
        shape.insert_text(pymupdf.Point(x, y), text, fontname=_NAMES[bold], fontsize=size,
                          color=_GREY if grey else _BLACK)

    def lines(self, shape: Any, x: float, y: float, texts: list[str], *,
              bold: bool = False) -> None:
        """Draw body lines ``LINE_H`` apart, the first baseline at (x, y), in one call."""
        shape.insert_text(pymupdf.Point(x, y), texts, fontname=_NAMES[bold],
                          fontsize=BODY_SIZE, lineheight=LINE_H / BODY_SIZE, color=_BLACK)

    def centred(self, shape: Any, cx: float, y: float, text: str, *, bold: bool = False,
                size: float = BODY_SIZE) -> None:
        """Draw ``text`` centred on ``cx``."""
        self.text(shape, cx - self.width(text, bold=bold, size=size) / 2, y, text,
                  bold=bold, size=size)

    def fit(self, text: str, width: float, *, size: float) -> str:
        """``text`` cut with an ellipsis so that it fits in ``width``."""
        if self.width(text, size=size) <= width:
            return text
        while text and self.width(text + "…", size=size) > width:
            text = text[:-1]
        return text.rstrip() + "…"


def running_header_footer(ts: Typesetter, shape: Any, *, title: str, number: int,
                          total: int) -> None:
    """The title over a rule at the top of a page, and "Trang X/Y" centred at the foot."""
    ts.text(shape, LEFT, TOP - 24, ts.fit(title, BODY_W, size=8.5), size=8.5, grey=True)
    shape.draw_line(pymupdf.Point(LEFT, TOP - 17), pymupdf.Point(PAGE_W - RIGHT, TOP - 17))
    shape.finish(color=_GREY, width=0.5)
    footer = f"Trang {number}/{total}"
    ts.text(shape, (PAGE_W - ts.width(footer, size=9)) / 2, PAGE_H - BOTTOM + 32, footer,
            size=9, grey=True)


def letterhead(ts: Typesetter, shape: Any, *, title: str, province: str, doc_number: str,
               date_line: str) -> float:
    """The two-column heading of a Vietnamese official document; returns the next baseline."""
    left_cx, right_cx = LEFT + 95, PAGE_W - RIGHT - 135
    y = TOP + 6
    ts.centred(shape, left_cx, y, "ỦY BAN NHÂN DÂN", size=10)
    ts.centred(shape, right_cx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=9.5)
    y += 14
    ts.centred(shape, left_cx, y, f"TỈNH {province.upper()}", bold=True, size=10)
    ts.centred(shape, right_cx, y, "Độc lập - Tự do - Hạnh phúc", bold=True, size=10)
    y += 22
    ts.centred(shape, left_cx, y, f"Số: {doc_number}", size=10)
    ts.centred(shape, right_cx, y, date_line, size=10)
    y += 36
    for line in ts.wrap(title.upper(), BODY_W - 40, bold=True, size=12.5):
        ts.centred(shape, LEFT + BODY_W / 2, y, line, bold=True, size=12.5)
        y += 18
    return y + 8


def image_slot(bottom: float) -> tuple[pymupdf.Rect, float]:
    """The rectangle of an image whose caption band ends at ``bottom``, and the caption baseline."""
    rect = pymupdf.Rect(LEFT + 40, bottom - CAPTION_H - IMAGE_H, PAGE_W - RIGHT - 40,
                        bottom - CAPTION_H)
    return rect, bottom - 7
