"""The reader's scrolled page area: layout, zoom, rotation, selection.

Only the pages in view and one on each side get a widget; which pages are drawn, as a
preview, a sharp page or a tile, and when they are asked for is :mod:`reader.page_wants`.
Every scroll replaces the wishes sent to the render service, so pages scrolled past are
never drawn. Text selection lives in :mod:`reader.text_selection`, touch and wheel in
:mod:`reader.touch`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from meetingroom.pdf.render_queries import Word
from meetingroom.ui.reader.geometry import (
    GAP,
    PageLayout,
    PageMapper,
    PageRect,
    Slot,
    ZoomMode,
    fit_zoom,
)
from meetingroom.ui.reader.page import PageView
from meetingroom.ui.reader.page_wants import PREVIEW_BOX, PageWants
from meetingroom.ui.reader.render.page_cache import CachedImage, PageCache, wrap
from meetingroom.ui.reader.render.service import RenderResult, RenderService
from meetingroom.ui.reader.text_selection import TextSelection
from meetingroom.ui.reader.touch import SWIPE, TouchNavigator

log = logging.getLogger("meetingroom.ui")

MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
__all__ = ["PREVIEW_BOX", "SWIPE", "ReaderCanvas", "ZoomMode"]


class ReaderCanvas(QScrollArea):
    """Owner: the DocumentViewer (parent). Shows the pages of one opened document."""

    current_changed = Signal(int)
    """The page mostly in view changed (0-based)."""
    zoom_changed = Signal(float)
    """The effective zoom (logical pixels per point) changed."""
    page_view_created = Signal(object)
    """A PageView was made for a page coming into view (attach overlays here)."""
    selection_changed = Signal(str)
    """The selected text ("" when nothing is selected)."""
    turn_requested = Signal(int)
    """+1 / -1: a swipe or wheel turn in presentation mode."""

    def __init__(self, render: RenderService, parent: QWidget) -> None:
        super().__init__(parent)
        self._render = render
        self.token = 0
        self.sizes: tuple[tuple[float, float], ...] = ()
        self.mode = ZoomMode.WIDTH
        self.custom_zoom = 1.0
        self.rotation = 0
        self.continuous = True
        self.night = False
        self.current = 0
        self.views: dict[int, PageView] = {}
        self.cache = PageCache()
        self.failed: dict[int, str] = {}
        """Pages that cannot be drawn, with the reason shown on them."""
        self.incomplete: set[int] = set()
        """Pages of a partial download not all there yet (among ``failed``)."""
        self.hits: dict[int, list[PageRect]] = {}
        self.current_hit: tuple[int, PageRect] | None = None
        self.selection = TextSelection(self, render)
        self._layout: PageLayout | None = None
        self._zoom_seen: float | None = None
        self._laid_out_continuous = True
        self._relayouting = False
        self._content = QWidget()
        self.setWidget(self._content)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.touch = TouchNavigator(self, parent=self)
        self.wants = PageWants(self, render, parent=self)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self.relayout)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self.wants.schedule)

    # -- document ------------------------------------------------------------------------
    def set_document(self, token: int, sizes: tuple[tuple[float, float], ...], *,
                     current: int = 0, early: list[RenderResult] | None = None) -> None:
        """Lay out the pages of ``token`` at page ``current``; ``early``: pages drawn
        before the layout was known (the first page comes with the open)."""
        if token != self.token:  # another file (more of a download, or the verified one)
            self.failed.clear()
            self.incomplete.clear()
            self.selection.reset()
            self.cache.keep_as_previews()  # shown, stretched, until the new pictures come
            self.wants.new_document()
        self.token, self.sizes = token, sizes
        self.current = max(0, min(current, len(sizes) - 1))
        self._zoom_seen = self.zoom
        self.zoom_changed.emit(self._zoom_seen)
        for result in early or []:
            self.accept(result)
        self.relayout()
        if self.continuous and self.current:
            slot = self._slot(self.current)
            if slot is not None:
                self.verticalScrollBar().setValue(slot.y - GAP)

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    @property
    def zoom(self) -> float:
        """The effective zoom (logical pixels per point)."""
        return self._fit(self.current)

    def zoom_for(self, index: int) -> float:
        """The zoom page ``index`` is drawn at: the effective zoom for every page in
        continuous reading; in single-page mode, each page fitted on its own (a page
        drawn ahead is drawn as it will be shown)."""
        return self.zoom if self.continuous else self._fit(index)

    def _fit(self, index: int) -> float:
        if not self.sizes:
            return 1.0
        if self.mode is ZoomMode.CUSTOM:
            return self.custom_zoom
        vp = self.viewport()
        return max(0.05, fit_zoom(self.sizes[index], width=vp.width(),
                                  height=vp.height(), rotation=self.rotation,
                                  whole_page=self.mode is ZoomMode.PAGE))

    def set_zoom(self, mode: ZoomMode, zoom: float = 1.0) -> None:
        self.mode = mode
        self.custom_zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.relayout()

    def step_zoom(self, direction: int) -> None:
        now = self.zoom
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > now * 1.01]
            self.set_zoom(ZoomMode.CUSTOM, bigger[0] if bigger else MAX_ZOOM)
        else:
            smaller = [z for z in ZOOM_STEPS if z < now * 0.99]
            self.set_zoom(ZoomMode.CUSTOM, smaller[-1] if smaller else MIN_ZOOM)

    def set_rotation(self, degrees: int) -> None:
        self.rotation = degrees % 360
        self.relayout()

    def set_continuous(self, on: bool) -> None:
        self.continuous = on
        self.relayout()

    def set_night(self, on: bool) -> None:
        self.night = on
        for view in self.views.values():
            view.night = on
            view.update()

    # -- layout and scrolling ----------------------------------------------------------
    def _indices(self) -> list[int]:
        if self.continuous:
            return list(range(len(self.sizes)))
        return [self.current] if self.sizes else []

    def relayout(self) -> None:
        """Lay the pages out again (zoom, rotation, mode or window size changed), keeping
        the current page where it was on screen."""
        if not self.sizes:
            return
        z = self.zoom
        offset = 0.0
        old = self._layout
        if old is not None and self._laid_out_continuous and self.continuous:
            slot = old.slots[min(self.current, len(old.slots) - 1)]
            offset = (self.verticalScrollBar().value() - slot.y) / max(1, slot.height)
        self._relayouting = True
        try:
            for index in list(self.views):
                self._drop_view(index)
            self._layout = PageLayout(tuple(self.sizes[i] for i in self._indices()), zoom=z,
                                      rotation=self.rotation,
                                      min_width=self.viewport().width())
            self._laid_out_continuous = self.continuous
            height = self._layout.height
            if not self.continuous:
                height = max(height, self.viewport().height())
            self._content.resize(self._layout.width, height)
            if self._zoom_seen is None or abs(self._zoom_seen - z) > 1e-6 * z:
                self.wants.sharp_ms.clear()
                self.zoom_changed.emit(z)
            self._zoom_seen = z
            self._drop_stale_sharp()
            now = self._slot(self.current)
            if now is not None and self.continuous:
                self.verticalScrollBar().setValue(round(now.y + offset * now.height))
            else:
                self.verticalScrollBar().setValue(0)
        finally:
            self._relayouting = False
        self.wants.ask_now()  # the render thread starts while the page widgets are made
        self._sync_views()

    def _drop_stale_sharp(self) -> None:
        """Forget sharp pages drawn at another zoom than they are now shown at: after a
        zoom, and after single-page mode, whose pages are each drawn at their own fit (a
        neighbour drawn ahead there stays while it still fits)."""
        for index, item in self.cache.items("sharp"):
            r = item.result
            z = r.request.zoom if r.request.zoom is not None else r.zoom
            if index >= len(self.sizes) or abs(z - self.zoom_for(index)) > 1e-6 * z:
                self.cache.drop((index, "sharp"))

    def _slot_pos(self, index: int) -> int | None:
        """Position of page ``index`` in the current layout."""
        if self.continuous:
            return index if 0 <= index < len(self.sizes) else None
        return 0 if index == self.current else None

    def _slot(self, index: int) -> Slot | None:
        pos = self._slot_pos(index)
        if self._layout is None or pos is None:
            return None
        return self._layout.slots[pos]

    def visible_pages(self) -> range:
        if self._layout is None:
            return range(0)
        if not self.continuous:
            return range(self.current, self.current + 1)
        top = self.verticalScrollBar().value()
        return self._layout.visible(top, top + self.viewport().height())

    def go_to(self, index: int) -> None:
        if not self.sizes:
            return
        index = max(0, min(len(self.sizes) - 1, index))
        if not self.continuous:
            changed = index != self.current
            self.current = index
            self.relayout()
            if changed:
                self.current_changed.emit(index)
            return
        slot = self._slot(index)
        if slot is not None:
            self._relayouting = True  # the scroll handler runs below, after the request
            try:
                self.verticalScrollBar().setValue(slot.y - GAP)
            finally:
                self._relayouting = False
            asked = self.wants.ask_now()  # the render thread starts while the page
            self._scrolled()  # widgets are made (this schedules an ask)
            if asked:
                self.wants.cancel()  # already made
        if index != self.current:
            self.current = index
            self.current_changed.emit(index)

    def scroll_to_rect(self, index: int, rect: PageRect) -> None:
        """Bring ``rect`` (page points) of page ``index`` into view."""
        self.go_to(index)
        slot = self._slot(index)
        if slot is None or self._layout is None:
            return
        pos = self._slot_pos(index) or 0
        x0, y0, x1, y1 = self._layout.mappers[pos].rect_to_widget(rect)
        self.ensureVisible(round(slot.x + (x0 + x1) / 2),
                           round(slot.y + (y0 + y1) / 2),
                           50, self.viewport().height() // 3)

    def _scrolled(self) -> None:
        if self._layout is None or self._relayouting:
            return
        if self.continuous:
            top = self.verticalScrollBar().value()
            index = self._layout.page_at(top + self.viewport().height() / 3)
            if index != self.current:
                self.current = index
                self.current_changed.emit(index)
        self._sync_views()
        self.wants.schedule()

    def _sync_views(self) -> None:
        if self._layout is None:
            return
        shown = self.visible_pages()
        near = range(max(0, shown.start - 1), min(len(self.sizes), shown.stop + 1))
        for index in list(self.views):
            if not (shown.start - 3 <= index < shown.stop + 3) or self._slot_pos(index) is None:
                self._drop_view(index)
        for index in near:
            pos = self._slot_pos(index)
            if pos is None or index in self.views:
                continue
            slot = self._layout.slots[pos]
            view = PageView(index, self._layout.mappers[pos], self._content)
            view.setGeometry(slot.x, slot.y, slot.width, slot.height)
            view.night = self.night
            view.error = self.failed.get(index, "")
            view.installEventFilter(self)
            self._fill(view)
            self.views[index] = view
            view.show()
            self.page_view_created.emit(view)

    def _drop_view(self, index: int) -> None:
        view = self.views.pop(index, None)
        if view is not None:
            view.hide()
            # let go of the pictures now, not at the deferred delete: their pixels are
            # blocks of the render process's arena, which a new page needs
            view.sharp = view.preview = None
            view.deleteLater()

    def _fill(self, view: PageView) -> None:
        i = view.index
        view.sharp = self.cache.get((i, "sharp"))
        view.preview = self.cache.get((i, "preview"))
        view.hits = self.hits.get(i, [])
        view.current_hit = (self.current_hit[1] if self.current_hit is not None
                            and self.current_hit[0] == i else None)
        view.selection = self.selection.rects.get(i, [])
        view.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._layout is not None:
            self._resize_timer.start()

    # -- drawing -------------------------------------------------------------------------
    def accept(self, result: RenderResult) -> bool:
        """Keep a drawn page if it is still wanted; True if it was."""
        r = result.request
        if r.thumb:
            self.cache.put((r.index, "preview"), wrap(result), pinned=self.pinned())
        else:
            z = r.zoom if r.zoom is not None else result.zoom
            if r.index >= len(self.sizes):
                return False
            want = self.zoom_for(r.index)
            if abs(z - want) > 0.01 * want:
                return False
            if r.clip is None and result.elapsed_ms > 0:
                self.wants.sharp_drawn(result.elapsed_ms)
            self.cache.put((r.index, "sharp"), wrap(result), pinned=self.pinned())
        view = self.views.get(r.index)
        if view is not None:
            self._fill(view)
        return True

    def pinned(self) -> range:
        """The pages in view and one on each side: the cache drops them last."""
        shown = self.visible_pages()
        return range(max(0, shown.start - 1), shown.stop + 1)

    def page_failed(self, index: int, text: str) -> None:
        self.failed[index] = text
        view = self.views.get(index)
        if view is not None:
            view.error = text
            view.update()

    def page_incomplete(self, index: int, text: str) -> None:
        """Page ``index`` has not finished downloading: a placeholder saying so."""
        self.incomplete.add(index)
        self.page_failed(index, text)

    def retext_incomplete(self, text: str) -> None:
        for index in self.incomplete:
            self.page_failed(index, text)

    def clear(self) -> None:
        """Show nothing (the pages shown came from bytes that turned out wrong)."""
        for index in list(self.views):
            self._drop_view(index)
        self.token, self.sizes, self._layout = 0, (), None
        self.cache.clear()
        self.failed.clear()
        self.incomplete.clear()
        self.selection.reset()
        self._content.resize(0, 0)

    def image_of(self, index: int) -> CachedImage | None:
        return self.cache.get((index, "sharp"))

    # -- search highlights ---------------------------------------------------------------
    def set_hits(self, hits: dict[int, list[PageRect]],
                 current: tuple[int, PageRect] | None) -> None:
        self.hits, self.current_hit = hits, current
        for view in self.views.values():
            self._fill(view)

    # -- selection -----------------------------------------------------------------------
    @property
    def words(self) -> dict[int, tuple[Word, ...]]:
        """Words of the pages asked so far (for selection and text highlights)."""
        return self.selection.words

    @property
    def selected_text(self) -> str:
        return self.selection.text

    def clear_selection(self) -> None:
        self.selection.clear()

    def refresh_views(self) -> None:
        for view in self.views.values():
            self._fill(view)

    @property
    def laid_out(self) -> bool:
        return self._layout is not None

    def place(self, index: int) -> tuple[Slot, PageMapper] | None:
        """Where page ``index`` is in the current layout (None: not laid out)."""
        pos = self._slot_pos(index)
        if self._layout is None or pos is None:
            return None
        return self._layout.slots[pos], self._layout.mappers[pos]

    def page_at(self, y: float) -> int:
        """The page at canvas height ``y``."""
        return self._layout.page_at(y) if self._layout is not None else self.current

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, PageView):
            return self.selection.mouse(watched, event)
        return super().eventFilter(watched, event)  # the scroll area watches its widget
