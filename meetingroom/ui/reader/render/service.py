"""Draws PDF pages: a render thread drives the supervised render process, which owns every
open document (PyMuPDF is not thread-safe, and a hostile PDF must not take the app down)."""

from __future__ import annotations

import collections
import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from meetingroom.domain.page_space import PageFrame
from meetingroom.pdf.render_process import DEFAULT_PAGE_TIMEOUT, FirstPage, RenderProcess
from meetingroom.pdf.render_queries import OutlineEntry, Rect
from meetingroom.pdf.rendered import RenderedPage

log = logging.getLogger("meetingroom.ui")


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """Draw page ``index`` of document ``token``; a viewer's newer wishes replace older ones."""

    token: int
    generation: int
    index: int
    zoom: float | None
    """Logical zoom (1.0 = 72 dpi); None: fit the page to ``fit_width`` pixels."""
    fit_width: int
    device_pixel_ratio: float
    clip: Rect | None = None
    """Only this part of the page (points): a tile of a page too big to draw whole."""
    thumb: int = 0
    """More than 0: a small picture whose longer side is this many pixels (zoom ignored)."""

    @property
    def picture(self) -> tuple[object, ...]:
        """What is drawn (everything but the generation): equal pictures are equal pixels."""
        return (self.token, self.index, self.zoom, self.fit_width, self.device_pixel_ratio,
                self.clip, self.thumb)


@dataclass(frozen=True, slots=True, eq=False)
class RenderResult:
    """A drawn page; keep it referenced while a QImage wraps ``page.samples``."""

    request: RenderRequest
    page: RenderedPage
    zoom: float
    """Logical zoom that was used."""
    elapsed_ms: float = 0.0
    """How long the render thread waited for the render process to draw it (the first
    page drawn together with the open: the open included)."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a reader needs to lay a document out, sent once after it opened."""

    page_sizes: tuple[tuple[float, float], ...]
    """Every page's (width, height) in points as displayed."""
    outline: tuple[OutlineEntry, ...]
    page_rotations: tuple[int, ...] = ()
    """Every page's ``/Rotate`` (0, 90, 180 or 270); missing entries mean 0."""
    provisional: bool = False
    """Sent right after the first page, before every page was looked at: every page is
    taken to be like the first, and there is no outline yet. The real one follows."""

    def frame(self, index: int) -> PageFrame:
        """Page ``index``'s displayed ↔ unrotated conversion (notes use unrotated space)."""
        w, h = self.page_sizes[index]
        rotation = self.page_rotations[index] if index < len(self.page_rotations) else 0
        return PageFrame.from_displayed(w, h, rotation)


@dataclass(frozen=True, slots=True)
class Query:
    """A question about an open document: ``kind`` is "search" (args: text, and True to
    match marks and case exactly), "words"
    (args: page index) or "text" (args: page index, rect)."""

    token: int
    kind: str
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Answer:
    """The answer to ``query``: a SearchResult, a tuple of Words, or a str."""

    query: Query
    value: Any


PAGES, THUMBS, FILL = "pages", "thumbs", "fill"
"""Request lanes, drawn in this order: pages (the reader's), thumbnails (the sidebar's),
and previews drawn ahead while nothing else is wanted."""


