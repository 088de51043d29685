"""What a reader reads from an open PDF besides pixels, shared by the render and check workers.

The render worker answers the reader's layout, outline, search, words and text requests
with these functions; the upload check (``_check_worker``) calls the same functions and
puts their answers through the same checks the reader applies (``render_queries``), so
that what the server accepts every client can show. Every answer is bounded (counts and
string lengths), and a box MuPDF puts farther out than the reader accepts
(``render_queries.MAX_COORD``) is left out rather than sent: a stray word far off the
page would otherwise make the whole answer malformed.

Only page contents are read: nothing here follows links, runs JavaScript or reads
attachments. Owner thread of the renderer only (PyMuPDF is not thread-safe).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pymupdf

from meetingroom.domain.text_search import contains, find_all, fold, fold_query
from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.render import PdfRenderer
from meetingroom.pdf.render_queries import (
    MAX_COORD,
    MAX_OUTLINE,
    MAX_PAGES,
    MAX_TEXT,
    MAX_TITLE,
    MAX_WORD,
    MAX_WORDS,
)

THUMB_MAX_ZOOM = 4.0
THUMB_MIN_ZOOM = 0.02


def page_of(r: PdfRenderer, index: int) -> Any:
    """The PyMuPDF page (through the renderer, which checks the index and its thread)."""
    return r._page(index)  # the workers own the renderer; same package


def laid_out_pages(r: PdfRenderer) -> range:
    """The pages whose sizes the reader asks for (and searches): the first ``MAX_PAGES``."""
    return range(min(r.page_count, MAX_PAGES))


def page_layout(r: PdfRenderer, which: Iterable[int]) -> list[list[Any]]:
    """[[width, height, rotation], ...] of the pages ``which``, as displayed.

    A page larger than the reader can lay out raises InvalidDocumentError (reason
    ``page_too_large``), so the answer is an error for that document, not a malformed
    reply (a /UserUnit of 75,000 makes a Letter page 45,900,000 points wide).
    """
    out: list[list[Any]] = []
    for i in which:
        width, height = r.page_size(i)
        if not (math.isfinite(width) and math.isfinite(height)) or max(
                abs(width), abs(height)) > MAX_COORD:
            raise InvalidDocumentError(
                f"page {i + 1} of the PDF is too large to show ({width:.0f} × {height:.0f}"
                f" points; at most {MAX_COORD:.0f})", reason="page_too_large")
        out.append([width, height, int(page_of(r, i).rotation)])
    return out


def thumb_zoom(width: float, height: float, box: int) -> float:
    """The zoom of a thumbnail whose longer side is about ``box`` pixels."""
    return min(THUMB_MAX_ZOOM, max(THUMB_MIN_ZOOM, float(box) / max(width, height, 1.0)))


def outline(r: PdfRenderer) -> list[list[Any]]:
    """The bookmarks as [level, title, 0-based page or -1]; links are not followed."""
    doc = r._checked()  # the workers own the renderer; same package
    out: list[list[Any]] = []
    for entry in doc.get_toc(simple=True)[:MAX_OUTLINE]:
        level, title, page = entry[0], entry[1], entry[2]
        out.append([int(level), str(title)[:MAX_TITLE],
                    int(page) - 1 if isinstance(page, int) and page > 0 else -1])
    return out


def search(r: PdfRenderer, text: str, max_hits: int, *, exact: bool = False) -> list[Any]:
    """[[page, [rect, ...]], ...] of at most ``max_hits`` hits, and whether more were left
    out. Tone marks, đ and case are ignored unless ``exact`` (``domain.text_search``).

    Hits come in reading order: page by page, then line by line from the top, left to
    right (MuPDF's own search answers in the order the text was drawn, which may put a
    caption at the foot of the page before the text above it). A rect is a line's part of
    the hit (a phrase across a line break has two), each made of the boxes of exactly the
    characters matched, however folding changed the text's length.
    """
    hits: list[list[Any]] = []
    if not fold_query(text, exact=exact):
        return [hits, False]
    for index in laid_out_pages(r):
        page = page_of(r, index)
        if not contains(page.get_text("text", flags=_SEARCH_FLAGS), text, exact=exact):
            continue  # the cheap look first: most pages do not have it
        chars, boxes, rows = _reading_text(page)
        for start, end in find_all(fold(chars, exact=exact), text, exact=exact):
            rects = [box for box in _line_boxes(boxes, rows, start, end) if fits(box)]
            if not rects:
                continue
            if len(hits) == max_hits:
                return [hits, True]
            hits.append([index, [[b.x0, b.y0, b.x1, b.y1] for b in rects]])
    return [hits, False]


_SEARCH_FLAGS = (pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
                 | pymupdf.TEXT_MEDIABOX_CLIP)
"""What the search reads of a page: its text only (no images), ligatures kept whole."""


def _reading_text(page: Any) -> tuple[str, list[Any], list[int]]:
    """The page's text in reading order, one line after another (joined by line breaks),
    with each character's box as displayed (None for the breaks) and its line's number."""
    lines: list[tuple[Any, list[tuple[str, Any]]]] = []
    raw = page.get_text("rawdict", flags=_SEARCH_FLAGS)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            chars = [(str(c["c"]), displayed(page, c["bbox"]))
                     for span in line.get("spans", ()) for c in span.get("chars", ())]
            if chars:
                lines.append((displayed(page, line["bbox"]), chars))
    text: list[str] = []
    boxes: list[Any] = []
    rows: list[int] = []
    for number, (_box, chars) in enumerate(reading_order(lines)):
        if number:
            text.append("\n")
            boxes.append(None)
            rows.append(-1)
        for c, box in chars:
            text.append(c)
            boxes.append(box)
            rows.append(number)
    return "".join(text), boxes, rows


def reading_order(lines: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """``(box, payload)`` lines top to bottom; lines side by side (their middles within
    one another's height: columns, a table's cells) left to right."""
    ordered: list[tuple[Any, Any]] = []
    row: list[tuple[Any, Any]] = []
    top = bottom = 0.0
    for line in sorted(lines, key=lambda ln: (ln[0].y0, ln[0].x0)):
        middle = (line[0].y0 + line[0].y1) / 2
        if row and top <= middle <= bottom:
            row.append(line)
            continue
        ordered.extend(sorted(row, key=lambda ln: ln[0].x0))
        row, top, bottom = [line], line[0].y0, line[0].y1
    ordered.extend(sorted(row, key=lambda ln: ln[0].x0))
    return ordered


def _line_boxes(boxes: list[Any], rows: list[int], start: int, end: int) -> list[Any]:
    """One box per line for the characters [start, end): the union of their boxes."""
    out: dict[int, Any] = {}
    for box, row in zip(boxes[start:end], rows[start:end], strict=True):
        if box is None or (box.width <= 0 and box.height <= 0):
            continue
        out[row] = box if row not in out else out[row] | box
    return list(out.values())


def words(r: PdfRenderer, index: int) -> list[list[Any]]:
    """[[x0, y0, x1, y1, word, block, line], ...] of page ``index`` in reading order."""
    page = page_of(r, index)
    out = []
    for w in page.get_text("words", sort=True):
        box = displayed(page, w[:4])
        if not fits(box):
            continue
        out.append([box.x0, box.y0, box.x1, box.y1, str(w[4])[:MAX_WORD], int(w[5]),
                    int(w[6])])
        if len(out) == MAX_WORDS:
            break
    return out


def text_in(r: PdfRenderer, index: int, clip: Any) -> str:
    """The text of page ``index`` inside ``clip`` (a rectangle as displayed)."""
    page = page_of(r, index)
    if page.rotation:  # PyMuPDF clips in unrotated space
        clip = (clip * page.derotation_matrix).normalize()
    return str(page.get_text("text", clip=clip, sort=True))[:MAX_TEXT]


def displayed(page: Any, rect: Any) -> Any:
    """A rectangle PyMuPDF gives in unrotated page space, as the page is displayed (its
    /Rotate applied): the space the reader, its selection and its highlights use."""
    box = pymupdf.Rect(rect)
    return (box * page.rotation_matrix).normalize() if page.rotation else box


def fits(box: Any) -> bool:
    """Whether every coordinate of ``box`` is one the reader accepts."""
    return all(math.isfinite(v) and abs(v) <= MAX_COORD for v in (box.x0, box.y0, box.x1,
                                                                  box.y1))
