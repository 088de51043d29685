"""The agenda tree view: keyboard indent/outdent and PDF drops onto items for editors."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from meetingroom.ui.agenda.badge import DocumentBadge
from meetingroom.ui.agenda.model import AgendaModel
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.keyboard import leave_with_ctrl_tab
from meetingroom.ui.documents.pane import pdf_paths_of

log = logging.getLogger("meetingroom.ui")


class AgendaTreeView(QTreeView):
    """Tree of agenda items; owner: the main window's agenda pane (parent).

    For editors it accepts internal drags (reorder and nest, handled by the
    model as requests) and PDF files dropped on an item.
    """

    files_dropped = Signal(str, list)
    """(item_id, [local PDF paths]): PDF files were dropped on an agenda item."""
    indent_requested = Signal()
    """Tab: make the current item a sub-item of the one above it."""
    outdent_requested = Signal()
    """Shift+Tab: move the current item one level up."""

    def __init__(self, model: AgendaModel, parent: QWidget | None = None, *,
                 icons: IconSet | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        self.badge = DocumentBadge(icons or IconSet(), self)
        """Each item's "downloaded/documents" count, at its right."""
        self.setItemDelegate(self.badge)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setIndentation(22)
        self.setAnimated(False)  # old machines: no animation cost
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDropIndicatorShown(True)
        leave_with_ctrl_tab(self)  # Tab nests items for editors
        self._collapsed: set[str] = set()
        self._current: str | None = None
        model.modelAboutToBeReset.connect(self._remember_state)
        model.modelReset.connect(self._restore_state)
        self.set_editable(False)

    def set_editable(self, editable: bool) -> None:
        self._model.editable = editable
        self.setDragEnabled(editable)
        self.setAcceptDrops(editable)
        self.viewport().setAcceptDrops(editable)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop if editable
                             else QAbstractItemView.DragDropMode.NoDragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    @property
    def current_item_id(self) -> str | None:
        return self._model.item_id(self.currentIndex())

    def select_item(self, item_id: str | None) -> None:
        idx = self._model.index_of(item_id)
        if idx.isValid():
            parent = idx.parent()
            while parent.isValid():
                self.expand(parent)
                parent = parent.parent()
            self.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(idx)

    # -- keep expansion and selection across model resets -------------------------------
    @Slot()
    def _remember_state(self) -> None:
        self._current = self.current_item_id
        self._collapsed = {it.id for it in self._model.items if self._model.child_ids(it.id)
                           and not self.isExpanded(self._model.index_of(it.id))}

    @Slot()
    def _restore_state(self) -> None:
        self.expandAll()  # agendas are short: sub-items visible unless the user folded them
        for item_id in self._collapsed:
            self.collapse(self._model.index_of(item_id))
        if self._current is not None:
            self.select_item(self._current)

    # -- keyboard ------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if (self._model.editable and e.type() == QEvent.Type.KeyPress
                and isinstance(e, QKeyEvent) and self.state() != self.State.EditingState):
            if e.key() == Qt.Key.Key_Tab and e.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.indent_requested.emit()
                return True
            if e.key() == Qt.Key.Key_Backtab:
                self.outdent_requested.emit()
                return True
        return super().event(e)

    # -- PDF files dropped on an item ------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if pdf_paths_of(event):
            if self._model.editable:
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if pdf_paths_of(event):
            target = self.indexAt(event.position().toPoint())
            if self._model.editable and target.isValid():
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = pdf_paths_of(event)
        if paths:
            target: QModelIndex = self.indexAt(event.position().toPoint())
            item_id = self._model.item_id(target)
            if self._model.editable and item_id is not None:
                event.acceptProposedAction()
                self.files_dropped.emit(item_id, paths)
            else:
                event.ignore()
            return
        super().dropEvent(event)
