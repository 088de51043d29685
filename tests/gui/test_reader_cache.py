"""The reader's page cache: least recently used pictures go first, pages in view last, and
previews only once they take more than their share of the budget."""

from __future__ import annotations

from typing import Any

from meetingroom.pdf.rendered import RenderedPage
from meetingroom.ui.reader.render.page_cache import PREVIEW_SHARE, CachedImage, PageCache, wrap
from meetingroom.ui.reader.render.service import RenderRequest, RenderResult


def picture(index: int, nbytes: int, *, thumb: int = 0) -> CachedImage:
    width = 10
    height = nbytes // (width * 3)
    page = RenderedPage(index=index, width=width, height=height, stride=width * 3,
                        samples=memoryview(bytearray(width * 3 * height)), zoom=1.0)
    request = RenderRequest(token=1, generation=1, index=index, zoom=1.0, fit_width=0,
                            device_pixel_ratio=1.0, thumb=thumb)
    return wrap(RenderResult(request, page, 1.0))


def kept(cache: PageCache, kind: str) -> list[int]:
    return sorted(index for index, _ in cache.items(kind))


def test_old_sharp_pages_go_before_previews_within_their_share(qapp: Any) -> None:
    cache = PageCache(budget=120_000)
    for i in range(3):  # 3 × 9,000 bytes of previews: within a quarter of the budget
        cache.put((i, "preview"), picture(i, 9_000, thumb=200))
    for i in range(10, 14):  # 4 sharp pages of 30,000 bytes: the budget holds three
        cache.put((i, "sharp"), picture(i, 30_000))
    assert kept(cache, "preview") == [0, 1, 2]  # older than every sharp page, yet kept
    assert kept(cache, "sharp") == [11, 12, 13]
    assert cache.nbytes == 27_000 + 90_000 <= cache.budget
    assert cache.preview_bytes == 27_000
    assert cache.preview_room() == cache.budget // PREVIEW_SHARE - 27_000


def test_previews_beyond_their_share_go_oldest_first_and_pages_in_view_stay(
        qapp: Any) -> None:
    cache = PageCache(budget=100_000)
    cache.put((0, "sharp"), picture(0, 30_000))
    for i in range(1, 10):  # 9 × 9,000: far beyond the 25,000 previews may keep
        cache.put((i, "preview"), picture(i, 9_000, thumb=200), pinned=range(0, 2))
    assert cache.nbytes <= cache.budget
    assert kept(cache, "sharp") == [0]  # pinned: the page in view
    # the newest previews stayed; the oldest (but the pinned page 1's) went
    assert 1 in kept(cache, "preview") and 9 in kept(cache, "preview")
    assert 2 not in kept(cache, "preview")
    assert cache.preview_room() == 0
    cache.drop_kind("preview")
    assert cache.preview_bytes == 0 and cache.nbytes == 30_000


def test_a_lookup_without_touching_leaves_the_order(qapp: Any) -> None:
    cache = PageCache(budget=70_000)
    cache.put((0, "sharp"), picture(0, 30_000))
    cache.put((1, "sharp"), picture(1, 30_000))
    assert cache.get((0, "sharp"), touch=False) is not None
    cache.put((2, "sharp"), picture(2, 30_000))  # page 0 is still the oldest: it goes
    assert kept(cache, "sharp") == [1, 2]
    assert cache.get((1, "sharp")) is not None  # touched: now page 2 is the oldest
    cache.put((3, "sharp"), picture(3, 30_000))
    assert kept(cache, "sharp") == [1, 3]


def test_room_for_previews_is_what_fits_beside_the_pages_in_view(qapp: Any) -> None:
    cache = PageCache(budget=120_000)
    cache.put((0, "preview"), picture(0, 9_000, thumb=200))
    for i in range(5, 8):
        cache.put((i, "sharp"), picture(i, 36_000))
    assert cache.preview_room() == 30_000 - 9_000  # their share: a quarter
    # pages 5-7 in view (never dropped for previews) leave less than that
    assert cache.preview_room(pinned=range(5, 8)) == 120_000 - 108_000 - 9_000
    assert cache.preview_room(pinned=range(6, 8)) == 30_000 - 9_000
