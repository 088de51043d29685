"""Render pages in a worker process, so that a hostile PDF can only hang or kill the worker.

The worker (started with ``spawn``: no inherited threads or Qt state) owns every open
PyMuPDF document and runs under an address-space limit. The parent talks to it over a
pipe; pixels come back through a fresh shared-memory file per page, which the parent maps
and unlinks at once, so the pixels reach the GUI without a copy (``RenderedPage.samples``
is a view of that mapping, kept alive by the page) and nothing is left behind.

A call that takes longer than ``page_timeout`` or a worker that dies (out of memory, a
crash inside MuPDF) ends with :class:`~meetingroom.errors.InvalidDocumentError` (reason
``render_timeout`` / ``render_crashed``) for that page only: the worker is killed and a
new one started, which reopens the other documents on the next call.

Not thread-safe: use one :class:`RenderProcess` from one thread (the UI's render thread).
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import multiprocessing
import os
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.render import DEFAULT_STORE_SHRINK, RenderedPage

log = logging.getLogger(__name__)

DEFAULT_MEMORY_LIMIT = 1536 * 2**20
"""Address space of the worker (bytes): enough for a 40-megapixel page and MuPDF's store."""
DEFAULT_PAGE_TIMEOUT = 15.0
"""Seconds one open or one page may take before the worker is killed."""
_START_TIMEOUT = 60.0


def _shm_dir() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


@dataclass(frozen=True, slots=True)
class OpenedDocument:
    handle: int
    page_count: int


# -- the worker --------------------------------------------------------------------------
def _worker_main(conn: Connection, memory_limit: int, store_shrink: int,
                 shm_dir: str) -> None:  # pragma: no cover - runs in the child process
    import resource

    from meetingroom.pdf.render import PdfRenderer

    if memory_limit > 0:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    docs: dict[int, PdfRenderer] = {}
    seq = 0
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        op = msg[0]
        try:
            if op == "open":
                _, handle, path, password = msg
                docs[handle] = PdfRenderer.open(path, password=password,
                                                store_shrink=store_shrink)
                conn.send(("ok", docs[handle].page_count))
            elif op == "size":
                conn.send(("ok", docs[msg[1]].page_size(msg[2])))
            elif op == "render":
                _, handle, index, zoom, fit_width, scale, max_pixels = msg
                r = docs[handle]
                if zoom is None:
                    width, _ = r.page_size(index)
                    zoom = max(0.1, fit_width / width) if width > 0 else 1.0
                page = r.render(index, zoom=zoom * scale, max_pixels=max_pixels)
                seq += 1
                name = os.path.join(shm_dir, f"mr-render-{os.getpid()}-{seq}")
                _write_pixels(name, page.samples)
                conn.send(("page", name, page.width, page.height, page.stride, page.zoom))
            elif op == "close":
                closing = docs.pop(msg[1], None)
                if closing is not None:
                    closing.close()
                conn.send(("ok", None))
            else:
                conn.send(("err", "invalid", f"unknown request {op!r}", ""))
        except PasswordRequiredError as e:
            conn.send(("err", "password", e.message, e.reason))
        except InvalidDocumentError as e:
            conn.send(("err", "invalid", e.message, e.reason))
        except MemoryError:
            conn.send(("err", "invalid", "the page needs more memory than is allowed",
                       "render_memory"))
        except (IndexError, KeyError, ValueError) as e:
            conn.send(("err", "value", str(e), ""))
        except OSError as e:
            conn.send(("err", "os", e.strerror or str(e), ""))


def _write_pixels(name: str, samples: memoryview) -> None:  # pragma: no cover - child
    fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    try:
        size = max(1, samples.nbytes)
        os.ftruncate(fd, size)
        with mmap.mmap(fd, size) as mm:
            mm[:samples.nbytes] = samples
    finally:
        os.close(fd)


