"""Sticky notes and text boxes: add, edit their words, move them; delete any note.

Every change is one undo-able :class:`NoteEdit` made through the notes controller, so it
is drawn at once, saved on this device, backed up to the server and synced like any
other. Only the author's own notes change: others' shared notes are read-only (the
server refuses such a change too).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Slot
from PySide6.QtWidgets import QWidget

from meetingroom.domain.model import User
from meetingroom.domain.notes import Note, NoteEdit, NoteError, NoteKind, Rect, may_change
from meetingroom.domain.page_space import PageFrame
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.notes.editor import NoteTextEditor
from meetingroom.ui.notes.layer import MOVABLE, NotesBoard, NotesLayer, NoteTool
from meetingroom.ui.notes.menu import NoteMenu
from meetingroom.ui.notes.paint import STICKY_SIZE
from meetingroom.ui.notes.panel import NotesPanel

TEXT_BOX_WIDTH = 200.0
"""Width of a new text box, in points."""


def text_height(text: str) -> float:
    """The height of a new text box holding ``text`` (12 pt lines, ~32 characters each)."""
    lines = max(1, text.count("\n") + 1 + len(text) // 32)
    return lines * 12 * 1.4 + 6


def _box(r: Rect) -> tuple[float, float, float, float]:
    return r.x0, r.y0, r.x1, r.y1


class Notes(Protocol):
    """What changes are made through: the notes of one open document
    (``NotesController``)."""

    board: NotesBoard
    panel: NotesPanel
    user: User

    def note(self, note_id: str) -> Note | None: ...
    def do(self, edit: NoteEdit) -> bool: ...
    def new_note(self, page: int, kind: NoteKind, colour: str, **fields: object) -> Note: ...
    def frame_of(self, page: int) -> PageFrame: ...
    def layer_of(self, index: int) -> NotesLayer | None: ...
    def jump_to_note(self, note_id: str) -> None: ...


class NoteChanges(QObject):
    """Owner: the notes controller (parent)."""

    def __init__(self, notes: Notes, parent: QObject) -> None:
        super().__init__(parent)
        self._c = notes
        self.last_menu: NoteMenu | None = None
        """The last context menu opened on a note."""

    def ask_text(self, page: int, x: float, y: float, tool: NoteTool) -> None:
        """Open an editor where the page was tapped; saving adds the note."""
        layer = self._c.layer_of(page)
        if layer is None:
            return
        editor = NoteTextEditor(layer.view)
        wx, wy = layer.view.mapper.to_widget(*self._c.frame_of(page).to_displayed(x, y))
        colour = self._c.board.color

        def save(text: str) -> None:
            self.add_text_note(page, x, y, unicodedata.normalize("NFC", text), tool=tool,
                               colour=colour)

        editor.accepted.connect(save)
        editor.open_at(round(wx), round(wy))

    def add_text_note(self, page: int, x: float, y: float, text: str, *,
                      tool: NoteTool, colour: str) -> bool:
        """Add a sticky note (icon at x, y) or a text box (top left at x, y as the page
        is displayed) with ``text``; (x, y) in unrotated page points."""
        frame = self._c.frame_of(page)
        dx, dy = frame.to_displayed(x, y)
        try:
            if tool is NoteTool.STICKY:
                box = (dx, dy, dx + STICKY_SIZE, dy + STICKY_SIZE)
                note = self._c.new_note(page, NoteKind.STICKY, colour, text=text,
                                        rect=Rect(*frame.rect_to_unrotated(box)))
            else:
                box = (dx, dy, dx + TEXT_BOX_WIDTH, dy + text_height(text))
                note = self._c.new_note(page, NoteKind.TEXT_BOX, colour, text=text,
                                        rect=Rect(*frame.rect_to_unrotated(box)))
        except NoteError as exc:
            self._c.panel.show_status(error_text(exc))
            return False
        return self._c.do(NoteEdit(None, note))

    @Slot(str, float, float)
    def move_note(self, note_id: str, dx: float, dy: float) -> bool:
        """Move the user's sticky note or text box by (dx, dy) unrotated points, kept on
        its page; False when there is nothing to move."""
        note = self._c.note(note_id)
        if note is None or note.rect is None or not may_change(note, self._c.user.id):
            return False
        r, frame = note.rect, self._c.frame_of(note.page)
        dx = max(-r.x0, min(dx, frame.width - r.x1)) if r.x1 - r.x0 <= frame.width else 0.0
        dy = max(-r.y0, min(dy, frame.height - r.y1)) if r.y1 - r.y0 <= frame.height else 0.0
        if not (dx or dy):
            return False
        return self._c.do(NoteEdit(note, replace(note, rect=r.moved(dx, dy))))

    def edit_text(self, note_id: str, text: str) -> bool:
        """Replace the words of the user's sticky note or text box (a text box grows or
        shrinks to fit them); empty text leaves the note as it is."""
        note = self._c.note(note_id)
        text = unicodedata.normalize("NFC", text).strip()
        if note is None or not may_change(note, self._c.user.id) or not text or text == note.text:
            return False
        rect = note.rect
        if note.kind is NoteKind.TEXT_BOX and rect is not None:
            frame = self._c.frame_of(note.page)
            x0, y0, x1, _ = frame.rect_to_displayed(_box(rect))
            rect = Rect(*frame.rect_to_unrotated((x0, y0, x1, y0 + text_height(text))))
        try:
            edit = NoteEdit(note, replace(note, text=text, rect=rect))
        except NoteError as exc:
            self._c.panel.show_status(error_text(exc))
            return False
        return self._c.do(edit)

    @Slot(str)
    def open_editor(self, note_id: str) -> NoteTextEditor | None:
        """Show the words of the user's sticky note or text box for editing, on its page."""
        note = self._c.note(note_id)
        if note is None or note.kind not in MOVABLE or note.rect is None or not may_change(
                note, self._c.user.id):
            return None
        self._c.jump_to_note(note_id)
        layer = self._c.layer_of(note.page)
        if layer is None:
            return None
        editor = NoteTextEditor(layer.view, note.text)
        x0, _, _, y1 = self._c.frame_of(note.page).rect_to_displayed(_box(note.rect))
        wx, wy = layer.view.mapper.to_widget(x0, y1)
        editor.accepted.connect(lambda text: self.edit_text(note_id, text))
        editor.open_at(round(wx), round(wy))
        return editor

    @Slot(str)
    def delete_note(self, note_id: str) -> bool:
        """Delete one of the user's notes (undo-able)."""
        note = self._c.note(note_id)
        if note is None or not may_change(note, self._c.user.id):
            return False
        return self._c.do(NoteEdit(note, None))

    def menu(self, note_id: str, pos: QPoint, over: QWidget) -> None:
        """Pop up the context menu of the user's note ``note_id`` at ``pos`` over ``over``."""
        note = self._c.note(note_id)
        if note is None or not may_change(note, self._c.user.id):
            return
        self.last_menu = NoteMenu(over, note, edit=self.open_editor, delete=self.delete_note)
        self.last_menu.popup(pos)