class _Worker(QObject):
    """Lives on the render thread; the only user of the render process."""

    opened = Signal(int, int)
    """(token, page count)."""
    described = Signal(int, object)
    """(token, DocumentInfo)."""
    rendered = Signal(int, object)
    """(token, RenderResult)."""
    failed = Signal(int, object)
    """(token, exception): the document cannot be opened."""
    page_failed = Signal(int, object, object)
    """(token, RenderRequest, exception): one page cannot be drawn."""
    answered = Signal(int, object)
    """(token, Answer)."""
    query_failed = Signal(int, object, object)
    """(token, Query, exception)."""

    def __init__(self, wanted: dict[str, dict[int, list[RenderRequest]]],
                 queries: collections.deque[Query], lock: threading.Lock,
                 page_timeout: float, state: _Shared) -> None:
        super().__init__()
        self._wanted, self._queries, self._lock = wanted, queries, lock
        self._state = state
        self._process = RenderProcess(page_timeout=page_timeout)
        self._docs: dict[int, tuple[int, int]] = {}
        """token -> (the render process's handle, page count)."""

    @Slot()
    def start(self) -> None:
        """Start the render process early, so the first page does not wait for it."""
        try:
            self._process.start()
        except OSError:
            log.exception("cannot start the render process")

    @Slot(int, str, object)
    def open_doc(self, token: int, path: str, how: _Open) -> None:
        first = how.first
        started = time.perf_counter()
        try:
            opened, page = self._process.open_with_first_page(
                path, password=how.password, first=None if first is None else FirstPage(
                    index=first.index, zoom=first.zoom, fit_width=first.fit_width,
                    scale=first.device_pixel_ratio), partial=how.partial)
        except IndexError:  # the first page asked for does not exist: open without it
            try:
                opened, page = self._process.open_with_first_page(path, password=how.password,
                                                                  partial=how.partial)
            except Exception as exc:
                self._open_failed(token, exc)
                return
        except Exception as exc:
            self._open_failed(token, exc)
            return
        self._docs[token] = (opened.handle, opened.page_count)
        self.opened.emit(token, opened.page_count)
        if first is not None and page is not None:
            self.rendered.emit(token, RenderResult(
                first, page, page.zoom / first.device_pixel_ratio,
                (time.perf_counter() - started) * 1000))  # the open included: a first
            # sample of how fast this document's pages come
            if opened.page_count > 1:  # the page is shown now, not after every page's size
                self._describe_from(token, opened.handle, opened.page_count, first.index)
        try:
            sizes, rotations = self._process.page_layout(opened.handle, opened.page_count)
            info = DocumentInfo(page_sizes=sizes, page_rotations=rotations,
                                outline=self._process.toc(opened.handle, opened.page_count))
        except Exception as exc:
            log.info("cannot read a document's layout: %s", type(exc).__name__)
            self.failed.emit(token, exc)
            return
        self.described.emit(token, info)
        self.work()

    def _describe_from(self, token: int, handle: int, count: int, index: int) -> None:
        """A provisional DocumentInfo: every page like page ``index`` (looking at every
        page takes ~20 ms for 300 pages, and the first page would wait for it)."""
        try:
            w, h, rotation = self._process.page_shape(handle, index)
        except Exception as exc:
            log.info("cannot read a page's size: %s", type(exc).__name__)
            return  # the full layout follows (or fails, and says so)
        self.described.emit(token, DocumentInfo(
            page_sizes=((w, h),) * count, outline=(), page_rotations=(rotation,) * count,
            provisional=True))

    def _open_failed(self, token: int, exc: BaseException) -> None:
        log.info("cannot open a document for viewing: %s", type(exc).__name__)
        self.failed.emit(token, exc)

    def _next(self) -> RenderRequest | Query | None:
        with self._lock:
            for i, query in enumerate(self._queries):
                if query.token in self._docs:
                    del self._queries[i]
                    return query
            for lane in (PAGES, THUMBS, FILL):
                for token, reqs in self._wanted[lane].items():
                    if token in self._docs and reqs:
                        req = reqs.pop(0)
                        self._state.drawing = req.picture
                        return req
            self._state.drawing = None
            self._state.awake = False  # the queues are drained: the next wish wakes us
        return None

    @Slot()
    def work(self) -> None:
        while (job := self._next()) is not None:
            if isinstance(job, Query):
                self._answer(job)
            else:
                self._draw(job)

    def _draw(self, req: RenderRequest) -> None:
        handle = self._docs[req.token][0]
        started = time.perf_counter()
        try:
            if req.thumb:
                page = self._process.thumb(handle, req.index, box=req.thumb)
            else:
                page = self._process.render(handle, req.index, zoom=req.zoom,
                                            fit_width=req.fit_width,
                                            scale=req.device_pixel_ratio, clip=req.clip)
        except Exception as exc:
            log.info("cannot draw page %d: %s", req.index + 1, type(exc).__name__)
            self.page_failed.emit(req.token, req, exc)
            return
        elapsed = (time.perf_counter() - started) * 1000
        self.rendered.emit(req.token, RenderResult(req, page, page.zoom / (
            1.0 if req.thumb else req.device_pixel_ratio), elapsed))

    def _answer(self, query: Query) -> None:
        handle, count = self._docs[query.token]
        try:
            value: Any
            if query.kind == "search":
                value = self._process.search(handle, str(query.args[0]), count,
                                             exact=len(query.args) > 1 and bool(query.args[1]))
            elif query.kind == "words":
                value = self._process.words(handle, int(query.args[0]))
            elif query.kind == "text":
                value = self._process.text(handle, int(query.args[0]), query.args[1])
            else:
                raise ValueError(f"unknown query {query.kind!r}")
        except Exception as exc:
            log.info("a %s query failed: %s", query.kind, type(exc).__name__)
            self.query_failed.emit(query.token, query, exc)
            return
        self.answered.emit(query.token, Answer(query, value))

    @Slot(int)
    def close_doc(self, token: int) -> None:
        handle = self._docs.pop(token, None)
        if handle is not None:
            self._process.close_doc(handle[0])

    @Slot()
    def close_all(self) -> None:
        self._docs.clear()
        self._process.close()


class _Shared:
    """State shared by the service and its worker, guarded by the service's lock."""

    __slots__ = ("awake", "drawing")

    def __init__(self) -> None:
        self.awake = False
        """A wake-up was sent and the worker has not yet found its queues empty."""
        self.drawing: tuple[object, ...] | None = None
        """The picture the worker is drawing (``RenderRequest.picture``), or last drew."""


@dataclass(frozen=True, slots=True)
class _Open:
    password: str | None = field(repr=False)
    """Never logged or shown (``repr=False``)."""
    first: RenderRequest | None = None
    partial: bool = False


