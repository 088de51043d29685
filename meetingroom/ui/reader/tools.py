"""The reader's one tool row: history, page, zoom and view buttons, notes tools, the name.

Everything sits in one compact row. As the window narrows the row folds, one level at a
time, until it fits (:meth:`ToolRow.fold_to`): tool names beside icons, then icons alone
(name as tooltip and accessible name), then one colour button (with the line widths)
instead of five swatches, then the view buttons (whole page, rotate, one page, night) in
a "View" menu, then Back
and Forward too, without the zoom percentage and the name, then the zoom buttons too
and the notes tools as one button with a menu. The row never makes the
window wider than the screen: it imposes no minimum width. Parts
placed in the row by others (the notes tools) fold with it through :class:`Foldable`.

The tooltips keep the viewer's translation context ("DocumentViewer"), where their
Vietnamese translations live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.lines import on_font_change
from meetingroom.ui.common.widgets import ElidedLabel
from meetingroom.ui.reader.geometry import ZoomMode

ICONS_ONLY = 1
"""Fold level from which tool buttons show their icon alone."""
ONE_COLOUR_BUTTON = 2
"""Fold level from which the colour swatches are one button with a menu."""
VIEW_MENU = 3
"""Fold level from which the view buttons are in the "View" menu."""
TIGHT = 4
"""Fold level from which Back and Forward are in the View menu too, and the zoom
percentage and the document's name (also the window's title) are left out."""
NARROW = 5
"""Fold level from which the zoom buttons are in the View menu and the notes tools are
one button with a menu (a reader beside another window)."""
MOST_FOLDED = NARROW
NAME_ROOM = 80
"""Least width kept for the document's name (elided); it gets what is left."""
_TOUCH = 44


class Foldable(Protocol):
    """A part of the tool row that takes less room at higher fold levels."""

    def width_at(self, level: int) -> int:
        """The width the part needs at fold ``level``."""
        ...

    def set_level(self, level: int) -> None:
        """Fold to ``level`` (idempotent)."""
        ...


def labelled_width(button: QToolButton) -> int:
    """The width of ``button`` with its text beside its icon, whatever it shows now."""
    if not button.text():
        return button.minimumWidth()
    fm = button.fontMetrics()
    icon = button.iconSize().width()
    menu = 14 if button.menu() is not None else 0
    return max(button.minimumWidth(), icon + fm.horizontalAdvance(button.text()) + 26 + menu)


_NO_ALIGNMENT = Qt.AlignmentFlag(0)


