"""Render pages in a worker process, so that a hostile PDF can only hang or kill the worker.

The worker (a fresh ``python -m meetingroom.pdf._render_worker``: no inherited threads
or Qt state) owns every open PyMuPDF document and runs under an address-space limit. The
parent talks to it over a socket pair in small JSON messages — never pickles, since a
worker that parsed a hostile PDF is not trusted, and every reply is checked. Pixels
come back through shared memory without a copy: the worker has MuPDF draw a whole page
straight into a free block of an *arena* mapped by both (memory already faulted in; a
tile or a thumbnail is copied into one), and ``RenderedPage.samples`` is a view of that
block, which goes back to the worker when the page is dropped. A page that does not
fit travels through a file of its own, which the parent maps and unlinks at once.
Nothing is left behind when the worker stops.

A call that takes longer than ``page_timeout`` or a worker that dies (out of memory, a
crash inside MuPDF) ends with :class:`~meetingroom.errors.InvalidDocumentError` (reason
``render_timeout`` / ``render_crashed``) for that page only: the worker is killed and a
new one started, which reopens the other documents on the next call.

Not thread-safe: use one :class:`RenderProcess` from one thread (the UI's render thread).
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import mmap
import os
import re
import shutil
import socket
import subprocess
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf import render_queries as q
from meetingroom.pdf._limits import RENDER_CALL_SECONDS, RENDER_MAX_PIXELS, RENDER_MEMORY_BYTES
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.rendered import DEFAULT_STORE_SHRINK, RenderedPage
from meetingroom.processes import worker_command

log = logging.getLogger(__name__)

_T = TypeVar("_T")

DEFAULT_MEMORY_LIMIT = RENDER_MEMORY_BYTES
"""Address space of the worker (bytes): enough for a 40-megapixel page and MuPDF's store."""
DEFAULT_PAGE_TIMEOUT = RENDER_CALL_SECONDS
"""Seconds one open or one page may take before the worker is killed."""
DEFAULT_ARENA_BYTES = 64 * 2**20
"""Shared pixel memory per worker: about half a dozen pages of a 1366-px-wide window
(≈ 9.7 MB each) the GUI may hold at once; pages beyond it travel through a file of their
own. 64 MiB rather than 96: the arena is resident in both processes, and the client
should stay within 300 MiB on old machines (see docs/benchmarks.md)."""
_START_TIMEOUT = 60.0
_MAX_REPLY = 4 * 2**20
"""Largest answer read from the worker (a page's words or all page sizes are the big ones)."""
_MAX_PIXELS_BYTES = 3 * 200_000_000


def _shm_dir() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


@dataclass(frozen=True, slots=True)
class FirstPage:
    """A page to draw together with the open (see ``RenderProcess.open_with_first_page``)."""

    index: int = 0
    zoom: float | None = None
    fit_width: int = 0
    scale: float = 1.0
    max_pixels: int = RENDER_MAX_PIXELS


@dataclass(frozen=True, slots=True)
class OpenedDocument:
    handle: int
    page_count: int


