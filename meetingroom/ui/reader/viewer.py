"""The document reader window: continuous or single-page reading, rendered off the GUI thread.

The window composes the tool row (:mod:`reader.tools`), the page area
(:mod:`reader.canvas`), the sidebar (:mod:`reader.sidebar`), the search
(:mod:`reader.search_bar`, :mod:`reader.find_flow`), the reading history (:mod:`reader.history`),
the messages and password row (:mod:`reader.failures`) and, for a document still
downloading, :mod:`reader.download`; :mod:`reader.feed` routes what the render service
sends. It keeps the public API the live session uses (``show_view``, ``go_to``,
``view_changed``, ``tools``).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.doc_titles import display_title
from meetingroom.domain.model import Document
from meetingroom.pdf.render_queries import SearchResult
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.screens import TITLE_BAR, fit_into_screen, fitting_size, opening_room
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import restyle
from meetingroom.ui.reader.canvas import ReaderCanvas, ZoomMode
from meetingroom.ui.reader.download import ReaderDownload
from meetingroom.ui.reader.failures import (
    PasswordRow,
    open_failure,
    password_question,
)
from meetingroom.ui.reader.feed import PageFeed
from meetingroom.ui.reader.find_flow import FindFlow
from meetingroom.ui.reader.history import History, ReadingPositions
from meetingroom.ui.reader.keys import handle_key
from meetingroom.ui.reader.page import PageView
from meetingroom.ui.reader.render.service import (
    DocumentInfo,
    RenderService,
)
from meetingroom.ui.reader.search_bar import SearchBar
from meetingroom.ui.reader.sidebar import ReaderSidebar
from meetingroom.ui.reader.tools import ToolRow

log = logging.getLogger("meetingroom.ui")

class _NoPage:
    """Stands for the current page before it has a view."""

    image = None


class DocumentViewer(Retranslated, QWidget):
    """A window showing one document; owner: the main window (parent, Qt.Window).

    Deletes itself when closed and tells the render service to close the PDF. With
    ``partial``, ``path`` is the unverified prefix of a download, opened only in the
    render process; a :class:`~meetingroom.ui.reader.download.ReaderDownload` follows
    the download and switches to the verified file (:meth:`load`).
    """

    view_changed = Signal()
    """The user (or :meth:`show_view`) turned the page or changed the zoom."""

    def __init__(self, render: RenderService, icons: IconSet, document: Document, path: Path,
                 parent: QWidget | None = None, *,
                 positions: ReadingPositions | None = None, partial: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.render_service, self._icons, self.document, self._path = render, icons, document, path
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
        self.info: DocumentInfo | None = None
        """The pages' sizes, rotations and outline, once the render worker sent them."""
        self._build()
        self.feed = PageFeed(self, render, self)
        render.opened.connect(self._opened)
        render.described.connect(self._described)
        render.failed.connect(self._failed)
        self.resize(fitting_size(QSize(1366, 1000), opening_room(self)))  # a laptop screen's
        self.token = 0
        """The render service's name for the open document (0: none)."""
        self._shown = False
        self._set_texts()
        self._update_controls()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        t = ToolRow(self, self._icons, display_title(self.document),
                    changed=self._tools_changed)
        self.tool_row = t
        (self.sidebar_button, self.back, self.forward, self.prev, self.page_label, self.next,
         self.zoom_out, self.zoom_label, self.zoom_in, self.fit, self.fit_page_button,
         self.rotate, self.single, self.night, self.find_button, self.name) = (
            t.sidebar_button, t.back, t.forward, t.prev, t.page_label, t.next, t.zoom_out,
            t.zoom_label, t.zoom_in, t.fit, t.fit_page_button, t.rotate, t.single, t.night,
            t.find_button, t.name)
        for button, slot in (
                (t.sidebar_button, self.toggle_sidebar), (t.back, self.go_back),
                (t.forward, self.go_forward), (t.prev, self.previous_page),
                (t.next, self.next_page), (t.zoom_out, self.zoom_out_step),
                (t.zoom_in, self.zoom_in_step), (t.fit, self.fit_width),
                (t.fit_page_button, self.fit_page), (t.rotate, self.rotate_view),
                (t.single, self._single_toggled), (t.night, self._night_toggled),
                (t.find_button, self.open_search)):
            button.clicked.connect(slot)
        t.page_label.returnPressed.connect(self._page_entered)
        self.tools = t.row
        """The tool row; the live session adds "Present this page" to it."""
        self.annotation_tools = t.annotation_slot
        """The notes tools' place in the tool row (empty without them); see
        ``tool_row.add_part`` for tools that fold with the row."""
        self.search = SearchBar(self._icons, self)
        self.search.hide()
        self.finder = FindFlow(self, self)
        self.password_row = PasswordRow(self)
        self.password, self.unlock = self.password_row.field, self.password_row.button
        self.password_row.entered.connect(self._password_entered)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "muted")
        self.canvas = ReaderCanvas(self.render_service, self)
        self.canvas.current_changed.connect(self._current_changed)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.canvas.turn_requested.connect(lambda step: self.go_to(self.index + step))
        self.sidebar = ReaderSidebar(self)
        self.sidebar.hide()
        self.sidebar.page_chosen.connect(self.jump_to)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.canvas)
        self.splitter.setStretchFactor(1, 1)
        lay = self._layout = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(t.bar)
        lay.addWidget(self.search)
        lay.addWidget(self.password_row)
        lay.addWidget(self.message)
        lay.addWidget(self.splitter, 1)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(2000)
        self._save_timer.timeout.connect(self._remember)

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
            self.set_index(index)

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

    def add_banner(self, widget: QWidget) -> None:
        """Show ``widget`` above the pages (e.g. the version bar); the viewer owns it."""
        self._layout.insertWidget(self._layout.indexOf(self.message), widget)

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
        self.set_index(index)

    def take_focus(self) -> None:
        """Take the keyboard back (after the search bar closes)."""
        self.setFocus()

    def set_index(self, index: int) -> None:
        """Page ``index`` is now the one mostly in view."""
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

    @property
    def search_result(self) -> SearchResult | None:
        return self.finder.result

    @property
    def hit(self) -> int:
        return self.finder.hit

    @Slot(int)
    def step_hit(self, step: int) -> None:
        self.finder.step(step)

    def copy_selection(self) -> None:
        if self.canvas.selected_text:
            QGuiApplication.clipboard().setText(self.canvas.selected_text)

    # -- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self, event):
            super().keyPressEvent(event)

    # -- opening and drawing -------------------------------------------------------------
    def fit_on_screen(self) -> None:
        """Shrink and move the window so that, frame and all, it is inside the screen."""
        fit_into_screen(self, opening_room(self), title_bar=TITLE_BAR)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_tools()

    @Slot()
    def fit_tools(self) -> None:
        """Fold the tool row just enough to fit the window's width (after a resize, a
        tool added, or a language change)."""
        margins = self._layout.contentsMargins()
        self.tool_row.fold_to(self.width() - margins.left() - margins.right())

    def _tools_changed(self) -> None:
        if not getattr(self, "_fit_pending", False):  # once, when the new widget is laid out
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_later)

    def _fit_later(self) -> None:
        self._fit_pending = False
        self.fit_tools()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self.fit_on_screen()
            self._shown = True
            if not self.token:  # opened when first shown: only then is the page area laid
                self._open(None)  # out, so the first page, drawn with the open, fits it

    def _open(self, password: str | None) -> None:
        vp = self.canvas.viewport()
        self.canvas.wants.fill = not self.partial
        self.token = self.render_service.open(
            str(self._path), fit_width=max(200, vp.width() - 24),
            device_pixel_ratio=self.devicePixelRatioF(), password=password,
            first_index=self.index, partial=self.partial)

    def load(self, path: Path, *, partial: bool) -> None:
        """Show ``path`` instead (more of the download, or the verified file), keeping the
        page, the zoom and the pages already drawn until their new pictures arrive."""
        self.render_service.close(self.token)
        self._path, self.partial, self.error = path, partial, None
        self.feed.take_early()
        self._open(None)

    def drop_document(self) -> None:
        """Forget the pages shown (their bytes turned out wrong, or the window closes) until
        the next ``load``."""
        self.render_service.close(self.token)
        self.token, self.page_count = 0, 0
        self.feed.take_early()
        self.canvas.clear()
        self.sidebar.set_pages(0)
        self._update_controls()

    @Slot(str)
    def _password_entered(self, text: str) -> None:
        self.message.setText(self.tr("Opening the document…"))
        self.render_service.close(self.token)
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
        was, self.info = self.info, info  # provisional (every page like the first) first
        if not (was is not None and was.provisional and self.canvas.token == token
                and was.page_sizes == info.page_sizes
                and was.page_rotations == info.page_rotations):  # else laid out already
            self.canvas.set_document(token, info.page_sizes, current=self.index,
                                     early=self.feed.take_early())
        if not info.provisional:
            self.sidebar.set_pages(len(info.page_sizes))
            self.sidebar.set_outline(info.outline)
            self.sidebar.retranslate()
        self.index = self.canvas.current
        self._update_controls()

    @Slot(int, object)
    def _failed(self, token: int, exc: BaseException) -> None:
        if token != self.token:
            return
        if self.download is not None and self.download.open_failed(exc):
            return
        if getattr(exc, "needs_password", False):
            tried = self.password_row.tried
            self.set_message(password_question(tried=tried), error=tried)
            self.password_row.ask()
            return
        self.error = exc
        if self.canvas.token == token:  # laid out provisionally, then the layout failed
            self.canvas.clear()
            self.info = None
        self.password_row.hide()
        self.set_message(open_failure(exc), error=True)
        self._update_controls()

    def set_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("role", "error" if error else "muted")
        restyle(self.message)

    def _update_controls(self) -> None:
        self.tool_row.show_state(
            ok=self.page_count > 0 and self.error is None, index=self.index,
            page_count=self.page_count, can_go_back=self.history.can_go_back,
            can_go_forward=self.history.can_go_forward, fit=self.canvas.mode,
            zoom=self.shown_zoom, editing_page=self.page_label.hasFocus())
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
        # results of the open still on their way are not taken, and the pictures (blocks
        # of the render process's shared arena) go now, not at the deferred delete (which
        # a nested event loop can hold off)
        self.drop_document()
        super().closeEvent(event)

    def _set_texts(self) -> None:
        doc = self.document
        versioned = doc.version > 1 or doc.replaced_by is not None
        title = display_title(doc)
        self.setWindowTitle(self.tr("{name} – version {version}").format(
            name=title, version=doc.version) if versioned else title)
        self.tool_row.retranslate()
        self._tools_changed()
        self.password_row.retranslate()
        self.search.retranslate()
        self.sidebar.retranslate()

    def _retranslate(self) -> None:
        self._set_texts()
        self._update_controls()
