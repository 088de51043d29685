"""Compose the minutes PDF (A4, PDF/A-2b shaped) from their sanitised HTML.

Layout: the HTML is typeset by MuPDF's ``Story`` with the shipped DejaVu fonts (the only
fonts it can reach: the story's archive is the fonts folder, and the HTML is sanitised
again here, so no image, link, ``url()`` or other file or network reference can reach
the engine). Every page carries a header line (organisation · title · date) and a
footer "Trang X/Y". On the last page nothing is placed lower than
``STAMP_AREA_TOP`` points from the bottom except the footer (below the stamp boxes) and
the small captions "Thư ký" / "Chủ tọa" between the first and second rows of
``STAMP_BOXES`` (above the first two boxes, inside none): if the text would reach that
band, it ends earlier and continues on one more page. Two passes: the first finds the
page count and where the text ends, the second draws with the final page rectangles
and "Trang X/Y".

PDF/A-2b (ISO 19005-2, level B) — implemented:

- every font embedded (DejaVu, subset, ``CIDToGIDMap`` explicit), no standard-14 fonts;
- XMP metadata (unfiltered stream) with ``pdfaid:part=2`` / ``pdfaid:conformance=B``,
  ``dc:title``, ``pdf:Producer``, ``xmp:CreatorTool``, ``xmp:CreateDate`` and
  ``xmp:ModifyDate`` equal to the Info dictionary's Title, Producer, Creator,
  CreationDate and ModDate;
- an OutputIntent ``GTS_PDFA1`` with an sRGB v2 ICC profile (built in
  ``meetingroom.pdf._srgb``), covering the DeviceRGB/DeviceGray colours used;
- a file identifier (``/ID``, derived from the inputs), no encryption, no JavaScript
  or actions, no annotations, no embedded files, no images, no transparency groups,
  soft masks or constant alpha below 1 (the tests look for them), PDF 1.7 header
  with a binary comment line.

Not verified (no veraPDF here): conformance as a validator would judge it — in
particular that MuPDF's ``Story`` output has no other PDF/A-2 defect (e.g. font width
consistency between ``/W`` arrays and the embedded subsets, content stream operators),
that the hand-made ICC profile is accepted by validators, and XMP schema details.
Run veraPDF on a sample before relying on the claim.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any

import pymupdf

from meetingroom.domain.minutes_draft import MinutesHeader
from meetingroom.domain.richtext import sanitize_html
from meetingroom.domain.signatures import PAGE_A4, STAMP_AREA_TOP, STAMP_BOXES
from meetingroom.pdf._fonts import story_fonts
from meetingroom.pdf._pdfa import make_pdfa

log = logging.getLogger("meetingroom.pdf")

PAGE_W, PAGE_H = PAGE_A4
LEFT, RIGHT, TOP, BOTTOM = 85.0, 57.0, 70.0, 64.0
"""Margins in points (Vietnamese administrative style: the wide margin is on the left)."""
BODY = pymupdf.Rect(LEFT, TOP, PAGE_W - RIGHT, PAGE_H - BOTTOM)
"""Where the text goes, in page coordinates (origin top left)."""
LAST_BODY = pymupdf.Rect(LEFT, TOP, PAGE_W - RIGHT, PAGE_H - STAMP_AREA_TOP - 6.0)
"""The text area of the last page: it ends above the signature stamps' band."""
HEADER = pymupdf.Rect(LEFT, 30.0, PAGE_W - RIGHT, TOP - 8.0)
FOOTER = pymupdf.Rect(LEFT, PAGE_H - 46.0, PAGE_W - RIGHT, PAGE_H - 26.0)
CAPTIONS = ("THƯ KÝ", "CHỦ TỌA")
"""Default captions over the first two stamp boxes (first signer, second signer)."""

_CSS = """
* { font-family: dv; }
body { font-size: 11pt; line-height: 1.35; text-align: left; margin: 0; }
p { margin: 0 0 4pt 0; }
h1 { font-size: 15pt; margin: 0 0 8pt 0; }
h2 { font-size: 13pt; margin: 10pt 0 4pt 0; }
h3 { font-size: 12pt; margin: 8pt 0 4pt 0; }
h4 { font-size: 11pt; margin: 6pt 0 3pt 0; }
table { border-collapse: collapse; margin: 2pt 0 6pt 0; }
td, th { border: 0.5pt solid black; padding: 2pt 4pt; vertical-align: top; }
th { font-weight: bold; }
blockquote { margin: 4pt 0 4pt 20pt; }
.hdr { font-size: 8pt; line-height: 1.2; margin: 0; color: #444444; text-align: center; }
.ftr { font-size: 9pt; line-height: 1.2; margin: 0; text-align: center; }
.cap { font-size: 7.5pt; line-height: 1.2; margin: 0; font-weight: bold; text-align: center; }
"""

