"""The basic document viewer: one page at a time, rendered off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.model import Document
from meetingroom.ui.errors import error_text
from meetingroom.ui.icons import IconSet
from meetingroom.ui.render_service import RenderRequest, RenderResult, RenderService

log = logging.getLogger("meetingroom.ui")

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)


class PageWidget(QWidget):
    """Paints the current page image without copying; owner: the viewer's scroll area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: RenderResult | None = None
        """Kept alive while ``image`` wraps its pixels (zero-copy)."""
        self.image: QImage | None = None

    def show_result(self, result: RenderResult, dpr: float) -> None:
        page = result.page
        image = QImage(page.samples, page.width, page.height, page.stride,
                       QImage.Format.Format_RGB888)
        image.setDevicePixelRatio(dpr)
        self.result, self.image = result, image
        self.setFixedSize(QSize(round(page.width / dpr), round(page.height / dpr)))
        self.update()

    def clear(self) -> None:
        self.result, self.image = None, None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is not None:
            painter = QPainter(self)
            painter.drawImage(0, 0, self.image)
            painter.end()


class DocumentViewer(QWidget):
    """A window showing one verified document; owner: the main window (parent, Qt.Window).

    Deletes itself when closed and tells the render service to close the PDF.
    """

    view_changed = Signal()
    """The user (or :meth:`show_view`) turned the page or changed the zoom."""

    def __init__(self, render: RenderService, icons: IconSet, document: Document, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._render, self._icons, self.document = render, icons, document
        self.page_count = 0
        self.index = 0
        self.zoom: float | None = None
        """None: fit the page width to the window."""
        self.shown_zoom = 1.0
        self._generation = 0
        self.error: BaseException | None = None
        self.prev = self._button("page-prev", self.previous_page)
        self.next = self._button("page-next", self.next_page)
        self.page_label = QLabel(self)
        self.page_label.setMinimumWidth(90)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out = self._button("zoom-out", self.zoom_out_step)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(60)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = self._button("zoom-in", self.zoom_in_step)
        self.fit = self._button("fit-width", self.fit_width)
        self.fit.setCheckable(True)
        self.name = QLabel(document.name, self)
        self.name.setProperty("role", "heading")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        for w in (self.prev, self.page_label, self.next):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.name, 1)
        self.tools = bar
        """The tool row; the live session adds "Present this page" to it."""
        self.page = PageWidget()
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.page)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "muted")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(bar)
        lay.addWidget(self.scroller, 1)
        lay.addWidget(self.message)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)
        self._resize_timer.timeout.connect(self._request)
        render.opened.connect(self._opened)
        render.rendered.connect(self._rendered)
        render.failed.connect(self._failed)
        self.resize(900, 1000)
        lay.activate()  # the viewport's width is known now: page 1 comes with the open
        self.token = render.open(str(path), fit_width=self._fit_px(),
                                 device_pixel_ratio=self.devicePixelRatioF())
        self._retranslate()
        self._update_controls()

    def _button(self, icon: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self._icons.icon(icon))
        button.setIconSize(QSize(24, 24))
        button.setMinimumSize(44, 44)
        button.clicked.connect(slot)
        return button

    # -- navigation ----------------------------------------------------------------------
    @Slot()
    def next_page(self) -> None:
        self.go_to(self.index + 1)

    @Slot()
    def previous_page(self) -> None:
        self.go_to(self.index - 1)

    def go_to(self, index: int) -> None:
        if self.page_count and 0 <= index < self.page_count and index != self.index:
            self.index = index
            self._request()
            self.scroller.verticalScrollBar().setValue(0)
            self._update_controls()
            self.view_changed.emit()

    def show_view(self, index: int, zoom: float | None) -> None:
        """Show page ``index`` (0-based) at ``zoom`` (None: fit width), as the presenter
        does; before the document has opened, it opens at that page."""
        if self.page_count == 0:
            self.index, self.zoom = max(0, index), zoom
            return
        if zoom != self.zoom:
            self.zoom = zoom
            if not (0 <= index < self.page_count) or index == self.index:
                self._request()
                self._update_controls()
        self.go_to(index)

    @Slot()
    def zoom_in_step(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self.shown_zoom * 1.01]
        self._set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])

    @Slot()
    def zoom_out_step(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.shown_zoom * 0.99]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    @Slot()
    def fit_width(self) -> None:
        self._set_zoom(None)

    def _set_zoom(self, zoom: float | None) -> None:
        self.zoom = zoom
        self._request()
        self._update_controls()
        self.view_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space):
            self.next_page()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace):
            self.previous_page()
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(self.page_count - 1)
        elif event.matches(QKeySequence.StandardKey.ZoomIn) or key == Qt.Key.Key_Plus:
            self.zoom_in_step()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or key == Qt.Key.Key_Minus:
            self.zoom_out_step()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    # -- rendering -----------------------------------------------------------------------
    def _fit_px(self) -> int:
        return max(200, int(self.scroller.viewport().width()) - 24)

    @Slot()
    def _request(self) -> None:
        if not self.page_count or self.error is not None:
            return
        self._generation += 1
        self._render.request(RenderRequest(
            token=self.token, generation=self._generation, index=self.index, zoom=self.zoom,
            fit_width=self._fit_px(), device_pixel_ratio=self.devicePixelRatioF()))

    @Slot(int, int)
    def _opened(self, token: int, page_count: int) -> None:
        if token != self.token:
            return
        self.page_count = page_count
        self.index = min(self.index, max(page_count - 1, 0))
        if self._generation or self.zoom is not None or self.index:
            self._request()  # page 1 at fit width came with the open; anything else did not
        self._update_controls()

    @Slot(int, object)
    def _rendered(self, token: int, result: RenderResult) -> None:
        if token != self.token or result.request.generation != self._generation:
            return
        self.shown_zoom = result.zoom
        self.page.show_result(result, result.request.device_pixel_ratio)
        self.message.setProperty("role", "muted")
        self.message.hide()
        self._update_controls()

    @Slot(int, object)
    def _failed(self, token: int, exc: BaseException) -> None:
        if token != self.token:
            return
        if self.page_count:  # one page cannot be drawn: say so, keep the others readable
            text = self.tr("Page {page} cannot be shown.").format(page=self.index + 1)
            self.page.clear()
        else:  # the document itself cannot be opened
            self.error = exc
            text = self.tr("This document cannot be shown.")
        self.message.setText(text + "\n" + error_text(exc))
        self.message.setProperty("role", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        self._update_controls()

    def _update_controls(self) -> None:
        ok = self.page_count > 0 and self.error is None
        self.prev.setEnabled(ok and self.index > 0)
        self.next.setEnabled(ok and self.index + 1 < self.page_count)
        for w in (self.zoom_in, self.zoom_out, self.fit):
            w.setEnabled(ok)
        self.fit.setChecked(self.zoom is None)
        self.page_label.setText(f"{self.index + 1} / {self.page_count}" if ok else "–")
        self.zoom_label.setText(f"{round(self.shown_zoom * 100)} %" if ok else "")
        if self.page_count == 0 and self.error is None:
            self.message.setText(self.tr("Opening the document…"))
            self.message.show()

    # -- window events -------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self._resize_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._render.close(self.token)
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.document.name)
        self.prev.setToolTip(self.tr("Previous page (Page Up)"))
        self.next.setToolTip(self.tr("Next page (Page Down)"))
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_out.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.fit.setToolTip(self.tr("Fit the page to the window width"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_controls()
        super().changeEvent(event)
