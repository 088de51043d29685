"""A page's sharp image is copied onto the page, not resampled, when its pixel size is the
page's size at the zoom rounded to whole pixels (a real PageView, grabbed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from meetingroom.pdf.rendered import RenderedPage
from meetingroom.ui.reader.geometry import PageMapper
from meetingroom.ui.reader.page import PageView, whole_page
from meetingroom.ui.reader.render.page_cache import wrap
from meetingroom.ui.reader.render.service import RenderRequest, RenderResult

A4 = (595.28, 841.89)
ZOOM = 1.244
"""A4 at this zoom is 740.5 × 1047.3 logical pixels; MuPDF draws it as 740 × 1048."""


def checkerboard(width: int, height: int) -> bytearray:
    """RGB pixels alternating black and white one pixel at a time: any resampling of it
    mixes neighbours into greys."""
    row_a = bytes([0, 0, 0, 255, 255, 255]) * (width // 2) + bytes(3 * (width % 2))
    row_b = bytes([255, 255, 255, 0, 0, 0]) * (width // 2) + bytes([255] * 3 * (width % 2))
    return bytearray(b"".join(row_a if y % 2 == 0 else row_b for y in range(height)))


def sharp_page(width: int, height: int) -> Any:
    samples = memoryview(checkerboard(width, height))
    page = RenderedPage(index=0, width=width, height=height, stride=width * 3,
                        samples=samples, zoom=ZOOM)
    request = RenderRequest(token=1, generation=1, index=0, zoom=ZOOM, fit_width=0,
                            device_pixel_ratio=1.0)
    return wrap(RenderResult(request, page, 1.0))


def test_a_page_rounded_to_whole_pixels_is_copied_pixel_for_pixel(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    view = PageView(0, PageMapper(*A4, ZOOM, 0), parent)
    view.resize(740, 1047)
    view.sharp = sharp_page(740, 1048)
    shown = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    source = view.sharp.image.copy(0, 0, 740, 1047).convertToFormat(QImage.Format.Format_RGB888)
    assert shown.size() == source.size()
    assert shown == source


def test_only_rounding_is_copied_a_real_difference_in_size_is_scaled() -> None:
    full = QRectF(0, 0, A4[0] * ZOOM, A4[1] * ZOOM)
    rounded = QImage(740, 1048, QImage.Format.Format_RGB888)
    assert whole_page(full, rounded) == QRectF(0, 0, 740, 1048)
    smaller = QImage(700, 990, QImage.Format.Format_RGB888)  # e.g. drawn before a zoom
    assert whole_page(full, smaller) == full
    hidpi = QImage(1481, 2095, QImage.Format.Format_RGB888)  # the same page at 2× pixels
    hidpi.setDevicePixelRatio(2.0)
    assert whole_page(full, hidpi) == QRectF(0, 0, 740.5, 1047.5)
