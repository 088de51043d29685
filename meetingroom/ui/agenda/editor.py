"""The secretary's agenda editor: actions, shortcuts, undo/redo, uploads and publishing."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QToolButton, QWidget

from meetingroom.domain import agenda
from meetingroom.domain.model import AgendaItem, Document, MeetingStatus
from meetingroom.protocol import requests as rq
from meetingroom.protocol.limits import MAX_DOCUMENT_BYTES
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.agenda.model import AgendaModel
from meetingroom.ui.agenda.undo import (
    AddItem,
    CommandRunner,
    MoveItem,
    Place,
    RemoveDocument,
    RemoveItem,
    UpdateItem,
)
from meetingroom.ui.agenda.undo_offer import UndoOffer
from meetingroom.ui.agenda.view import AgendaTreeView
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.base.theme import TOUCH_PX
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.widgets import FlowLayout, MessageBar
from meetingroom.ui.documents.pane import DocumentPane
from meetingroom.ui.documents.uploads import Uploader

log = logging.getLogger("meetingroom.ui")


class AgendaEditor(QObject):
    """Edits the agenda shown in ``view``; owner: the main window (parent).

    Every change is a QUndoCommand that sends a server command (and the inverse
    on undo); the tree redraws when the server's update arrives. Hidden from
    users who may not edit, though the server enforces that anyway.
    """

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, icons: IconSet, *,
                 model: AgendaModel, view: AgendaTreeView, pane: DocumentPane,
                 messages: MessageBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._bridge, self._icons = engine, bridge, icons
        self.model, self.view, self.pane, self.messages = model, view, pane, messages
        self.stack = QUndoStack(self)
        self.undo_offer = UndoOffer(self.stack, messages, self)
        self.runner = CommandRunner(engine, bridge, self)
        self.uploader = Uploader(engine, bridge, self)
        self._select_after: tuple[str, bool] | None = None
        self.toolbar = QWidget()
        """The row of editing buttons; the main window adopts it into its layout."""
        self._labelled: list[QToolButton] = []
        """The tools that show a label beside their icon when the row has room."""
        self.actions: dict[str, QAction] = {}
        self._make_actions()
        self._make_toolbar()
        self.runner.failed.connect(self._command_failed)
        self.runner.item_created.connect(self._item_created)
        model.modelReset.connect(self._select_pending)
        model.rename_requested.connect(self.rename)
        model.move_requested.connect(self._dropped_move)
        view.indent_requested.connect(self.indent)
        view.outdent_requested.connect(self.outdent)
        view.files_dropped.connect(self.attach_files)
        view.selectionModel().currentChanged.connect(self.update_actions)
        pane.attach_requested.connect(self.attach_files)
        pane.remove_requested.connect(self.remove_document)
        pane.replace_requested.connect(self.replace_document)
        pane.notes_save_requested.connect(self.save_notes)
        pane.label_requested.connect(self.label_document)
        self.uploader.progressed.connect(pane.show_upload)
        self.uploader.finished.connect(self._upload_finished)
        self.stack.canUndoChanged.connect(self.update_actions)
        self.stack.canRedoChanged.connect(self.update_actions)
        self._retranslate()
        self.update_actions()

    # -- actions and toolbar -------------------------------------------------------------
    def _make_actions(self) -> None:
        window = self.view.window()
        specs = [
            ("add", "add", QKeySequence("Ctrl+N"), self.add_item, True),
            ("subitem", "subitem", QKeySequence("Ctrl+Shift+N"), self.add_subitem, True),
            ("rename", "edit", QKeySequence(Qt.Key.Key_F2), self.rename_current, False),
            ("remove", "remove", QKeySequence(QKeySequence.StandardKey.Delete),
             self.remove_current, False),
            ("up", "up", QKeySequence("Alt+Up"), self.move_up, False),
            ("down", "down", QKeySequence("Alt+Down"), self.move_down, False),
            ("outdent", "outdent", None, self.outdent, False),
            ("indent", "indent", None, self.indent, False),
            ("undo", "undo", QKeySequence(QKeySequence.StandardKey.Undo), self.stack.undo, True),
            ("redo", "redo", QKeySequence("Ctrl+Y"), self.stack.redo, True),
        ]
        for name, icon, keys, slot, window_wide in specs:
            action = QAction(self._icons.icon(icon), "", window)
            if keys is not None:
                action.setShortcut(keys)
                # Item keys act only in the tree, so Del in a text field deletes text.
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if window_wide
                                          else Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            (window if window_wide else self.view).addAction(action)
            self.actions[name] = action
        self.actions["redo"].setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])

    def _make_toolbar(self) -> None:
        lay = FlowLayout(self.toolbar, spacing=2)
        for name in ("add", "subitem", "rename", "remove", "up", "down", "outdent", "indent",
                     "undo", "redo"):
            button = QToolButton(self.toolbar)
            button.setDefaultAction(self.actions[name])
            button.setIconSize(QSize(22, 22))
            button.setMinimumSize(TOUCH_PX, TOUCH_PX)
            button.setObjectName(f"agenda-{name}")
            if name in ("add", "subitem"):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                self._labelled.append(button)
            lay.addWidget(button)
        self.toolbar.installEventFilter(self)  # resizes: see _fit_toolbar

    def _fit_toolbar(self) -> None:
        """Keep the tools on one row: "Item" and "Sub-item" show their labels only when
        the whole row fits with them, else their icons (with the tooltip) like the rest.
        Without this, a pane beside it growing a few pixels wider moved four tools onto
        a second row."""
        lay = self.toolbar.layout()
        if lay is None or not self._labelled:
            return
        items = [lay.itemAt(i) for i in range(lay.count())]
        shown = [w for w in (it.widget() for it in items if it is not None)
                 if w is not None and not w.isHidden()]
        spacing = max(lay.spacing(), 0) * max(len(shown) - 1, 0)
        icon_only = sum(b.sizeHint().width() for b in shown if b not in self._labelled)
        labelled = sum(_labelled_width(b) for b in self._labelled if not b.isHidden())
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                 if icon_only + labelled + spacing <= self.toolbar.width()
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        for button in self._labelled:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def _retranslate(self) -> None:
        texts = {
            "add": (self.tr("Item"), self.tr("Add an agenda item after the selected one")),
            "subitem": (self.tr("Sub-item"), self.tr("Add a sub-item to the selected item")),
            "rename": (self.tr("Rename"), self.tr("Rename the selected item")),
            "remove": (self.tr("Delete"), self.tr("Delete the selected item and its sub-items")),
            "up": (self.tr("Move up"), self.tr("Move the selected item up")),
            "down": (self.tr("Move down"), self.tr("Move the selected item down")),
            "outdent": (self.tr("Outdent"), self.tr("Move one level out (Shift+Tab)")),
            "indent": (self.tr("Indent"), self.tr("Make it a sub-item of the item above (Tab)")),
            "undo": (self.tr("Undo"), self.tr("Undo the last change")),
            "redo": (self.tr("Redo"), self.tr("Redo the change you undid")),
        }
        for name, (text, tip) in texts.items():
            action = self.actions[name]
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
        self.toolbar.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        if watched is self.toolbar and event.type() in (QEvent.Type.Resize,
                                                        QEvent.Type.LanguageChange):
            self._fit_toolbar()
        return False

    def install_language_hook(self) -> None:
        """Retranslate the actions when the interface language changes."""
        self.toolbar.installEventFilter(self)

    # -- state ------------------------------------------------------------------------
    @property
    def meeting_id(self) -> str | None:
        return self.model.meeting_id

    def _current(self) -> str | None:
        return self.view.current_item_id

    def _place(self, item_id: str) -> Place:
        it = self.model.item(item_id)
        assert it is not None
        return Place(it.parent_id, self.model.child_ids(it.parent_id).index(item_id))

    @Slot()
    def update_actions(self) -> None:
        cur = self._current()
        items = self.model.items
        has = cur is not None and self.meeting_id is not None
        place = self._place(cur) if cur is not None and self.model.item(cur) else None
        depth = agenda.depth_of(items, cur) if cur else 0
        a = self.actions
        a["add"].setEnabled(self.meeting_id is not None)
        a["subitem"].setEnabled(has and depth < agenda.MAX_DEPTH)
        for name in ("rename", "remove"):
            a[name].setEnabled(has)
        a["up"].setEnabled(place is not None and place.index > 0)
        a["down"].setEnabled(place is not None and place.index + 1 < len(
            self.model.child_ids(place.parent)))
        a["indent"].setEnabled(place is not None and place.index > 0)
        a["outdent"].setEnabled(place is not None and place.parent is not None)
        a["undo"].setEnabled(self.stack.canUndo())
        a["redo"].setEnabled(self.stack.canRedo())

    def reset_history(self) -> None:
        """Another meeting was selected: its undo history starts empty."""
        self.stack.clear()

    # -- item commands ----------------------------------------------------------------
    @Slot()
    def add_item(self) -> None:
        mid, cur = self.meeting_id, self._current()
        if mid is None:
            return
        if cur is None:
            cmd = AddItem(self.runner, mid, self.tr("Add item"), parent=None,
                          title=self.tr("New item"))
        else:
            place = self._place(cur)
            cmd = AddItem(self.runner, mid, self.tr("Add item"), parent=place.parent,
                          title=self.tr("New item"), index=place.index + 1)
        self.stack.push(cmd)

    @Slot()
    def add_subitem(self) -> None:
        mid, cur = self.meeting_id, self._current()
        if mid is None or cur is None:
            return
        if agenda.depth_of(self.model.items, cur) >= agenda.MAX_DEPTH:
            self.messages.show_error(self.tr("The agenda allows at most three levels "
                                             "(1, 1.1, 1.1.1)."))
            return
        self.stack.push(AddItem(self.runner, mid, self.tr("Add sub-item"), parent=cur,
                                title=self.tr("New sub-item")))

    @Slot()
    def rename_current(self) -> None:
        idx = self.view.currentIndex()
        if idx.isValid():
            self.view.edit(idx)

    @Slot(str, str)
    def rename(self, item_id: str, title: str) -> None:
        it, mid = self.model.item(item_id), self.meeting_id
        if it is None or mid is None:
            return
        old = next((i.title for i in self._snapshot_items() if i.id == item_id), it.title)
        if old != title:
            self.stack.push(UpdateItem(self.runner, mid, self.tr("Rename item"), item=item_id,
                                       field="title", old=old, new=title))

    def _snapshot_items(self) -> tuple[AgendaItem, ...]:
        mid = self.meeting_id
        snap = self._engine.meetings.snapshot(mid) if mid else None
        return snap.items if snap else ()

    @Slot(str, str)
    def save_notes(self, item_id: str, notes: str) -> None:
        it, mid = self.model.item(item_id), self.meeting_id
        if it is None or mid is None or it.notes == notes:
            return
        self.stack.push(UpdateItem(self.runner, mid, self.tr("Edit notes"), item=item_id,
                                   field="notes", old=it.notes, new=notes))
        self.messages.show_info(self.tr("Notes saved."))

    @Slot()
    def remove_current(self) -> None:
        cur, mid = self._current(), self.meeting_id
        snap = self._engine.meetings.snapshot(mid) if mid else None
        if cur is None or mid is None or snap is None or self.model.item(cur) is None:
            return
        title = self.model.item(cur).title  # type: ignore[union-attr]  # checked above
        command = RemoveItem(self.runner, mid, self.tr("Delete item"),
                             items=snap.items, documents=snap.documents, root=cur)
        self.stack.push(command)
        self.undo_offer.offer(self.tr("“{title}” was deleted.").format(title=title),
                              self.tr("Undo"), command)

    def _move_to(self, item_id: str, new: Place, text: str) -> None:
        mid = self.meeting_id
        if mid is None or self.model.item(item_id) is None:
            return
        old = self._place(item_id)
        if old == new:
            return
        if new.parent is not None and agenda.depth_of(self.model.items, new.parent) + \
                agenda.subtree_height(self.model.items, item_id) > agenda.MAX_DEPTH:
            self.messages.show_error(self.tr("The agenda allows at most three levels "
                                             "(1, 1.1, 1.1.1)."))
            return
        self.stack.push(MoveItem(self.runner, mid, text, item=item_id, old=old, new=new))

    @Slot()
    def move_up(self) -> None:
        cur = self._current()
        if cur is not None:
            p = self._place(cur)
            if p.index > 0:
                self._move_to(cur, Place(p.parent, p.index - 1), self.tr("Move item up"))

    @Slot()
    def move_down(self) -> None:
        cur = self._current()
        if cur is not None:
            p = self._place(cur)
            if p.index + 1 < len(self.model.child_ids(p.parent)):
                self._move_to(cur, Place(p.parent, p.index + 1), self.tr("Move item down"))

    @Slot()
    def indent(self) -> None:
        cur = self._current()
        if cur is None:
            return
        p = self._place(cur)
        if p.index == 0:
            return
        above = self.model.child_ids(p.parent)[p.index - 1]
        self._move_to(cur, Place(above, len(self.model.child_ids(above))), self.tr("Indent item"))

    @Slot()
    def outdent(self) -> None:
        cur = self._current()
        if cur is None:
            return
        p = self._place(cur)
        if p.parent is None:
            return
        parent_place = self._place(p.parent)
        self._move_to(cur, Place(parent_place.parent, parent_place.index + 1),
                      self.tr("Outdent item"))

    @Slot(str, object, int)
    def _dropped_move(self, item_id: str, parent_id: str | None, index: int) -> None:
        self._move_to(item_id, Place(parent_id, index), self.tr("Move item"))

    @Slot(object)
    def label_document(self, doc: Document, label: str) -> None:
        """Give ``doc`` the title participants see ("": the PDF's own title or name)."""
        mid = self.meeting_id
        if mid is not None:
            self.runner.send(lambda: rq.DocumentLabel(meeting_id=mid, document_id=doc.id,
                                                      label=label))
            self.messages.show_info(self.tr("Title saved."))

    def remove_document(self, doc: Document) -> None:
        mid = self.meeting_id
        if mid is not None:
            command = RemoveDocument(self.runner, mid, self.tr("Remove document"),
                                     document=doc)
            self.stack.push(command)
            self.undo_offer.offer(self.tr("“{name}” was removed.").format(name=doc.name),
                                  self.tr("Undo"), command)

    # -- results ----------------------------------------------------------------------
    @Slot(object)
    def _command_failed(self, exc: BaseException) -> None:
        self.messages.show_error(error_text(exc))
        self.stack.clear()  # the history no longer matches the server
        self.update_actions()

    @Slot(str, bool)
    def _item_created(self, item_id: str, first: bool) -> None:
        self._select_after = (item_id, first)
        self._select_pending()

    @Slot()
    def _select_pending(self) -> None:
        if self._select_after is None:
            self.update_actions()
            return
        item_id, edit = self._select_after
        if self.model.item(item_id) is None:
            return
        self._select_after = None
        self.view.select_item(item_id)
        self.view.setFocus()
        if edit:
            self.view.edit(self.view.currentIndex())
        self.update_actions()

    # -- documents --------------------------------------------------------------------
    @Slot(str, list)
    def attach_files(self, item_id: str, paths: list[str]) -> None:
        """Upload and attach PDFs to ``item_id`` (the file dialog and drops both land here)."""
        mid = self.meeting_id
        if mid is None:
            return
        for raw in paths:
            path = Path(raw)
            if self._usable_pdf(path):
                self.uploader.start(mid, item_id, path)

    @Slot(object, str)
    def replace_document(self, doc: Document, raw: str) -> None:
        """Upload ``raw`` as the new version of ``doc`` (keeping its name); the old
        version stays readable and notes are carried over on every device."""
        mid = self.meeting_id
        path = Path(raw)
        if mid is not None and self._usable_pdf(path):
            self.uploader.start(mid, doc.item_id, path, name=doc.name, replaces=doc.id)

    def _usable_pdf(self, path: Path) -> bool:
        if path.suffix.lower() != ".pdf" or not path.is_file():
            self.messages.show_error(self.tr("“{name}” is not a PDF file.").format(
                name=path.name))
            return False
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            self.messages.show_error(self.tr("“{name}” is too large.").format(name=path.name))
            return False
        return True

    @Slot(str, str, object)
    def _upload_finished(self, key: str, name: str, outcome: object) -> None:
        self.pane.finish_upload(key)
        if isinstance(outcome, BaseException):
            self.messages.show_error(self.tr("Could not attach “{name}”: {reason}").format(
                name=name, reason=error_text(outcome)))
        elif isinstance(outcome, Document) and outcome.version > 1:
            self.messages.show_info(self.tr("“{name}” is now version {version}; the earlier"
                                            " version stays readable.").format(
                name=name, version=outcome.version))
        else:
            self.messages.show_info(self.tr("“{name}” was attached.").format(name=name))

    # -- publishing -------------------------------------------------------------------
    @Slot()
    def ask_publish(self) -> None:
        mid = self.meeting_id
        snap = self._engine.meetings.snapshot(mid) if mid else None
        if snap is None or snap.meeting.status is MeetingStatus.PUBLISHED:
            return
        self.messages.show_info(
            self.tr("Publish this meeting? Its %n participant(s) will receive the agenda "
                    "and documents.", "", len(snap.participants)),
            action=self.tr("Publish now"), callback=self.publish)

    @Slot()
    def publish(self) -> None:
        mid = self.meeting_id
        if mid is None:
            return
        self._bridge.then(self._engine.outbox.command(rq.MeetingPublish(meeting_id=mid)),
                          lambda _r: self.messages.show_info(self.tr("The meeting is published.")),
                          lambda exc: self.messages.show_error(error_text(exc)), context=self)


def _labelled_width(button: QToolButton) -> int:
    """The width ``button`` takes with its label beside its icon (measured, not guessed,
    so that the row never flips back and forth)."""
    style = button.toolButtonStyle()
    if style == Qt.ToolButtonStyle.ToolButtonTextBesideIcon:
        return button.sizeHint().width()
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    width = button.sizeHint().width()
    button.setToolButtonStyle(style)
    return width
