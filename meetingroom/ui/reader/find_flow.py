"""Text search in the reader: ask the render process, highlight every hit, step through them."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Slot

from meetingroom.pdf.render_queries import SearchResult
from meetingroom.ui.reader.canvas import ReaderCanvas
from meetingroom.ui.reader.history import History
from meetingroom.ui.reader.render.service import Query, RenderService
from meetingroom.ui.reader.search_bar import SearchBar


class Reader(Protocol):
    """What the search drives (the :class:`~meetingroom.ui.reader.viewer.DocumentViewer`)."""

    @property
    def canvas(self) -> ReaderCanvas: ...
    @property
    def search(self) -> SearchBar: ...
    @property
    def render_service(self) -> RenderService: ...
    @property
    def history(self) -> History: ...
    @property
    def token(self) -> int: ...
    @property
    def index(self) -> int: ...
    def set_index(self, index: int) -> None: ...
    def take_focus(self) -> None: ...


class FindFlow(QObject):
    """Drives the viewer's search bar; owner: the DocumentViewer (parent)."""

    def __init__(self, viewer: Reader, parent: QObject) -> None:
        super().__init__(parent)
        self._viewer = viewer
        self.result: SearchResult | None = None
        self.hit = -1
        """The hit shown (index into ``result.hits``; -1: none)."""
        bar = viewer.search
        bar.search_requested.connect(self.search)
        bar.step_requested.connect(self.step)
        bar.closed.connect(self.closed)

    @Slot(str, bool)
    def search(self, text: str, exact: bool = False) -> None:
        """Find ``text`` (tone marks and case ignored unless ``exact``)."""
        v = self._viewer
        if v.canvas.page_count:
            v.render_service.ask(Query(v.token, "search", (text, exact)))

    def show(self, result: SearchResult) -> None:
        """The render process answered ``search``: show the first hit from the current
        page on (hits come in reading order)."""
        v = self._viewer
        if (result.text != v.search.field.text().strip()[:len(result.text)]
                or result.exact != v.search.exact.isChecked()):
            return  # an answer to an older text
        self.result, self.hit = result, -1
        v.search.show_result(result)
        if result.hits:
            later = [i for i, h in enumerate(result.hits) if h.page >= v.index]
            self._go_to(later[0] if later else 0)
        else:
            v.canvas.set_hits({}, None)

    @Slot(int)
    def step(self, step: int) -> None:
        result = self.result
        if result is not None and result.hits:
            self._go_to((self.hit + step) % len(result.hits))

    def _go_to(self, at: int) -> None:
        v, result = self._viewer, self.result
        assert result is not None
        self.hit = at
        hit = result.hits[at]
        hits: dict[int, list[tuple[float, float, float, float]]] = {}
        for h in result.hits:
            hits.setdefault(h.page, []).extend((h.rect, *h.more))
        v.canvas.set_hits(hits, (hit.page, hit.rect))
        if hit.page != v.index:
            v.history.jumped(v.index)
        v.canvas.scroll_to_rect(hit.page, hit.rect)
        v.set_index(v.canvas.current)
        v.search.show_position(at)

    @Slot()
    def closed(self) -> None:
        self.result, self.hit = None, -1
        self._viewer.canvas.set_hits({}, None)
        self._viewer.take_focus()
