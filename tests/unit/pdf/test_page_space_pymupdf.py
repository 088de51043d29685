"""The page-space conversion agrees with PyMuPDF's own rotation matrices."""

from __future__ import annotations

import pymupdf
import pytest

from meetingroom.domain.page_space import ROTATIONS, PageFrame


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_the_frame_is_pymupdfs_rotation_matrix_even_with_an_offset_crop_box(
        rotation: int) -> None:
    with pymupdf.open() as doc:
        page = doc.new_page(width=400, height=500)
        page.set_cropbox(pymupdf.Rect(50, 60, 250, 360))
        page.set_rotation(rotation)
        frame = PageFrame.from_displayed(page.rect.width, page.rect.height, page.rotation)
        assert frame.matrix() == pytest.approx(tuple(page.rotation_matrix))
        for x, y in ((0, 0), (10, 20), (199, 299), (123.5, 7.25)):
            shown = pymupdf.Point(x, y) * page.rotation_matrix
            assert frame.to_displayed(x, y) == pytest.approx((shown.x, shown.y))
            back = pymupdf.Point(shown) * page.derotation_matrix
            assert frame.to_unrotated(shown.x, shown.y) == pytest.approx((back.x, back.y))