class _Row(QHBoxLayout):
    """The row: says when a widget is added to it (the live session's "Present this
    page"), so that the row folds again."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed

    def addWidget(self, widget: QWidget, stretch: int = 0,  # type: ignore[override]
                  alignment: Qt.AlignmentFlag = _NO_ALIGNMENT) -> None:
        # (PySide's stub lists overloads; this keeps the one the row uses)
        super().addWidget(widget, stretch, alignment)
        self._changed()


def _hint(w: QWidget) -> int:
    return max(w.minimumWidth(), min(w.sizeHint().width(), w.maximumWidth()))


class ToolRow:
    """Widgets parented to the viewer (their owner); ``row`` lays them out."""

    def __init__(self, parent: QWidget, icons: IconSet, name: str, *,
                 changed: Callable[[], None] = lambda: None) -> None:
        def button(icon: str, *, checkable: bool = False) -> QToolButton:
            b = QToolButton(parent)
            b.setIcon(icons.icon(icon))
            b.setIconSize(QSize(24, 24))
            b.setMinimumSize(_TOUCH, _TOUCH)
            b.setCheckable(checkable)
            return b

        self.sidebar_button = button("sidebar", checkable=True)
        self.back = button("back")
        self.forward = button("forward")
        self.prev = button("page-prev")
        self.page_label = QLineEdit(parent)
        """The page number: shows "3 / 12"; type a number and Enter to go there."""
        self.page_label.setMinimumHeight(40)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._page_count = 1
        on_font_change(self.page_label, lambda: self.fit_page_box(self._page_count))
        self.next = button("page-next")
        self.zoom_out = button("zoom-out")
        self.zoom_label = QLabel(parent)
        self.zoom_label.setMinimumWidth(56)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = button("zoom-in")
        self.fit = button("fit-width", checkable=True)
        self.fit_page_button = button("fit-page", checkable=True)
        self.rotate = button("rotate")
        self.single = button("single-page", checkable=True)
        self.night = button("night", checkable=True)
        self.view_buttons = (self.fit_page_button, self.rotate, self.single, self.night)
        """Folded into the View menu when the row is narrow."""
        self.view_menu_button = button("more")
        """The View menu: the view buttons' actions, for a narrow row."""
        self.view_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.view_menu = QMenu(parent)
        self.view_menu.aboutToShow.connect(self._sync_view_menu)
        self._view_actions: list[tuple[QAction, QToolButton]] = []
        self.zoom_buttons = (self.zoom_out, self.zoom_in, self.fit)
        """Folded into the View menu in a narrow window."""
        for b in (self.back, self.forward, None, *self.zoom_buttons, None,
                  *self.view_buttons):
            if b is None:
                self.view_menu.addSeparator()
                continue
            action = self.view_menu.addAction(b.icon(), "")
            action.setCheckable(b.isCheckable())
            action.triggered.connect(b.click)
            self._view_actions.append((action, b))
        self.view_menu_button.setMenu(self.view_menu)
        self.view_menu_button.hide()
        self.find_button = button("search")
        self.name = ElidedLabel(name, parent)
        self.name.setProperty("role", "heading")
        self.name.setMinimumWidth(0)
        self.annotation_slot = QHBoxLayout()
        """Where the notes tools go, in this row (empty without them)."""
        self.annotation_slot.setSpacing(2)
        self._changed = changed
        self.bar = QWidget(parent)
        """Holds the row; takes any width (the row folds to fit it)."""
        self.bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.row = _Row(changed)
        self.row.setSpacing(2)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.bar.setLayout(self.row)
        groups: list[list[QWidget]] = [
            [self.sidebar_button, self.back, self.forward],
            [self.prev, self.page_label, self.next],
            [self.zoom_out, self.zoom_label, self.zoom_in, self.fit, *self.view_buttons,
             self.view_menu_button, self.find_button]]
        for group in groups:
            for w in group:
                self.row.addWidget(w)
            self.row.addSpacing(8)
        self.row.addLayout(self.annotation_slot)
        self.row.addSpacing(8)
        self.row.addWidget(self.name, 1)
        self.row.addStretch(0)  # takes what is left when the name is folded away
        self._parts: list[Foldable] = []
        self.level = 0
        """The fold level in effect (0: nothing folded)."""

    def add_part(self, part: Foldable, widget: QWidget) -> None:
        """Put ``widget`` (which folds through ``part``) in the row's notes place."""
        self._parts.append(part)
        self.annotation_slot.addWidget(widget)
        self._changed()

    # -- folding -------------------------------------------------------------------------
    def width_at(self, level: int) -> int:
        """The row's width at fold ``level``, with the least room for the name."""
        total, count = 0, 0
        for i in range(self.row.count()):
            item = self.row.itemAt(i)
            if item is None:
                continue
            w = item.widget()
            if item.layout() is self.annotation_slot:
                width = sum(p.width_at(level) for p in self._parts)
                if not width:
                    continue
            elif w is None:
                width = item.sizeHint().width()  # a gap
            elif w in (self.name, self.back, self.forward, self.zoom_label):
                if level >= TIGHT:
                    continue
                width = NAME_ROOM if w is self.name else _hint(w)
            elif w in self.zoom_buttons:
                if level >= NARROW:
                    continue
                width = _hint(w)
            elif w in self.view_buttons:
                if level >= VIEW_MENU:
                    continue
                width = _hint(w)
            elif w is self.view_menu_button:
                if level < VIEW_MENU:
                    continue
                width = _hint(w)
            elif w.isHidden():
                continue
            else:
                width = _hint(w)  # e.g. "Present this page", added by the live session
            total += width
            count += 1
        return total + self.row.spacing() * max(0, count - 1)

    def fold_to(self, available: int) -> None:
        """Fold just enough for the row to fit in ``available`` pixels."""
        level = next((n for n in range(MOST_FOLDED + 1) if self.width_at(n) <= available),
                     MOST_FOLDED)
        self.level = level
        shown = [(b, level < VIEW_MENU) for b in self.view_buttons] + [
            (self.view_menu_button, level >= VIEW_MENU)] + [
            (w, level < TIGHT) for w in (self.back, self.forward, self.zoom_label, self.name)] + [
            (w, level < NARROW) for w in self.zoom_buttons]
        for w, visible in shown:
            if w.isHidden() == visible:
                w.setVisible(visible)
        for action, b in self._view_actions:
            if b in (self.back, self.forward):
                action.setVisible(level >= TIGHT)
            elif b in self.zoom_buttons:
                action.setVisible(level >= NARROW)
        for p in self._parts:
            p.set_level(level)

    def _sync_view_menu(self) -> None:
        for action, b in self._view_actions:
            action.setEnabled(b.isEnabled())
            action.setChecked(b.isChecked())

    def show_state(self, *, ok: bool, index: int, page_count: int, can_go_back: bool,
                   can_go_forward: bool, fit: ZoomMode | None, zoom: float,
                   editing_page: bool) -> None:
        """Enable what can be used and show where the reader is: page ``index`` of
        ``page_count`` (unless the user is typing a page number), the zoom, the fit mode.
        ``ok``: a document is shown."""
        self.prev.setEnabled(ok and index > 0)
        self.next.setEnabled(ok and index + 1 < page_count)
        for w in (self.zoom_in, self.zoom_out, self.fit, self.fit_page_button, self.rotate,
                  self.single, self.night, self.find_button, self.sidebar_button, self.page_label):
            w.setEnabled(ok)
        self.back.setEnabled(ok and can_go_back)
        self.forward.setEnabled(ok and can_go_forward)
        self.fit.setChecked(fit is ZoomMode.WIDTH)
        self.fit_page_button.setChecked(fit is ZoomMode.PAGE)
        self.fit_page_box(page_count)
        if not editing_page:
            self.page_label.setText(f"{index + 1} / {page_count}" if ok else "–")
        self.zoom_label.setText(f"{round(zoom * 100)} %" if ok else "")

    def fit_page_box(self, page_count: int) -> None:
        """Make the page box wide enough for "888 / 888" with this many pages, so that
        nothing squeezes a digit out of it."""
        self._page_count = page_count
        digits = "8" * len(str(max(page_count, 1)))
        fm = self.page_label.fontMetrics()
        width = fm.horizontalAdvance(f"{digits} / {digits}") + 28  # frame and padding
        self.page_label.setFixedWidth(max(72, width))

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
                                                          "Find text (Ctrl+F)")),
            (self.view_menu_button, QCoreApplication.translate(
                "DocumentViewer", "View: whole page, rotate, one page at a time, night"))]
        for widget, tip in tips:
            widget.setToolTip(tip)
            widget.setAccessibleName(tip)
        self.zoom_label.setAccessibleName(QCoreApplication.translate("DocumentViewer", "Zoom"))
        for action, b in self._view_actions:
            action.setText(b.toolTip())
