"""Switch off a PDF's active content in a document being written (the notes export).

The reader never runs or extracts anything (it only draws pages and reads their text).
A copy we write for the user to pass on should not carry it either: in the written
revision there are no document or page actions (``/OpenAction``, ``/AA``), no document
JavaScript or attached files in the name tree, no link that launches a program, runs
JavaScript, submits or imports data, or opens a ``file://`` address, and no
file-attachment annotations. Links to pages in the document and to web addresses stay.
"""

from __future__ import annotations

import logging
from typing import Any

import pymupdf

log = logging.getLogger("meetingroom.pdf")

_ACTIVE = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm",
                     "/GoToE", "/Rendition", "/Movie", "/Sound", "/RichMediaExecute"})
"""Action types that run something, send or read data, or play media."""
_FILE_ATTACHMENT: int = pymupdf.PDF_ANNOT_FILE_ATTACHMENT  # type: ignore[attr-defined]


def make_inert(doc: Any) -> int:
    """Neutralise ``doc``'s active content in place (saved by the caller); returns how
    many entries were removed."""
    removed = 0
    catalog = doc.pdf_catalog()
    for key in ("OpenAction", "AA", "Names/JavaScript", "Names/EmbeddedFiles"):
        removed += _drop(doc, catalog, key)
    for page in doc:
        removed += _drop(doc, page.xref, "AA")
        attachments = list(page.annots(types=[_FILE_ATTACHMENT]))
        for annot in attachments:
            page.delete_annot(annot)
        removed += len(attachments)
        for xref, _kind, _id in page.annot_xrefs():
            removed += _drop(doc, xref, "AA")
            if _active(doc, xref):
                removed += _drop(doc, xref, "A")
    if removed:
        log.info("switched off %d active entries in the written copy", removed)
    return removed


def _drop(doc: Any, xref: int, key: str) -> int:
    if doc.xref_get_key(xref, key)[0] == "null":
        return 0
    doc.xref_set_key(xref, key, "null")
    return 1


def _active(doc: Any, annot: int) -> bool:
    kind, action = doc.xref_get_key(annot, "A/S")
    if kind == "name" and action in _ACTIVE:
        return True
    kind, uri = doc.xref_get_key(annot, "A/URI")
    return kind == "string" and str(uri).strip().lower().startswith("file:")