# -- the parent --------------------------------------------------------------------------
class RenderProcess:
    """A supervised rendering worker. Start it early (``start()``): spawning costs a
    Python start-up; calls start it on demand otherwise."""

    def __init__(self, *, memory_limit: int = DEFAULT_MEMORY_LIMIT,
                 page_timeout: float = DEFAULT_PAGE_TIMEOUT,
                 store_shrink: int = DEFAULT_STORE_SHRINK,
                 arena_bytes: int = DEFAULT_ARENA_BYTES) -> None:
        self.memory_limit = memory_limit
        self.arena_bytes = arena_bytes
        self.page_timeout = page_timeout
        self.store_shrink = store_shrink
        self.restarts = 0
        """How many times a worker was replaced after a timeout or crash."""
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._docs: dict[int, tuple[str, str | None, bool]] = {}
        """handle -> (path, password, partial)."""
        self._loaded: set[int] = set()
        """Handles open in the current worker."""
        self._next = 0
        self._pipelined: tuple[Any, ...] | None = None
        """A render request to send right behind the next open (see
        ``open_with_first_page``)."""
        self._pipelined_sent = False
        self._arena: mmap.mmap | None = None
        self._arena_gen = 0
        self._freed: collections.deque[tuple[int, int]] = collections.deque()
        """(arena generation, offset) of pages the GUI dropped; any thread appends."""
        self._shm_dir = tempfile.mkdtemp(prefix="meetingroom-render-", dir=_shm_dir())
        weakref.finalize(self, shutil.rmtree, self._shm_dir, ignore_errors=True)
        """Private (0700) directory for pixel files, removed by ``close()``."""

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        if self._alive():
            return
        self._stop_worker()
        arena_path = self._new_arena()
        parent, child = socket.socketpair()
        try:
            proc = subprocess.Popen(
                [*worker_command("meetingroom.pdf._render_worker"), str(child.fileno()),
                 str(self.memory_limit), str(self.store_shrink), self._shm_dir, arena_path],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        self._proc, self._conn = proc, Connection(parent.detach())
        self._loaded.clear()

    def _new_arena(self) -> str:
        """A fresh arena for a new worker (pages of the old one may still be on screen)."""
        self._arena_gen += 1
        self._freed.clear()
        self._arena = None
        if self.arena_bytes <= 0:
            return ""
        path = os.path.join(self._shm_dir, f"arena-{self._arena_gen}")
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        try:
            os.ftruncate(fd, self.arena_bytes)
            self._arena = mmap.mmap(fd, self.arena_bytes)
        finally:
            os.close(fd)
        return path

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def close(self) -> None:
        """Stop the worker; open documents are forgotten."""
        self._docs.clear()
        self._stop_worker()
        with contextlib.suppress(OSError):
            os.rmdir(self._shm_dir)

    def __enter__(self) -> RenderProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else int(self._proc.pid)

    def _stop_worker(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        self._loaded.clear()
        if conn is not None:
            conn.close()
        if proc is not None:
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
            self._remove_leftovers(proc.pid)

    def _remove_leftovers(self, pid: int | None) -> None:
        """Pixel files a killed worker made but never handed over."""
        if pid is None:
            return
        for p in [*Path(self._shm_dir).glob(f"mr-render-{pid}-*"),
                  *Path(self._shm_dir).glob("arena-*")]:
            with contextlib.suppress(OSError):
                p.unlink()

    # -- calls -------------------------------------------------------------------------
    def open(self, path: str | Path, *, password: str | None = None) -> OpenedDocument:
        """Open a PDF in the worker. Raises like ``PdfRenderer.open``."""
        return self.open_with_first_page(path, password=password)[0]

    def open_with_first_page(self, path: str | Path, *, password: str | None = None,
                             first: FirstPage | None = None, partial: bool = False
                             ) -> tuple[OpenedDocument, RenderedPage | None]:
        """Open a PDF and, with ``first``, draw that page in the same round trip (the
        render request is sent right behind the open, without waiting for it).

        ``partial``: ``path`` is the unverified prefix of a download; a page not all
        there yet raises InvalidDocumentError with reason ``page_incomplete``, and a
        prefix that cannot be opened yet reason ``partial_unreadable``.
        """
        self._next += 1
        handle = self._next
        self._docs[handle] = (str(path), password, partial)
        pending = False
        try:
            self.start()
            if first is not None:
                self._pipelined = ("render", handle, first.index, first.zoom,
                                   first.fit_width, first.scale, first.max_pixels)
            try:
                count = self._load(handle, timeout=self.page_timeout)
            finally:
                pending, self._pipelined = self._pipelined_sent, None
                self._pipelined_sent = False
            page = None
            if first is not None:
                pending = False  # the next message read is the page's reply, whatever it is
                page = self._page_reply(self._receive(timeout=self.page_timeout,
                                                      what=f"page {first.index + 1}"),
                                        first.index)
        except BaseException as exc:
            worker_gone = isinstance(exc, InvalidDocumentError) and exc.reason in (
                "render_timeout", "render_crashed")
            if pending and not worker_gone:  # the page's reply (an error) is still unread
                with contextlib.suppress(Exception):
                    self._receive(timeout=self.page_timeout, what="the document")
            self._docs.pop(handle, None)
            raise
        return OpenedDocument(handle, count), page

    def page_size(self, handle: int, index: int) -> tuple[float, float]:
        self._ensure(handle)
        width, height = self._call(("size", handle, index), timeout=self.page_timeout)
        return float(width), float(height)

    def render(self, handle: int, index: int, *, zoom: float | None = None,
               fit_width: int = 0, scale: float = 1.0,
               max_pixels: int = RENDER_MAX_PIXELS, clip: q.Rect | None = None) -> RenderedPage:
        """Draw page ``index`` at ``zoom × scale`` (``zoom`` None: fit ``fit_width``
        pixels, then × ``scale``, the device pixel ratio). With ``clip`` (page points),
        only that part of the page is drawn: a tile of a page too big to draw whole."""
        self._ensure(handle)
        msg: tuple[Any, ...] = ("render", handle, index, zoom, fit_width, scale, max_pixels)
        if clip is not None:
            msg = (*msg, [float(v) for v in clip])
        reply = self._call(msg, timeout=self.page_timeout, what=f"page {index + 1}")
        return self._page_reply(reply, index)

    def thumb(self, handle: int, index: int, *, box: int = 160) -> RenderedPage:
        """A small picture of page ``index`` whose longer side is about ``box`` pixels
        (thumbnails, and the quick preview shown until the sharp page arrives)."""
        if not 8 <= box <= 2048:
            raise ValueError("a thumbnail box is 8 to 2048 pixels")
        self._ensure(handle)
        reply = self._call(("thumb", handle, index, box), timeout=self.page_timeout,
                           what=f"page {index + 1}")
        return self._page_reply(reply, index)

    def page_sizes(self, handle: int, page_count: int) -> tuple[tuple[float, float], ...]:
        """Every page's displayed (width, height) in points, in one answer (pages past
        ``render_queries.MAX_PAGES`` repeat the last size)."""
        return self.page_layout(handle, page_count)[0]

    def page_layout(self, handle: int, page_count: int
                    ) -> tuple[tuple[tuple[float, float], ...], tuple[int, ...]]:
        """Every page's displayed (width, height) and its ``/Rotate`` (0, 90, 180, 270),
        in one answer (see ``render_queries.page_layout_of``)."""
        self._ensure(handle)
        return self._checked(q.page_layout_of, self._call(
            ("page_sizes", handle), timeout=self.page_timeout), page_count)

    def page_shape(self, handle: int, index: int) -> tuple[float, float, int]:
        """Page ``index``'s displayed width and height, and its ``/Rotate``."""
        self._ensure(handle)
        sizes, rotations = self._checked(q.page_layout_of, self._call(
            ("page_sizes", handle, [index]), timeout=self.page_timeout), 1)
        return sizes[0][0], sizes[0][1], rotations[0]

    def toc(self, handle: int, page_count: int) -> tuple[q.OutlineEntry, ...]:
        """The document's outline (bookmarks); links are not followed."""
        self._ensure(handle)
        return self._checked(q.outline_of, self._call(("toc", handle),
                                                      timeout=self.page_timeout), page_count)

    def search(self, handle: int, text: str, page_count: int, *,
               max_hits: int = q.MAX_HITS, exact: bool = False) -> q.SearchResult:
        """Every place ``text`` occurs in reading order, at most ``max_hits``: tone marks,
        đ and case ignored unless ``exact`` (``domain.text_search``); a search that takes
        longer than ``page_timeout`` is stopped like a slow page (``render_timeout``)."""
        text = text[:q.MAX_SEARCH_TEXT]
        max_hits = max(1, min(max_hits, q.MAX_HITS))
        self._ensure(handle)
        reply = self._call(("search", handle, text, max_hits, exact),
                           timeout=self.page_timeout, what="the search")
        return self._checked(q.search_of, reply, text, page_count, max_hits, exact)

    def words(self, handle: int, index: int) -> tuple[q.Word, ...]:
        """The words of page ``index`` with their boxes, in reading order."""
        self._ensure(handle)
        return self._checked(q.words_of, self._call(("words", handle, index),
                                                    timeout=self.page_timeout,
                                                    what=f"page {index + 1}"))

    def text(self, handle: int, index: int, rect: q.Rect) -> str:
        """The text of page ``index`` inside ``rect`` (page points), in reading order."""
        self._ensure(handle)
        return self._checked(q.text_of, self._call(("text", handle, index, list(rect)),
                                                   timeout=self.page_timeout,
                                                   what=f"page {index + 1}"))

    def _checked(self, check: Callable[..., _T], reply: Any, *args: Any) -> _T:
        """``check(reply, *args)``; a malformed answer replaces the worker."""
        try:
            return check(reply, *args)
        except (ValueError, TypeError):
            self._replace_worker()
            raise InvalidDocumentError("the renderer sent a malformed answer; it was restarted",
                                       reason="render_crashed") from None

    def _page_reply(self, reply: Any, index: int) -> RenderedPage:
        if not isinstance(reply, tuple) or len(reply) != 5:
            reply = ("", 0, 0, 0, 0)
        where, width, height, stride, used = reply
        pid = self.pid
        ok = (all(type(v) is int and v > 0 for v in (width, height, stride))
              and stride >= 3 * width and height * stride <= _MAX_PIXELS_BYTES
              and isinstance(used, int | float) and used > 0)
        arena = self._arena
        if ok and type(where) is int:
            if arena is not None and where >= 0 and where + height * stride <= len(arena):
                return self._arena_page(arena, where, index, width, height, stride,
                                        float(used))
            ok = False
        ok = ok and (isinstance(where, str) and pid is not None and re.fullmatch(
            re.escape(os.path.join(self._shm_dir, f"mr-render-{pid}-")) + r"[0-9]{1,12}",
            where) is not None)
        if not ok:
            self._replace_worker()
            raise InvalidDocumentError("the renderer sent a malformed page; it was restarted",
                                       reason="render_crashed")
        return _map_pixels(where, index, width, height, stride, float(used))

    def _arena_page(self, arena: mmap.mmap, offset: int, index: int, width: int,
                    height: int, stride: int, zoom: float) -> RenderedPage:
        """A page in the arena; its block is given back when the page is dropped."""
        keeper = _ArenaBlock(arena)
        weakref.finalize(keeper, self._freed.append, (self._arena_gen, offset))
        view = memoryview(arena)[offset:offset + height * stride]
        return RenderedPage(index=index, width=width, height=height, stride=stride,
                            samples=view, zoom=zoom, _pixmap=keeper)

    def close_doc(self, handle: int) -> None:
        self._docs.pop(handle, None)
        if handle in self._loaded and self._conn is not None and self._alive():
            self._loaded.discard(handle)
            try:
                self._conn.send_bytes(json.dumps(["close", handle]).encode("utf-8"))
            except OSError:
                self._replace_worker()

    # -- plumbing ----------------------------------------------------------------------
    def _ensure(self, handle: int) -> None:
        if handle not in self._docs:
            raise KeyError(f"document {handle} is not open")
        if handle not in self._loaded or not self._alive():
            self._load(handle, timeout=self.page_timeout)

    def _load(self, handle: int, *, timeout: float) -> int:
        self.start()
        path, password, partial = self._docs[handle]
        msg: tuple[Any, ...] = ("open", handle, path, password)
        count = int(self._call((*msg, True) if partial else msg,
                               timeout=max(timeout, _START_TIMEOUT), what="the document"))
        self._loaded.add(handle)
        return count

    def _call(self, msg: tuple[Any, ...], *, timeout: float, what: str = "the document"
              ) -> Any:
        self.start()
        conn = self._conn
        assert conn is not None
        try:
            freed = []
            while self._freed:
                gen, offset = self._freed.popleft()
                if gen == self._arena_gen:
                    freed.append(offset)
            if freed:
                conn.send_bytes(json.dumps(["free", freed]).encode("utf-8"))
            conn.send_bytes(json.dumps(msg).encode("utf-8"))
            if self._pipelined is not None:
                conn.send_bytes(json.dumps(self._pipelined).encode("utf-8"))
                self._pipelined, self._pipelined_sent = None, True
        except OSError:
            self._replace_worker()
            raise InvalidDocumentError(f"{what} made the renderer stop; it was restarted",
                                       reason="render_crashed") from None
        return self._receive(timeout=timeout, what=what)

    def _receive(self, *, timeout: float, what: str) -> Any:
        conn = self._conn
        assert conn is not None
        try:
            ready = conn.poll(timeout)
            reply = json.loads(conn.recv_bytes(_MAX_REPLY)) if ready else None
            if reply is not None and not (isinstance(reply, list) and reply
                                          and reply[0] in ("ok", "err", "page")):
                raise OSError("malformed reply from the render worker")
        except (EOFError, OSError, BrokenPipeError, ValueError):
            self._replace_worker()
            raise InvalidDocumentError(f"{what} made the renderer stop; it was restarted",
                                       reason="render_crashed") from None
        if reply is None:
            self._replace_worker()
            raise InvalidDocumentError(f"{what} took too long to draw; drawing was stopped",
                                       reason="render_timeout")
        kind = reply[0]
        if kind == "err":
            _, cls, message, reason = (str(x) for x in reply[:4])
            if cls == "password":
                raise PasswordRequiredError(message, reason=reason)
            if cls == "invalid":
                raise InvalidDocumentError(message, reason=reason)
            if cls == "value":
                raise IndexError(message)
            raise OSError(message)
        return reply[1] if kind == "ok" else tuple(reply[1:])

    def _replace_worker(self) -> None:
        self.restarts += 1
        log.warning("the render worker stopped responding or died; starting a new one")
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
        self._stop_worker()


class _ArenaBlock:
    """Keeps the arena mapped while a page in it is alive; its death frees the block."""

    __slots__ = ("__weakref__", "arena")

    def __init__(self, arena: mmap.mmap) -> None:
        self.arena = arena


def _map_pixels(name: str, index: int, width: int, height: int, stride: int,
                zoom: float) -> RenderedPage:
    """Map the worker's pixel file, unlink it, and wrap the mapping without copying."""
    try:
        fd = os.open(name, os.O_RDWR)
    except OSError as e:
        raise InvalidDocumentError("the rendered page was lost", reason="render_crashed") from e
    try:
        os.unlink(name)
        size = os.fstat(fd).st_size
        if size < height * stride:
            raise InvalidDocumentError("the rendered page was cut short",
                                       reason="render_crashed")
        mm = mmap.mmap(fd, size)
    finally:
        os.close(fd)
    view = memoryview(mm)[:height * stride]
    return RenderedPage(index=index, width=width, height=height, stride=stride,
                        samples=view, zoom=zoom, _pixmap=mm)
