"""A PDF listing a user's notes on one document: page, kind, quoted text, the note's words.

Typeset by MuPDF's ``Story`` with the shipped DejaVu fonts (``pdf/_fonts.py``, as the
minutes), so Vietnamese renders and every font is embedded. Every piece of text is
HTML-escaped before it reaches the story: a note cannot inject markup, and the story's
archive holds only the fonts folder. The labels are parameters (:class:`SummaryLabels`)
so that the UI passes translated ones; the defaults are Vietnamese.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import pymupdf

from meetingroom.atomic_files import write_with as write_atomically
from meetingroom.domain.notes import Note, NoteError, NoteKind, ordered
from meetingroom.pdf._fonts import FAMILY, story_fonts
from meetingroom.pdf._identity import stable_subset_tags

log = logging.getLogger("meetingroom.pdf")

PAGE_W, PAGE_H = 595.0, 842.0
"""A4 in points."""
BODY = pymupdf.Rect(70, 60, PAGE_W - 57, PAGE_H - 64)
FOOTER = pymupdf.Rect(70, PAGE_H - 46, PAGE_W - 57, PAGE_H - 26)
MAX_PAGES = 2000
"""A summary longer than this is refused (it cannot happen with the note limits in use)."""

_CSS = f"""
* {{ font-family: {FAMILY}; }}
body {{ font-size: 10.5pt; line-height: 1.35; margin: 0; }}
h1 {{ font-size: 15pt; margin: 0 0 4pt 0; }}
h2 {{ font-size: 11pt; margin: 10pt 0 2pt 0; }}
p {{ margin: 0 0 3pt 0; }}
.meta {{ color: #555555; font-size: 9pt; }}
.quote {{ margin: 2pt 0 3pt 14pt; font-style: italic; color: #333333; }}
.ftr {{ font-size: 9pt; text-align: center; color: #555555; }}
"""


@dataclass(frozen=True, slots=True)
class SummaryLabels:
    """The words of the summary; pass translated ones from the UI."""

    title: str = "Ghi chú"
    """Heading before the document name."""
    count: str = "{n} ghi chú"
    """How many notes; ``{n}`` is replaced."""
    page: str = "Trang {n}"
    """A note's page; ``{n}`` is the page number counted from 1."""
    footer: str = "Trang {n}/{total}"
    """The summary's own page numbers."""
    shared: str = "chia sẻ với cuộc họp"
    """Marks a note shared with the meeting."""
    empty: str = "Không có ghi chú."
    """Shown when there are no notes."""
    kinds: Mapping[NoteKind, str] = field(default_factory=lambda: {
        NoteKind.INK: "Nét bút", NoteKind.HIGHLIGHT: "Bút dạ quang",
        NoteKind.TEXT_HIGHLIGHT: "Đánh dấu văn bản", NoteKind.STICKY: "Ghi chú dán",
        NoteKind.TEXT_BOX: "Hộp văn bản"})
    """The name of each kind of note."""


def notes_summary_pdf(document_name: str, notes: Iterable[Note], out: Path, *,
                      authors: Mapping[str, str] | None = None,
                      labels: SummaryLabels | None = None) -> None:
    """Write to ``out`` (atomically) a PDF listing ``notes`` in reading order.

    Each entry: page number, kind (and "shared"), the author's name when ``authors``
    knows it, the quoted text of an anchored note, and the note's own text. The quote
    comes from the note's anchor, so no separate list of quotes is needed.
    Raises :class:`~meetingroom.errors.StorageError` (``write_failed``), and
    :class:`NoteError` (``too_large``) past ``MAX_PAGES``.
    """
    labels = labels or SummaryLabels()
    html = _html(document_name, ordered(notes), dict(authors or {}), labels)
    data = _typeset(html, labels, f"{labels.title}: {document_name}")
    write_atomically(Path(out), lambda tmp: tmp.write_bytes(data))
    log.info("notes summary written (%d bytes)", len(data))


def _html(document_name: str, notes: tuple[Note, ...], authors: dict[str, str],
          labels: SummaryLabels) -> str:
    def e(text: str) -> str:
        return escape(text, quote=False)

    parts = [f"<h1>{e(labels.title)}: {e(document_name)}</h1>",
             f'<p class="meta">{e(labels.count.format(n=len(notes)))}</p>']
    if not notes:
        parts.append(f"<p>{e(labels.empty)}</p>")
    for note in notes:
        head = [labels.page.format(n=note.page + 1), labels.kinds.get(note.kind, note.kind)]
        if note.shared:
            head.append(labels.shared)
        author = authors.get(note.author_id)
        if author:
            head.append(author)
        parts.append(f"<h2>{e(' · '.join(head))}</h2>")
        if note.anchor is not None:
            parts.append(f'<p class="quote">“{e(note.anchor.quote)}”</p>')
        for line in note.text.splitlines():
            parts.append(f"<p>{e(line) or '&nbsp;'}</p>")
    return "\n".join(parts)


def _typeset(html: str, labels: SummaryLabels, title: str) -> bytes:
    font_rules, archive = story_fonts()
    css = font_rules + _CSS

    def story(content: str) -> Any:
        return pymupdf.Story(html=content, user_css=css, em=10.5, archive=archive)

    total = _count_pages(lambda: story(html))
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out, "compress")
    main = story(html)
    for n in range(1, total + 1):
        device = writer.begin_page(pymupdf.Rect(0, 0, PAGE_W, PAGE_H))
        main.place(BODY)
        main.draw(device)
        footer = story(f'<p class="ftr">{escape(labels.footer.format(n=n, total=total))}</p>')
        footer.place(FOOTER)
        footer.draw(device)
        writer.end_page()
    writer.close()
    doc = pymupdf.open("pdf", out.getvalue())
    try:
        doc.subset_fonts()  # the whole DejaVu faces would add ~750 KB
        stable_subset_tags(doc)
        doc.set_metadata({"title": title, "producer": "Meetingroom", "creator": "Meetingroom"})
        data: bytes = doc.tobytes(garbage=3, deflate=True)
    finally:
        doc.close()
    return data


def _count_pages(make: Callable[[], Any]) -> int:
    s = make()
    pages, more = 0, True
    while more:
        pages += 1
        if pages > MAX_PAGES:
            raise NoteError(f"the notes summary is longer than {MAX_PAGES} pages", "too_large")
        more, _ = s.place(BODY)
        s.draw(None)
    return pages