MAX_PAGES = 500
"""A minutes document longer than this is refused (runaway HTML), before drawing."""


class MinutesRenderError(ValueError):
    """The minutes could not be laid out; ``reason`` is ``too_long``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def render_minutes_pdf(html: str, header: MinutesHeader, *, producer: str = "Meetingroom",
                       created: datetime | None = None,
                       captions: tuple[str, str] = CAPTIONS) -> bytes:
    """The minutes as PDF bytes: ``html`` (sanitised again here) under ``header``.

    ``created`` (default: now) is the creation date written to the metadata; the same
    inputs and ``created`` give the same bytes. ``captions`` label the first two stamp
    boxes. Raises :class:`~meetingroom.domain.richtext.RichTextError` for oversized
    HTML and :class:`MinutesRenderError` past ``MAX_PAGES``.
    """
    body = sanitize_html(html)
    created = created or datetime.now(UTC)
    font_rules, archive = story_fonts()
    css = font_rules + _CSS

    def story(content: str) -> Any:
        return pymupdf.Story(html=content, user_css=css, em=11, archive=archive)

    rects = _page_rects(lambda: story(body))
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out, "compress")
    main = story(body)
    total = len(rects)
    head = _header_html(header)
    for n, rect in enumerate(rects, start=1):
        device = writer.begin_page(pymupdf.Rect(0, 0, PAGE_W, PAGE_H))
        main.place(rect)
        main.draw(device)
        _draw(story, device, HEADER, head)
        _draw(story, device, FOOTER, f'<p class="ftr">Trang {n}/{total}</p>')
        if n == total:
            for box, caption in zip(STAMP_BOXES[:2], captions, strict=True):
                _draw(story, device, _caption_rect(box), f'<p class="cap">{escape(caption)}</p>')
        writer.end_page()
    writer.close()
    doc = pymupdf.open("pdf", out.getvalue())
    try:
        identity = "\0".join((body, header.organisation, header.title, header.meeting_date,
                              producer, created.isoformat(), *captions)).encode()
        make_pdfa(doc, title=header.title or "Biên bản", producer=producer,
                  created=created, identity=identity)
        data: bytes = doc.tobytes(garbage=3, deflate=False, no_new_id=True)
    finally:
        doc.close()
    log.info("minutes PDF composed: %d pages, %d bytes, sha256 %s", total, len(data),
             hashlib.sha256(data).hexdigest()[:12])
    return data


def _page_rects(story: Callable[[], Any]) -> list[Any]:
    """The text rectangle of each page, so that the last one ends above the stamps.

    Lays the text out on full pages; if it ends below the stamp line, the last page
    gets the short rectangle and the tail moves on (checked by laying it out again).
    """
    ends = _layout(story(), lambda n: BODY)
    if ends[-1] <= LAST_BODY.y1:
        return [BODY] * (len(ends) - 1) + [LAST_BODY]
    full = len(ends) - 1
    while True:
        def rect(n: int, full: int = full) -> Any:
            return BODY if n < full else LAST_BODY
        ends = _layout(story(), rect)
        if len(ends) <= full + 2:
            return [rect(n) for n in range(len(ends))]
        full += 1  # pragma: no cover - a tail that did not fit one short page


def _layout(story: Any, rect: Callable[[int], Any]) -> list[float]:
    """Place ``story`` page by page; the bottom of the text on each page."""
    ends: list[float] = []
    more = True
    while more:
        if len(ends) >= MAX_PAGES:
            raise MinutesRenderError(
                f"the minutes are longer than {MAX_PAGES} pages", "too_long")
        more, filled = story.place(rect(len(ends)))
        story.draw(None)  # advances the story past what was placed, drawing nothing
        ends.append(float(filled[3]))  # (x0, y0, x1, y1) of what was filled
    return ends


def _draw(story: Callable[[str], Any], device: Any, rect: Any, html: str) -> None:
    s = story(html)
    s.place(rect)
    s.draw(device)


def _header_html(header: MinutesHeader) -> str:
    parts = [p for p in (header.organisation, header.title, header.meeting_date) if p]
    return f'<p class="hdr">{escape(" · ".join(parts), quote=False)}</p>'


def _caption_rect(box: tuple[float, float, float, float]) -> Any:
    """The band just above a stamp box (PDF coordinates) as a page rectangle."""
    x0, _, x1, y1 = box
    return pymupdf.Rect(x0, PAGE_H - y1 - 9.5, x1, PAGE_H - y1)  # the rows are 10 apart
