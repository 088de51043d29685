"""Which pages the reader asks the render service for, and when.

The pages in view and one on each side, whole or (a page bigger than ``TILE_PIXELS``)
as a tile around what is visible; in single-page mode also the next and previous page,
drawn ahead at their own fit. An uncached page in view gets a small preview first unless
most of the last sharp pages came within ``PREVIEW_AFTER_MS`` (then a preview only delays
the sharp page and flashes for a frame). In a document whose pages are slow to draw (a scan),
previews of the other pages are drawn while nothing else is wanted, nearest first, as
many as the cache keeps: a page jumped to then shows its preview at once, and its sharp
picture is not kept waiting behind the preview (one render process draws one thing at a
time: a scan's preview costs about half its sharp page). A scroll asks once the
event-loop pass is done (it moves many times a pass); a jump or a turn to a page not
drawn yet asks at once, before the page widgets are made, so the render thread starts
while they are painted.
"""

from __future__ import annotations

import collections
import statistics
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QScrollBar, QWidget

from meetingroom.ui.reader.geometry import PageMapper, PageRect, Slot, covers, tile_clip
from meetingroom.ui.reader.render.page_cache import PageCache
from meetingroom.ui.reader.render.service import FILL, RenderRequest, RenderService

PREVIEW_BOX = 200
"""Longer side (pixels) of previews and sidebar thumbnails (one picture serves both)."""
TILE_PIXELS = 6_000_000
"""A page bigger than this (device pixels) is drawn in tiles around what is visible."""
PREVIEW_AFTER_MS = 33.0
"""A page is previewed unless the median of the last sharp pages (``SPEED_SAMPLES``,
whole, at this zoom) came within this many milliseconds, two frames. Measured on the
2-core VM: a page of the 300-page report takes 5–15 ms through the render thread (its
preview 4–5 ms more, before it), a page of the 30-page scan 80–140 ms (its preview ~30 ms:
decoding the JPEG, even at 1/8 scale, is most of the work, and the sharp page decodes it
again). The median, not the slowest: under half a core the report's pages take 10–35 ms,
the slowest of four was over two frames most of the time, and the previews it brought
put every sharp page 10–20 ms later."""
SPEED_SAMPLES = 4
PREVIEW_BYTES = PREVIEW_BOX * PREVIEW_BOX * 3
"""Most bytes a preview takes (a square page): bounds how many are drawn ahead."""


class Canvas(Protocol):
    """What the page wants read of the reader canvas (``ReaderCanvas``)."""

    token: int
    sizes: tuple[tuple[float, float], ...]
    continuous: bool
    current: int
    cache: PageCache
    failed: dict[int, str]

    @property
    def page_count(self) -> int: ...
    @property
    def zoom(self) -> float: ...
    @property
    def laid_out(self) -> bool: ...
    def zoom_for(self, index: int) -> float: ...
    def visible_pages(self) -> range: ...
    def pinned(self) -> range: ...
    def place(self, index: int) -> tuple[Slot, PageMapper] | None: ...
    def devicePixelRatioF(self) -> float: ...
    def horizontalScrollBar(self) -> QScrollBar: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def viewport(self) -> QWidget: ...


