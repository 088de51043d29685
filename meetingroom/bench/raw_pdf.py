"""Bare PyMuPDF calls with none of our wrapping, as the raw baseline of benchmarks."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def raw_first_page(path: Path, zoom: float) -> tuple[int, int]:
    """Open ``path`` and render page 0 at ``zoom`` the plainest way; return the pixel size."""
    doc = pymupdf.open(str(path))
    try:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
        return pix.width, pix.height
    finally:
        doc.close()


class RawDocument:
    """A PDF kept open the plainest way, to time a bare PyMuPDF render of one of its pages.

    The raw side of "an uncached page": the document is already open (as it is in the
    render worker), so a render is ``load_page`` + ``get_pixmap`` at the same zoom.
    One thread only (PyMuPDF is not thread-safe).
    """

    def __init__(self, path: Path) -> None:
        self._doc = pymupdf.open(str(path))

    def render(self, index: int, zoom: float) -> tuple[int, int]:
        """Draw page ``index`` at ``zoom`` (RGB, no alpha); return the pixel size."""
        pix = self._doc.load_page(index).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom),
                                                    colorspace=pymupdf.csRGB, alpha=False)
        return int(pix.width), int(pix.height)

    def close(self) -> None:
        self._doc.close()
