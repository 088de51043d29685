"""Pages, thumbnails and answers from the render service, routed to the parts of one viewer."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Slot

from meetingroom.pdf.partial_pages import INCOMPLETE
from meetingroom.ui.reader.canvas import PREVIEW_BOX, ReaderCanvas
from meetingroom.ui.reader.failures import page_failure
from meetingroom.ui.reader.find_flow import FindFlow
from meetingroom.ui.reader.render.service import (
    THUMBS,
    Answer,
    RenderRequest,
    RenderResult,
    RenderService,
)
from meetingroom.ui.reader.sidebar import ReaderSidebar


class _Download(Protocol):
    def placeholder(self) -> str: ...


class Reader(Protocol):
    """Where the pages go (the :class:`~meetingroom.ui.reader.viewer.DocumentViewer`)."""

    @property
    def canvas(self) -> ReaderCanvas: ...
    @property
    def sidebar(self) -> ReaderSidebar: ...
    @property
    def finder(self) -> FindFlow: ...
    @property
    def download(self) -> _Download | None: ...
    @property
    def token(self) -> int: ...


class PageFeed(QObject):
    """Takes what the render service sends for the viewer's current document (its
    ``token``) to the canvas, the sidebar and the search; owner: the viewer (parent)."""

    def __init__(self, viewer: Reader, render: RenderService, parent: QObject) -> None:
        super().__init__(parent)
        self._viewer, self._render = viewer, render
        self.early: list[RenderResult] = []
        """Pages drawn before the layout was known (the first page comes with the open)."""
        render.rendered.connect(self._rendered)
        render.page_failed.connect(self._page_failed)
        render.answered.connect(self._answered)
        viewer.sidebar.thumbs_wanted.connect(self._thumbs_wanted)

    def take_early(self) -> list[RenderResult]:
        early, self.early = self.early, []
        return early

    @Slot(int, object)
    def _rendered(self, token: int, result: RenderResult) -> None:
        v = self._viewer
        if token != v.token:
            return
        if not v.canvas.page_count:
            self.early.append(result)
            return
        v.canvas.accept(result)
        if result.request.thumb == PREVIEW_BOX:
            item = v.canvas.cache.get((result.request.index, "preview"))
            if item is not None:
                v.sidebar.set_thumb(result.request.index, item.image)

    @Slot(list)
    def _thumbs_wanted(self, pages: list[int]) -> None:
        v = self._viewer
        have = [i for i in pages if v.canvas.cache.get((i, "preview")) is not None]
        for i in have:
            item = v.canvas.cache.get((i, "preview"))
            assert item is not None
            v.sidebar.set_thumb(i, item.image)
        self._render.want(v.token, [
            RenderRequest(token=v.token, generation=0, index=i, zoom=None, fit_width=0,
                          device_pixel_ratio=1.0, thumb=PREVIEW_BOX)
            for i in pages if i not in have and i not in v.canvas.failed], lane=THUMBS)

    @Slot(int, object, object)
    def _page_failed(self, token: int, req: RenderRequest, exc: BaseException) -> None:
        v = self._viewer
        if token != v.token:
            return
        if v.download is not None and getattr(exc, "reason", "") == INCOMPLETE:
            v.canvas.page_incomplete(req.index, v.download.placeholder())
            return
        v.canvas.page_failed(req.index, page_failure(req.index, exc))

    @Slot(int, object)
    def _answered(self, token: int, answer: Answer) -> None:
        v = self._viewer
        if token != v.token:
            return
        if answer.query.kind == "search":
            v.finder.show(answer.value)
        elif answer.query.kind == "words":
            v.canvas.selection.words_arrived(int(answer.query.args[0]), answer.value)
