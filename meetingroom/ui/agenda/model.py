"""The agenda of one meeting as a Qt tree model, numbered 1, 1.1, 1.1.1 like the paper."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    SignalInstance,
)

from meetingroom.domain import agenda
from meetingroom.domain.model import AgendaItem, MeetingSnapshot

log = logging.getLogger("meetingroom.ui")

ITEM_MIME = "application/x-meetingroom-agenda-item"
"""Drag payload: the id of the dragged agenda item (UTF-8)."""

ItemIdRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
NumberRole = Qt.ItemDataRole.UserRole + 3
DocCountRole = Qt.ItemDataRole.UserRole + 4
"""How many documents (current versions) the item has."""
DocReadyRole = Qt.ItemDataRole.UserRole + 5
"""How many of them are downloaded and verified on this computer."""

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
"""The invalid index (an immutable value) used as the default parent."""


class AgendaModel(QAbstractItemModel):
    """Items of one MeetingSnapshot in display order; owner: the view's pane (parent).

    The model never changes the agenda by itself: edits, drops and moves become
    requests (signals) that the editor sends to the server; the server's answer
    comes back as a new snapshot. A new snapshot with the same tree shape only
    repaints the rows that changed; a new shape resets the model (views keep
    their expanded and current items by id).
    """

    rename_requested = Signal(str, str)
    """(item_id, new title): the user edited a title in place."""
    move_requested = Signal(str, object, int)
    """(item_id, new parent id or None, index among the new siblings): a drag and drop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ready: Callable[[str], bool] = lambda _sha: False
        self._item_docs: dict[str, tuple[str, ...]] = {}
        """item id → the sha256 of each of its documents (current versions)."""
        self._snapshot: MeetingSnapshot | None = None
        self._items: dict[str, AgendaItem] = {}
        self._children: dict[str | None, list[str]] = {None: []}
        self._numbers: dict[str, str] = {}
        self._doc_counts: dict[str, int] = {}
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._next_key = itertools.count(1)
        self.editable = False

    # -- content ---------------------------------------------------------------------
    @property
    def meeting_id(self) -> str | None:
        return self._snapshot.meeting.id if self._snapshot else None

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return tuple(self._items.values())

    def item(self, item_id: str) -> AgendaItem | None:
        return self._items.get(item_id)

    def number(self, item_id: str) -> str:
        return self._numbers.get(item_id, "")

    def child_ids(self, parent_id: str | None) -> list[str]:
        return list(self._children.get(parent_id, []))

    def set_snapshot(self, snap: MeetingSnapshot | None) -> None:
        """Show ``snap``; repaint in place when only titles, notes or documents changed."""
        old_shape = self._children
        self._snapshot = snap
        items = snap.items if snap else ()
        ordered = agenda.ordered(items)
        children: dict[str | None, list[str]] = {None: []}
        for o in ordered:
            children.setdefault(o.item.parent_id, []).append(o.item.id)
        new_items = {o.item.id: o.item for o in ordered}
        numbers = {o.item.id: o.number for o in ordered}
        item_docs: dict[str, tuple[str, ...]] = {}
        for item_id in new_items:
            docs = snap.documents_of(item_id) if snap else ()
            if docs:
                item_docs[item_id] = tuple(d.sha256 for d in docs)
        self._item_docs = item_docs
        counts = {item_id: len(shas) for item_id, shas in item_docs.items()}
        if children == old_shape:
            changed = [i for i in new_items if new_items[i] != self._items.get(i)
                       or counts.get(i, 0) != self._doc_counts.get(i, 0)]
            self._items, self._numbers, self._doc_counts = new_items, numbers, counts
            for item_id in changed:
                idx = self.index_of(item_id)
                self.dataChanged.emit(idx, idx)
            return
        self.beginResetModel()
        self._items, self._numbers, self._doc_counts = new_items, numbers, counts
        self._children = children
        for item_id in new_items:
            if item_id not in self._keys:
                key = next(self._next_key)
                self._keys[item_id] = key
                self._ids[key] = item_id
        self.endResetModel()

    def follow_downloads(self, ready: Callable[[str], bool], changed: SignalInstance) -> None:
        """Count each item's downloaded documents with ``ready(sha256)``, repainting the
        items of a document when ``changed`` (sha256) says its state changed."""
        self._ready = ready
        changed.connect(self._download_changed)

    def _download_changed(self, sha256: str) -> None:
        for item_id, shas in self._item_docs.items():
            if sha256 in shas:
                idx = self.index_of(item_id)
                self.dataChanged.emit(idx, idx)

    def documents_here(self, item_id: str) -> tuple[int, int]:
        """(documents, downloaded) of ``item_id``."""
        shas = self._item_docs.get(item_id, ())
        return len(shas), sum(1 for sha in shas if self._ready(sha))

    def apply_local_title(self, item_id: str, title: str) -> None:
        """Show a title the user just typed until the server's snapshot confirms it."""
        it = self._items.get(item_id)
        if it is None or it.title == title:
            return
        self._items[item_id] = replace(it, title=title)
        idx = self.index_of(item_id)
        self.dataChanged.emit(idx, idx)

    # -- index plumbing ----------------------------------------------------------------
    def index_of(self, item_id: str | None) -> QModelIndex:
        if item_id is None or item_id not in self._items:
            return QModelIndex()
        parent_id = self._items[item_id].parent_id
        row = self._children.get(parent_id, []).index(item_id)
        return self.createIndex(row, 0, self._keys[item_id])

    def item_id(self, index: AnyIndex) -> str | None:
        if not index.isValid():
            return None
        return self._ids.get(index.internalId())

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        kids = self._children.get(self.item_id(parent), [])
        if column != 0 or not 0 <= row < len(kids):
            return QModelIndex()
        return self.createIndex(row, 0, self._keys[kids[row]])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...
    def parent(self, child: AnyIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        item_id = self.item_id(child)
        if item_id is None or item_id not in self._items:
            return QModelIndex()
        return self.index_of(self._items[item_id].parent_id)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self.item_id(parent), []))

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item_id = self.item_id(index)
        if item_id is None:
            return None
        it = self._items[item_id]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._numbers[item_id]}. {it.title}"
        if role == Qt.ItemDataRole.EditRole:
            return it.title
        if role == Qt.ItemDataRole.ToolTipRole:
            total, ready = self.documents_here(item_id)
            docs = self.documents_text(total, ready) if total else ""
            return "\n".join(t for t in (it.notes, docs) if t) or None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            total, ready = self.documents_here(item_id)
            return self.documents_text(total, ready) if total else None
        if role == ItemIdRole:
            return item_id
        if role == ItemRole:
            return it
        if role == NumberRole:
            return self._numbers[item_id]
        if role == DocCountRole:
            return self._doc_counts.get(item_id, 0)
        if role == DocReadyRole:
            return self.documents_here(item_id)[1]
        return None

    def documents_text(self, total: int, ready: int) -> str:
        """"3 documents, 2 downloaded"."""
        return self.tr("%n document(s), {ready} downloaded", "", total).format(ready=ready)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        if self.editable:
            base |= (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
                     | Qt.ItemFlag.ItemIsDropEnabled)
        return base

    def setData(self, index: AnyIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        item_id = self.item_id(index)
        if item_id is None or role != Qt.ItemDataRole.EditRole or not self.editable:
            return False
        title = str(value).strip()
        if not title or title == self._items[item_id].title:
            return False
        self.apply_local_title(item_id, title)
        self.rename_requested.emit(item_id, title)
        return True

    # -- drag and drop -------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [i for i in (self.item_id(ix) for ix in indexes) if i]
        if ids:
            data.setData(ITEM_MIME, QByteArray(ids[0].encode("utf-8")))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,
                        column: int, parent: AnyIndex) -> bool:
        return self.editable and data.hasFormat(ITEM_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,
                     column: int, parent: AnyIndex) -> bool:
        """Turn a drop into a request; the tree changes when the server confirms it."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.item_id(parent)
        moving = bytes(data.data(ITEM_MIME).data()).decode("utf-8")
        if moving not in self._items:
            return False
        siblings = self._children.get(target, [])
        index = len(siblings) if row < 0 else row
        if moving in siblings and siblings.index(moving) < index:
            index -= 1  # the server's index counts the siblings without the moving item
        if moving in siblings and siblings.index(moving) == index:
            return False  # dropped where it already is
        self.move_requested.emit(moving, target, index)
        return True
