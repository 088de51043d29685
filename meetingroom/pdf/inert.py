"""Switch off a PDF's active content and external links in a document being written.

The reader never runs or extracts anything (it only draws pages and reads their text).
A copy we write for the user to pass on (the notes export) must not carry any either,
so the rule is an allow-list, applied to every object of the document (pages,
annotations, form fields, outline entries, action chains):

* an action (``/A``, or an action object itself) stays only if it is ``/GoTo`` (a place
  in this document), ``/Named`` (next page...) or ``/URI`` to a web or mail address
  (``http:``, ``https:``, ``mailto:``); every other kind — ``/JavaScript``, ``/Launch``,
  ``/GoToR`` and ``/GoToE`` (other files, e.g. ``\\\\198.51.100.7\\share\\x.pdf``),
  ``/SubmitForm``, ``/ImportData``, ``/ResetForm``, ``/RichMediaExecute``, media,
  ``/Thread`` ... — and a ``/URI`` to ``file:``, ``smb:``, a UNC or a relative path is
  removed;
* triggers and chains are removed whatever they do: ``/OpenAction``, ``/AA``, ``/Next``,
  ``/JS``; so are document JavaScript and attached files in the name tree, associated
  files (``/AF``) and XFA forms (which carry scripts);
* annotations that hold files or play media (file attachment, rich media, screen, movie,
  sound, 3D) are deleted.

What is unlinked is dropped when the caller saves with garbage collection, which it must
do as a full rewrite: an incremental update would keep the old revision's bytes.
"""

from __future__ import annotations

import logging
from typing import Any

import pymupdf

log = logging.getLogger("meetingroom.pdf")

_ALLOWED_ACTIONS = frozenset({"/GoTo", "/Named", "/URI"})
_ACTION_TYPES = frozenset({
    "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie",
    "/Hide", "/Named", "/SubmitForm", "/ResetForm", "/ImportData", "/SetOCGState",
    "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript", "/ECMAScript", "/RichMediaExecute"})
"""Every action type of ISO 32000-2 (table 201): an object whose /S is one of these (or
whose /Type is /Action) is an action; other objects use /S for other things (a
transparency group, a structure element, a page label) and are left alone."""
_WEB_SCHEMES = ("http:", "https:", "mailto:")
_TRIGGERS = ("OpenAction", "AA", "Next", "JS", "AF", "XFA")
_DOCUMENT_NAMES = ("Names/JavaScript", "Names/EmbeddedFiles")
_FILE_OR_MEDIA = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound",
                            "/3D"})


def make_inert(doc: Any) -> int:
    """Neutralise ``doc``'s active content and external links in place (saved by the
    caller, with garbage collection); returns how many entries were removed."""
    removed = 0
    catalog = doc.pdf_catalog()
    for key in _DOCUMENT_NAMES:
        removed += _drop(doc, catalog, key)
    for page in doc:
        doomed = [xref for xref, _kind, _id in page.annot_xrefs()
                  if doc.xref_get_key(xref, "Subtype")[1] in _FILE_OR_MEDIA]
        for xref in doomed:
            page.delete_annot(page.load_annot(xref))
        removed += len(doomed)
    for xref in range(1, doc.xref_length()):
        removed += _clean_object(doc, xref)
    if removed:
        log.info("switched off %d active entries in the written copy", removed)
    return removed


def _clean_object(doc: Any, xref: int) -> int:
    try:
        keys = set(doc.xref_get_keys(xref))
    except (RuntimeError, pymupdf.mupdf.FzErrorBase):  # a free or broken entry
        return 0
    removed = sum(_drop(doc, xref, key) for key in _TRIGGERS if key in keys)
    if "A" in keys and not _allowed(doc, xref, "A/"):
        removed += _drop(doc, xref, "A")
    if "S" in keys and not doc.xref_is_stream(xref) and _is_action(doc, xref) \
            and not _allowed(doc, xref, ""):
        doc.update_object(xref, "<< >>")  # an action object of its own: emptied
        removed += 1
    return removed


def _is_action(doc: Any, xref: int) -> bool:
    return (doc.xref_get_key(xref, "Type")[1] == "/Action"
            or doc.xref_get_key(xref, "S")[1] in _ACTION_TYPES)


def _allowed(doc: Any, xref: int, prefix: str) -> bool:
    """Whether the action at ``prefix`` (``"A/"``, or ``""`` for the object itself) of
    object ``xref`` is on the allow-list; an /A without a name /S is no action."""
    kind, action = doc.xref_get_key(xref, prefix + "S")
    if kind != "name":
        return True
    if action not in _ALLOWED_ACTIONS:
        return False
    if action == "/URI":
        kind, uri = doc.xref_get_key(xref, prefix + "URI")
        return kind == "string" and str(uri).strip().lower().startswith(_WEB_SCHEMES)
    return True


def _drop(doc: Any, xref: int, key: str) -> int:
    if doc.xref_get_key(xref, key)[0] == "null":
        return 0
    doc.xref_set_key(xref, key, "null")
    return 1
