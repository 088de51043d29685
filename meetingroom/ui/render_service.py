"""Draws PDF pages on one worker thread that owns every PdfRenderer (PyMuPDF: one thread)."""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from meetingroom.pdf.render import PdfRenderer, RenderedPage

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
    """Lives on the render thread; creates, uses and closes every PdfRenderer there."""

    opened = Signal(int, int)
    """(token, page count)."""
    rendered = Signal(int, object)
    """(token, RenderResult)."""
    failed = Signal(int, object)
    """(token, exception): the document cannot be opened or a page cannot be drawn."""

    def __init__(self, latest: dict[int, RenderRequest], lock: threading.Lock) -> None:
        super().__init__()
        self._latest, self._lock = latest, lock
        self._docs: dict[int, PdfRenderer] = {}

    @Slot(int, str)
    def open_doc(self, token: int, path: str) -> None:
        try:
            renderer = PdfRenderer.open(path)
        except Exception as exc:
            log.info("cannot open a document for viewing: %s", type(exc).__name__)
            self.failed.emit(token, exc)
            return
        self._docs[token] = renderer
        self.opened.emit(token, renderer.page_count)
        self.work()

    @Slot()
    def work(self) -> None:
        while True:
            with self._lock:
                ready = [t for t in self._latest if t in self._docs]
                if not ready:
                    return
                req = self._latest.pop(ready[0])
            renderer = self._docs[req.token]
            try:
                zoom = req.zoom
                if zoom is None:
                    width, _ = renderer.page_size(req.index)
                    zoom = max(0.1, req.fit_width / width) if width > 0 else 1.0
                page = renderer.render(req.index, zoom=zoom * req.device_pixel_ratio)
            except Exception as exc:
                log.info("cannot draw page %d: %s", req.index + 1, type(exc).__name__)
                self.failed.emit(req.token, exc)
                continue
            self.rendered.emit(req.token, RenderResult(req, page, page.zoom /
                                                       req.device_pixel_ratio))

    @Slot(int)
    def close_doc(self, token: int) -> None:
        renderer = self._docs.pop(token, None)
        if renderer is not None:
            renderer.close()

    @Slot()
    def close_all(self) -> None:
        for token in list(self._docs):
            self.close_doc(token)


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

    _open = Signal(int, str)
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
        self._thread.start()

    def open(self, path: str) -> int:
        """Open ``path`` on the render thread; returns the token naming it."""
        token = next(self._tokens)
        self._open.emit(token, path)
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
