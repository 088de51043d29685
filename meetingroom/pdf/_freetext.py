"""A text box's appearance in one typeface that has Vietnamese: the shipped DejaVu Sans.

MuPDF draws a ``/FreeText`` appearance with Nimbus Sans and takes the letters it lacks
(ễ, ứ, ọ …) from its built-in Noto Serif: two typefaces in one line, both embedded whole
(~230 KB). :func:`use_dejavu_appearance` replaces that appearance with one typeset in
DejaVu Sans (``paths.font_path``), subset to the letters used; :func:`drop_unused` then
empties the objects MuPDF had made for the old appearances, so they are not written.

How: the words are laid out by PyMuPDF's ``TextWriter.fill_textbox`` on a page of a
scratch document the size of the box as displayed; its fonts are subset there; that
page's content becomes the appearance stream, placed with a matrix that maps the
scratch page onto the annotation's ``/BBox`` (upright as the rotated page is displayed,
like MuPDF's own ``rotate``), and its font objects are copied into the document. Words
that do not fit the box are clipped, as MuPDF's own appearance does. A text with a
letter DejaVu Sans lacks (Chinese, say) keeps MuPDF's appearance, whose fallback fonts
have it.
"""

from __future__ import annotations

import re
from typing import Any

import pymupdf

from meetingroom.domain.page_space import PageFrame
from meetingroom.paths import font_path

PADDING = 2.0
"""Points between the box's edge and its words (as the reader paints them)."""
_REF = re.compile(rb"(\d+) 0 R\b")


def use_dejavu_appearance(page: Any, annot: Any, text: str, *, font_size: float,
                          color: tuple[float, float, float]) -> int:
    """Give the FreeText ``annot`` on ``page`` an appearance in DejaVu Sans; the xref of
    the appearance it had (0 if none, or when it is kept), for :func:`drop_unused`."""
    font = pymupdf.Font(fontfile=str(font_path()))
    if not all(font.has_glyph(ord(c)) for c in text if not c.isspace()):
        return 0  # MuPDF's appearance has fallbacks for it
    doc = page.parent
    old = _appearance_xref(doc, annot.xref)
    bbox = pymupdf.Rect(annot.rect)  # unrotated, top-left origin
    frame = PageFrame.from_displayed(page.rect.width, page.rect.height, page.rotation)
    x0, y0, x1, y1 = frame.rect_to_displayed((bbox.x0, bbox.y0, bbox.x1, bbox.y1))
    width, height = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    content, resources = _typeset(text, width, height, font_size, color, font, doc)
    pdf_box = _pdf_bbox(doc, old, page, bbox)

    def to_pdf(u: float, v: float) -> tuple[float, float]:
        """A scratch-page point (PDF space: y up) as a point of ``pdf_box``."""
        ux, uy = frame.to_unrotated(x0 + u, y0 + height - v)
        return pdf_box.x0 + (ux - bbox.x0), pdf_box.y1 - (uy - bbox.y0)

    (ex, ey), (ax, ay), (cx, cy) = to_pdf(0, 0), to_pdf(1, 0), to_pdf(0, 1)
    cm = f"{ax - ex:g} {ay - ey:g} {cx - ex:g} {cy - ey:g} {ex:g} {ey:g} cm"
    clip = f"{pdf_box.x0:g} {pdf_box.y0:g} {pdf_box.width:g} {pdf_box.height:g} re W n"
    stream = f"q {clip} {cm}\n".encode() + content + b"\nQ\n"
    form = doc.get_new_xref()
    doc.update_object(form, f"<</Type/XObject/Subtype/Form/BBox[{pdf_box.x0:g} "
                            f"{pdf_box.y0:g} {pdf_box.x1:g} {pdf_box.y1:g}]"
                            f"/Matrix[1 0 0 1 0 0]/Resources{resources}>>")
    doc.update_stream(form, stream)
    doc.xref_set_key(annot.xref, "AP", f"<</N {form} 0 R>>")
    return old


def _appearance_xref(doc: Any, annot_xref: int) -> int:
    kind, value = doc.xref_get_key(annot_xref, "AP/N")
    return int(value.split()[0]) if kind == "xref" else 0


def _pdf_bbox(doc: Any, old: int, page: Any, rect: Any) -> Any:
    """The annotation's box in PDF space: MuPDF's own ``/BBox`` when there is one."""
    if old:
        kind, value = doc.xref_get_key(old, "BBox")
        if kind == "array":
            numbers = [float(v) for v in value.strip("[]").split()]
            if len(numbers) == 4:
                return pymupdf.Rect(*numbers)
    return rect * page.transformation_matrix.inverted()


def _typeset(text: str, width: float, height: float, font_size: float,
             color: tuple[float, float, float], font: Any, doc: Any) -> tuple[bytes, str]:
    """The content stream drawing ``text`` in a ``width`` × ``height`` box, and its
    ``/Resources`` dictionary (its objects copied into ``doc``)."""
    scratch = pymupdf.open()
    try:
        page = scratch.new_page(width=width, height=height)
        writer = pymupdf.TextWriter(page.rect)
        area = pymupdf.Rect(PADDING, PADDING, width - PADDING, height - PADDING)
        if not area.is_empty:
            writer.fill_textbox(area, text, font=font, fontsize=font_size, warn=False)
        writer.write_text(page, color=color)
        scratch.subset_fonts()
        content = page.read_contents()
        kind, value = scratch.xref_get_key(page.xref, "Resources")
        source = scratch.xref_object(int(value.split()[0]), compressed=True) if (
            kind == "xref") else value
        memo: dict[int, int] = {}
        resources = _REF.sub(lambda m: f"{_copy(scratch, doc, int(m[1]), memo)} 0 R".encode(),
                             source.encode()).decode()
    finally:
        scratch.close()
    return content, resources


def _copy(src: Any, dst: Any, xref: int, memo: dict[int, int]) -> int:
    """Copy object ``xref`` of ``src`` and every object it refers to into ``dst``."""
    if xref in memo:
        return memo[xref]
    new = int(dst.get_new_xref())
    memo[xref] = new
    body = _REF.sub(lambda m: f"{_copy(src, dst, int(m[1]), memo)} 0 R".encode(),
                    src.xref_object(xref, compressed=True).encode()).decode()
    dst.update_object(new, body)
    if src.xref_is_stream(xref):
        for key in ("Filter", "DecodeParms", "Length"):
            dst.xref_set_key(new, key, "null")
        dst.update_stream(new, src.xref_stream(xref))
    return new


def drop_unused(doc: Any, forms: list[int], *, fresh_from: int, pages: list[Any]) -> None:
    """Empty the old appearances ``forms`` and what they reach, when this export made it
    (xref ``fresh_from`` and later) and no annotation of ``pages`` still shows it."""
    kept = _reach(doc, [_appearance_xref(doc, a.xref) for p in pages for a in p.annots()],
                  fresh_from)
    for x in _reach(doc, forms, fresh_from) - kept:
        if doc.xref_is_stream(x):
            doc.update_stream(x, b"")
        doc.update_object(x, "null")


def _reach(doc: Any, roots: list[int], fresh_from: int) -> set[int]:
    """The objects made by this export that ``roots`` refer to, directly or not."""
    todo, seen = [x for x in roots if x], set()
    while todo:
        x = todo.pop()
        if x in seen or x < fresh_from or x >= doc.xref_length():
            continue
        seen.add(x)
        todo.extend(int(m[1]) for m in _REF.finditer(
            doc.xref_object(x, compressed=True).encode()))
    return seen
