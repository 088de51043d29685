"""The notes panel (a tab of the reader's sidebar): every note of the document, click to jump.

The user's own notes carry a "shared with the meeting" check box, open for editing on a
double-click, go with the Delete key and offer a context menu (edit, delete); notes
others shared are listed read-only, marked with their author's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.notes import Note, NoteKind

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
_EXCERPT = 80


class NotesPanel(QWidget):
    """Owner: the notes controller adds it as a tab of the viewer's sidebar (its parent)."""

    note_chosen = Signal(str)
    """The id of the note the user clicked (jump to it)."""
    share_toggled = Signal(str, bool)
    """(note id, shared): the user ticked or cleared "shared with the meeting"."""
    edit_requested = Signal(str)
    """A note id: the user double-clicked one of their notes."""
    delete_requested = Signal(str)
    """A note id: the user pressed Delete on one of their notes."""
    menu_requested = Signal(str, QPoint)
    """(note id, global position): the context menu was asked for on one of their notes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemChanged.connect(self._changed)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.status)
        self._notes: tuple[Note, ...] = ()
        self._user_id = ""
        self._names: Mapping[str, str] = {}
        self._filling = False

    def show_notes(self, notes: Sequence[Note], *, user_id: str,
                   names: Mapping[str, str]) -> None:
        """List ``notes`` (already in reading order); ``names``: author id → display name."""
        self._notes, self._user_id, self._names = tuple(notes), user_id, names
        self._fill()

    def _fill(self) -> None:
        self.list.setAccessibleName(self.tr("Notes on this document"))
        self._filling = True
        self.list.clear()
        for note in self._notes:
            item = QListWidgetItem(self._describe(note))
            item.setData(NOTE_ID_ROLE, note.id)
            if note.author_id == self._user_id:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if note.shared
                                   else Qt.CheckState.Unchecked)
                item.setToolTip(self.tr("Tick to share this note with the meeting"))
            else:  # another's shared note: read-only here
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.list.addItem(item)
        self._filling = False

    def _describe(self, note: Note) -> str:
        kinds = {NoteKind.INK: self.tr("Pen"), NoteKind.HIGHLIGHT: self.tr("Marker"),
                 NoteKind.TEXT_HIGHLIGHT: self.tr("Highlight"),
                 NoteKind.STICKY: self.tr("Note"), NoteKind.TEXT_BOX: self.tr("Text")}
        head = self.tr("Page {page} · {kind}").format(page=note.page + 1, kind=kinds[note.kind])
        words = note.text or (note.anchor.quote if note.anchor is not None else "")
        words = " ".join(words.split())
        if len(words) > _EXCERPT:
            words = words[:_EXCERPT - 1] + "…"
        lines = [head] + ([f"“{words}”" if note.anchor is not None and not note.text
                           else words] if words else [])
        if note.author_id != self._user_id:
            name = self._names.get(note.author_id) or self.tr("another participant")
            lines.append(self.tr("Shared by {name}").format(name=name))
        elif note.shared:
            lines.append(self.tr("Shared with the meeting"))
        return "\n".join(lines)

    def item_of(self, note_id: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(NOTE_ID_ROLE) == note_id:
                return item
        return None

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem) -> None:
        self.note_chosen.emit(str(item.data(NOTE_ID_ROLE)))

    def _own_note_id(self, item: QListWidgetItem | None) -> str | None:
        """The id of the note in ``item`` when it is the user's own (None otherwise)."""
        if item is None:
            return None
        note_id = str(item.data(NOTE_ID_ROLE))
        note = next((n for n in self._notes if n.id == note_id), None)
        return note_id if note is not None and note.author_id == self._user_id else None

    @Slot(QListWidgetItem)
    def _double_clicked(self, item: QListWidgetItem) -> None:
        note_id = self._own_note_id(item)
        if note_id is not None:
            self.edit_requested.emit(note_id)

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        note_id = self._own_note_id(self.list.itemAt(pos))
        if note_id is not None:
            self.menu_requested.emit(note_id, self.list.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.list and isinstance(event, QKeyEvent) and (
                event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete):
            note_id = self._own_note_id(self.list.currentItem())
            if note_id is not None:
                self.delete_requested.emit(note_id)
                return True
        return False

    @Slot(QListWidgetItem)
    def _changed(self, item: QListWidgetItem) -> None:
        if self._filling or not item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return
        note_id = str(item.data(NOTE_ID_ROLE))
        note = next((n for n in self._notes if n.id == note_id), None)
        shared = item.checkState() == Qt.CheckState.Checked
        if note is not None and note.shared != shared:
            self.share_toggled.emit(note_id, shared)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def title(self) -> str:
        """The sidebar tab's title."""
        return self.tr("Notes")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
            tabs = self.parentWidget()
            while tabs is not None and not isinstance(tabs, QTabWidget):
                tabs = tabs.parentWidget()
            if tabs is not None and tabs.indexOf(self) >= 0:
                tabs.setTabText(tabs.indexOf(self), self.title())
        super().changeEvent(event)
