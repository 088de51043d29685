"""Parse one untrusted PDF inside a resource-limited process and print one result line.

Run as ``python -m meetingroom.pdf._check_worker PATH --memory-mb N --cpu-seconds S``
by :mod:`meetingroom.pdf.check`; nothing else should import it. The limits are set
after PyMuPDF is imported (so a tight limit fails the parse, not the import) and
bound the whole process: address space (``RLIMIT_AS``) and CPU time
(``RLIMIT_CPU``: SIGXCPU at S seconds, SIGKILL one second later).

The result is the last stdout line starting with :data:`RESULT_PREFIX`, followed by
a JSON object: ``{"ok": true, "pages": .., "encrypted": .., "title": .., "repaired": ..}``
or ``{"ok": false, "reason": "unreadable" | "password" | "no_pages" | "truncated" |
"bad_page" | "memory", "detail": .., "page": ..}``. A crash or a kill leaves no result line.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from meetingroom.pdf._limits import quiet_and_limited, worker_arguments, write_result

RESULT_PREFIX = "meetingroom-pdf-check: "
"""Marks the result line, so stray library output on stdout cannot be mistaken for it."""

_MAX_TITLE = 500


def main(argv: list[str] | None = None) -> int:
    """Check the PDF named on the command line; always exit 0 once a result is printed."""
    args = worker_arguments("meetingroom.pdf._check_worker", ("path",), argv)

    import pymupdf

    quiet_and_limited(pymupdf, args)
    try:
        result = _inspect(pymupdf, args.path)
    except MemoryError:
        result = {"ok": False, "reason": "memory"}
    write_result(RESULT_PREFIX, result)
    return 0


def _inspect(pymupdf: Any, path: str) -> dict[str, Any]:
    """Open ``path`` as a PDF, load every page, and describe what was found."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except MemoryError:
        raise
    except Exception as exc:  # any MuPDF failure means the same thing: unreadable
        return _failure("unreadable", exc)
    with doc:
        if doc.needs_pass:
            return {"ok": False, "reason": "password"}
        pages = int(doc.page_count)
        if pages == 0:
            return {"ok": False, "reason": "no_pages"}
        if doc.is_repaired and not _ends_with_eof_marker(path):
            return {"ok": False, "reason": "truncated"}
        for index in range(pages):
            try:
                page = doc.load_page(index)
                page.bound()
                if not all(doc.xref_is_stream(xref) for xref in page.get_contents()):
                    return {"ok": False, "reason": "bad_page", "page": index + 1,
                            "detail": "content stream missing"}
            except MemoryError:
                raise
            except Exception as exc:  # a page MuPDF cannot load makes the file unusable
                return _failure("bad_page", exc) | {"page": index + 1}
        meta = doc.metadata or {}
        return {
            "ok": True,
            "pages": pages,
            "encrypted": bool(meta.get("encryption")),
            "title": str(meta.get("title") or "")[:_MAX_TITLE],
            "repaired": bool(doc.is_repaired),
        }


def _ends_with_eof_marker(path: str) -> bool:
    """Whether ``%%EOF`` is in the last 1024 bytes, where readers expect it.

    MuPDF "repairs" a file cut short by scanning for objects and may then find every
    page but none of their text; a repaired file without the end marker is refused
    as truncated (a broken upload), not shown as blank pages.
    """
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 1024))
        return b"%%EOF" in f.read()


def _failure(reason: str, exc: BaseException) -> dict[str, Any]:
    """A failed result; MuPDF's own allocation failures count as running out of memory.

    PyMuPDF wraps MuPDF's error ("calloc (8000000 x 40 bytes) failed") in a generic
    one ("Failed to open file"), so the whole chain of causes is searched.
    """
    messages: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(messages) < 5:
        messages.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    detail = " <- ".join(messages)
    if re.search(r"\b(?:[cm]alloc|realloc)\b.*failed|out of memory", detail, re.IGNORECASE):
        reason = "memory"
    return {"ok": False, "reason": reason, "detail": detail[:500]}


if __name__ == "__main__":
    sys.exit(main())
