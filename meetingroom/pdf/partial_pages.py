"""Whether a page of a truncated PDF (a download still arriving) has all its parts.

MuPDF opens the prefix of a PDF by repairing it. An object that has not arrived is
simply absent from the repaired file: a page whose font or image is still missing
draws *without any warning*, with a substitute font or a hole — which must not be
shown as the page. So a page counts as complete only when every object it reaches
(contents, resources, fonts, images, form XObjects, annotation appearances) is in
the file; a stream cut in the middle is caught by MuPDF's warnings while drawing.
"""

from __future__ import annotations

import re
from typing import Any

INCOMPLETE = "page_incomplete"
"""Error reason of a page of a partial file whose parts have not all arrived."""
UNREADABLE = "partial_unreadable"
"""Error reason of a partial file that cannot be opened yet."""
_REF = re.compile(r"(\d+) 0 R\b")
SKIP_KEYS = frozenset({"Parent", "P", "Dest", "A", "AA", "Prev", "Next", "First", "Last",
                       "Popup", "IRT", "B", "Metadata", "PieceInfo", "Thumb", "StructParent",
                       "StructParents"})
"""Keys that point back into the page tree or away from what the page draws."""
MAX_OBJECTS = 20_000
"""Objects looked at per page; past this, only MuPDF's warnings judge the page."""


def missing_objects(doc: Any, page_xref: int, *, limit: int = MAX_OBJECTS) -> bool:
    """True if an object the page ``page_xref`` reaches is not in ``doc`` (a pymupdf
    Document), i.e. it has not been downloaded yet."""
    size = int(doc.xref_length())
    seen = {page_xref}
    todo = [page_xref]
    while todo and len(seen) <= limit:
        xref = todo.pop()
        for ref in _refs(doc, xref):
            if ref in seen:
                continue
            if not 0 < ref < size or _absent(doc, ref):
                return True
            seen.add(ref)
            todo.append(ref)
    return False


def _absent(doc: Any, xref: int) -> bool:
    try:
        return str(doc.xref_object(xref, compressed=True)).strip() == "null"
    except RuntimeError:  # "bad xref": the repaired file has no such object
        return True


def _refs(doc: Any, xref: int) -> list[int]:
    """The objects ``xref`` refers to, leaving out the keys in SKIP_KEYS."""
    try:
        keys = doc.xref_get_keys(xref)
    except RuntimeError:
        return []
    if not keys:  # an array or a plain value: every reference in it counts
        try:
            text = str(doc.xref_object(xref, compressed=True))
        except RuntimeError:
            return []
        return [int(m.group(1)) for m in _REF.finditer(text)]
    out: list[int] = []
    for key in keys:
        if key in SKIP_KEYS:
            continue
        try:
            kind, value = doc.xref_get_key(xref, key)
        except RuntimeError:
            continue
        if kind in ("xref", "array", "dict"):
            out.extend(int(m.group(1)) for m in _REF.finditer(str(value)))
    return out
