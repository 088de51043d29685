"""What the reader asks the render worker besides pixels, and the checks on every answer.

The worker has parsed a PDF that may be hostile, so nothing it says is trusted: each
answer is checked here for shape, type, bounds and size before anyone uses it, and a
malformed one raises ``ValueError`` (the render process then replaces the worker).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_PAGES = 20_000
"""Pages whose sizes come back in one ``page_sizes`` answer (and pages searched)."""
MAX_OUTLINE = 2_000
"""Outline entries kept."""
MAX_TITLE = 300
"""Characters of an outline title kept."""
MAX_SEARCH_TEXT = 200
"""Characters of a search text."""
MAX_HITS = 1_000
"""Search hits reported at most (the answer says when more were left out)."""
MAX_WORDS = 8_000
"""Words of one page reported at most."""
MAX_WORD = 100
"""Characters of one word kept."""
MAX_TEXT = 100_000
"""Characters of selected text kept."""
MAX_COORD = 1e6
"""Largest coordinate (page points) the reader accepts: a page, a word or a hit beyond it
is not shown (and the upload check refuses a page larger than this)."""

Rect = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in page points, as the page is displayed (its /Rotate applied)."""


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One bookmark of the document's outline."""

    level: int
    """Depth, 1 for top-level entries."""
    title: str
    page: int
    """Zero-based page it points to, or -1 when it points nowhere in this document."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One place where the searched text occurs."""

    page: int
    """Zero-based page."""
    rect: Rect
    """The hit's box (its first line's part when it runs across a line break)."""
    more: tuple[Rect, ...] = ()
    """The parts on the following lines of a hit across line breaks."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Every hit in reading order; ``truncated`` when more than the limit were found."""

    text: str
    hits: tuple[SearchHit, ...]
    truncated: bool
    exact: bool = False
    """Searched with marks and case as typed (otherwise both were ignored)."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a page with its box, in reading order."""

    rect: Rect
    text: str
    block: int
    """Text block number (paragraph-like)."""
    line: int
    """Line number inside its block."""


def _num(v: Any) -> float:
    if type(v) not in (int, float) or not math.isfinite(v) or abs(v) > MAX_COORD:
        raise ValueError("a malformed number from the render worker")
    return float(v)


def _int(v: Any, low: int, high: int) -> int:
    if type(v) is not int or not low <= v <= high:
        raise ValueError("a malformed integer from the render worker")
    return v


def _str(v: Any, limit: int) -> str:
    if not isinstance(v, str) or len(v) > limit:
        raise ValueError("a malformed text from the render worker")
    return v


def _list(v: Any, limit: int) -> list[Any]:
    if not isinstance(v, list) or len(v) > limit:
        raise ValueError("a malformed list from the render worker")
    return v


def _rect(v: Any) -> Rect:
    items = _list(v, 4)
    if len(items) != 4:
        raise ValueError("a malformed rectangle from the render worker")
    x0, y0, x1, y1 = (_num(x) for x in items)
    return (x0, y0, x1, y1)


def page_sizes_of(reply: Any, page_count: int) -> tuple[tuple[float, float], ...]:
    """Every page's displayed (width, height) in points; pages past ``MAX_PAGES`` (never
    answered) and pages with no usable size get the size of the last usable one (or A4)."""
    return page_layout_of(reply, page_count)[0]


def page_layout_of(reply: Any, page_count: int
                   ) -> tuple[tuple[tuple[float, float], ...], tuple[int, ...]]:
    """Every page's displayed (width, height) in points and its rotation (``/Rotate``:
    0, 90, 180 or 270), from ``[[width, height, rotation], ...]`` (an answer without the
    rotation means 0). Sizes as :func:`page_sizes_of`; pages never answered get
    rotation 0."""
    sizes: list[tuple[float, float]] = []
    rotations: list[int] = []
    last = (595.0, 842.0)
    for item in _list(reply, MAX_PAGES):
        entry = _list(item, 3)
        if len(entry) not in (2, 3):
            raise ValueError("a malformed page size from the render worker")
        w, h = _num(entry[0]), _num(entry[1])
        rotation = _int(entry[2], 0, 270) if len(entry) == 3 else 0
        if rotation % 90:
            raise ValueError("a malformed page rotation from the render worker")
        if w >= 1 and h >= 1:
            last = (w, h)
        sizes.append(last if w < 1 or h < 1 else (w, h))
        rotations.append(rotation)
    if len(sizes) > page_count:
        raise ValueError("more page sizes than pages from the render worker")
    missing = page_count - len(sizes)
    return tuple(sizes) + (last,) * missing, tuple(rotations) + (0,) * missing


def outline_of(reply: Any, page_count: int) -> tuple[OutlineEntry, ...]:
    out = []
    for item in _list(reply, MAX_OUTLINE):
        entry = _list(item, 3)
        if len(entry) != 3:
            raise ValueError("a malformed outline entry from the render worker")
        page = _int(entry[2], -1, 2**31)
        out.append(OutlineEntry(level=_int(entry[0], 0, 1000), title=_str(entry[1], MAX_TITLE),
                                page=page if page < page_count else -1))
    return tuple(out)


MAX_HIT_LINES = 20
"""Lines one hit may run across (a search text is at most ``MAX_SEARCH_TEXT`` long)."""


def search_of(reply: Any, text: str, page_count: int, max_hits: int,
              exact: bool = False) -> SearchResult:
    """``[[[page, [rect, ...]], ...], truncated]``: each hit's boxes, one per line."""
    pair = _list(reply, 2)
    if len(pair) != 2 or type(pair[1]) is not bool:
        raise ValueError("a malformed search answer from the render worker")
    hits = []
    for item in _list(pair[0], max_hits):
        hit = _list(item, 2)
        if len(hit) != 2:
            raise ValueError("a malformed search hit from the render worker")
        rects = [_rect(r) for r in _list(hit[1], MAX_HIT_LINES)]
        if not rects:
            raise ValueError("a search hit without a box from the render worker")
        hits.append(SearchHit(page=_int(hit[0], 0, page_count - 1), rect=rects[0],
                              more=tuple(rects[1:])))
    return SearchResult(text=text, hits=tuple(hits), truncated=pair[1], exact=exact)


def words_of(reply: Any) -> tuple[Word, ...]:
    out = []
    for item in _list(reply, MAX_WORDS):
        w = _list(item, 7)
        if len(w) != 7:
            raise ValueError("a malformed word from the render worker")
        out.append(Word(rect=_rect(w[:4]), text=_str(w[4], MAX_WORD),
                        block=_int(w[5], 0, 2**31), line=_int(w[6], 0, 2**31)))
    return tuple(out)


def text_of(reply: Any) -> str:
    return _str(reply, MAX_TEXT)
