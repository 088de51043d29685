"""PDFs for reading a document that is still downloading."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def in_order_pdf(path: Path, pages: int = 10) -> Path:
    """Pages whose objects are written in page order (PyMuPDF with garbage collection)."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        for line in range(30):
            page.insert_text((72, 80 + line * 22), f"Trang {i + 1} - dong {line + 1}: "
                             "Bao cao tinh hinh kinh te - xa hoi")
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path
