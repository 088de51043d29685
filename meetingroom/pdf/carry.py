"""Carry notes from one version of a document to the next, or list them as unplaced.

Rules (see docs/notes.md):

- A note with an anchor goes where :func:`~meetingroom.pdf.anchors.relocate` finds its
  quote in the new version: its page and anchor rectangles are updated, and any other
  geometry (strokes, the sticky's or text box's rectangle) moves by the offset of the
  anchor's first rectangle. If the quote is nowhere, the note is unplaced — even when
  the text was only slightly edited: the delegate must look at it again.
- A note without an anchor (ink, highlighter strokes, sticky, text box) goes to a page
  of the new version that is *the same page*: same unrotated size and rotation, and the
  same text (match key). A page without text is compared by a small greyscale rendering
  instead. The same page number is preferred, then the nearest, so a page inserted
  before it does not strand the note. Otherwise the note is unplaced.

Carried notes are new notes on the new version; the old ones stay with the old version.
A carried note's id is derived from the old id and the new version's SHA-256, so
carrying the same notes twice gives the same ids (an idempotent command).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import pymupdf

from meetingroom.domain.notes import Anchor, Note, Point, Stroke
from meetingroom.pdf.anchors import TextIndex, relocate

log = logging.getLogger("meetingroom.pdf")

_PREVIEW_ZOOM = 0.25
"""18 dpi: enough to tell two scanned pages apart, cheap to draw."""


def carried_id(note_id: str, new_sha256: str) -> str:
    """The id of ``note_id``'s copy on the version ``new_sha256`` (32 hex digits)."""
    return hashlib.sha256(f"{note_id}\0{new_sha256}".encode()).hexdigest()[:32]


def carry_over(notes: Iterable[Note], *, old_doc: Any, new_doc: Any,
               new_sha256: str) -> tuple[tuple[Note, ...], tuple[Note, ...]]:
    """Notes of ``old_doc`` placed on ``new_doc`` (whose bytes hash to ``new_sha256``).

    Returns ``(moved, unplaced)``: ``moved`` are the new notes (new ids, the new version's
    SHA-256, new page and geometry), ``unplaced`` the old notes that found no place.
    Both documents must be open and owned by the calling thread.
    """
    old_index, new_index = TextIndex(old_doc), TextIndex(new_doc)
    pages = _PageMatcher(old_doc, new_doc, old_index, new_index)
    moved: list[Note] = []
    unplaced: list[Note] = []
    for note in notes:
        placed = _place(note, new_index, pages)
        if placed is None:
            unplaced.append(note)
            continue
        page, dx, dy, anchor = placed
        moved.append(replace(
            note, id=carried_id(note.id, new_sha256), document_sha256=new_sha256, page=page,
            strokes=tuple(_move_stroke(s, dx, dy) for s in note.strokes),
            rect=None if note.rect is None else note.rect.moved(dx, dy), anchor=anchor))
    log.info("carried %d notes to the new version, %d unplaced", len(moved), len(unplaced))
    return tuple(moved), tuple(unplaced)


def _place(note: Note, new_index: TextIndex, pages: _PageMatcher
           ) -> tuple[int, float, float, Anchor | None] | None:
    """(page, dx, dy, anchor) for the note on the new version, or None."""
    if note.anchor is not None:
        found = relocate(new_index, note.anchor, note.page)
        if found is None:
            return None
        old, new = note.anchor.rects[0], found.anchor.rects[0]
        return found.page, new.x0 - old.x0, new.y0 - old.y0, found.anchor
    page = pages.same_page(note.page)
    return None if page is None else (page, 0.0, 0.0, None)


def _move_stroke(stroke: Stroke, dx: float, dy: float) -> Stroke:
    if not dx and not dy:
        return stroke
    return replace(stroke, points=tuple(Point(p.x + dx, p.y + dy, p.pressure)
                                        for p in stroke.points))


class _PageMatcher:
    """Finds, for a page of the old version, the same page in the new one."""

    def __init__(self, old_doc: Any, new_doc: Any, old_index: TextIndex,
                 new_index: TextIndex) -> None:
        self._docs = (old_doc, new_doc)
        self._indexes = (old_index, new_index)
        self._prints: dict[tuple[int, int], tuple[tuple[float, float, int], str]] = {}
        self._pixels: dict[tuple[int, int], str] = {}
        self._answers: dict[int, int | None] = {}

    def same_page(self, old_page: int) -> int | None:
        """The nearest page of the new version that is the same as ``old_page``, or None."""
        if old_page not in self._answers:
            self._answers[old_page] = self._find(old_page)
        return self._answers[old_page]

    def _find(self, old_page: int) -> int | None:
        if old_page >= self._docs[0].page_count:
            return None
        wanted = self._print(0, old_page)
        count = self._docs[1].page_count
        for n in sorted(range(count), key=lambda n: (abs(n - old_page), n)):
            if self._print(1, n) == wanted and (
                    wanted[1] or self._pixel_digest(0, old_page) == self._pixel_digest(1, n)):
                return n
        return None

    def _print(self, which: int, number: int) -> tuple[tuple[float, float, int], str]:
        """The page's unrotated size and rotation, and its text's match key."""
        cached = self._prints.get((which, number))
        if cached is None:
            page = self._docs[which].load_page(number)
            unrotated = page.rect * page.derotation_matrix
            shape = (round(abs(unrotated.width), 2), round(abs(unrotated.height), 2),
                     int(page.rotation))
            cached = self._prints[(which, number)] = (shape, self._indexes[which].page(number).key)
        return cached

    def _pixel_digest(self, which: int, number: int) -> str:
        """SHA-256 of a small greyscale rendering (for pages without text)."""
        cached = self._pixels.get((which, number))
        if cached is None:
            page = self._docs[which].load_page(number)
            pix = page.get_pixmap(matrix=pymupdf.Matrix(_PREVIEW_ZOOM, _PREVIEW_ZOOM),
                                  colorspace=pymupdf.csGRAY, alpha=False, annots=False)
            cached = self._pixels[(which, number)] = hashlib.sha256(pix.samples).hexdigest()
        return cached
