"""The notes of one open document: tools, layers, panel, undo/redo and saving through the engine.

Every change is one :class:`NoteEdit`: applied to the notes shown at once, handed to
the engine (which writes it to this device's cache before anything else, then backs it
up to the server) and pushed on the undo stack. Undo runs the inverse edit with a fresh
``updated_at`` (the later change wins everywhere), so an undone stroke is deleted on the
server too. Notes arriving from the engine (another device, a shared note) replace the
shown ones; edits still on their way to the cache are kept over them.

Notes live in unrotated page space; the layers convert what the user draws, and this
controller converts what it places on the screen (editors, jumps) and the anchors of
selections, with each page's :class:`PageFrame` (``domain/page_space.py``).
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from shiboken6 import isValid

from meetingroom.domain.model import User
from meetingroom.domain.notes import (
    Note,
    NoteEdit,
    NoteError,
    NoteKind,
    Stroke,
    may_change,
    ordered,
)
from meetingroom.domain.page_space import PageFrame
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.notes.anchor import anchor_from_words, selected_range
from meetingroom.ui.notes.changes import NoteChanges
from meetingroom.ui.notes.export_prompts import NotesOutput
from meetingroom.ui.notes.exporter import NotesExporter
from meetingroom.ui.notes.layer import NotesBoard, NotesLayer, NoteTool
from meetingroom.ui.notes.paint import NoteShape
from meetingroom.ui.notes.panel import NotesPanel
from meetingroom.ui.notes.tools import NotesToolbar
from meetingroom.ui.reader.page import PageView
from meetingroom.ui.reader.viewer import DocumentViewer

log = logging.getLogger("meetingroom.ui.notes")

ERASER_SLACK = 8.0
"""How near (logical pixels) a tap must be to a stroke to erase it."""


def _now_ms() -> int:
    return int(time.time() * 1000)


class NotesController(QObject):
    """Owner: the DocumentViewer (parent). One per open document."""

    notes_shown = Signal()
    """The notes on the pages and in the panel were redrawn from :attr:`notes`."""
    exported = Signal(object)
    """Path: "Export with my notes" wrote this file."""
    summary_written = Signal(object)
    """Path: "Notes summary (PDF)" wrote this file."""
    export_failed = Signal(str)
    """The export or the summary failed; the text says why (already shown to the user)."""

    def __init__(self, viewer: DocumentViewer, engine: SyncEngine, bridge: EngineBridge,
                 meeting_id: str, path: Path, user: User) -> None:
        super().__init__(viewer)
        self.viewer, self._engine, self._bridge = viewer, engine, bridge
        self.meeting_id, self.path, self.user = meeting_id, path, user
        self.sha256 = viewer.document.sha256
        self.board = NotesBoard()
        self.notes: tuple[Note, ...] = ()
        """The notes shown: the user's own and those shared with the meeting."""
        self.undo_stack: list[NoteEdit] = []
        self.redo_stack: list[NoteEdit] = []
        self._pending: dict[str, Note | None] = {}
        self._stamps: dict[str, int] = {}
        self._shapes: dict[str, NoteShape] = {}
        self._layers: list[NotesLayer] = []
        self.toolbar = NotesToolbar(viewer)
        viewer.tool_row.add_part(self.toolbar, self.toolbar)
        self.panel = NotesPanel(viewer.sidebar)
        viewer.sidebar.addTab(self.panel, self.panel.title())
        self.exporter = NotesExporter(bridge, self)
        self.output = NotesOutput(self.exporter, viewer, self.panel, path, self)
        self.changes = NoteChanges(self, parent=self)
        self._wire()
        for view in list(viewer.canvas.views.values()):
            self._attach(view)
        self.reload()

    def _wire(self) -> None:
        t = self.toolbar
        t.tool_chosen.connect(lambda value: self.set_tool(NoteTool(value)))
        t.color_chosen.connect(self._set_colour)
        t.width_chosen.connect(self._set_width)
        t.highlight_requested.connect(self.highlight_selection)
        t.undo_requested.connect(self.undo)
        t.redo_requested.connect(self.redo)
        t.export_requested.connect(lambda: self.output.export_clicked(self._mine, self._names))
        t.summary_requested.connect(lambda: self.output.summary_clicked(
            lambda: ordered(self.notes), self._names))
        self.output.exported.connect(self.exported)
        self.output.summary_written.connect(self.summary_written)
        self.output.failed.connect(self.export_failed)
        p = self.panel
        p.note_chosen.connect(self.jump_to_note)
        p.share_toggled.connect(self.set_shared)
        c = self.changes
        p.edit_requested.connect(c.open_editor)
        p.delete_requested.connect(c.delete_note)
        p.menu_requested.connect(lambda note_id, pos: c.menu(note_id, pos, p.list))
        canvas = self.viewer.canvas
        canvas.page_view_created.connect(self._attach)
        canvas.selection_changed.connect(lambda text: t.highlight.setEnabled(bool(text)))
        self._bridge.notes_changed.connect(self._notes_changed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        redo_keys = [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
        for keys, slot in ((QKeySequence.keyBindings(QKeySequence.StandardKey.Undo), self.undo),
                           (redo_keys, self.redo)):
            shortcut = QShortcut(self.viewer)
            shortcut.setKeys(keys)  # one shortcut per action: two on one key would clash
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- layers ------------------------------------------------------------------------
    @Slot(object)
    def _attach(self, view: PageView) -> None:
        info = self.viewer.info
        if info is not None:
            self.board.rotations = info.page_rotations
        layer = NotesLayer(view, self.board)
        layer.stroke_finished.connect(self._stroke_finished)
        layer.page_pressed.connect(self._page_pressed)
        c = self.changes
        layer.note_dragged.connect(c.move_note)
        layer.note_activated.connect(c.open_editor)
        layer.note_menu_requested.connect(lambda note_id, pos: c.menu(note_id, pos, layer))
        self._layers = [*self.layers(), layer]

    def layers(self) -> list[NotesLayer]:
        """The notes layers of the page views that exist now."""
        return [layer for layer in self._layers if isValid(layer)]

    def layer_of(self, index: int) -> NotesLayer | None:
        return next((layer for layer in self.layers() if layer.index == index), None)

    def frame_of(self, page: int) -> PageFrame:
        """Page ``page``'s displayed ↔ unrotated conversion (upright A4 until known)."""
        info = self.viewer.info
        if info is not None and 0 <= page < len(info.page_sizes):
            return info.frame(page)
        return PageFrame(595.0, 842.0)

    # -- tools -------------------------------------------------------------------------
    def set_tool(self, tool: NoteTool) -> None:
        self.board.tool = tool
        button = self.toolbar.tool_buttons.get(tool)
        if button is not None:
            button.setChecked(True)
        for layer in self.layers():
            layer.tool_changed()

    @Slot(str)
    def _set_colour(self, colour: str) -> None:
        self.board.color = colour

    @Slot(float)
    def _set_width(self, width: float) -> None:
        self.board.width = width

    # -- notes in and out --------------------------------------------------------------
    @Slot(object)
    def _notes_changed(self, event: ev.NotesChanged) -> None:
        if event.meeting_id == self.meeting_id:
            self.reload()

    def reload(self) -> None:
        """Show the engine's notes of this document (edits not yet cached kept on top)."""
        current = {n.id: n for n in self._engine.notes.visible(self.meeting_id, self.sha256)}
        for note_id, note in self._pending.items():
            if note is None:
                current.pop(note_id, None)
            else:
                current[note_id] = note
        self.notes = tuple(current.values())
        self._redraw()

    def _redraw(self) -> None:
        shapes: dict[str, NoteShape] = {}
        pages: dict[int, list[NoteShape]] = {}
        for note in sorted(self.notes, key=lambda n: (n.created_at, n.id)):
            shape = self._shapes.get(note.id)
            if shape is None or (shape.note is not note and shape.note != note):
                shape = NoteShape(note, mine=note.author_id == self.user.id)
            shapes[note.id] = shape
            pages.setdefault(note.page, []).append(shape)
        self._shapes, self.board.shapes = shapes, pages
        for layer in self.layers():
            layer.update()
        self.panel.show_notes(ordered(self.notes), user_id=self.user.id, names=self._names())
        self.toolbar.set_undo_state(bool(self.undo_stack), bool(self.redo_stack))
        self.notes_shown.emit()

    def _names(self) -> dict[str, str]:
        snap = self._engine.meetings.snapshot(self.meeting_id)
        names = {p.user_id: p.display_name for p in snap.participants} if snap else {}
        names[self.user.id] = self.user.display_name
        return names

    def _mine(self) -> list[Note]:
        return [n for n in self.notes if n.author_id == self.user.id]

    def note(self, note_id: str) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)

    def _stamp(self, note_id: str, floor: int) -> int:
        """A time for a change of ``note_id``: now, but after any earlier change of it."""
        stamp = max(_now_ms(), floor, self._stamps.get(note_id, -1) + 1)
        self._stamps[note_id] = stamp
        return stamp

    # -- edits, undo, redo -------------------------------------------------------------
    def do(self, edit: NoteEdit) -> bool:
        """Make ``edit`` (undo-able); False if the notes changed under it."""
        done = self._run(edit)
        if done is None:
            return False
        self.undo_stack.append(done)
        self.redo_stack.clear()
        self._redraw()
        return True

    @Slot()
    def undo(self) -> None:
        if self.undo_stack:
            done = self._run(self.undo_stack.pop().inverse)
            if done is not None:
                self.redo_stack.append(done.inverse)
            self._redraw()

    @Slot()
    def redo(self) -> None:
        if self.redo_stack:
            done = self._run(self.redo_stack.pop())
            if done is not None:
                self.undo_stack.append(done)
            self._redraw()

    def _run(self, edit: NoteEdit) -> NoteEdit | None:
        note_id = edit.note_id
        after = edit.after
        floor = 0 if edit.before is None else edit.before.updated_at + 1
        if after is not None:
            after = replace(after, updated_at=self._stamp(note_id, max(floor, after.created_at)))
        actual = NoteEdit(edit.before, after)
        try:
            self.notes = actual.apply(self.notes)
        except NoteError:
            log.info("a note changed elsewhere; the undo history is cleared")
            self.undo_stack.clear()
            self.redo_stack.clear()
            return None
        if after is None:
            future = self._engine.notes.delete(self.meeting_id, note_id,
                                               self._stamp(note_id, floor))
        else:
            future = self._engine.notes.save(self.meeting_id, after)
        self._pending[note_id] = after
        self._bridge.then(future, lambda _: self._stored(note_id, after),
                          lambda exc: self._not_stored(note_id, after, exc), context=self)
        return actual

    def _stored(self, note_id: str, note: Note | None) -> None:
        if note_id in self._pending and self._pending[note_id] == note:
            del self._pending[note_id]
        self.reload()

    def _not_stored(self, note_id: str, note: Note | None, exc: BaseException) -> None:
        log.warning("a note could not be saved on this device: %s", type(exc).__name__)
        self._stored(note_id, note)
        self.panel.show_status(self.tr("A note could not be saved: {reason}").format(
            reason=error_text(exc)))

    def new_note(self, page: int, kind: NoteKind, colour: str, **fields: object) -> Note:
        now = _now_ms()
        return Note(id=uuid.uuid4().hex, document_sha256=self.sha256, page=page, kind=kind,
                    color=colour, created_at=now, updated_at=now, author_id=self.user.id,
                    **fields)  # type: ignore[arg-type]  # the fields are Note's own

    # -- what the tools make -----------------------------------------------------------
    @Slot(int, object)
    def _stroke_finished(self, page: int, stroke: Stroke) -> None:
        kind = NoteKind.HIGHLIGHT if self.board.tool is NoteTool.HIGHLIGHTER else NoteKind.INK
        self.do(NoteEdit(None, self.new_note(page, kind, stroke.color, strokes=(stroke,))))

    @Slot(int, float, float)
    def _page_pressed(self, page: int, x: float, y: float) -> None:
        tool = self.board.tool
        if tool is NoteTool.ERASER:
            self.erase_at(page, x, y)
        elif tool in (NoteTool.STICKY, NoteTool.TEXT_BOX):
            self.changes.ask_text(page, x, y, tool)

    def erase_at(self, page: int, x: float, y: float) -> bool:
        """Erase the user's topmost stroke at unrotated page point (x, y); True if one was
        erased."""
        layer = self.layer_of(page)
        slack = ERASER_SLACK / (layer.view.mapper.zoom if layer is not None else 1.0)
        for shape in reversed(self.board.shapes.get(page, [])):
            note = shape.note
            if note.kind not in (NoteKind.INK, NoteKind.HIGHLIGHT) or not may_change(
                    note, self.user.id) or not shape.hit(x, y, slack):
                continue
            if len(note.strokes) == 1:
                return self.do(NoteEdit(note, None))
            keep = tuple(s for s in note.strokes
                         if not NoteShape(replace(note, strokes=(s,))).hit(x, y, slack))
            return self.do(NoteEdit(note, replace(note, strokes=keep or note.strokes[:1])))
        return False

    def add_text_note(self, page: int, x: float, y: float, text: str, *,
                      tool: NoteTool, colour: str) -> bool:
        """Add a sticky note or a text box at unrotated page point (x, y) (see
        :meth:`NoteChanges.add_text_note`)."""
        return self.changes.add_text_note(page, x, y, text, tool=tool, colour=colour)

    @Slot()
    def highlight_selection(self) -> bool:
        """Highlight the text selected in the reader — one highlight per page when the
        selection runs over several; False when nothing usable is selected."""
        canvas = self.viewer.canvas
        made: list[Note] = []
        for view in sorted((v for v in canvas.views.values() if v.selection),
                           key=lambda v: v.index):
            words = canvas.words.get(view.index)
            span = selected_range(words, view.selection) if words else None
            if words is None or span is None:
                continue
            try:
                anchor = anchor_from_words(words, *span, frame=self.frame_of(view.index))
                made.append(self.new_note(view.index, NoteKind.TEXT_HIGHLIGHT,
                                          self.board.color, anchor=anchor))
            except NoteError as exc:
                self.panel.show_status(error_text(exc))
                return False
        if not made:
            return False
        canvas.clear_selection()
        return all([self.do(NoteEdit(None, note)) for note in made])

    # -- panel -------------------------------------------------------------------------
    @Slot(str)
    def jump_to_note(self, note_id: str) -> None:
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is None:
            return
        self.viewer.jump_to(note.page)
        b = note.bounds()
        self.viewer.canvas.scroll_to_rect(
            note.page, self.frame_of(note.page).rect_to_displayed((b.x0, b.y0, b.x1, b.y1)))

    @Slot(str, bool)
    def set_shared(self, note_id: str, shared: bool) -> None:
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is not None and may_change(note, self.user.id) and note.shared != shared:
            self.do(NoteEdit(note, replace(note, shared=shared)))

    # -- files -------------------------------------------------------------------------
    def export_to(self, out: Path) -> None:
        """Write a copy of the document with the user's own notes to ``out`` (on a worker)."""
        self.output.export_to(out, self._mine(), self._names())

    def summary_to(self, out: Path) -> None:
        """Write the notes summary PDF of the notes shown (the user's own and those shared
        with the meeting) to ``out`` (on a worker)."""
        self.output.summary_to(out, ordered(self.notes), self._names())

