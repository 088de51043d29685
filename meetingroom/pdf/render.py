"""Draw the pages of one open PDF to raw RGB pixels, on the one thread that owns it.

PyMuPDF is not thread-safe, so a :class:`PdfRenderer` belongs to the thread that
opened it and refuses (``RuntimeError``) to be used from any other; run one per
rendering thread, or one per worker process.

Active content is never run: PyMuPDF does not execute PDF JavaScript unless asked
(nothing here asks), and nothing here reads embedded files or follows links or
launch actions. Annotations are drawn (``annots=True``) because they are part of
what the author shows.

MuPDF keeps decoded fonts and images in one process-wide store capped at 256 MiB
(``FZ_STORE_DEFAULT``). PyMuPDF 1.2x can neither lower the cap nor report the
store's size (``TOOLS.store_maxsize()`` and ``store_size()`` return None), so after
every page the renderer frees part of it with ``TOOLS.store_shrink(percent)``.
Measured paging through the 300-page sample at zoom 1.5 (2-core VM): no shrink,
peak RSS 324 MiB, 2.1 s; 50 %, 198 MiB, 1.5 s; 90 %, 94 MiB, 1.6 s; 100 % (empty
the store), 71 MiB but 2.8 s, because fonts are reloaded for every page. The
default is 90 %. The store is shared by every document in the process, so this
also trims other renderers' caches, which is harmless (items reload on demand).
"""

from __future__ import annotations

import logging
import math
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

import pymupdf

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.rendered import DEFAULT_STORE_SHRINK, RenderedPage
from meetingroom.pdf.sniff import HEADER_WINDOW, sniff_pdf

log = logging.getLogger("meetingroom.pdf")

class PdfRenderer:
    """One open PDF, drawn page by page; usable only from the thread that opened it."""

    def __init__(self, doc: Any, *, name: str, store_shrink: int) -> None:
        """Use :meth:`open`; this takes ownership of an already opened document."""
        self._doc: Any = doc
        self._name = name
        self._store_shrink = store_shrink
        self._owner = threading.get_ident()

    @classmethod
    def open(cls, path: str | Path, *, password: str | None = None,
             store_shrink: int = DEFAULT_STORE_SHRINK) -> PdfRenderer:
        """Open ``path``, which must be a PDF with at least one page.

        Raises :class:`PasswordRequiredError` if the PDF needs a password and none or
        a wrong one was given, :class:`InvalidDocumentError` if it is not a PDF, cannot
        be opened, or has no pages, and ``OSError`` if the file cannot be read at all.
        """
        if not 0 <= store_shrink <= 100:
            raise ValueError("store_shrink is a percentage")
        path = Path(path)
        with path.open("rb") as f:
            if not sniff_pdf(f.read(HEADER_WINDOW)):
                raise InvalidDocumentError("the file is not a PDF (it has no PDF header)")
        try:
            doc = pymupdf.open(str(path), filetype="pdf")
        except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:
            log.info("cannot open %s: %s", path.name, exc)
            raise InvalidDocumentError("the PDF cannot be opened; it is damaged") from exc
        try:
            if doc.needs_pass:
                if password is None:
                    raise PasswordRequiredError("this PDF is protected by a password")
                if not doc.authenticate(password):
                    raise PasswordRequiredError("the password for this PDF is not correct")
            try:
                pages = doc.page_count
            except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:  # e.g. /Count -5
                log.info("cannot count the pages of %s: %s", path.name, exc)
                raise InvalidDocumentError("the PDF's page list is damaged") from exc
            if pages == 0:
                raise InvalidDocumentError("the PDF opens with no pages; it is damaged")
        except InvalidDocumentError:
            doc.close()
            raise
        if doc.is_repaired:
            log.info("%s was damaged and has been repaired while opening", path.name)
        return cls(doc, name=path.name, store_shrink=store_shrink)

    @property
    def page_count(self) -> int:
        """Number of pages (at least 1)."""
        return int(self._checked().page_count)

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height of page ``index`` in points, as displayed (rotation applied)."""
        rect = self._page(index).rect
        return float(rect.width), float(rect.height)

    def render(self, index: int, *, zoom: float = 1.0,
               max_pixels: int = 40_000_000) -> RenderedPage:
        """Draw page ``index`` at ``zoom`` (1.0 = 72 dpi), with annotations, no alpha.

        The zoom is lowered if needed so that ``width * height <= max_pixels``; the
        zoom used is reported. A page MuPDF cannot draw raises InvalidDocumentError.
        """
        if not (math.isfinite(zoom) and zoom > 0) or max_pixels < 1:
            raise ValueError("zoom and max_pixels must be positive")
        page = self._page(index)
        rect = page.rect
        if rect.is_empty or rect.is_infinite:
            raise InvalidDocumentError(f"page {index + 1} of the PDF has no usable size")
        used = min(zoom, _max_zoom(rect.width, rect.height, max_pixels))
        try:
            pix = page.get_pixmap(matrix=pymupdf.Matrix(used, used), colorspace=pymupdf.csRGB,
                                  alpha=False, annots=True)
        except (RuntimeError, pymupdf.mupdf.FzErrorBase) as exc:
            log.info("cannot draw page %d of %s: %s", index + 1, self._name, exc)
            raise InvalidDocumentError(f"page {index + 1} of the PDF cannot be drawn") from exc
        finally:
            if self._store_shrink:
                pymupdf.TOOLS.store_shrink(self._store_shrink)
        return RenderedPage(index=index, width=pix.width, height=pix.height, stride=pix.stride,
                            samples=pix.samples_mv, zoom=used, _pixmap=pix)

    def close(self) -> None:
        """Close the document; closing twice is harmless. Owner thread only."""
        if self._doc is None:
            return
        self._check_thread()
        self._doc.close()
        self._doc = None

    def __enter__(self) -> PdfRenderer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _page(self, index: int) -> Any:
        doc = self._checked()
        if not 0 <= index < doc.page_count:
            raise IndexError(f"page index {index} is out of range (0..{doc.page_count - 1})")
        return doc.load_page(index)

    def _checked(self) -> Any:
        self._check_thread()
        if self._doc is None:
            raise RuntimeError("the PDF renderer is closed")
        return self._doc

    def _check_thread(self) -> None:
        if threading.get_ident() != self._owner:
            raise RuntimeError("a PdfRenderer may only be used by the thread that opened it"
                               " (PyMuPDF is not thread-safe)")


def _max_zoom(width: float, height: float, max_pixels: int) -> float:
    """Largest zoom z with (width*z + 1) * (height*z + 1) <= max_pixels.

    The +1s allow for MuPDF rounding a page's edges outwards to whole pixels.
    """
    a, b = width * height, width + height
    c = 1 - max_pixels
    return max((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a), 1e-6)
