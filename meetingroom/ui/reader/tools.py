"""The reader's tool row: history, page, zoom and mode buttons, the page entry and the name.

The tooltips keep the viewer's translation context ("DocumentViewer"), where their
Vietnamese translations live.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.names import name_by_tooltip
from meetingroom.ui.common.widgets import ElidedLabel


class ToolRow:
    """Widgets parented to the viewer (their owner); ``row`` lays them out."""

    def __init__(self, parent: QWidget, icons: IconSet, name: str) -> None:
        def button(icon: str, *, checkable: bool = False) -> QToolButton:
            b = QToolButton(parent)
            b.setIcon(icons.icon(icon))
            b.setIconSize(QSize(24, 24))
            b.setMinimumSize(44, 44)
            b.setCheckable(checkable)
            return b

        self.sidebar_button = button("sidebar", checkable=True)
        self.back = button("back")
        self.forward = button("forward")
        self.prev = button("page-prev")
        self.page_label = QLineEdit(parent)
        """The page number: shows "3 / 12"; type a number and Enter to go there."""
        self.page_label.setMaximumWidth(110)
        self.page_label.setMinimumHeight(40)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = button("page-next")
        self.zoom_out = button("zoom-out")
        self.zoom_label = QLabel(parent)
        self.zoom_label.setMinimumWidth(60)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = button("zoom-in")
        self.fit = button("fit-width", checkable=True)
        self.fit_page_button = button("fit-page", checkable=True)
        self.rotate = button("rotate")
        self.single = button("single-page", checkable=True)
        self.night = button("night", checkable=True)
        self.find_button = button("search")
        self.name = ElidedLabel(name, parent)
        self.name.setProperty("role", "heading")
        self.row = QHBoxLayout()
        groups: list[list[QWidget]] = [
            [self.sidebar_button, self.back, self.forward],
            [self.prev, self.page_label, self.next],
            [self.zoom_out, self.zoom_label, self.zoom_in, self.fit, self.fit_page_button],
            [self.rotate, self.single, self.night, self.find_button]]
        for group in groups:
            for w in group:
                self.row.addWidget(w)
            self.row.addSpacing(12)
        self.row.addWidget(self.name, 1)
        name_by_tooltip(*(w for group in groups for w in group if w is not self.zoom_label))

    def retranslate(self) -> None:
        tips = [
            (self.sidebar_button, QCoreApplication.translate(
                "DocumentViewer", "Show or hide page thumbnails and the outline")),
            (self.back, QCoreApplication.translate("DocumentViewer", "Back (Alt+Left)")),
            (self.forward, QCoreApplication.translate("DocumentViewer", "Forward (Alt+Right)")),
            (self.prev, QCoreApplication.translate("DocumentViewer",
                                                   "Previous page (Page Up)")),
            (self.next, QCoreApplication.translate("DocumentViewer", "Next page (Page Down)")),
            (self.page_label, QCoreApplication.translate(
                "DocumentViewer", "Type a page number and press Enter")),
            (self.zoom_in, QCoreApplication.translate("DocumentViewer", "Zoom in (Ctrl++)")),
            (self.zoom_out, QCoreApplication.translate("DocumentViewer", "Zoom out (Ctrl+-)")),
            (self.fit, QCoreApplication.translate("DocumentViewer",
                                                  "Fit the page to the window width")),
            (self.fit_page_button, QCoreApplication.translate("DocumentViewer",
                                                              "Show the whole page")),
            (self.rotate, QCoreApplication.translate("DocumentViewer", "Rotate the view")),
            (self.single, QCoreApplication.translate(
                "DocumentViewer", "One page at a time (presentation, F5)")),
            (self.night, QCoreApplication.translate(
                "DocumentViewer", "Night reading (light text on dark)")),
            (self.find_button, QCoreApplication.translate("DocumentViewer",
                                                          "Find text (Ctrl+F)"))]
        for widget, tip in tips:
            widget.setToolTip(tip)
