"""Fitting pages and windows into a small screen (a 1366×768 laptop, a large text size)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

TITLE_BAR = 32
"""Room kept for the window manager's title bar before the real frame is known."""


def scrolling(page: QWidget, parent: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: at a large text size a page that needs more
    room than a 1366×768 screen has scrolls instead of squeezing its text or making the
    window outgrow the screen. The area takes no focus (the page's controls do; Qt
    scrolls the one with the focus into view)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(page)
    return area


def fit_into_screen(window: QWidget, room: QRect | None = None, *, title_bar: int = 0) -> None:
    """Shrink and move ``window`` so that, frame and all, it is inside ``room`` (by
    default its screen's available area). Qt grows a window whose minimum size passes
    the screen's for a moment (while a larger text size is laid out) but never shrinks
    it back. ``title_bar``: the frame height to assume while the window manager has not
    told it yet (not mapped, or none)."""
    if window.isMaximized() or window.isFullScreen():
        return
    if room is None:
        screen = window.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    if extra.height() <= 0:
        extra = QSize(0, title_bar)
    size = QSize(min(window.width(), room.width() - extra.width()),
                 min(window.height(), room.height() - extra.height()))
    if size != window.size():
        window.resize(size)
    x = min(max(frame.x(), room.x()), room.right() + 1 - size.width() - extra.width())
    y = min(max(frame.y(), room.y()), room.bottom() + 1 - size.height() - extra.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def opening_room(window: QWidget) -> QRect:
    """The room on the screen ``window`` opens on (its parent's, else its own, else the
    primary screen's)."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or window.screen() or (
        QGuiApplication.primaryScreen())
    return screen.availableGeometry()


def fitting_size(wanted: QSize, room: QRect) -> QSize:
    """``wanted``, made small enough for ``room`` with room for the title bar."""
    return QSize(min(wanted.width(), room.width()),
                 min(wanted.height(), room.height() - TITLE_BAR))
