"""The reader's page ↔ widget mapping and page layout (pure arithmetic, no widgets)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingroom.ui.reader.geometry import GAP, PageLayout, PageMapper, fit_zoom


@given(x=st.floats(0, 595), y=st.floats(0, 842), zoom=st.floats(0.25, 4.0),
       rotation=st.sampled_from([0, 90, 180, 270]))
def test_page_and_widget_points_map_back_and_forth(x: float, y: float, zoom: float,
                                                   rotation: int) -> None:
    m = PageMapper(595, 842, zoom, rotation)
    wx, wy = m.to_widget(x, y)
    w, h = m.widget_size
    assert -1e-6 <= wx <= w + 1e-6 and -1e-6 <= wy <= h + 1e-6
    assert m.to_page(wx, wy) == pytest.approx((x, y), abs=1e-6)


def test_rotation_turns_the_page_clockwise() -> None:
    m = PageMapper(100, 200, 2.0, 90)
    assert m.widget_size == (400, 200)
    assert m.to_widget(0, 0) == (400, 0)  # the top-left corner goes to the top right
    assert m.rect_to_widget((0, 0, 10, 20)) == (360, 0, 400, 20)


def test_layout_stacks_centres_and_finds_pages() -> None:
    layout = PageLayout(((100, 200), (200, 100), (100, 200)), zoom=1.0, min_width=300)
    assert layout.width == 300
    assert [(s.x, s.y, s.width, s.height) for s in layout.slots] == [
        (100, GAP, 100, 200), (50, 2 * GAP + 200, 200, 100), (100, 3 * GAP + 300, 100, 200)]
    assert layout.height == 4 * GAP + 500
    assert layout.page_at(0) == 0 and layout.page_at(GAP + 205) == 0  # in the gap: above
    assert layout.page_at(2 * GAP + 250) == 1 and layout.page_at(10_000) == 2
    assert list(layout.visible(150, 2 * GAP + 260)) == [0, 1]


def test_a_band_starting_in_the_gap_below_a_page_does_not_show_that_page() -> None:
    """"Next page" scrolls to the gap above the page: the page before is out of view and
    must not be drawn (it was, before the page turned to, doubling the wait)."""
    layout = PageLayout(((100, 200), (100, 200), (100, 200)), zoom=1.0)
    second = layout.slots[1]
    assert list(layout.visible(second.y - GAP, second.y + 150)) == [1]
    assert list(layout.visible(second.y - GAP - 1, second.y + 150)) == [0, 1]
    assert list(layout.visible(layout.slots[2].y + 10, layout.height + 50)) == [2]


def test_fit_width_and_whole_page() -> None:
    assert fit_zoom((100, 200), width=100 + 2 * GAP, height=10_000, rotation=0,
                    whole_page=False) == pytest.approx(1.0)
    assert fit_zoom((100, 200), width=1000, height=200 + 2 * GAP, rotation=0,
                    whole_page=True) == pytest.approx(1.0)
    assert fit_zoom((100, 200), width=200 + 2 * GAP, height=10_000, rotation=90,
                    whole_page=False) == pytest.approx(1.0)
