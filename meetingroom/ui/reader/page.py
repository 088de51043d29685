"""One page of the reader: paints its preview, sharp image or tile, highlights and errors.

Owner: the reader canvas, which creates a view for each page near the visible area and
deletes it when it scrolls far away (``ReaderCanvas.page_view_created`` announces each
new one). Overlays (the notes layer) are child widgets added with :meth:`add_overlay`:
they are kept covering the page and map coordinates with :attr:`mapper`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent, QTransform
from PySide6.QtWidgets import QWidget

from meetingroom.ui.reader.geometry import PageMapper, PageRect
from meetingroom.ui.reader.render.page_cache import CachedImage

HIT = QColor(255, 200, 0, 110)
CURRENT_HIT = QColor(255, 120, 0, 150)
SELECTION = QColor(40, 110, 230, 90)


class PageView(QWidget):
    """A page of the document at the reader's zoom and rotation."""

    def __init__(self, index: int, mapper: PageMapper, parent: QWidget) -> None:
        super().__init__(parent)
        self.index = index
        self.mapper = mapper
        """Page points ↔ this widget's pixels."""
        self.sharp: CachedImage | None = None
        """The page (or a tile of it, see ``request.clip``) at the current zoom."""
        self.preview: CachedImage | None = None
        """A small picture, stretched, shown until the sharp page is here."""
        self.error = ""
        """Why this page cannot be shown ("" when it can)."""
        self.night = False
        self.hits: list[PageRect] = []
        self.current_hit: PageRect | None = None
        self.selection: list[PageRect] = []
        self._overlays: list[QWidget] = []
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(False)

    @property
    def image(self) -> QImage | None:
        """The sharp page's QImage (None until it is drawn)."""
        return None if self.sharp is None else self.sharp.image

    def set_mapper(self, mapper: PageMapper) -> None:
        self.mapper = mapper
        self.update()

    def add_overlay(self, overlay: QWidget) -> None:
        """Keep ``overlay`` (a child layer, e.g. notes) covering the whole page."""
        overlay.setParent(self)
        overlay.setGeometry(self.rect())
        overlay.show()
        self._overlays.append(overlay)

    def remove_overlay(self, overlay: QWidget) -> None:
        """Stop keeping ``overlay`` over the page (it stays this view's child until
        reparented or deleted)."""
        if overlay in self._overlays:
            self._overlays.remove(overlay)
            overlay.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        for overlay in self._overlays:
            overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def _page_transform(self) -> QTransform:
        """Unrotated page pixels (points × zoom) → widget pixels."""
        return rotation_transform(self.mapper)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        m = self.mapper
        painter.setTransform(self._page_transform())
        full = QRectF(0, 0, m.width * m.zoom, m.height * m.zoom)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        sharp = self.sharp
        if self.preview is not None and (sharp is None or sharp.result.request.clip):
            painter.drawImage(full, self.preview.image)
        if sharp is not None:
            clip = sharp.result.request.clip
            target = whole_page(full, sharp.image) if clip is None else QRectF(
                QPointF(clip[0] * m.zoom, clip[1] * m.zoom),
                QPointF(clip[2] * m.zoom, clip[3] * m.zoom))
            painter.drawImage(target, sharp.image)
        for rect, colour in [*((r, HIT) for r in self.hits),
                             *((r, SELECTION) for r in self.selection)]:
            painter.fillRect(_scaled(rect, m.zoom), colour)
        if self.current_hit is not None:
            painter.fillRect(_scaled(self.current_hit, m.zoom), CURRENT_HIT)
        painter.resetTransform()
        if self.error:
            painter.setPen(QColor(170, 20, 20))
            painter.drawText(self.rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.error)
        if self.night:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
            painter.fillRect(self.rect(), QColor("white"))
        painter.end()


def whole_page(full: QRectF, image: QImage) -> QRectF:
    """Where a whole page's sharp ``image`` goes in ``full`` (the page at the zoom, from
    0, 0): at its own size when that differs from ``full`` only by the rounding of the
    page to whole pixels (at most one device pixel each way, e.g. 740×1048 px for
    740.5×1047.3), so that it is copied, not resampled: a resampled 740×1048 page took
    2 ms a paint on the 2-core VM (0.1 ms copied), twice that at half a core, in every
    frame that shows the page (page turns, notes repaints)."""
    dpr = image.devicePixelRatio()
    w, h = image.width() / dpr, image.height() / dpr
    if abs(w - full.width()) * dpr <= 1 and abs(h - full.height()) * dpr <= 1:
        return QRectF(full.x(), full.y(), w, h)
    return full


def _scaled(rect: PageRect, zoom: float) -> QRectF:
    return QRectF(QPointF(rect[0] * zoom, rect[1] * zoom), QPointF(rect[2] * zoom,
                                                                   rect[3] * zoom))


def rotation_transform(m: PageMapper) -> QTransform:
    """Unrotated page pixels (points × zoom) → the page widget's pixels (view rotation)."""
    w, h = m.width * m.zoom, m.height * m.zoom
    t = QTransform()
    if m.rotation == 90:
        t.translate(h, 0)
    elif m.rotation == 180:
        t.translate(w, h)
    elif m.rotation == 270:
        t.translate(0, w)
    t.rotate(m.rotation)
    return t
