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
