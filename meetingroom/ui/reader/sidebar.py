"""The reader's sidebar: page thumbnails and the document's outline, both click-to-jump."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from meetingroom.pdf.render_queries import OutlineEntry

THUMB_WIDTH = 110
"""Logical width of a thumbnail in the list."""
PAGE_ROLE = Qt.ItemDataRole.UserRole


class ReaderSidebar(QTabWidget):
    """Owner: the DocumentViewer (parent). Thumbnails are asked for only while visible."""

    page_chosen = Signal(int)
    """The user picked a page (0-based) in the thumbnails or the outline."""
    thumbs_wanted = Signal(list)
    """Pages (0-based) whose thumbnails the list now shows and lacks."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.thumbs = QListWidget(self)
        self.thumbs.setViewMode(QListWidget.ViewMode.ListMode)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.42)))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setSpacing(4)
        self.thumbs.itemClicked.connect(self._picked)
        self.outline = QTreeWidget(self)
        self.outline.setHeaderHidden(True)
        self.outline.itemClicked.connect(self._picked)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)  # "Ghi chú", not "Ghi c…"
        self.tabBar().setUsesScrollButtons(False)
        self.addTab(self.thumbs, "")
        self.addTab(self.outline, "")
        self._have: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._want)
        self.thumbs.verticalScrollBar().valueChanged.connect(self._timer.start)
        self.currentChanged.connect(self._timer.start)

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self._fit_tabs()

    def _fit_tabs(self) -> None:
        """As wide as every tab's whole title (three tabs in Vietnamese need ~230 px)."""
        self.setMinimumWidth(max(THUMB_WIDTH + 60, self.tabBar().sizeHint().width() + 8))

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Pages"))
        self.setTabText(1, self.tr("Outline"))
        self.thumbs.setAccessibleName(self.tr("Page thumbnails"))
        self.outline.setAccessibleName(self.tabText(1))
        self._fit_tabs()
        for row in range(self.thumbs.count()):
            self.thumbs.item(row).setText(str(row + 1))

    def set_pages(self, count: int) -> None:
        self.thumbs.clear()
        self._have.clear()
        blank = QPixmap(THUMB_WIDTH, round(THUMB_WIDTH * 1.42))
        blank.fill(Qt.GlobalColor.white)
        for i in range(count):
            item = QListWidgetItem(blank, str(i + 1))
            item.setData(PAGE_ROLE, i)
            self.thumbs.addItem(item)
        self._timer.start()

    def set_outline(self, entries: tuple[OutlineEntry, ...]) -> None:
        self.outline.clear()
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for entry in entries:
            while stack and stack[-1][0] >= entry.level:
                stack.pop()
            item = QTreeWidgetItem([entry.title])
            item.setData(0, PAGE_ROLE, entry.page)
            item.setDisabled(entry.page < 0)
            if stack:
                stack[-1][1].addChild(item)
            else:
                self.outline.addTopLevelItem(item)
            stack.append((entry.level, item))
        self.outline.expandToDepth(0)
        self.setTabEnabled(1, bool(entries))

    def set_thumb(self, index: int, image: QImage) -> None:
        item = self.thumbs.item(index)
        if item is None:
            return
        self._have.add(index)
        item.setIcon(QPixmap.fromImage(image.scaledToWidth(
            THUMB_WIDTH, Qt.TransformationMode.SmoothTransformation)))

    def show_current(self, index: int) -> None:
        item = self.thumbs.item(index)
        if item is not None:
            self.thumbs.blockSignals(True)
            self.thumbs.setCurrentItem(item)
            self.thumbs.blockSignals(False)
            self.thumbs.scrollToItem(item)

    def _picked(self, item: QListWidgetItem | QTreeWidgetItem) -> None:
        page = item.data(PAGE_ROLE) if isinstance(item, QListWidgetItem) else item.data(
            0, PAGE_ROLE)
        if isinstance(page, int) and page >= 0:
            self.page_chosen.emit(page)

    def _want(self) -> None:
        if not self.isVisible() or self.currentIndex() != 0 or not self.thumbs.count():
            return
        top = self.thumbs.indexAt(self.thumbs.viewport().rect().topLeft()).row()
        bottom = self.thumbs.indexAt(self.thumbs.viewport().rect().bottomLeft()).row()
        top = max(0, top)
        bottom = self.thumbs.count() - 1 if bottom < 0 else bottom
        missing = [i for i in range(top, min(bottom + 2, self.thumbs.count()))
                   if i not in self._have]
        if missing:
            self.thumbs_wanted.emit(missing)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._timer.start()
