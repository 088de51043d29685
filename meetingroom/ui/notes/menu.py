"""The context menu of one of the user's notes: edit its text, delete it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from meetingroom.domain.notes import Note
from meetingroom.ui.notes.layer import MOVABLE


class NoteMenu(QMenu):
    """Owner: the widget it pops up over (parent); deletes itself once closed."""

    def __init__(self, parent: QWidget, note: Note, *, edit: Callable[[str], object],
                 delete: Callable[[str], object]) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.note_id = note.id
        self.edit_action: QAction | None = None
        """"Edit text…": sticky notes and text boxes only."""
        if note.kind in MOVABLE:
            self.edit_action = self.addAction(self.tr("Edit text…"))
            self.edit_action.triggered.connect(lambda: edit(note.id))
        self.delete_action = self.addAction(self.tr("Delete note"))
        self.delete_action.triggered.connect(lambda: delete(note.id))
