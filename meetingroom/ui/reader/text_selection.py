"""Selecting text in the reader by dragging, on one page or across several.

The press grabs the mouse, so every move arrives at the page where the drag began, in
its coordinates; the canvas maps the point to the page under it. Words come from the
render process on demand (``words`` queries); until a page's words are here the
selection waits for them. Copy gives the text of every page in reading order, one page
after the other.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QPointF, Qt, SignalInstance
from PySide6.QtGui import QMouseEvent

from meetingroom.pdf.render_queries import Word
from meetingroom.ui.reader import word_range
from meetingroom.ui.reader.geometry import PageMapper, PageRect, Slot
from meetingroom.ui.reader.page import PageView
from meetingroom.ui.reader.render.service import Query, RenderService

PagePoint = tuple[int, float, float]
"""(page index, x, y in page points)."""


class Canvas(Protocol):
    """What a selection reads of the reader canvas (``ReaderCanvas``)."""

    token: int
    continuous: bool

    @property
    def selection_changed(self) -> SignalInstance: ...
    def page_at(self, y: float) -> int: ...
    def place(self, index: int) -> tuple[Slot, PageMapper] | None: ...
    def refresh_views(self) -> None: ...


class TextSelection:
    """The selection of one canvas; owner: the ReaderCanvas (plain object)."""

    def __init__(self, canvas: Canvas, render: RenderService) -> None:
        self._canvas, self._render = canvas, render
        self.words: dict[int, tuple[Word, ...]] = {}
        """Words of the pages asked so far, in reading order."""
        self.rects: dict[int, list[PageRect]] = {}
        """The selected words' rectangles, by page."""
        self.text = ""
        self._drag: tuple[PagePoint, PagePoint] | None = None
        """(anchor, focus) while dragging, or after it until the words it needs arrive."""
        self._pressed_at: QPointF | None = None
        self._asked: set[int] = set()

    def reset(self) -> None:
        """Another file is shown: words and selection no longer apply."""
        self.words.clear()
        self._asked.clear()
        self._drag = self._pressed_at = None
        self.rects, self.text = {}, ""

    def clear(self) -> None:
        self.rects, self.text = {}, ""
        self._canvas.refresh_views()
        self._canvas.selection_changed.emit("")

    def words_arrived(self, index: int, words: tuple[Word, ...]) -> None:
        self.words[index] = words
        if self._drag is not None:
            self._update()

    # -- mouse -------------------------------------------------------------------------
    def mouse(self, view: PageView, event: QEvent) -> bool:
        """A mouse event on a page (from the canvas's event filter); True if used."""
        if not isinstance(event, QMouseEvent):
            return False
        kind, pos = event.type(), event.position()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            here = self._page_point(view, pos)
            self._drag, self._pressed_at = (here, here), pos
            self.clear()
            self._need(here[0])
            return True
        if self._drag is None or self._pressed_at is None:
            return False
        if kind == QEvent.Type.MouseMove:
            self._drag = (self._drag[0], self._page_point(view, pos))
            self._update()
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            focus = self._page_point(view, pos)
            if focus[0] != self._drag[0][0] or (pos - self._pressed_at).manhattanLength() > 3:
                self._drag = (self._drag[0], focus)
                self._update()
            if self._ready(self._drag):
                self._drag = None  # else kept until the words arrive
            self._pressed_at = None
            return True
        return False

    def _page_point(self, view: PageView, pos: QPointF) -> PagePoint:
        """The page under ``pos`` (in ``view``'s coordinates, maybe outside it: the mouse
        is grabbed by the page where a drag began) and the point there, in page points."""
        canvas = self._canvas
        index, x, y = view.index, pos.x(), pos.y()
        if canvas.continuous:
            index = canvas.page_at(view.y() + y)
        place = canvas.place(index)
        if place is None:
            return (view.index, *view.mapper.to_page(x, y))
        slot, mapper = place
        return (index, *mapper.to_page(view.x() + x - slot.x, view.y() + y - slot.y))

    # -- choosing the words --------------------------------------------------------------
    def _need(self, index: int) -> None:
        if index not in self.words and index not in self._asked:
            self._asked.add(index)
            self._render.ask(Query(self._canvas.token, "words", (index,)))

    def _ready(self, drag: tuple[PagePoint, PagePoint]) -> bool:
        first, last = sorted((drag[0][0], drag[1][0]))
        return all(i in self.words for i in range(first, last + 1))

    def _update(self) -> None:
        assert self._drag is not None
        anchor, focus = self._drag
        if anchor[0] > focus[0]:
            anchor, focus = focus, anchor
        for index in range(anchor[0], focus[0] + 1):
            self._need(index)
        if not self._ready((anchor, focus)):
            return
        chosen: dict[int, tuple[Word, ...]] = {}
        for index in range(anchor[0], focus[0] + 1):
            words = self.words[index]
            start = 0 if index != anchor[0] else word_range.nearest_word(words, *anchor[1:])
            end = (len(words) - 1 if index != focus[0]
                   else word_range.nearest_word(words, *focus[1:]))
            if start is None or end is None or not words:
                continue
            chosen[index] = (word_range.selected(words, start, end)
                             if anchor[0] == focus[0] else words[start:end + 1])
        self.rects = {i: [w.rect for w in ws] for i, ws in chosen.items() if ws}
        self.text = "\n".join(word_range.text_of(ws) for _, ws in sorted(chosen.items())
                              if ws)
        self._canvas.refresh_views()
        self._canvas.selection_changed.emit(self.text)
