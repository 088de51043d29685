"""Text anchors: the quote under a selection, and finding that quote again in another version.

A page's text is read once into a :class:`PageText`: its characters with their boxes and
lines, in MuPDF's reading order, and a *match key* — the text decomposed (NFKD, so
ligatures and precomposed Vietnamese letters compare equal however the PDF encodes them)
with every whitespace character and hyphen left out. Matching on the key makes it
insensitive to line breaks, re-wrapping, spacing and end-of-line hyphenation: "kinh tế",
"kinh-tế", "kinh-" + line break + "tế" and "kinhtế" all match each other. The price is
that two texts differing only in spaces or hyphens count as the same text.

:func:`relocate` looks for the quote's key on every page, scores each match by how much
of the stored prefix and suffix surround it, and prefers (in order) the highest score,
the page nearest the hint, the earlier page, the earlier position. Coordinates are
unrotated page space, origin top left — what MuPDF's text extraction reports whatever
the page's ``/Rotate``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from meetingroom.domain.notes import MAX_QUOTE, MAX_RECTS, Anchor, NoteError, Rect

CONTEXT = 32
"""Characters of context kept on each side of a quote."""

_SKIP = frozenset("-\u00ad\u2010\u2011")
"""Hyphen, soft hyphen, Unicode hyphen, non-breaking hyphen: ignored when matching."""
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
"""Ligatures expanded (no TEXT_PRESERVE_LIGATURES), invisible text outside the page dropped."""


def match_key(text: str) -> str:
    """``text`` as compared: NFKD, without whitespace or hyphens."""
    return "".join(d for d in unicodedata.normalize("NFKD", text)
                   if not d.isspace() and d not in _SKIP)


@dataclass(frozen=True, slots=True)
class _Char:
    c: str
    box: tuple[float, float, float, float]
    line: int
    """Index of the text line the character is on (-1 for the break between lines)."""


class PageText:
    """The characters of one page, with the match key and its map back to characters."""

    def __init__(self, chars: Sequence[_Char]) -> None:
        self.chars = tuple(chars)
        key: list[str] = []
        owner: list[int] = []
        for i, ch in enumerate(self.chars):
            for d in match_key(ch.c):
                key.append(d)
                owner.append(i)
        self.key = "".join(key)
        """The page's match key."""
        self._owner = owner

    @classmethod
    def read(cls, page: Any) -> PageText:
        """Read ``page``'s text in reading order, a line break between lines."""
        chars: list[_Char] = []
        line_no = 0
        raw = page.get_text("rawdict", flags=_FLAGS)
        for block in raw.get("blocks", ()):
            for line in block.get("lines", ()):
                if chars:
                    chars.append(_Char("\n", (0.0, 0.0, 0.0, 0.0), -1))
                for span in line.get("spans", ()):
                    for ch in span.get("chars", ()):
                        x0, y0, x1, y1 = (float(v) for v in ch["bbox"])
                        chars.append(_Char(ch["c"], (x0, y0, x1, y1), line_no))
                line_no += 1
        return cls(chars)

    def text(self, start: int, end: int) -> str:
        """Characters ``start:end`` as readable text (breaks and runs of space as one space)."""
        return " ".join("".join(c.c for c in self.chars[start:end]).split())

    def rects(self, start: int, end: int) -> tuple[Rect, ...]:
        """One rectangle per line for characters ``start:end`` (whitespace at the ends aside)."""
        by_line: dict[int, list[float]] = {}
        for ch in self.chars[start:end]:
            if ch.line < 0 or ch.c.isspace():
                continue
            box = by_line.get(ch.line)
            if box is None:
                by_line[ch.line] = list(ch.box)
            else:
                box[0], box[1] = min(box[0], ch.box[0]), min(box[1], ch.box[1])
                box[2], box[3] = max(box[2], ch.box[2]), max(box[3], ch.box[3])
        return tuple(Rect(*b) for b in by_line.values())

    def span_of(self, key_start: int, key_end: int) -> tuple[int, int]:
        """The characters ``start:end`` that produced key positions ``key_start:key_end``."""
        return self._owner[key_start], self._owner[key_end - 1] + 1

    def anchor(self, start: int, end: int) -> Anchor:
        """The anchor of characters ``start:end``: quote, context either side, line rects."""
        quote = self.text(start, end)
        if len(quote) > MAX_QUOTE:
            raise NoteError(f"a highlight is limited to {MAX_QUOTE} characters", "too_large")
        rects = self.rects(start, end)
        if not quote or not rects:
            raise NoteError("there is no text under the selection", "no_text")
        if len(rects) > MAX_RECTS:
            raise NoteError(f"a highlight is limited to {MAX_RECTS} lines", "too_large")
        before = self.text(max(0, start - 4 * CONTEXT), start)
        after = self.text(end, end + 4 * CONTEXT)
        return Anchor(quote, before[-CONTEXT:], after[:CONTEXT], rects)