class RenderService(QObject):
    """The client's page renderer; owner: the ClientApp (parent), which calls ``stop()``.

    Viewers say which pages they want drawn (``want``); a newer wish replaces the older
    one, so pages scrolled past are never drawn. Questions (search, words, text) are
    answered in order, before pages.
    """

    opened = Signal(int, int)
    """(token, page count): a document opened on the render thread."""
    described = Signal(int, object)
    """(token, DocumentInfo): every page's size and the outline, right after the open."""
    rendered = Signal(int, object)
    """(token, RenderResult): a page is ready (delivered on the GUI thread)."""
    failed = Signal(int, object)
    """(token, exception): opening failed (a PasswordRequiredError asks for the password)."""
    page_failed = Signal(int, object, object)
    """(token, RenderRequest, exception): that page cannot be drawn; others still can."""
    answered = Signal(int, object)
    """(token, Answer): a query was answered."""
    query_failed = Signal(int, object, object)
    """(token, Query, exception)."""

    _open = Signal(int, str, object)
    _close = Signal(int)
    _wake = Signal()
    _close_all = Signal()

    def __init__(self, parent: QObject | None = None, *,
                 page_timeout: float = DEFAULT_PAGE_TIMEOUT) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._wanted: dict[str, dict[int, list[RenderRequest]]] = {
            PAGES: {}, THUMBS: {}, FILL: {}}
        self._queries: collections.deque[Query] = collections.deque()
        self._state = _Shared()
        self._tokens = itertools.count(1)
        self._live: set[int] = set()
        """Tokens opened and not closed (GUI thread only): wishes for others are dropped."""
        self._thread = QThread()
        """Unparented: owned by this service, which ends it in ``stop()``."""
        self._thread.setObjectName("meetingroom-render")
        self._worker = _Worker(self._wanted, self._queries, self._lock, page_timeout,
                               self._state)
        """Unparented (it lives on the render thread): owned by this service."""
        self._worker.moveToThread(self._thread)
        self._open.connect(self._worker.open_doc)
        self._close.connect(self._worker.close_doc)
        self._wake.connect(self._worker.work)
        self._close_all.connect(self._worker.close_all)
        for name in ("opened", "described", "rendered", "failed", "page_failed", "answered",
                     "query_failed"):
            getattr(self._worker, name).connect(getattr(self, name))
        self._thread.started.connect(self._worker.start)
        self._thread.start()

    def open(self, path: str, *, fit_width: int = 0, device_pixel_ratio: float = 1.0,
             password: str | None = None, first_index: int = 0,
             zoom: float | None = None, partial: bool = False) -> int:
        """Open ``path`` on the render thread; returns the token naming it.

        With ``fit_width`` (or ``zoom``), page ``first_index`` is drawn in the same round
        trip to the render process and delivered as a result of generation 0 (not for a
        ``partial`` file: the unverified prefix of a download, whose pages not yet there
        fail with reason ``page_incomplete``).
        """
        token = next(self._tokens)
        self._live.add(token)
        first = None if partial or (fit_width <= 0 and zoom is None) else RenderRequest(
            token=token, generation=0, index=first_index, zoom=zoom, fit_width=fit_width,
            device_pixel_ratio=device_pixel_ratio)
        self._open.emit(token, path, _Open(password, first, partial))
        return token

    def want(self, token: int, requests: list[RenderRequest], *, lane: str = PAGES) -> None:
        """Draw these pages of ``token`` in this order, instead of whatever was wanted in
        ``lane`` before (requests not yet started are dropped)."""
        if token not in self._live:
            return  # closed (a late wish from a closing viewer would stay queued forever)
        with self._lock:
            # the page being drawn comes anyway: asking again would draw it twice
            todo = [r for r in requests if r.picture != self._state.drawing]
            self._wanted[lane][token] = todo
        if todo:
            self._wake_worker()

    def idle(self) -> bool:
        """Whether nothing is wanted or being drawn (a wake-up sent is work to do)."""
        with self._lock:
            return not self._state.awake and not self._queries and not any(
                reqs for lane in self._wanted.values() for reqs in lane.values())

    def request(self, req: RenderRequest) -> None:
        """Draw just this page (replaces the pages wanted for its document)."""
        self.want(req.token, [req])

    def ask(self, query: Query) -> None:
        """Answer ``query`` (``answered`` or ``query_failed``)."""
        if query.token not in self._live:
            return
        with self._lock:
            self._queries.append(query)
        self._wake_worker()

    def _wake_worker(self) -> None:
        """Wake the render thread unless a wake-up is already on its way: scrolling asks
        many times a second, and in PySide6 6.12.0 every Python-side ``emit()`` also loses
        a reference to ``True`` (the interpreter aborts once it reaches zero)."""
        with self._lock:
            if self._state.awake:
                return
            self._state.awake = True
        self._wake.emit()

    def close(self, token: int) -> None:
        self._live.discard(token)
        with self._lock:
            for lane in self._wanted.values():
                lane.pop(token, None)
            for q in [q for q in self._queries if q.token == token]:
                self._queries.remove(q)
        self._close.emit(token)

    def stop(self) -> None:
        """Close every document and end the render thread (waits for the current page)."""
        if self._thread.isRunning():
            self._close_all.emit()
            self._thread.quit()
            self._thread.wait()
        self._worker.close_all()  # in case the queued close did not run before the quit;
        # the render thread has ended, so nothing else uses the process now
