"""Draws PDF pages: a render thread drives the supervised render process, which owns every
open document (PyMuPDF is not thread-safe, and a hostile PDF must not take the app down)."""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from meetingroom.pdf.render import RenderedPage
from meetingroom.pdf.render_process import FirstPage, RenderProcess

log = logging.getLogger("meetingroom.ui")


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """Draw page ``index`` of document ``token``; newer requests replace older ones."""

    token: int
    generation: int
    index: int
    zoom: float | None
    """Logical zoom (1.0 = 72 dpi); None: fit the page to ``fit_width`` pixels."""
    fit_width: int
    device_pixel_ratio: float


@dataclass(frozen=True, slots=True, eq=False)
class RenderResult:
    """A drawn page; keep it referenced while a QImage wraps ``page.samples``."""

    request: RenderRequest
    page: RenderedPage
    zoom: float
    """Logical zoom that was used."""


class _Worker(QObject):
    """Lives on the render thread; the only user of the render process."""

    opened = Signal(int, int)
    """(token, page count)."""
    rendered = Signal(int, object)
    """(token, RenderResult)."""
    failed = Signal(int, object)
    """(token, exception): the document cannot be opened or a page cannot be drawn."""

    def __init__(self, latest: dict[int, RenderRequest], lock: threading.Lock) -> None:
        super().__init__()
        self._latest, self._lock = latest, lock
        self._process = RenderProcess()
        self._docs: dict[int, int] = {}
        """token -> the render process's handle."""

    @Slot()
    def start(self) -> None:
        """Start the render process early, so the first page does not wait for it."""
        try:
            self._process.start()
        except OSError:
            log.exception("cannot start the render process")

    @Slot(int, str, object)
    def open_doc(self, token: int, path: str, first: RenderRequest | None) -> None:
        try:
            opened, page = self._process.open_with_first_page(path, first=None if first is None
                                                              else FirstPage(
                fit_width=first.fit_width, scale=first.device_pixel_ratio))
        except Exception as exc:
            log.info("cannot open a document for viewing: %s", type(exc).__name__)
            self.failed.emit(token, exc)
            return
        self._docs[token] = opened.handle
        self.opened.emit(token, opened.page_count)
        if first is not None and page is not None:
            self.rendered.emit(token, RenderResult(first, page,
                                                   page.zoom / first.device_pixel_ratio))
        self.work()

    @Slot()
    def work(self) -> None:
        while True:
            with self._lock:
                ready = [t for t in self._latest if t in self._docs]
                if not ready:
                    return
                req = self._latest.pop(ready[0])
            handle = self._docs[req.token]
            try:
                page = self._process.render(handle, req.index, zoom=req.zoom,
                                            fit_width=req.fit_width,
                                            scale=req.device_pixel_ratio)
            except Exception as exc:
                log.info("cannot draw page %d: %s", req.index + 1, type(exc).__name__)
                self.failed.emit(req.token, exc)
                continue
            self.rendered.emit(req.token, RenderResult(req, page, page.zoom /
                                                       req.device_pixel_ratio))

    @Slot(int)
    def close_doc(self, token: int) -> None:
        handle = self._docs.pop(token, None)
        if handle is not None:
            self._process.close_doc(handle)

    @Slot()
    def close_all(self) -> None:
        self._docs.clear()
        self._process.close()


class RenderService(QObject):
    """The client's page renderer; owner: the ClientApp (parent), which calls ``stop()``.

    Viewers ask for pages by token; if a viewer pages faster than pages are
    drawn, only its latest request is drawn.
    """

    opened = Signal(int, int)
    """(token, page count): a document opened on the render thread."""
    rendered = Signal(int, object)
    """(token, RenderResult): a page is ready (delivered on the GUI thread)."""
    failed = Signal(int, object)
    """(token, exception): opening or drawing failed."""

    _open = Signal(int, str, object)
    _close = Signal(int)
    _wake = Signal()
    _close_all = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._latest: dict[int, RenderRequest] = {}
        self._tokens = itertools.count(1)
        self._thread = QThread()
        """Unparented: owned by this service, which ends it in ``stop()``."""
        self._thread.setObjectName("meetingroom-render")
        self._worker = _Worker(self._latest, self._lock)
        """Unparented (it lives on the render thread): owned by this service."""
        self._worker.moveToThread(self._thread)
        self._open.connect(self._worker.open_doc)
        self._close.connect(self._worker.close_doc)
        self._wake.connect(self._worker.work)
        self._close_all.connect(self._worker.close_all)
        self._worker.opened.connect(self.opened)
        self._worker.rendered.connect(self.rendered)
        self._worker.failed.connect(self.failed)
        self._thread.started.connect(self._worker.start)
        self._thread.start()

    def open(self, path: str, *, fit_width: int = 0, device_pixel_ratio: float = 1.0) -> int:
        """Open ``path`` on the render thread; returns the token naming it.

        With ``fit_width``, the first page fitted to that many pixels is drawn in the same
        round trip to the render process and delivered as a result of generation 0.
        """
        token = next(self._tokens)
        first = None if fit_width <= 0 else RenderRequest(
            token=token, generation=0, index=0, zoom=None, fit_width=fit_width,
            device_pixel_ratio=device_pixel_ratio)
        self._open.emit(token, path, first)
        return token

    def request(self, req: RenderRequest) -> None:
        with self._lock:
            self._latest[req.token] = req
        self._wake.emit()

    def close(self, token: int) -> None:
        with self._lock:
            self._latest.pop(token, None)
        self._close.emit(token)

    def stop(self) -> None:
        """Close every document and end the render thread (waits for the current page)."""
        if self._thread.isRunning():
            self._close_all.emit()
            self._thread.quit()
            self._thread.wait()
        self._worker.close_all()  # in case the queued close did not run before the quit;
        # the render thread has ended, so nothing else uses the process now
