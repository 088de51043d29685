"""The render worker process: ``python -m meetingroom.pdf._render_worker FD LIMIT SHRINK DIR``.

Started by :class:`~meetingroom.pdf.render_process.RenderProcess` with one end of a
socket pair as ``FD``. Requests and replies are small JSON messages (never pickles: the
parent must not trust a worker that has parsed a hostile PDF). A whole page is drawn by
MuPDF straight into a free block of the shared ``ARENA`` file (mapped on both sides);
tiles and thumbnails are copied into one. The parent frees blocks (``["free",
[offsets]]``) when the GUI drops the page; when the arena is full, the pixels go into a
fresh file in ``DIR`` that the parent maps and unlinks. MuPDF's store is trimmed after
each page's reply is sent, off the page's path.

Besides pages, the reader asks for the outline (``toc``), every page's size as
displayed and its ``/Rotate`` (``page_sizes``), a text search over the whole document
(``search``), a page's words with their rectangles (``words``), the text inside a
rectangle (``text``), a part of a page (``render`` with a ``clip``) and a small picture
of a page (``thumb``). Every answer is bounded (counts and string lengths), so a
hostile PDF cannot make a reply grow without limit; those answers come from
:mod:`meetingroom.pdf.page_reads`, which the upload check runs too. Nothing here follows
links, runs JavaScript or reads attachments: only the page contents are drawn and only
their text is read. Any error MuPDF raises (a cycle in the page tree, graphics states
nested too deep...) becomes that request's answer (``invalid``, reason ``damaged``): the
worker and the other open documents carry on.
A document may be opened *partial* (``["open", handle, path, password, true]``): the
unverified prefix of a file still downloading. MuPDF repairs the truncated file; a page
whose drawing made MuPDF warn (an object or stream it refers to has not arrived) answers
``page_incomplete`` instead of pixels, and a prefix that cannot be opened yet (or opens
with no pages) answers ``partial_unreadable``.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import math
import mmap
import os
import sys
from multiprocessing.connection import Connection
from typing import Any

import pymupdf
from pymupdf import mupdf

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf import page_reads
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.page_reads import page_of as _page_of
from meetingroom.pdf.partial_pages import INCOMPLETE, UNREADABLE, missing_objects
from meetingroom.pdf.render import PdfRenderer, _max_zoom
from meetingroom.pdf.render_queries import MAX_PAGES, MAX_SEARCH_TEXT
from meetingroom.pdf.rendered import RenderedPage

MAX_REQUEST = 64 * 1024


def _send(conn: Connection, *reply: Any) -> None:
    conn.send_bytes(json.dumps(reply).encode("utf-8"))


def _write_pixels(name: str, samples: memoryview) -> None:
    """Write the pixels to a new file (plain ``write`` into tmpfs measured 2× faster than
    filling a fresh mapping, which faults page by page)."""
    fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        view = samples.cast("B") if samples.nbytes else memoryview(b"\0")
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_ALIGN = 4096


class Arena:
    """First-fit blocks of the shared arena; the parent says which ones are free again."""

    def __init__(self, path: str) -> None:
        self.mm: mmap.mmap | None = None
        self.used: dict[int, int] = {}
        if path:
            fd = os.open(path, os.O_RDWR)
            try:
                self.mm = mmap.mmap(fd, os.fstat(fd).st_size)
            finally:
                os.close(fd)
            # both sides have it mapped now: the name can go, so the memory is freed when
            # the last mapping ends, even if both processes are killed
            with contextlib.suppress(OSError):
                os.unlink(path)

    def reserve(self, nbytes: int) -> int | None:
        """Take a free block of at least ``nbytes``; its offset, or None when none fits."""
        if self.mm is None:
            return None
        need = -(-max(1, nbytes) // _ALIGN) * _ALIGN
        at = 0
        for off in sorted(self.used):
            if off - at >= need:
                break
            at = off + self.used[off]
        if at + need > len(self.mm):
            return None
        self.used[at] = need
        return at

    def put(self, samples: memoryview) -> int | None:
        """Copy ``samples`` into a free block; its offset, or None when nothing fits."""
        at = self.reserve(samples.nbytes)
        if at is not None:
            assert self.mm is not None
            self.mm[at:at + samples.nbytes] = samples
        return at

    def free(self, offsets: list[int]) -> None:
        for off in offsets:
            self.used.pop(off, None)


def _open(path: str, password: str | None, *, partial: bool,
          store_shrink: int) -> PdfRenderer:
    if not partial:
        return PdfRenderer.open(path, password=password, store_shrink=store_shrink)
    r: PdfRenderer | None = None
    try:
        r = PdfRenderer.open(path, password=password, store_shrink=store_shrink)
        # MuPDF complains about a cut page tree once, when the first page is loaded:
        # load it now, so that only a page's own missing parts count against it
        _page_of(r, 0)
        return r
    except PasswordRequiredError:
        raise
    except (InvalidDocumentError, OSError, RuntimeError) as exc:  # a cut page tree: page
        # count raises RuntimeError("Invalid number of pages") outside PdfRenderer's guard
        if r is not None:
            r.close()
        raise InvalidDocumentError("the part downloaded so far cannot be opened yet",
                                   reason=UNREADABLE) from exc
    finally:
        pymupdf.TOOLS.reset_mupdf_warnings()


def _check_complete(r: PdfRenderer, index: int) -> None:
    """After drawing a page of a partial document: an object it uses has not arrived, or
    MuPDF warned while drawing it (a stream cut short), so the page is not all there."""
    warned = bool(pymupdf.TOOLS.mupdf_warnings())
    pymupdf.TOOLS.reset_mupdf_warnings()
    if warned or missing_objects(r._checked(), _page_of(r, index).xref):
        raise InvalidDocumentError(f"page {index + 1} has not finished downloading",
                                   reason=INCOMPLETE)


IDLE_TRIM_SECONDS = 0.5
"""Once no request came for this long after pages were drawn, the worker gives its free
heap back to the system (``malloc_trim``): a scan's decoded page images (~11 MiB each)
leave the heap fragmented, 15–30 MiB after paging a 30-page scan. Not after every page:
memory given back must be faulted in again by the next page (measured: a scan's first
page 10–17 ms slower with glibc's threshold fixed so that big blocks are unmapped)."""


def _trimmer() -> Any:
    """glibc's ``malloc_trim``, or a function doing nothing (another C library)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return lambda pad: 0


def serve(conn: Connection, store_shrink: int, shm_dir: str, arena: Arena) -> None:
    docs: dict[int, PdfRenderer] = {}
    partial: set[int] = set()
    """Handles of partial documents (unverified prefixes of downloads)."""
    seq = 0
    trim = _trimmer()
    drawn_since_trim = False
    while True:
        try:
            if drawn_since_trim and not conn.poll(IDLE_TRIM_SECONDS):
                trim(0)
                drawn_since_trim = False
            msg = json.loads(conn.recv_bytes(MAX_REQUEST))
        except (EOFError, OSError, ValueError):
            return
        op = msg[0]
        if op == "free":
            arena.free([int(o) for o in msg[1]])
            continue
        try:
            if op == "open":
                _, handle, path, password, *rest = msg
                is_partial = bool(rest and rest[0])
                docs[handle] = _open(path, password, partial=is_partial,
                                     store_shrink=0)  # shrunk here, after each reply
                (partial.add if is_partial else partial.discard)(handle)
                _send(conn, "ok", docs[handle].page_count)
            elif op == "size":
                _send(conn, "ok", list(docs[msg[1]].page_size(msg[2])))
            elif op in ("render", "thumb"):
                if msg[1] in partial:
                    pymupdf.TOOLS.reset_mupdf_warnings()
                if op == "render":
                    _, handle, index, zoom, fit_width, scale, max_pixels, *rest = msg
                    r = docs[handle]
                    clip = rest[0] if rest else None
                    if zoom is None:
                        width, _ = r.page_size(index)
                        zoom = max(0.1, fit_width / width) if width > 0 else 1.0
                    drawn = None if clip is not None else _draw_into_arena(
                        r, index, zoom * scale, max_pixels, arena)
                    page = None if drawn is not None else (
                        r.render(index, zoom=zoom * scale, max_pixels=max_pixels)
                        if clip is None else _render_clip(
                            r, index, zoom * scale, clip, max_pixels, 0))
                else:
                    _, handle, index, box = msg
                    r = docs[handle]
                    zoom = page_reads.thumb_zoom(*r.page_size(index), int(box))
                    drawn = None
                    page = r.render(index, zoom=zoom, max_pixels=max(1, int(box) ** 2))
                if msg[1] in partial:
                    try:
                        _check_complete(r, index)
                    except BaseException:
                        if drawn is not None:
                            arena.free([drawn[0]])
                        raise
                if drawn is not None:
                    _send(conn, "page", *drawn)
                else:
                    assert page is not None
                    where: int | str | None = arena.put(page.samples)
                    if where is None:
                        seq += 1
                        where = os.path.join(shm_dir, f"mr-render-{os.getpid()}-{seq}")
                        _write_pixels(where, page.samples)
                    _send(conn, "page", where, page.width, page.height, page.stride,
                          page.zoom)
                    del page
            elif op == "page_sizes":  # every page's, or (a third item) those listed
                r = docs[msg[1]]
                which = (page_reads.laid_out_pages(r) if len(msg) < 3
                         else [int(i) for i in msg[2][:MAX_PAGES]])
                _send(conn, "ok", page_reads.page_layout(r, which))
            elif op == "toc":
                _send(conn, "ok", page_reads.outline(docs[msg[1]]))
            elif op == "search":
                handle, text, max_hits = msg[1:4]
                _send(conn, "ok", page_reads.search(docs[handle], str(text)[:MAX_SEARCH_TEXT],
                                                    int(max_hits),
                                                    exact=len(msg) > 4 and msg[4] is True))
            elif op == "words":
                _send(conn, "ok", page_reads.words(docs[msg[1]], int(msg[2])))
            elif op == "text":
                _, handle, index, rect = msg
                _send(conn, "ok", page_reads.text_in(docs[handle], int(index), _rect(rect)))
            elif op == "close":
                closing = docs.pop(msg[1], None)
                partial.discard(msg[1])
                if closing is not None:
                    closing.close()  # no reply: the parent does not wait for a close
            else:
                _send(conn, "err", "invalid", f"unknown request {op!r}", "")
        except PasswordRequiredError as e:
            _send(conn, "err", "password", e.message, e.reason)
        except InvalidDocumentError as e:
            _send(conn, "err", "invalid", e.message, e.reason)
        except MemoryError:
            _send(conn, "err", "invalid", "the page needs more memory than is allowed",
                  "render_memory")
        except (IndexError, KeyError, ValueError, TypeError) as e:
            _send(conn, "err", "value", str(e)[:500], "")
        except OSError as e:
            _send(conn, "err", "os", (e.strerror or str(e))[:500], "")
        except (RuntimeError, mupdf.FzErrorBase):  # MuPDF found the file damaged (a cycle
            # in the page tree, too deeply nested graphics states...): that request's
            # answer, never the worker's death, which would cost every open document
            _send(conn, "err", "invalid", _damaged(msg), "damaged")
        if op in ("render", "thumb"):
            drawn_since_trim = True
            if store_shrink:
                # MuPDF's store is trimmed after every page, as PdfRenderer does, but once
                # the reply is sent: the parent has its page ~1 ms sooner
                pymupdf.TOOLS.store_shrink(store_shrink)


def _damaged(msg: list[Any]) -> str:
    """What a request that MuPDF failed on answers: the page it was about, or the file."""
    if msg[0] in ("render", "thumb", "words", "text", "size") and len(msg) > 2 \
            and type(msg[2]) is int:
        return f"page {msg[2] + 1} of the PDF is damaged and cannot be read"
    return "the PDF is damaged; part of it cannot be read"


def _rect(value: Any) -> Any:
    x0, y0, x1, y1 = (float(v) for v in value)
    rect = pymupdf.Rect(x0, y0, x1, y1)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or rect.is_empty:
        raise ValueError("the rectangle is empty")
    return rect


def _render_clip(r: PdfRenderer, index: int, zoom: float, clip: Any, max_pixels: int,
                 store_shrink: int) -> RenderedPage:
    """Draw the part ``clip`` (page points) of page ``index`` at ``zoom``: a tile."""
    if not (math.isfinite(zoom) and zoom > 0) or max_pixels < 1:
        raise ValueError("zoom and max_pixels must be positive")
    page = _page_of(r, index)
    area = _rect(clip) & page.rect
    if area.is_empty:
        raise ValueError("the tile lies outside the page")
    used = min(zoom, _max_zoom(area.width, area.height, max_pixels))
    try:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(used, used), colorspace=pymupdf.csRGB,
                              alpha=False, annots=True, clip=area)
    except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:
        raise InvalidDocumentError(f"page {index + 1} of the PDF cannot be drawn") from exc
    finally:
        if store_shrink:
            pymupdf.TOOLS.store_shrink(store_shrink)
    return RenderedPage(index=index, width=pix.width, height=pix.height, stride=pix.stride,
                        samples=pix.samples_mv, zoom=used, _pixmap=pix)


def _draw_into_arena(r: PdfRenderer, index: int, zoom: float, max_pixels: int,
                     arena: Arena) -> tuple[int, int, int, int, float] | None:
    """Draw page ``index`` straight into a free block of the arena, as ``PdfRenderer.render``
    would draw it (the same display list, bounds, white background and pixels), but
    with no pixmap of its own to allocate and fault in, and nothing to copy: 8.4 ms
    against 10.2 ms plus a 0.7 ms copy for a 1310×1854 page, measured. Returns (offset,
    width, height, stride, zoom used), or None when the arena has no room."""
    if arena.mm is None or not (math.isfinite(zoom) and zoom > 0) or max_pixels < 1:
        return None
    page = _page_of(r, index)
    rect = page.rect
    if rect.is_empty or rect.is_infinite:
        raise InvalidDocumentError(f"page {index + 1} of the PDF has no usable size")
    used = min(zoom, _max_zoom(rect.width, rect.height, max_pixels))
    try:
        listed = page.get_displaylist(annots=True)
        matrix = pymupdf.JM_matrix_from_py(pymupdf.Matrix(used, used))
        box = mupdf.fz_round_rect(mupdf.fz_transform_rect(
            mupdf.fz_bound_display_list(listed.this), matrix))
        width, height = box.x1 - box.x0, box.y1 - box.y0
        if width <= 0 or height <= 0:
            raise InvalidDocumentError(f"page {index + 1} of the PDF has no usable size")
        stride = 3 * width
        at = arena.reserve(height * stride)
        if at is None:
            return None
        view = memoryview(arena.mm)[at:at + height * stride]
        try:
            pix = mupdf.fz_new_pixmap_with_data(
                mupdf.fz_device_rgb(), width, height, mupdf.FzSeparations(), 0, stride,
                mupdf.python_mutable_buffer_data(view))  # borrows the block, never frees it
            pix.m_internal.x, pix.m_internal.y = box.x0, box.y0
            mupdf.fz_clear_pixmap_with_value(pix, 0xFF)
            device = mupdf.fz_new_draw_device(matrix, pix)
            mupdf.fz_run_display_list(listed.this, device, mupdf.FzMatrix(),
                                      mupdf.FzRect(mupdf.FzRect.Fixed_INFINITE),
                                      mupdf.FzCookie())
            mupdf.fz_close_device(device)
            del device, pix
        except BaseException:
            arena.free([at])
            raise
        finally:
            view.release()
    except (RuntimeError, mupdf.FzErrorBase) as exc:
        raise InvalidDocumentError(f"page {index + 1} of the PDF cannot be drawn") from exc
    return at, width, height, stride, used



def main(argv: list[str]) -> int:
    fd, memory_limit, store_shrink = int(argv[0]), int(argv[1]), int(argv[2])
    shm_dir, arena_path = argv[3], argv[4]
    arena = Arena(arena_path)
    pymupdf.TOOLS.mupdf_display_errors(False)  # kept (``mupdf_warnings``), not printed
    pymupdf.TOOLS.mupdf_display_warnings(False)
    if memory_limit > 0:
        import resource
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    conn = Connection(fd)
    try:
        serve(conn, store_shrink, shm_dir, arena)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":  # pragma: no cover - the worker's entry point
    sys.exit(main(sys.argv[1:]))
