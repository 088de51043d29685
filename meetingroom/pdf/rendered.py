"""What drawing a page gives back: its pixels, and the store setting; no PyMuPDF import.

The GUI process holds pages drawn by the render process (``render_process``) but never
draws one itself, so it imports these values from here and never loads PyMuPDF
(~65-90 ms of start-up, and its memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_STORE_SHRINK = 90
"""Percent of MuPDF's resource store freed after each rendered page."""


@dataclass(frozen=True, slots=True, eq=False)
class RenderedPage:
    """One page drawn to packed RGB pixels, ready to wrap as a ``QImage`` without copying.

    ``samples`` is a zero-copy view of the MuPDF pixmap's memory. The pixmap itself is
    kept alive by the private ``_pixmap`` field, so the view is valid exactly as long
    as this object is referenced: hold the ``RenderedPage`` for as long as anything
    (e.g. ``QImage(page.samples_mv, w, h, stride, Format_RGB888)``) uses the view, or
    take a copy with :meth:`to_bytes`. Equality is identity (pixels are not compared).
    """

    index: int
    """Zero-based page number."""
    width: int
    """Width in pixels."""
    height: int
    """Height in pixels."""
    stride: int
    """Bytes from the start of one row to the next (``width * 3``)."""
    samples: memoryview
    """The pixels, row by row, 3 bytes (R, G, B) each; a view into ``_pixmap``."""
    zoom: float
    """Pixels per point actually used (after clamping to ``max_pixels``); 1.0 is 72 dpi."""
    format: str = "RGB888"
    """Pixel layout, named as ``QImage.Format_RGB888``."""
    _pixmap: Any = field(default=None, repr=False)
    """The ``pymupdf.Pixmap`` that owns the memory behind ``samples``."""

    @property
    def samples_mv(self) -> memoryview:
        """The zero-copy pixel view (the same object as ``samples``)."""
        return self.samples

    def to_bytes(self) -> bytes:
        """A copy of the pixels that stays valid after this object is gone."""
        return bytes(self.samples)
