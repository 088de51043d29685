"""The reader's keyboard: every key the DocumentViewer answers, in one table-like function."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QScrollBar


class _Pages(Protocol):
    @property
    def continuous(self) -> bool: ...

    def verticalScrollBar(self) -> QScrollBar: ...


class _Search(Protocol):
    def isVisible(self) -> bool: ...

    def close_bar(self) -> None: ...


class Reader(Protocol):
    """What the keys drive (the :class:`~meetingroom.ui.reader.viewer.DocumentViewer`)."""

    @property
    def canvas(self) -> _Pages: ...
    @property
    def search(self) -> _Search: ...
    @property
    def single(self) -> QAbstractButton: ...
    @property
    def index(self) -> int: ...
    @property
    def page_count(self) -> int: ...

    def open_search(self) -> None: ...
    def copy_selection(self) -> None: ...
    def step_hit(self, step: int) -> None: ...
    def go_back(self) -> None: ...
    def go_forward(self) -> None: ...
    def next_page(self) -> None: ...
    def previous_page(self) -> None: ...
    def go_to(self, index: int) -> None: ...
    def jump_to(self, index: int) -> None: ...
    def zoom_in_step(self) -> None: ...
    def zoom_out_step(self) -> None: ...
    def fit_width(self) -> None: ...
    def set_presentation(self, on: bool) -> None: ...
    def close(self) -> bool: ...


def handle_key(viewer: Reader, event: QKeyEvent) -> bool:
    """Act on ``event``; False if the key means nothing to the reader."""
    key, mods = event.key(), event.modifiers()
    alt = mods & Qt.KeyboardModifier.AltModifier
    bar = viewer.canvas.verticalScrollBar()
    if event.matches(QKeySequence.StandardKey.Find):
        viewer.open_search()
    elif event.matches(QKeySequence.StandardKey.Copy):
        viewer.copy_selection()
    elif key == Qt.Key.Key_F3:
        viewer.step_hit(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
    elif alt and key == Qt.Key.Key_Left:
        viewer.go_back()
    elif alt and key == Qt.Key.Key_Right:
        viewer.go_forward()
    elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space):
        viewer.next_page()
    elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Backspace):
        viewer.previous_page()
    elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        down = key == Qt.Key.Key_Down
        if viewer.canvas.continuous:
            bar.setValue(bar.value() + (1 if down else -1) * bar.singleStep() * 3)
        else:
            viewer.go_to(viewer.index + (1 if down else -1))
    elif key == Qt.Key.Key_Home:
        viewer.jump_to(0)
    elif key == Qt.Key.Key_End:
        viewer.jump_to(viewer.page_count - 1)
    elif event.matches(QKeySequence.StandardKey.ZoomIn) or key == Qt.Key.Key_Plus:
        viewer.zoom_in_step()
    elif event.matches(QKeySequence.StandardKey.ZoomOut) or key == Qt.Key.Key_Minus:
        viewer.zoom_out_step()
    elif key == Qt.Key.Key_0 and mods & Qt.KeyboardModifier.ControlModifier:
        viewer.fit_width()
    elif key == Qt.Key.Key_F5:
        viewer.set_presentation(not viewer.single.isChecked())
    elif key == Qt.Key.Key_Escape:
        if viewer.search.isVisible():
            viewer.search.close_bar()
        else:
            viewer.close()
    else:
        return False
    return True
