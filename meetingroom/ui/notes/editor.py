"""The inline editor for a sticky note's or a text box's words, shown where the page was tapped."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from meetingroom.domain.notes import MAX_TEXT
from meetingroom.ui.common.translated import Retranslated


class NoteTextEditor(Retranslated, QWidget):
    """Owner: the notes layer it floats on (parent). Deletes itself once answered."""

    accepted = Signal(str)
    """The user saved the text (stripped, never empty)."""
    cancelled = Signal()
    """The user cancelled, or saved nothing."""

    def __init__(self, parent: QWidget, text: str = "") -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.field = QPlainTextEdit(self)
        self.field.setPlainText(text)
        self.field.setTabChangesFocus(True)
        self.field.setMinimumSize(220, 90)
        self.field.installEventFilter(self)
        self.save = QPushButton(self)
        self.save.setMinimumHeight(44)
        self.save.clicked.connect(self._save)
        self.cancel = QPushButton(self)
        self.cancel.setMinimumHeight(44)
        self.cancel.clicked.connect(self._cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.cancel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.field)
        lay.addLayout(buttons)
        self._retranslate()
        self.adjustSize()

    def open_at(self, x: int, y: int) -> None:
        """Show the editor with its top left at (x, y), kept inside the parent."""
        parent = self.parentWidget()
        if parent is not None:
            x = max(0, min(x, parent.width() - self.width()))
            y = max(0, min(y, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.field.setFocus()

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent) and (
                event.type() == QEvent.Type.KeyPress):
            if event.key() == Qt.Key.Key_Escape:
                self._cancel()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                self._save()
                return True
        return False

    @Slot()
    def _save(self) -> None:
        text = self.field.toPlainText().strip()[:MAX_TEXT]
        self.hide()
        if text:
            self.accepted.emit(text)
        else:
            self.cancelled.emit()
        self.deleteLater()

    @Slot()
    def _cancel(self) -> None:
        self.hide()
        self.cancelled.emit()
        self.deleteLater()

    def _retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Write your note (Ctrl+Enter saves)"))
        self.save.setText(self.tr("Save"))
        self.cancel.setText(self.tr("Cancel"))
