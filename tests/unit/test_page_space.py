"""Displayed ↔ unrotated page points: every rotation, both ways, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetingroom.domain.page_space import ROTATIONS, PageFrame

W, H = 200.0, 300.0
"""An unrotated portrait page."""


@pytest.mark.parametrize(("rotation", "displayed", "point"), [
    (0, (200.0, 300.0), (10.0, 20.0)),
    (90, (300.0, 200.0), (280.0, 10.0)),
    (180, (200.0, 300.0), (190.0, 280.0)),
    (270, (300.0, 200.0), (20.0, 190.0)),
])
def test_a_point_lands_where_the_rotated_page_shows_it(
        rotation: int, displayed: tuple[float, float], point: tuple[float, float]) -> None:
    frame = PageFrame(W, H, rotation)
    assert frame.displayed_size == displayed
    assert frame.to_displayed(10.0, 20.0) == point
    assert frame.to_unrotated(*point) == (10.0, 20.0)
    a, b, c, d, e, f = frame.matrix()
    assert (a * 10 + c * 20 + e, b * 10 + d * 20 + f) == point


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_from_displayed_gives_back_the_unrotated_size(rotation: int) -> None:
    shown = PageFrame(W, H, rotation).displayed_size
    assert PageFrame.from_displayed(*shown, rotation) == PageFrame(W, H, rotation)


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_the_page_corners_map_onto_the_displayed_page(rotation: int) -> None:
    frame = PageFrame(W, H, rotation)
    dw, dh = frame.displayed_size
    corners = {frame.to_displayed(x, y) for x in (0.0, W) for y in (0.0, H)}
    assert corners == {(0.0, 0.0), (dw, 0.0), (0.0, dh), (dw, dh)}
    assert frame.rect_to_displayed((0.0, 0.0, W, H)) == (0.0, 0.0, dw, dh)


@given(rotation=st.sampled_from(ROTATIONS),
       x=st.floats(-1e4, 1e4, allow_nan=False), y=st.floats(-1e4, 1e4, allow_nan=False),
       w=st.floats(1, 1e4), h=st.floats(1, 1e4))
def test_points_and_rects_round_trip(rotation: int, x: float, y: float, w: float,
                                     h: float) -> None:
    frame = PageFrame(w, h, rotation)
    bx, by = frame.to_unrotated(*frame.to_displayed(x, y))
    assert bx == pytest.approx(x, abs=1e-6) and by == pytest.approx(y, abs=1e-6)
    cx, cy = frame.to_displayed(*frame.to_unrotated(x, y))
    assert cx == pytest.approx(x, abs=1e-6) and cy == pytest.approx(y, abs=1e-6)
    rect = (min(x, y), min(x, y) - 1, max(x, y) + 5, max(x, y) + 7)
    back = frame.rect_to_unrotated(frame.rect_to_displayed(rect))
    assert back == pytest.approx(rect, abs=1e-6)
    shown = frame.rect_to_displayed(rect)
    assert shown[0] <= shown[2] and shown[1] <= shown[3]
    # a rectangle keeps its area, its sides swap on a quarter turn
    rw, rh = rect[2] - rect[0], rect[3] - rect[1]
    sw, sh = shown[2] - shown[0], shown[3] - shown[1]
    expected = (rh, rw) if rotation in (90, 270) else (rw, rh)
    assert (sw, sh) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("bad", [45, -90, 360, 1])
def test_a_rotation_that_is_not_a_quarter_turn_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="rotation"):
        PageFrame(W, H, bad)


@pytest.mark.parametrize(("w", "h"), [(0.0, 10.0), (10.0, -1.0), (float("nan"), 1.0)])
def test_a_page_without_a_size_is_refused(w: float, h: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        PageFrame(w, h)
