"""Parse one untrusted PDF inside a resource-limited process and print one result line.

Run as ``python -m meetingroom.pdf._check_worker PATH --memory-mb N --cpu-seconds S``
by :mod:`meetingroom.pdf.check`; nothing else should import it. The limits are set
after PyMuPDF is imported (so a tight limit fails the parse, not the import) and
bound the whole process: address space (``RLIMIT_AS``) and CPU time
(``RLIMIT_CPU``: SIGXCPU at S seconds, SIGKILL one second later).

The result is the last stdout line starting with :data:`RESULT_PREFIX`, followed by
a JSON object: ``{"ok": true, "pages": .., "encrypted": .., "title": .., "repaired": ..}``
or ``{"ok": false, "reason": "unreadable" | "password" | "no_pages" | "truncated" |
"trailing_data" | "bad_page" | "page_too_large" | "slow_text" | "memory", "detail": ..,
"page": ..}``. A crash or a kill leaves no result line.

Besides opening the file and loading every page, the check reads it as every client
will (the render worker's own code, :mod:`meetingroom.pdf.page_reads`, and the reader's
checks on its answers, :mod:`meetingroom.pdf.render_queries`): every page's layout,
page 1 drawn, the words of every page searched and page 1's text. A file the server
accepts is one every client can show.
"""

from __future__ import annotations

import re
import sys
import time
from typing import Any

from meetingroom.pdf._limits import (
    RENDER_CALL_SECONDS,
    RENDER_MAX_PIXELS,
    quiet_and_limited,
    worker_arguments,
    write_result,
)
from meetingroom.pdf.rendered import DEFAULT_STORE_SHRINK

RESULT_PREFIX = "meetingroom-pdf-check: "
"""Marks the result line, so stray library output on stdout cannot be mistaken for it."""

_MAX_TITLE = 500
FIRST_PAGE_WIDTH = 1600
"""Pixels across page 1 when the check draws it: a wide reader window."""


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
    """Open ``path`` as a PDF, then read it as every client will; describe what was found."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except MemoryError:
        raise
    except Exception as exc:  # any MuPDF failure means the same thing: unreadable
        return _failure("unreadable", exc)
    with doc:
        try:
            if doc.needs_pass:
                return {"ok": False, "reason": "password"}
            pages = int(doc.page_count)
        except MemoryError:
            raise
        except Exception as exc:  # a page tree MuPDF cannot count (/Count -5, a cycle)
            return _failure("unreadable", exc)
        if pages == 0:
            return {"ok": False, "reason": "no_pages"}
        if doc.is_repaired and not _ends_with_eof_marker(path):
            return {"ok": False, "reason": _after_the_end(pymupdf, path)}
        refused = _as_a_client_reads(pymupdf, doc, pages)
        if refused is not None:
            return refused
        meta = doc.metadata or {}
        return {
            "ok": True,
            "pages": pages,
            "encrypted": bool(meta.get("encryption")),
            "title": str(meta.get("title") or "")[:_MAX_TITLE],
            "repaired": bool(doc.is_repaired),
        }


def _as_a_client_reads(pymupdf: Any, doc: Any, pages: int) -> dict[str, Any] | None:
    """Read the document as the reader does, with the render worker's code
    (``page_reads``) and the reader's checks on its answers (``render_queries``): load
    every page, lay out every page, draw page 1, read the words of every page the reader
    searches and the text of page 1. A refusal, or None when every client can show it.

    The text pass must also finish within the time a reader gives one request
    (``RENDER_CALL_SECONDS``): a search over the whole document is one request.
    """
    from meetingroom.errors import InvalidDocumentError
    from meetingroom.pdf import page_reads
    from meetingroom.pdf.render import PdfRenderer
    from meetingroom.pdf.render_queries import page_layout_of, text_of, words_of

    r = PdfRenderer(doc, name="upload", store_shrink=DEFAULT_STORE_SHRINK)
    index = 0
    try:
        for index in range(pages):
            page = doc.load_page(index)
            page.bound()
            if not all(doc.xref_is_stream(xref) for xref in page.get_contents()):
                return {"ok": False, "reason": "bad_page", "page": index + 1,
                        "detail": "content stream missing"}
        index = 0
        for index in page_reads.laid_out_pages(r):
            page_layout_of(page_reads.page_layout(r, [index]), 1)
        index = 0
        width, _height = r.page_size(0)
        r.render(0, zoom=FIRST_PAGE_WIDTH / max(width, 1.0), max_pixels=RENDER_MAX_PIXELS)
        started = time.monotonic()
        for index in page_reads.laid_out_pages(r):
            words_of(page_reads.words(r, index))
        index = 0
        text_of(page_reads.text_in(r, 0, doc.load_page(0).rect))
        if time.monotonic() - started > RENDER_CALL_SECONDS:
            return {"ok": False, "reason": "slow_text"}
    except MemoryError:
        raise
    except InvalidDocumentError as exc:
        reason = "page_too_large" if exc.reason == "page_too_large" else "bad_page"
        return _failure(reason, exc) | {"page": index + 1}
    except Exception as exc:  # MuPDF's errors, and an answer the reader would reject
        return _failure("bad_page", exc) | {"page": index + 1}
    return None


def _ends_with_eof_marker(path: str) -> bool:
    """Whether ``%%EOF`` is in the last 1024 bytes, where readers expect it.

    MuPDF "repairs" a file cut short by scanning for objects and may then find every
    page but none of their text; a repaired file without the end marker is refused
    as truncated (a broken upload), not shown as blank pages — or, when a complete PDF
    ends earlier in the file, as having data appended (``_after_the_end``).
    """
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 1024))
        return b"%%EOF" in f.read()


def _after_the_end(pymupdf: Any, path: str) -> str:
    """Why a file MuPDF had to repair has no ``%%EOF`` near its end: ``trailing_data``
    when the file up to its last ``%%EOF`` is a PDF MuPDF reads without repair (something
    was appended after a complete file), ``truncated`` otherwise."""
    with open(path, "rb") as f:
        data = f.read()
    end = data.rfind(b"%%EOF")
    if end < 0:
        return "truncated"
    try:
        with pymupdf.open(stream=data[:end + 5], filetype="pdf") as whole:
            complete = not whole.is_repaired and whole.page_count > 0
    except MemoryError:
        raise
    except Exception:
        complete = False
    return "trailing_data" if complete else "truncated"


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