# -- the parent --------------------------------------------------------------------------
class RenderProcess:
    """A supervised rendering worker. Start it early (``start()``): spawning costs a
    Python start-up; calls start it on demand otherwise."""

    def __init__(self, *, memory_limit: int = DEFAULT_MEMORY_LIMIT,
                 page_timeout: float = DEFAULT_PAGE_TIMEOUT,
                 store_shrink: int = DEFAULT_STORE_SHRINK) -> None:
        self.memory_limit = memory_limit
        self.page_timeout = page_timeout
        self.store_shrink = store_shrink
        self.restarts = 0
        """How many times a worker was replaced after a timeout or crash."""
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: Any = None
        self._conn: Connection | None = None
        self._docs: dict[int, tuple[str, str | None]] = {}
        self._loaded: set[int] = set()
        """Handles open in the current worker."""
        self._next = 0
        self._shm_dir = str(_shm_dir())

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            return
        self._stop_worker()
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, name="meetingroom-render",
                                 args=(child, self.memory_limit, self.store_shrink,
                                       self._shm_dir), daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        self._loaded.clear()

    def close(self) -> None:
        """Stop the worker; open documents are forgotten."""
        self._docs.clear()
        self._stop_worker()

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
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
            self._remove_leftovers(proc.pid)

    def _remove_leftovers(self, pid: int | None) -> None:
        """Pixel files a killed worker made but never handed over."""
        if pid is None:
            return
        for p in Path(self._shm_dir).glob(f"mr-render-{pid}-*"):
            with contextlib.suppress(OSError):
                p.unlink()

    # -- calls -------------------------------------------------------------------------
    def open(self, path: str | Path, *, password: str | None = None) -> OpenedDocument:
        """Open a PDF in the worker. Raises like ``PdfRenderer.open``."""
        self._next += 1
        handle = self._next
        self._docs[handle] = (str(path), password)
        try:
            count = self._load(handle, timeout=self.page_timeout)
        except BaseException:
            self._docs.pop(handle, None)
            raise
        return OpenedDocument(handle, count)

    def page_size(self, handle: int, index: int) -> tuple[float, float]:
        self._ensure(handle)
        width, height = self._call(("size", handle, index), timeout=self.page_timeout)
        return float(width), float(height)

    def render(self, handle: int, index: int, *, zoom: float | None = None,
               fit_width: int = 0, scale: float = 1.0,
               max_pixels: int = 40_000_000) -> RenderedPage:
        """Draw page ``index`` at ``zoom × scale`` (``zoom`` None: fit ``fit_width``
        pixels, then × ``scale``, the device pixel ratio)."""
        self._ensure(handle)
        reply = self._call(("render", handle, index, zoom, fit_width, scale, max_pixels),
                           timeout=self.page_timeout, what=f"page {index + 1}")
        name, width, height, stride, used = reply
        return _map_pixels(name, index, width, height, stride, used)

    def close_doc(self, handle: int) -> None:
        self._docs.pop(handle, None)
        if handle in self._loaded and self._conn is not None:
            self._loaded.discard(handle)
            with contextlib.suppress(InvalidDocumentError):
                self._call(("close", handle), timeout=self.page_timeout)

    # -- plumbing ----------------------------------------------------------------------
    def _ensure(self, handle: int) -> None:
        if handle not in self._docs:
            raise KeyError(f"document {handle} is not open")
        if handle not in self._loaded or self._proc is None or not self._proc.is_alive():
            self._load(handle, timeout=self.page_timeout)

    def _load(self, handle: int, *, timeout: float) -> int:
        self.start()
        path, password = self._docs[handle]
        count = int(self._call(("open", handle, path, password),
                               timeout=max(timeout, _START_TIMEOUT), what="the document"))
        self._loaded.add(handle)
        return count

    def _call(self, msg: tuple[Any, ...], *, timeout: float, what: str = "the document"
              ) -> Any:
        self.start()
        conn = self._conn
        assert conn is not None
        try:
            conn.send(msg)
            ready = conn.poll(timeout)
            reply = conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            self._replace_worker()
            raise InvalidDocumentError(f"{what} made the renderer stop; it was restarted",
                                       reason="render_crashed") from None
        if reply is None:
            self._replace_worker()
            raise InvalidDocumentError(f"{what} took too long to draw; drawing was stopped",
                                       reason="render_timeout")
        kind = reply[0]
        if kind == "err":
            _, cls, message, reason = reply
            if cls == "password":
                raise PasswordRequiredError(message, reason=reason)
            if cls == "invalid":
                raise InvalidDocumentError(message, reason=reason)
            if cls == "value":
                raise IndexError(message)
            raise OSError(message)
        return reply[1] if kind == "ok" else reply[1:]

    def _replace_worker(self) -> None:
        self.restarts += 1
        log.warning("the render worker stopped responding or died; starting a new one")
        proc = self._proc
        if proc is not None and proc.is_alive():
            proc.kill()
        self._stop_worker()


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
        mm = mmap.mmap(fd, size)
    finally:
        os.close(fd)
    view = memoryview(mm)[:height * stride]
    return RenderedPage(index=index, width=width, height=height, stride=stride,
                        samples=view, zoom=zoom, _pixmap=mm)
