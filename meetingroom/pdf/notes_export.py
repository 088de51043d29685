"""Write a copy of a PDF with a user's notes as real PDF annotations other viewers show.

What each note becomes (every annotation has an appearance stream made by MuPDF, the
print flag, the author's name as ``/T``, the note's text as ``/Contents``, its times as
``/CreationDate`` and ``/M``, and no action of any kind):

- ``INK``: one ``/Ink`` annotation per run of strokes with the same colour and width.
  Pressure is not kept: a PDF ink list has one width (see docs/notes.md).
- ``HIGHLIGHT`` (highlighter strokes): ``/Ink`` at 35 % opacity, blend mode Multiply.
- ``TEXT_HIGHLIGHT``: ``/Highlight`` with one QuadPoints quad per anchor rectangle.
- ``STICKY``: ``/Text`` (icon "Note") at the rectangle's top left, with its popup.
- ``TEXT_BOX``: ``/FreeText``, text upright as the page is displayed, its appearance
  typeset in the shipped DejaVu Sans (one typeface with every Vietnamese letter, subset
  to the letters used; ``pdf/_freetext.py``) instead of MuPDF's Nimbus Sans plus a Noto
  Serif fallback. The ``/DA`` still names Helvetica, so a viewer that rebuilds the
  appearance itself (e.g. when the box is edited there) may lose those letters.

Notes are in unrotated page space, which is what PyMuPDF's annotation calls take, so
rotated pages need nothing special except the text box's ``rotate``.

The copy is written next to ``out`` as a temporary file, fsynced and renamed into
place; ``src`` is only read. The copy is always a full rewrite with garbage collection,
never an incremental update: it must contain no active content and no external link in
any revision (``pdf/inert.py``), and an incremental update keeps the original's bytes.
So a signed PDF's signatures do not validate in the export: the signed original, in
the room, is the record; the export is a reading copy with the user's notes.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import pymupdf

from meetingroom.atomic_files import write_with as write_atomically
from meetingroom.domain.notes import Note, NoteError, NoteKind, Rect, Stroke
from meetingroom.errors import ConflictError, InvalidDocumentError
from meetingroom.pdf._freetext import drop_unused, use_dejavu_appearance
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.inert import make_inert
from meetingroom.pdf.sniff import HEADER_WINDOW, sniff_pdf

log = logging.getLogger("meetingroom.pdf")

_PRINT = 4
"""The annotation flag "Print" (ISO 32000-1, table 165): printed with the page."""

HIGHLIGHTER_OPACITY = 0.35
"""Opacity of highlighter strokes (the page shows through)."""


def export_with_notes(src: Path, notes: Iterable[Note], out: Path, *,
                      authors: Mapping[str, str] | None = None) -> None:
    """Write ``src`` with ``notes`` as annotations to ``out`` (atomically; ``src`` untouched).

    ``authors`` maps author ids to the names shown as each annotation's author.
    Raises :class:`PasswordRequiredError` (reason ``password``) for a PDF that needs a
    password, :class:`InvalidDocumentError` for one that is encrypted (``encrypted``),
    not a PDF (``not_pdf``), damaged (``damaged``) or empty (``no_pages``);
    :class:`NoteError` for a note of another document (``wrong_document``) or a page it
    does not have (``bad_page``); :class:`ConflictError` (``same_file``) when ``out`` is
    ``src``; :class:`StorageError` (``write_failed``) when ``out`` cannot be written.
    Nothing is left at ``out`` or beside it when anything fails.
    """
    src, out = Path(src), Path(out)
    if out.exists() and src.exists() and os.path.samefile(src, out):
        raise ConflictError("the export must not replace the original document",
                            reason="same_file")
    notes = tuple(notes)
    data = _read(src)
    sha = hashlib.sha256(data).hexdigest()
    for note in notes:
        if note.document_sha256 != sha:
            raise NoteError("a note belongs to another version of this document",
                            "wrong_document")
    names = dict(authors or {})

    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)
        _annotate(tmp, notes, names)

    write_atomically(out, fill)
    log.info("exported %d notes to a copy of the document (%d bytes)", len(notes),
             out.stat().st_size)


def _read(src: Path) -> bytes:
    with src.open("rb") as f:
        data = f.read()
    if not sniff_pdf(data[:HEADER_WINDOW]):
        raise InvalidDocumentError("the file is not a PDF (it has no PDF header)",
                                   reason="not_pdf")
    return data


def _annotate(path: Path, notes: tuple[Note, ...], authors: dict[str, str]) -> None:
    """Add ``notes`` to the PDF at ``path`` (a copy of the source), saving it in place."""
    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:
        raise InvalidDocumentError("the PDF cannot be opened; it is damaged",
                                   reason="damaged") from exc
    try:
        _check_openable(doc)
        fresh_from = doc.xref_length()
        pages: dict[int, Any] = {}  # keep each page alive while annotating it
        boxes: list[tuple[Any, Any, Note]] = []
        for note in notes:
            if note.page >= doc.page_count:
                raise NoteError(f"the document has no page {note.page + 1}", "bad_page")
            page = pages.setdefault(note.page, doc.load_page(note.page))
            annot = _add(page, note, authors.get(note.author_id, ""))
            if annot is not None:
                boxes.append((page, annot, note))
        old = [use_dejavu_appearance(page, annot, note.text, font_size=note.font_size,
                                     color=_rgb(note.color)) for page, annot, note in boxes]
        drop_unused(doc, old, fresh_from=fresh_from, pages=list(pages.values()))
        make_inert(doc)  # a copy to pass on carries no actions, scripts, files or links out
        full = path.with_name(path.name + ".full")
        try:  # a full rewrite with garbage collection: no earlier revision, no unlinked
            # object (a removed action, an attached file) survives in the bytes
            doc.save(str(full), garbage=3, deflate=True)
            doc.close()
            full.replace(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                full.unlink()
    except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:
        raise InvalidDocumentError("the PDF is damaged; the notes cannot be added to it",
                                   reason="damaged") from exc
    finally:
        if not doc.is_closed:
            doc.close()


def _check_openable(doc: Any) -> None:
    if doc.needs_pass:
        raise PasswordRequiredError("this PDF is protected by a password", reason="password")
    if doc.is_encrypted or doc.metadata.get("encryption"):
        raise InvalidDocumentError("this PDF is encrypted; notes cannot be exported into it",
                                   reason="encrypted")
    if doc.page_count == 0:
        raise InvalidDocumentError("the PDF opens with no pages; it is damaged",
                                   reason="no_pages")


def _add(page: Any, note: Note, author: str) -> Any:
    """Add ``note`` to ``page``; the FreeText annotation of a text box (None otherwise)."""
    color = _rgb(note.color)
    if note.kind in (NoteKind.INK, NoteKind.HIGHLIGHT):
        for (width, stroke_color), run in groupby(note.strokes, key=lambda s: (s.width, s.color)):
            annot = page.add_ink_annot([_ink_points(s) for s in run])
            annot.set_border(width=width)
            annot.set_colors(stroke=_rgb(stroke_color))
            if note.kind is NoteKind.HIGHLIGHT:
                annot.set_opacity(HIGHLIGHTER_OPACITY)
                annot.set_blendmode(pymupdf.PDF_BM_Multiply)
            _finish(annot, note, author)
    elif note.kind is NoteKind.TEXT_HIGHLIGHT:
        assert note.anchor is not None  # Note.validate() requires it
        annot = page.add_highlight_annot(quads=[_rect(r).quad for r in note.anchor.rects])
        annot.set_colors(stroke=color)
        _finish(annot, note, author)
    elif note.kind is NoteKind.STICKY:
        assert note.rect is not None
        annot = page.add_text_annot(pymupdf.Point(note.rect.x0, note.rect.y0), note.text,
                                    icon="Note")
        annot.set_colors(stroke=color)
        _finish(annot, note, author)
    else:
        assert note.rect is not None
        annot = page.add_freetext_annot(_rect(note.rect), note.text, fontsize=note.font_size,
                                        fontname="Helv", text_color=color,
                                        rotate=page.rotation)
        _finish(annot, note, author)
        page.parent.xref_set_key(annot.xref, "CL", "null")  # PyMuPDF adds a stray callout
        return annot
    return None


def _finish(annot: Any, note: Note, author: str) -> None:
    annot.set_info(title=author, content=note.text, subject=_SUBJECTS[note.kind],
                   creationDate=_pdf_date(note.created_at), modDate=_pdf_date(note.updated_at))
    annot.set_flags(annot.flags | _PRINT)
    annot.update()


_SUBJECTS = {NoteKind.INK: "Ink", NoteKind.HIGHLIGHT: "Highlighter",
             NoteKind.TEXT_HIGHLIGHT: "Highlight", NoteKind.STICKY: "Note",
             NoteKind.TEXT_BOX: "Text box"}


def _ink_points(stroke: Stroke) -> list[tuple[float, float]]:
    points = [(p.x, p.y) for p in stroke.points]
    if len(points) == 1:  # a dot: a PDF ink path needs two points to draw anything
        x, y = points[0]
        points.append((x + 0.01, y))
    return points


def _rect(r: Rect) -> Any:
    return pymupdf.Rect(r.x0, r.y0, r.x1, r.y1)


def _rgb(color: str) -> tuple[float, float, float]:
    return int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255


def _pdf_date(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("D:%Y%m%d%H%M%SZ")

