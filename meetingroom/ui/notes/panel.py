"""The notes panel (a tab of the reader's sidebar): every note of the document, click to jump.

The user's own notes say whether they are private or shared with the meeting, open for
editing on a double-click, go with the Delete key and offer a context menu (edit,
delete); notes others shared are listed read-only, marked with their author's name.

Sharing is deliberate: "Share with the meeting…" under the list asks first, inline,
naming who will see the note; "Stop sharing" takes one click. No stray click shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.notes import Note, NoteKind
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import primary_button

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
_EXCERPT = 80
_NAMES_SHOWN = 6
"""Participants named in the share question; the rest are counted."""


class NotesPanel(Retranslated, QWidget):
    """Owner: the notes controller adds it as a tab of the viewer's sidebar (its parent)."""

    note_chosen = Signal(str)
    """The id of the note the user clicked (jump to it)."""
    share_toggled = Signal(str, bool)
    """(note id, shared): the user confirmed sharing a note, or stopped sharing it."""
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
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.share_button = QPushButton(self)
        """Share the chosen note (asks first), or stop sharing it (at once)."""
        self.share_button.clicked.connect(self._share_clicked)
        self.confirm = QFrame(self)
        """The inline question before a note is shared."""
        self.confirm.setProperty("role", "messagebar")
        self.confirm.setProperty("kind", "info")
        self.question = QLabel(self.confirm)
        self.question.setWordWrap(True)
        self.confirm_button = primary_button("", self.confirm)
        self.confirm_button.clicked.connect(self._confirmed)
        self.cancel_button = QPushButton(self.confirm)
        self.cancel_button.clicked.connect(self.cancel_share)
        answers = QHBoxLayout()
        answers.addWidget(self.confirm_button)
        answers.addWidget(self.cancel_button)
        answers.addStretch(1)
        box = QVBoxLayout(self.confirm)
        box.addWidget(self.question)
        box.addLayout(answers)
        self.confirm.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.share_button)
        lay.addWidget(self.confirm)
        lay.addWidget(self.status)
        self._notes: tuple[Note, ...] = ()
        self._user_id = ""
        self._names: Mapping[str, str] = {}
        self._asking: str | None = None
        """The note whose sharing is being confirmed."""
        self._filling = False
        self._set_texts()

    def show_notes(self, notes: Sequence[Note], *, user_id: str,
                   names: Mapping[str, str]) -> None:
        """List ``notes`` (already in reading order); ``names``: author id → display name."""
        self._notes, self._user_id, self._names = tuple(notes), user_id, names
        self._fill()

    def _fill(self) -> None:
        current = self.current_note_id()
        self.list.setAccessibleName(self.tr("Notes on this document"))
        self._filling = True
        self.list.clear()
        for note in self._notes:
            item = QListWidgetItem(self._describe(note))
            item.setData(NOTE_ID_ROLE, note.id)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            if note.author_id == self._user_id:
                item.setToolTip(self.tr("Double-click to edit; “Share with the meeting…”"
                                        " below lets others see it"))
            self.list.addItem(item)
            if note.id == current:
                self.list.setCurrentItem(item)
        self._filling = False
        if self._asking is not None and self._own(self._asking) is None:
            self.cancel_share()  # the note went away meanwhile
        self._update_share()

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
        else:
            lines.append(self.tr("Private: only you see it"))
        return "\n".join(lines)

    def item_of(self, note_id: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(NOTE_ID_ROLE) == note_id:
                return item
        return None

    def current_note_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(NOTE_ID_ROLE))

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem | None) -> None:
        if item is not None:  # None: the list was rebuilt under the click
            self.note_chosen.emit(str(item.data(NOTE_ID_ROLE)))

    def _own(self, note_id: str | None) -> Note | None:
        note = next((n for n in self._notes if n.id == note_id), None)
        return note if note is not None and note.author_id == self._user_id else None

    # -- sharing -------------------------------------------------------------------------
    @Slot()
    def _current_changed(self) -> None:
        if not self._filling:
            if self._asking is not None and self._asking != self.current_note_id():
                self.cancel_share()
            self._update_share()

    def _update_share(self) -> None:
        note = self._own(self.current_note_id())
        self.share_button.setVisible(note is not None)
        self.share_button.setEnabled(note is not None and self._asking is None)
        text = (self.tr("Stop sharing") if note is not None and note.shared
                else self.tr("Share with the meeting…"))
        self.share_button.setText(text)
        self.share_button.setAccessibleName(text)
        self.share_button.setToolTip(
            self.tr("Others in the meeting will no longer see this note")
            if note is not None and note.shared
            else self.tr("Let everyone in the meeting see this note (you will be asked first)"))

    @Slot()
    def _share_clicked(self) -> None:
        note = self._own(self.current_note_id())
        if note is None:
            return
        if note.shared:
            self.share_toggled.emit(note.id, False)  # stopping needs no question
        else:
            self.ask_share(note.id)

    def ask_share(self, note_id: str) -> None:
        """Ask, inline, whether to share the user's note ``note_id``, naming who will see it."""
        note = self._own(note_id)
        if note is None or note.shared:
            return
        self._asking = note_id
        self.question.setText(self.share_question())
        self.confirm.show()
        self.confirm_button.setFocus()
        self._update_share()

    def share_question(self) -> str:
        """"Share this note with the meeting? N people will see it: …" with their names."""
        others = sorted(name for uid, name in self._names.items() if uid != self._user_id)
        if not others:
            return self.tr("Share this note with the meeting? Everyone taking part in it"
                           " will see it. You can stop sharing at any time.")
        shown = ", ".join(others[:_NAMES_SHOWN])
        if len(others) > _NAMES_SHOWN:
            shown = self.tr("{names} and %n more", "", len(others) - _NAMES_SHOWN).format(
                names=shown)
        return self.tr("Share this note with the meeting? %n other participant(s) will see"
                       " it: {names}. You can stop sharing at any time.", "",
                       len(others)).format(names=shown)

    @Slot()
    def _confirmed(self) -> None:
        note_id, self._asking = self._asking, None
        self.confirm.hide()
        if note_id is not None and self._own(note_id) is not None:
            self.share_toggled.emit(note_id, True)
        self._update_share()

    @Slot()
    def cancel_share(self) -> None:
        self._asking = None
        self.confirm.hide()
        self._update_share()

    def _set_texts(self) -> None:
        self.confirm_button.setText(self.tr("Share"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self._asking is not None:
            self.question.setText(self.share_question())
        self._update_share()

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

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def title(self) -> str:
        """The sidebar tab's title."""
        return self.tr("Notes")

    def _retranslate(self) -> None:
        self._fill()
        self._set_texts()
        tabs = self.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.title())
