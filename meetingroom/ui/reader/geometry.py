"""Where pages sit in the reader, and the mapping between page points and widget pixels.

Pure arithmetic (no widgets), so that the page view, text selection, search highlights
and, later, the notes overlay all agree on one mapping:

- page points: PDF user space as the page is displayed (its /Rotate applied), origin at
  the top left, y down, 72 per inch — what the render worker's words and hits use;
- widget pixels: logical (device-independent) pixels inside one page's widget, after
  the reader's zoom and its view rotation (0, 90, 180 or 270 degrees clockwise).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum

PageRect = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in page points."""

GAP = 12
"""Logical pixels between pages and around them."""


class ZoomMode(StrEnum):
    WIDTH = "width"
    PAGE = "page"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class PageMapper:
    """Maps between one page's points and its widget's logical pixels."""

    width: float
    """Page width in points (unrotated view)."""
    height: float
    zoom: float
    """Logical pixels per point."""
    rotation: int = 0
    """View rotation, clockwise: 0, 90, 180 or 270."""

    @property
    def widget_size(self) -> tuple[float, float]:
        w, h = self.width * self.zoom, self.height * self.zoom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def to_widget(self, x: float, y: float) -> tuple[float, float]:
        """A page point as a widget point."""
        z, w, h = self.zoom, self.width, self.height
        if self.rotation == 90:
            return ((h - y) * z, x * z)
        if self.rotation == 180:
            return ((w - x) * z, (h - y) * z)
        if self.rotation == 270:
            return (y * z, (w - x) * z)
        return (x * z, y * z)

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        """A widget point as a page point."""
        z, w, h = self.zoom, self.width, self.height
        if self.rotation == 90:
            return (y / z, h - x / z)
        if self.rotation == 180:
            return (w - x / z, h - y / z)
        if self.rotation == 270:
            return (w - y / z, x / z)
        return (x / z, y / z)

    def rect_to_widget(self, rect: PageRect) -> PageRect:
        """A page rectangle as a widget rectangle (normalised: x0 <= x1, y0 <= y1)."""
        ax, ay = self.to_widget(rect[0], rect[1])
        bx, by = self.to_widget(rect[2], rect[3])
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    def rect_to_page(self, rect: PageRect) -> PageRect:
        ax, ay = self.to_page(rect[0], rect[1])
        bx, by = self.to_page(rect[2], rect[3])
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


@dataclass(frozen=True, slots=True)
class Slot:
    """One page's place in the scrolled canvas (logical pixels)."""

    index: int
    x: int
    y: int
    width: int
    height: int


class PageLayout:
    """Pages stacked top to bottom, centred, ``GAP`` apart, at one zoom and rotation."""

    def __init__(self, sizes: tuple[tuple[float, float], ...], *, zoom: float,
                 rotation: int = 0, min_width: int = 0) -> None:
        self.sizes, self.zoom, self.rotation = sizes, zoom, rotation
        self.mappers = tuple(PageMapper(w, h, zoom, rotation) for w, h in sizes)
        dims = [m.widget_size for m in self.mappers]
        self.width = max([min_width, *(round(w) + 2 * GAP for w, _ in dims)])
        self.slots: list[Slot] = []
        y = GAP
        for i, (w, h) in enumerate(dims):
            pw, ph = max(1, round(w)), max(1, round(h))
            self.slots.append(Slot(i, (self.width - pw) // 2, y, pw, ph))
            y += ph + GAP
        self.height = y
        self._tops = [s.y for s in self.slots]

    def page_at(self, y: float) -> int:
        """The page at canvas height ``y`` (the one above, in a gap)."""
        if not self.slots:
            return 0
        return max(0, min(len(self.slots) - 1, bisect.bisect_right(self._tops, y) - 1))

    def visible(self, top: float, bottom: float) -> range:
        """Pages that overlap the canvas band [top, bottom)."""
        if not self.slots:
            return range(0)
        first = self.page_at(top)
        above = self.slots[first]
        if top >= above.y + above.height and first + 1 < len(self.slots):
            first += 1  # the band starts in the gap below that page: it shows none of it
        last = max(first, self.page_at(bottom))
        return range(first, last + 1)


def fit_zoom(size: tuple[float, float], *, width: int, height: int, rotation: int,
             whole_page: bool) -> float:
    """Logical pixels per point that fit a page (rotated) to the width, or whole into
    ``width`` × ``height``, inside the ``GAP`` margins."""
    w, h = size
    if rotation in (90, 270):
        w, h = h, w
    zw = max(1.0, width - 2 * GAP) / max(w, 1.0)
    if not whole_page:
        return zw
    return min(zw, max(1.0, height - 2 * GAP) / max(h, 1.0))


def tile_clip(mapper: PageMapper, slot: Slot, *, scale: float, limit: int,
              view: tuple[int, int, int, int]) -> PageRect | None:
    """The part of a page to draw (page points) when the whole page at ``scale`` device
    pixels per logical pixel would exceed ``limit`` pixels: the visible part of it, with
    half a screen around (None: draw the whole page). ``view``: the scroll position and
    the viewport's size (x, y, width, height) in canvas pixels."""
    w, h = mapper.widget_size
    if w * h * scale * scale <= limit:
        return None
    vx, vy, vw, vh = view
    box = (max(0.0, vx - slot.x - vw / 2), max(0.0, vy - slot.y - vh / 2),
           min(w, vx - slot.x + 1.5 * vw), min(h, vy - slot.y + 1.5 * vh))
    if box[0] >= box[2] or box[1] >= box[3]:
        box = (0.0, 0.0, min(w, float(vw)), min(h, float(vh)))
    return mapper.rect_to_page(box)


def covers(have: PageRect | None, want: PageRect | None) -> bool:
    """Whether a picture of part ``have`` of a page (None: all of it) serves ``want``."""
    if want is None:
        return have is None
    return have is not None and have[0] <= want[0] + 1 and have[1] <= want[1] + 1 and (
        have[2] >= want[2] - 1 and have[3] >= want[3] - 1)
