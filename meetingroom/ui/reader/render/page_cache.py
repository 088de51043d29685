"""A memory-bounded cache of drawn pages for the reader (least recently used goes first)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtGui import QImage

from meetingroom.pdf.render_process import DEFAULT_ARENA_BYTES
from meetingroom.ui.reader.render.service import RenderResult

DEFAULT_BUDGET = DEFAULT_ARENA_BYTES * 3 // 4
"""Bytes of pixels the reader keeps for one document (sharp pages, tiles, previews): 48
MiB, three quarters of the render process's shared pixel arena, so that the pages being
drawn (the page in view and its neighbours, 7 MiB each at 1310×1854) still find room
there. With the cache as large as the arena, every new page went through a file of its
own instead: 3.2 ms to write (fresh memory) against 0.7 ms into the arena, measured."""

PREVIEW_SHARE = 4
"""Previews may keep 1/PREVIEW_SHARE of the budget however old they are: they are small
(~85 KB at 141×200) and stand in at once for any page jumped to, while a sharp page is
several MiB and only worth keeping near where the reader is."""

Key = tuple[int, str]
"""(page index, kind): kind is "sharp", "preview" or "thumb"."""


@dataclass(frozen=True, slots=True, eq=False)
class CachedImage:
    """A QImage wrapping a result's pixels without copying; holds the result alive."""

    result: RenderResult
    image: QImage

    @property
    def nbytes(self) -> int:
        return self.result.page.stride * self.result.page.height


def wrap(result: RenderResult) -> CachedImage:
    page = result.page
    image = QImage(page.samples, page.width, page.height, page.stride,
                   QImage.Format.Format_RGB888)
    image.setDevicePixelRatio(1.0 if result.request.thumb else result.request.device_pixel_ratio)
    return CachedImage(result, image)


class PageCache:
    """Images by (page, kind), at most ``budget`` bytes; least recently used go first, but
    ``pinned`` pages last, and previews only once they take more than their share."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._items: OrderedDict[Key, CachedImage] = OrderedDict()
        self.nbytes = 0
        self.preview_bytes = 0
        """Of ``nbytes``, the bytes of previews."""
        self.preview_share = budget // PREVIEW_SHARE
        """Bytes of previews kept however old they are."""

    def preview_room(self, pinned: range | None = None) -> int:
        """Bytes more previews may take before any is dropped: within their share of the
        budget, and beside the ``pinned`` pages (which are never dropped for them)."""
        kept = sum(item.nbytes for key, item in self._items.items()
                   if key[1] != "preview" and pinned is not None and key[0] in pinned)
        return max(0, min(self.preview_share - self.preview_bytes,
                          self.budget - kept - self.preview_bytes))

    def get(self, key: Key, *, touch: bool = True) -> CachedImage | None:
        """The image at ``key``; ``touch``: it counts as just used."""
        item = self._items.get(key)
        if item is not None and touch:
            self._items.move_to_end(key)
        return item

    def put(self, key: Key, item: CachedImage, *, pinned: range | None = None) -> None:
        self.drop(key)
        self._items[key] = item
        self.nbytes += item.nbytes
        if key[1] == "preview":
            self.preview_bytes += item.nbytes
        self._trim(pinned)

    def items(self, kind: str) -> list[tuple[int, CachedImage]]:
        """(page, image) of every image of ``kind``, least recently used first (the order
        is not changed)."""
        return [(k[0], v) for k, v in self._items.items() if k[1] == kind]

    def drop(self, key: Key) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.nbytes -= old.nbytes
            if key[1] == "preview":
                self.preview_bytes -= old.nbytes

    def drop_kind(self, kind: str) -> None:
        for key in [k for k in self._items if k[1] == kind]:
            self.drop(key)

    def keep_as_previews(self) -> None:
        """Keep only whole pages, as previews (another file of the same document opened:
        they stand in, stretched, until its own pictures arrive)."""
        whole = {k[0]: v for k, v in self._items.items()
                 if k[1] == "sharp" and v.result.request.clip is None}
        previews = {k[0]: v for k, v in self._items.items() if k[1] == "preview"}
        self.clear()
        for index, item in {**previews, **whole}.items():
            self.put((index, "preview"), item)

    def clear(self) -> None:
        self._items.clear()
        self.nbytes = self.preview_bytes = 0

    def _trim(self, pinned: range | None) -> None:
        # first pass: previews within their share stay; second: they go too
        for spare_previews in (True, False):
            for key in list(self._items):
                if self.nbytes <= self.budget:
                    return
                if pinned is not None and key[0] in pinned:
                    continue
                if (spare_previews and key[1] == "preview"
                        and self.preview_bytes <= self.preview_share):
                    continue
                self.drop(key)
