"""The "Text size" menu: 100 % to 200 %, and Ctrl++ / Ctrl+- to step through them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from meetingroom.ui.base.text_size import NORMAL, TEXT_SIZES, clamp, step
from meetingroom.ui.common.translated import Retranslated


class TextSizeMenu(Retranslated, QMenu):
    """Owner: the main window (parent), which also adds ``larger`` and ``smaller`` to itself
    so that their shortcuts work without opening the menu."""

    chosen = Signal(int)
    """Per cent: the user picked this text size (from the menu or by a shortcut)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.current = NORMAL
        self.size_actions: dict[int, QAction] = {}
        group = QActionGroup(self)
        for size in TEXT_SIZES:
            action = QAction(self, checkable=True)
            action.triggered.connect(lambda _c=False, size=size: self.chosen.emit(size))
            group.addAction(action)
            self.addAction(action)
            self.size_actions[size] = action
        self.addSeparator()
        self.larger = QAction(self)
        self.larger.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.larger.triggered.connect(lambda: self.chosen.emit(step(self.current, +1)))
        self.smaller = QAction(self)
        self.smaller.setShortcut(QKeySequence("Ctrl+-"))
        self.smaller.triggered.connect(lambda: self.chosen.emit(step(self.current, -1)))
        self.addAction(self.larger)
        self.addAction(self.smaller)
        self._retranslate()

    def set_current(self, percent: int) -> None:
        """Tick ``percent`` (the size in effect)."""
        self.current = clamp(percent)
        self.size_actions[self.current].setChecked(True)
        self.larger.setEnabled(self.current < TEXT_SIZES[-1])
        self.smaller.setEnabled(self.current > TEXT_SIZES[0])

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Text size"))
        for size, action in self.size_actions.items():
            action.setText(self.tr("{percent} % (normal)").format(percent=size)
                           if size == NORMAL else self.tr("{percent} %").format(percent=size))
        self.larger.setText(self.tr("Larger text"))
        self.smaller.setText(self.tr("Smaller text"))