class PageWants:
    """Owner: the reader canvas (it parents the timer)."""

    def __init__(self, canvas: Canvas, render: RenderService, parent: QObject) -> None:
        self._canvas, self._render = canvas, render
        self._generation = 0
        self.sharp_ms: collections.deque[float] = collections.deque(maxlen=SPEED_SAMPLES)
        """How long the last whole sharp pages at this zoom took to come (ms)."""
        self.slow = False
        """This document's pages are slow to draw (every one of the last, at least two,
        came after more than ``PREVIEW_AFTER_MS``; the first page counts, drawn with the
        open): previews are drawn ahead."""
        self.fill = True
        """Previews may be drawn ahead (not while showing a download's unverified part,
        whose missing pages would each be tried)."""
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.ask)

    def schedule(self) -> None:
        """Ask once this event-loop pass is done (a scroll: only its last position)."""
        self._timer.start()

    def ask_now(self) -> bool:
        """Ask at once (a jump or a turn) when a page in view is not drawn yet; when all
        are, the pages ahead can wait until the turned-to page is painted (asked at once,
        their drawing competed with that paint: page turns took 10 ms instead of 6). True
        if it asked now."""
        c = self._canvas
        if c.laid_out and all(self.sharp_ok(i, self.needed_clip(i))
                              for i in c.visible_pages() if i not in c.failed):
            self.schedule()
            return False
        self._timer.stop()
        self.ask()
        return True

    def sharp_drawn(self, elapsed_ms: float) -> None:
        """A whole sharp page came after ``elapsed_ms`` in the render thread."""
        self.sharp_ms.append(elapsed_ms)
        if len(self.sharp_ms) < 2:
            return
        was, self.slow = self.slow, min(self.sharp_ms) > PREVIEW_AFTER_MS
        if self.slow and not was:
            self.schedule()  # to start drawing previews ahead

    def new_document(self) -> None:
        """Another file is shown: what was learnt of the old one's speed is void."""
        self.sharp_ms.clear()
        self.slow = False

    def cancel(self) -> None:
        """Forget a scheduled ask (it was just made)."""
        self._timer.stop()

    def preview_helps(self, index: int) -> bool:
        """Whether page ``index`` gets a preview before its sharp picture."""
        recent = self.sharp_ms
        return (len(recent) < SPEED_SAMPLES or statistics.median(recent) > PREVIEW_AFTER_MS
                or self.needed_clip(index) is not None)

    def needed_clip(self, index: int) -> PageRect | None:
        """The tile to draw of page ``index`` (None: the whole page)."""
        c = self._canvas
        place = c.place(index)
        if place is None:
            return None
        slot, mapper = place
        return tile_clip(mapper, slot, scale=c.devicePixelRatioF(), limit=TILE_PIXELS, view=(
            c.horizontalScrollBar().value(), c.verticalScrollBar().value(),
            c.viewport().width(), c.viewport().height()))

    def sharp_ok(self, index: int, clip: PageRect | None) -> bool:
        item = self._canvas.cache.get((index, "sharp"))
        return item is not None and covers(item.result.request.clip, clip)

    def whole_fits(self, index: int) -> bool:
        """Whether page ``index`` is drawn whole at its zoom (not in tiles, which depend on
        where the view will be)."""
        c = self._canvas
        w, h = c.sizes[index]
        scale = c.zoom_for(index) * c.devicePixelRatioF()
        return w * h * scale * scale <= TILE_PIXELS

    def ask(self) -> None:
        """Tell the render service what the canvas needs now (replacing older wishes)."""
        c = self._canvas
        if not c.token or not c.laid_out:
            return
        self._generation += 1
        z, dpr = c.zoom, c.devicePixelRatioF()
        count = c.page_count
        shown = [i for i in c.visible_pages() if i not in c.failed]
        near = [i for i in (shown[0] - 1, shown[-1] + 1) if 0 <= i < count
                and i not in c.failed and c.place(i) is not None] if shown else []
        wants: list[RenderRequest] = []

        def req(index: int, *, thumb: int = 0, clip: PageRect | None = None,
                zoom: float = z) -> RenderRequest:
            return RenderRequest(token=c.token, generation=self._generation, index=index,
                                 zoom=zoom, fit_width=0, device_pixel_ratio=dpr, clip=clip,
                                 thumb=thumb)

        for i in shown:
            if (c.cache.get((i, "preview")) is None and c.cache.get((i, "sharp")) is None
                    and self.preview_helps(i)):
                wants.append(req(i, thumb=PREVIEW_BOX))
        for i in [*shown, *near]:
            clip = self.needed_clip(i)
            if not self.sharp_ok(i, clip):
                wants.append(req(i, clip=clip))
        if not c.continuous and shown:  # single page: the next (then the previous) page,
            for i in (c.current + 1, c.current - 1):  # drawn ahead as it will be shown
                if (0 <= i < count and i not in c.failed and not self.sharp_ok(i, None)
                        and self.whole_fits(i)):
                    wants.append(req(i, zoom=c.zoom_for(i)))
        self._render.want(c.token, wants)
        if self.slow and self.fill:
            self._render.want(c.token, [req(i, thumb=PREVIEW_BOX)
                                        for i in self.previews_ahead()], lane=FILL)

    def previews_ahead(self) -> list[int]:
        """Pages to preview while the render process is idle: those with no picture,
        nearest the current page first, as many as the cache keeps previews of. Kept
        previews are not dropped for nearer ones: once the cache's share is full (~140
        of a long scan), the reader's later pages get theirs on demand."""
        c = self._canvas
        pinned = c.pinned()
        room = c.cache.preview_room(pinned) // PREVIEW_BYTES
        if room <= 0:
            return []
        cur, count = c.current, c.page_count
        out: list[int] = []
        for d in range(count):
            for i in ((cur + d, cur - d) if d else (cur,)):
                if (0 <= i < count and i not in c.failed
                        and i not in pinned  # asked for as pages, in view or next to it
                        and c.cache.get((i, "preview"), touch=False) is None
                        and c.cache.get((i, "sharp"), touch=False) is None):
                    out.append(i)
                    if len(out) >= room:
                        return out
        return out
