"""Poppler's view of an exported page: render with ``pdftoppm`` and compare pixels."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QImage

DPI = 50
Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in page points as displayed (/Rotate applied)."""


def rendered(pdf: Path, out: Path) -> QImage:
    """Page 1 of ``pdf`` drawn by poppler (``pdftoppm -r 50 -png``), as displayed."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out)], check=True, capture_output=True)
    image = QImage(str(out) + ".png")
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _pixels(box: Box, image: QImage) -> tuple[int, int, int, int]:
    k = DPI / 72
    return (max(0, int(box[0] * k)), max(0, int(box[1] * k)),
            min(image.width(), int(box[2] * k) + 1), min(image.height(), int(box[3] * k) + 1))


def differing(a: QImage, b: QImage, box: Box) -> int:
    """How many pixels differ inside ``box``."""
    x0, y0, x1, y1 = _pixels(box, a)
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if a.pixel(x, y) != b.pixel(x, y))


def differing_outside(a: QImage, b: QImage, boxes: Sequence[Box], margin: float) -> int:
    """How many pixels differ farther than ``margin`` points from every one of ``boxes``."""
    near = [_pixels((x0 - margin, y0 - margin, x1 + margin, y1 + margin), a)
            for x0, y0, x1, y1 in boxes]
    return sum(1 for y in range(a.height()) for x in range(a.width())
               if a.pixel(x, y) != b.pixel(x, y)
               and not any(x0 <= x < x1 and y0 <= y < y1 for x0, y0, x1, y1 in near))