def anchor_for_selection(page: Any, rects: Sequence[Rect]) -> Anchor:
    """The anchor of the text under ``rects`` on ``page`` (a character counts when its
    centre is inside one of them); from the first to the last such character.

    Raises :class:`NoteError` (``no_text``) when no character is under the rectangles,
    ``too_large`` past the quote or line limits.
    """
    text = PageText.read(page)
    hit = [i for i, ch in enumerate(text.chars) if ch.line >= 0 and not ch.c.isspace()
           and any(_centre_in(ch.box, r) for r in rects)]
    if not hit:
        raise NoteError("there is no text under the selection", "no_text")
    return text.anchor(hit[0], hit[-1] + 1)


def _centre_in(box: tuple[float, float, float, float], r: Rect) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1


@dataclass(frozen=True, slots=True)
class Found:
    """Where an anchor's quote was found again."""

    page: int
    """Zero-based page number in the searched document."""
    anchor: Anchor
    """The quote (unchanged) with the context and rectangles at the new place."""


class TextIndex:
    """Each page's :class:`PageText` of one open document, read on first use."""

    def __init__(self, doc: Any) -> None:
        self._doc = doc
        self._pages: dict[int, PageText] = {}

    @property
    def page_count(self) -> int:
        return int(self._doc.page_count)

    def page(self, number: int) -> PageText:
        text = self._pages.get(number)
        if text is None:
            text = self._pages[number] = PageText.read(self._doc.load_page(number))
        return text


def relocate(doc: Any | TextIndex, anchor: Anchor, hint_page: int) -> Found | None:
    """Find ``anchor``'s quote in ``doc`` (an open document or a :class:`TextIndex` over
    one, to share the page texts between calls); ``None`` if the quote is nowhere.

    Among several matches the one with most of the prefix and suffix around it wins,
    then the one nearest ``hint_page``.
    """
    index = doc if isinstance(doc, TextIndex) else TextIndex(doc)
    quote = match_key(anchor.quote)
    if not quote:
        return None
    prefix, suffix = match_key(anchor.prefix), match_key(anchor.suffix)
    full = len(prefix) + len(suffix)
    best: tuple[int, int, int] | None = None  # (score, page, key start)
    for number in _nearest_first(hint_page, index.page_count):
        text = index.page(number)
        for start in _occurrences(text.key, quote):
            score = (_common_suffix(prefix, text.key[:start])
                     + _common_prefix(suffix, text.key[start + len(quote):]))
            if best is None or score > best[0]:
                best = (score, number, start)
        if best is not None and best[0] == full:
            break  # nothing later can beat a full match on a page at least as near
    if best is None:
        return None
    _, number, start = best
    text = index.page(number)
    first, last = text.span_of(start, start + len(quote))
    found = text.anchor(first, last)
    return Found(number, Anchor(anchor.quote, found.prefix, found.suffix, found.rects))


def _nearest_first(hint: int, count: int) -> Iterator[int]:
    """0..count-1 ordered by distance from ``hint``, the earlier page first on a tie."""
    hint = min(max(hint, 0), max(count - 1, 0))
    for d in range(count):
        for n in (hint - d, hint + d) if d else (hint,):
            if 0 <= n < count:
                yield n


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[-len(a):][::-1] if a else "")

