"""The document reader window: continuous or single-page reading, rendered off the GUI thread.

The window composes the page area (:mod:`reader_canvas`), the sidebar
(:mod:`reader_sidebar`), the search bar (:mod:`reader_search`) and the reading history
(:mod:`reader_history`); it talks to the render service and keeps the public API the live
session uses (``show_view``, ``go_to``, ``view_changed``, ``tools``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.model import Document
from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.render_queries import SearchResult
from meetingroom.ui.errors import error_text
from meetingroom.ui.icons import IconSet
from meetingroom.ui.reader_canvas import PREVIEW_BOX, ReaderCanvas, ZoomMode
from meetingroom.ui.reader_download import INCOMPLETE, ReaderDownload
from meetingroom.ui.reader_history import History, ReadingPositions
from meetingroom.ui.reader_keys import handle_key
from meetingroom.ui.reader_page import PageView
from meetingroom.ui.reader_search import SearchBar
from meetingroom.ui.reader_sidebar import ReaderSidebar
from meetingroom.ui.render_service import (
    THUMBS,
    Answer,
    DocumentInfo,
    Query,
    RenderRequest,
    RenderResult,
    RenderService,
)

log = logging.getLogger("meetingroom.ui")


class _NoPage:
    """Stands for the current page before it has a view."""

    image = None


class DocumentViewer(QWidget):
    """A window showing one document; owner: the main window (parent, Qt.Window).

    Deletes itself when closed and tells the render service to close the PDF. With
    ``partial``, ``path`` is the unverified prefix of a download, opened only in the
    render process; a :class:`~meetingroom.ui.reader_download.ReaderDownload` follows
    the download and switches to the verified file (:meth:`load`).
    """

    view_changed = Signal()
    """The user (or :meth:`show_view`) turned the page or changed the zoom."""

    def __init__(self, render: RenderService, icons: IconSet, document: Document, path: Path,
                 parent: QWidget | None = None, *,
                 positions: ReadingPositions | None = None, partial: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._render, self._icons, self.document, self._path = render, icons, document, path
        self.partial = partial
        """Showing the unverified prefix of a download (no notes until it is verified)."""
        self.download: ReaderDownload | None = None
        """Set by the ReaderDownload following this document's download."""
        self._positions = positions if positions is not None else ReadingPositions.default()
        self.history = History()
        self.page_count = 0
        self.index = self._positions.last_page(document.sha256)
        """The page mostly in view (0-based)."""
        self.shown_zoom = 1.0
        """The zoom in effect (logical pixels per point)."""
        self.error: BaseException | None = None
        """Why the document cannot be shown (None while it can)."""
        self._early: list[RenderResult] = []
        self._password_tried = False
        self.search_result: SearchResult | None = None
        self.hit = -1
        self._build()
        render.opened.connect(self._opened)
        render.described.connect(self._described)
        render.rendered.connect(self._rendered)
        render.failed.connect(self._failed)
        render.page_failed.connect(self._page_failed)
        render.answered.connect(self._answered)
        self.resize(1000, 1000)
        self._layout.activate()  # the viewport's width is known now: a page comes with the open
        self.token = 0
        self._open(None)
        self._retranslate()
        self._update_controls()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.sidebar_button = self._button("sidebar", self.toggle_sidebar, checkable=True)
        self.back = self._button("back", self.go_back)
        self.forward = self._button("forward", self.go_forward)
        self.prev = self._button("page-prev", self.previous_page)
        self.page_label = QLineEdit(self)
        """The page number: shows "3 / 12"; type a number and Enter to go there."""
        self.page_label.setMaximumWidth(110)
        self.page_label.setMinimumHeight(40)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.returnPressed.connect(self._page_entered)
        self.next = self._button("page-next", self.next_page)
        self.zoom_out = self._button("zoom-out", self.zoom_out_step)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(60)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = self._button("zoom-in", self.zoom_in_step)
        self.fit = self._button("fit-width", self.fit_width, checkable=True)
        self.fit_page_button = self._button("fit-page", self.fit_page, checkable=True)
        self.rotate = self._button("rotate", self.rotate_view)
        self.single = self._button("single-page", self._single_toggled, checkable=True)
        self.night = self._button("night", self._night_toggled, checkable=True)
        self.find_button = self._button("search", self.open_search)
        self.name = QLabel(self.document.name, self)
        self.name.setProperty("role", "heading")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        groups: list[list[QWidget]] = [
            [self.sidebar_button, self.back, self.forward],
            [self.prev, self.page_label, self.next],
            [self.zoom_out, self.zoom_label, self.zoom_in, self.fit, self.fit_page_button],
            [self.rotate, self.single, self.night, self.find_button]]
        for group in groups:
            for w in group:
                bar.addWidget(w)
            bar.addSpacing(12)
        bar.addWidget(self.name, 1)
        self.tools = bar
        """The tool row; the live session adds "Present this page" to it."""
        self.annotation_tools = QHBoxLayout()
        """A second row, under the first, for the notes tools (empty without them)."""
        self.search = SearchBar(self._icons, self)
        self.search.hide()
        self.search.search_requested.connect(self._search)
        self.search.step_requested.connect(self.step_hit)
        self.search.closed.connect(self._search_closed)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumHeight(40)
        self.password.returnPressed.connect(self._password_entered)
        self.unlock = QPushButton(self)
        self.unlock.setMinimumHeight(44)
        self.unlock.clicked.connect(self._password_entered)
        self.password_row = QWidget(self)
        row = QHBoxLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock)
        self.password_row.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "muted")
        self.canvas = ReaderCanvas(self._render, self)
        self.canvas.current_changed.connect(self._current_changed)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.canvas.turn_requested.connect(lambda step: self.go_to(self.index + step))
        self.sidebar = ReaderSidebar(self)
        self.sidebar.hide()
        self.sidebar.page_chosen.connect(self.jump_to)
        self.sidebar.thumbs_wanted.connect(self._thumbs_wanted)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.canvas)
        self.splitter.setStretchFactor(1, 1)
        lay = self._layout = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(bar)
        lay.addLayout(self.annotation_tools)
        lay.addWidget(self.search)
        lay.addWidget(self.password_row)
        lay.addWidget(self.message)
        lay.addWidget(self.splitter, 1)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(2000)
        self._save_timer.timeout.connect(self._remember)

    def _button(self, icon: str, slot: Callable[[], None], *,
                checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self._icons.icon(icon))
        button.setIconSize(QSize(24, 24))
        button.setMinimumSize(44, 44)
        button.setCheckable(checkable)
        button.clicked.connect(slot)
        return button

    # -- the public page API (live session) --------------------------------------------
    @property
    def page(self) -> PageView | _NoPage:
        """The current page's view (``image``: its sharp QImage, None until drawn)."""
        return self.canvas.views.get(self.index) or _NoPage()

    @property
    def zoom(self) -> float | None:
        """None: fit the page width to the window; otherwise the zoom in effect."""
        return None if self.canvas.mode is ZoomMode.WIDTH else self.canvas.zoom

    @Slot()
    def next_page(self) -> None:
        self.go_to(self.index + 1)

    @Slot()
    def previous_page(self) -> None:
        self.go_to(self.index - 1)

    def go_to(self, index: int) -> None:
        """Turn to page ``index`` (0-based; out of range is ignored)."""
        if self.page_count and 0 <= index < self.page_count and index != self.index:
            if self.canvas.page_count:
                self.canvas.go_to(index)
            else:
                self.index = index
            self._set_index(index)

    def jump_to(self, index: int) -> None:
        """Go to page ``index`` remembering where we were (Back returns here)."""
        if self.page_count and 0 <= index < self.page_count and index != self.index:
            self.history.jumped(self.index)
            self.go_to(index)

    def show_view(self, index: int, zoom: float | None) -> None:
        """Show page ``index`` (0-based) at ``zoom`` (None: fit width), as the presenter
        does; before the document has opened, it opens at that page."""
        mode = ZoomMode.WIDTH if zoom is None else ZoomMode.CUSTOM
        if (mode, zoom) != (self.canvas.mode, None if zoom is None else self.canvas.zoom):
            self.canvas.set_zoom(mode, zoom or 1.0)
        if not self.canvas.page_count:
            self.index = max(0, index)
            return
        self.go_to(index)

    # -- navigation ----------------------------------------------------------------------
    @Slot()
    def go_back(self) -> None:
        target = self.history.back(self.index)
        if target is not None:
            self.go_to(target)
        self._update_controls()

    @Slot()
    def go_forward(self) -> None:
        target = self.history.forward(self.index)
        if target is not None:
            self.go_to(target)
        self._update_controls()

    @Slot()
    def _page_entered(self) -> None:
        found = re.match(r"\s*(\d+)", self.page_label.text())
        if found:
            self.jump_to(int(found.group(1)) - 1)
        self._update_controls()
        self.setFocus()

    @Slot(int)
    def _current_changed(self, index: int) -> None:
        self._set_index(index)

    def _set_index(self, index: int) -> None:
        if index == self.index and self.page_label.text().startswith(f"{index + 1} "):
            return
        self.index = index
        self.sidebar.show_current(index)
        self._save_timer.start()
        self._update_controls()
        self.view_changed.emit()

    # -- zoom, rotation, modes -----------------------------------------------------------
    @Slot()
    def zoom_in_step(self) -> None:
        self.canvas.step_zoom(1)
        self.view_changed.emit()

    @Slot()
    def zoom_out_step(self) -> None:
        self.canvas.step_zoom(-1)
        self.view_changed.emit()

    @Slot()
    def fit_width(self) -> None:
        self.canvas.set_zoom(ZoomMode.WIDTH)
        self.view_changed.emit()

    def _set_zoom(self, zoom: float | None) -> None:
        """``zoom`` (None: fit width), as ``show_view`` does (kept for
        ``packaging/screenshots.py``)."""
        self.canvas.set_zoom(ZoomMode.WIDTH if zoom is None else ZoomMode.CUSTOM, zoom or 1.0)
        self.view_changed.emit()

    @Slot()
    def fit_page(self) -> None:
        self.canvas.set_zoom(ZoomMode.PAGE)
        self.view_changed.emit()

    @Slot()
    def rotate_view(self) -> None:
        self.canvas.set_rotation(self.canvas.rotation + 90)

    @Slot()
    def _single_toggled(self) -> None:
        self.set_presentation(self.single.isChecked())

    def set_presentation(self, on: bool) -> None:
        """Single-page (presentation) mode: one page at a time, swipe or wheel to turn."""
        self.single.setChecked(on)
        self.canvas.set_continuous(not on)

    @Slot()
    def _night_toggled(self) -> None:
        self.set_night(self.night.isChecked())

    def set_night(self, on: bool) -> None:
        """Night reading: pages drawn inverted (light text on dark)."""
        self.night.setChecked(on)
        self.canvas.set_night(on)

    @Slot()
    def toggle_sidebar(self) -> None:
        self.sidebar.setVisible(not self.sidebar.isVisible())
        self.sidebar_button.setChecked(self.sidebar.isVisible())

    @Slot(float)
    def _zoom_changed(self, zoom: float) -> None:
        self.shown_zoom = zoom
        self._update_controls()

    # -- search and copy -----------------------------------------------------------------
    @Slot()
    def open_search(self) -> None:
        self.search.open_bar()

    @Slot(str)
    def _search(self, text: str) -> None:
        if self.canvas.page_count:
            self._render.ask(Query(self.token, "search", (text,)))

    def _show_search(self, result: SearchResult) -> None:
        if result.text != self.search.field.text().strip()[:len(result.text)]:
            return
        self.search_result = result
        self.hit = -1
        self.search.show_result(result)
        if result.hits:
            later = [i for i, h in enumerate(result.hits) if h.page >= self.index]
            self._go_to_hit(later[0] if later else 0)
        else:
            self.canvas.set_hits({}, None)

    @Slot(int)
    def step_hit(self, step: int) -> None:
        result = self.search_result
        if result is not None and result.hits:
            self._go_to_hit((self.hit + step) % len(result.hits))

    def _go_to_hit(self, at: int) -> None:
        result = self.search_result
        assert result is not None
        self.hit = at
        hit = result.hits[at]
        hits: dict[int, list[tuple[float, float, float, float]]] = {}
        for h in result.hits:
            hits.setdefault(h.page, []).append(h.rect)
        self.canvas.set_hits(hits, (hit.page, hit.rect))
        if hit.page != self.index:
            self.history.jumped(self.index)
        self.canvas.scroll_to_rect(hit.page, hit.rect)
        self._set_index(self.canvas.current)
        self.search.show_position(at)

    @Slot()
    def _search_closed(self) -> None:
        self.search_result, self.hit = None, -1
        self.canvas.set_hits({}, None)
        self.setFocus()

    def copy_selection(self) -> None:
        if self.canvas.selected_text:
            QGuiApplication.clipboard().setText(self.canvas.selected_text)

    # -- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self, event):
            super().keyPressEvent(event)

    # -- opening and drawing -------------------------------------------------------------
    def _open(self, password: str | None) -> None:
        vp = self.canvas.viewport()
        self.token = self._render.open(
            str(self._path), fit_width=max(200, vp.width() - 24),
            device_pixel_ratio=self.devicePixelRatioF(), password=password,
            first_index=self.index, partial=self.partial)

    def load(self, path: Path, *, partial: bool) -> None:
        """Show ``path`` instead (more of the download, or the verified file), keeping the
        page, the zoom and the pages already drawn until their new pictures arrive."""
        self._render.close(self.token)
        self._path, self.partial, self.error, self._early = path, partial, None, []
        self._open(None)

    def drop_document(self) -> None:
        """Forget the pages shown (their bytes turned out wrong) until the next ``load``."""
        self._render.close(self.token)
        self.token, self.page_count, self._early = 0, 0, []
        self.canvas.clear()
        self.sidebar.set_pages(0)
        self._update_controls()

    @Slot()
    def _password_entered(self) -> None:
        text = self.password.text()
        if not text:
            return
        self.password.clear()
        self._password_tried = True
        self.message.setText(self.tr("Opening the document…"))
        self._render.close(self.token)
        self._open(text)

    @Slot(int, int)
    def _opened(self, token: int, page_count: int) -> None:
        if token != self.token:
            return
        self.page_count = page_count
        self.index = min(self.index, max(page_count - 1, 0))
        self.password_row.hide()
        self.set_message("", error=False)
        self._update_controls()
        if self.download is not None:
            self.download.opened()

    @Slot(int, object)
    def _described(self, token: int, info: DocumentInfo) -> None:
        if token != self.token:
            return
        early, self._early = self._early, []
        self.canvas.set_document(token, info.page_sizes, current=self.index, early=early)
        self.sidebar.set_pages(len(info.page_sizes))
        self.sidebar.set_outline(info.outline)
        self.sidebar.retranslate()
        self.index = self.canvas.current
        self._update_controls()

    @Slot(int, object)
    def _rendered(self, token: int, result: RenderResult) -> None:
        if token != self.token:
            return
        if not self.canvas.page_count:
            self._early.append(result)
            return
        self.canvas.accept(result)
        if result.request.thumb == PREVIEW_BOX:
            item = self.canvas.cache.get((result.request.index, "preview"))
            if item is not None:
                self.sidebar.set_thumb(result.request.index, item.image)

    @Slot(list)
    def _thumbs_wanted(self, pages: list[int]) -> None:
        have = [i for i in pages if self.canvas.cache.get((i, "preview")) is not None]
        for i in have:
            item = self.canvas.cache.get((i, "preview"))
            assert item is not None
            self.sidebar.set_thumb(i, item.image)
        self._render.want(self.token, [
            RenderRequest(token=self.token, generation=0, index=i, zoom=None, fit_width=0,
                          device_pixel_ratio=1.0, thumb=PREVIEW_BOX)
            for i in pages if i not in have and i not in self.canvas.failed], lane=THUMBS)

    @Slot(int, object)
    def _failed(self, token: int, exc: BaseException) -> None:
        if token != self.token:
            return
        if self.download is not None and self.download.open_failed(exc):
            return
        if getattr(exc, "needs_password", False):
            text = (self.tr("The password is not correct. Please try again.")
                    if self._password_tried else
                    self.tr("This document is protected by a password. Enter it to read."))
            self.set_message(text, error=self._password_tried)
            self.password_row.show()
            self.password.setFocus()
            return
        self.error = exc
        self.password_row.hide()
        self.set_message(self.tr("This document cannot be shown.") + "\n" + error_text(exc),
                          error=True)
        self._update_controls()

    @Slot(int, object, object)
    def _page_failed(self, token: int, req: RenderRequest, exc: BaseException) -> None:
        if token != self.token:
            return
        if self.download is not None and getattr(exc, "reason", "") == INCOMPLETE:
            self.canvas.page_incomplete(req.index, self.download.placeholder())
            return
        text = self.tr("Page {page} cannot be shown.").format(page=req.index + 1)
        self.canvas.page_failed(req.index, text + "\n" + self._page_reason(exc))

    def _page_reason(self, exc: BaseException) -> str:
        reason = getattr(exc, "reason", "")
        if reason == "render_timeout":
            return self.tr("It took too long to draw and was stopped; it may be damaged.")
        if reason == "render_crashed":
            return self.tr("Drawing it stopped the renderer; it may be damaged.")
        if reason == "render_memory":
            return self.tr("It needs more memory than is allowed.")
        if isinstance(exc, InvalidDocumentError):
            return error_text(exc)
        return self.tr("It may be damaged.")

    @Slot(int, object)
    def _answered(self, token: int, answer: Answer) -> None:
        if token != self.token:
            return
        if answer.query.kind == "search":
            self._show_search(answer.value)
        elif answer.query.kind == "words":
            self.canvas.words_arrived(int(answer.query.args[0]), answer.value)

    def set_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("role", "error" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _update_controls(self) -> None:
        ok = self.page_count > 0 and self.error is None
        self.prev.setEnabled(ok and self.index > 0)
        self.next.setEnabled(ok and self.index + 1 < self.page_count)
        for w in (self.zoom_in, self.zoom_out, self.fit, self.fit_page_button, self.rotate,
                  self.single, self.night, self.find_button, self.sidebar_button, self.page_label):
            w.setEnabled(ok)
        self.back.setEnabled(ok and self.history.can_go_back)
        self.forward.setEnabled(ok and self.history.can_go_forward)
        self.fit.setChecked(self.canvas.mode is ZoomMode.WIDTH)
        self.fit_page_button.setChecked(self.canvas.mode is ZoomMode.PAGE)
        if not self.page_label.hasFocus():
            self.page_label.setText(f"{self.index + 1} / {self.page_count}" if ok else "–")
        self.zoom_label.setText(f"{round(self.shown_zoom * 100)} %" if ok else "")
        if (self.page_count == 0 and self.error is None and not self.password_row.isVisible()
                and self.download is None):
            self.set_message(self.tr("Opening the document…"), error=False)

    # -- window events -------------------------------------------------------------------
    def _remember(self) -> None:
        if self.page_count and self.error is None:
            self._positions.remember(self.document.sha256, self.index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_timer.stop()
        self._remember()
        self._render.close(self.token)
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.document.name)
        tips = [(self.sidebar_button, self.tr("Show or hide page thumbnails and the outline")),
                (self.back, self.tr("Back (Alt+Left)")),
                (self.forward, self.tr("Forward (Alt+Right)")),
                (self.prev, self.tr("Previous page (Page Up)")),
                (self.next, self.tr("Next page (Page Down)")),
                (self.page_label, self.tr("Type a page number and press Enter")),
                (self.zoom_in, self.tr("Zoom in (Ctrl++)")),
                (self.zoom_out, self.tr("Zoom out (Ctrl+-)")),
                (self.fit, self.tr("Fit the page to the window width")),
                (self.fit_page_button, self.tr("Show the whole page")),
                (self.rotate, self.tr("Rotate the view")),
                (self.single, self.tr("One page at a time (presentation, F5)")),
                (self.night, self.tr("Night reading (light text on dark)")),
                (self.find_button, self.tr("Find text (Ctrl+F)"))]
        for widget, tip in tips:
            widget.setToolTip(tip)
        self.password.setPlaceholderText(self.tr("Password of the PDF"))
        self.unlock.setText(self.tr("Open"))
        self.search.retranslate()
        self.sidebar.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_controls()
        super().changeEvent(event)
