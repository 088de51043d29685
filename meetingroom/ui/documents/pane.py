"""The right-hand pane: the selected item's notes and documents, Open, and (editors) attach."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QSize, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.doc_titles import display_title, tidy_file_name
from meetingroom.domain.model import AgendaItem, Document, MeetingSnapshot
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.lines import lines_high
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, heading, muted, primary_button
from meetingroom.ui.documents.model import DocState, DocumentModel, DocumentStates, StateRole

log = logging.getLogger("meetingroom.ui")


def pdf_paths_of(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Local .pdf files carried by a drag (other files are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(".pdf")]


_OPENABLE = (DocState.READY, DocState.DOWNLOADING, DocState.PARTIAL)
"""A document downloading now, or partly here, opens at once with the pages that have
arrived."""


class DocumentPane(Retranslated, QWidget):
    """Shows one agenda item; owner: the main window's splitter (parent)."""

    open_requested = Signal(object)
    """Document: the user wants to read this (verified) document."""
    attach_requested = Signal(str, list)
    """(item_id, [local PDF paths]): from the file dialog or a drop on this pane."""
    remove_requested = Signal(object)
    """Document: an editor removes this document (every version of it) from the item."""
    replace_requested = Signal(object, str)
    """(Document, local PDF path): an editor uploads a new version of this document."""
    notes_save_requested = Signal(str, str)
    """(item_id, notes): an editor saved the item's notes."""
    label_requested = Signal(object, str)
    """(Document, title): an editor gave the document this title ("": its own again)."""

    def __init__(self, states: DocumentStates, icons: IconSet,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._item: AgendaItem | None = None
        self._number = ""
        self.model = DocumentModel(states, icons, self)
        self.title = heading("", self)
        self.notes = muted("", self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        lines_high(self.notes_edit, 3)
        self.save_notes = QPushButton(self)
        self.docs_label = QLabel(self)
        self.docs_label.setProperty("role", "heading")
        self.list = QListView(self)
        self.docs_label.setBuddy(self.list)  # a screen reader's name for it
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(28, 28))
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.empty = muted("", self)
        self.open_button = primary_button("", self)
        self.open_button.setIcon(icons.on_accent("open"))
        self.attach_button = QPushButton(icons.icon("attach"), "", self)
        self.remove_button = QPushButton(icons.icon("remove"), "", self)
        self.replace_button = QPushButton(icons.icon("sync"), "", self)
        self.label_edit = QLineEdit(self)
        """Editors: the title participants see for the chosen document."""
        self.label_edit.returnPressed.connect(self._save_label)
        self.label_edit.textChanged.connect(self._update_label_button)
        self.label_button = QPushButton(self)
        self.label_button.clicked.connect(self._save_label)
        self.uploads = QVBoxLayout()
        self._upload_rows: dict[str, tuple[QWidget, QProgressBar]] = {}

        # wraps instead of widening the pane: a row of three Vietnamese labels made the
        # pane ~490 px wide, which pushed the agenda's tool row onto two rows; and at a
        # large text size
        buttons_box = QWidget(self)
        buttons = FlowLayout(buttons_box, spacing=6)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(self.remove_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.notes)
        lay.addWidget(self.notes_edit)
        lay.addWidget(self.save_notes)
        lay.addSpacing(6)
        lay.addWidget(self.docs_label)
        lay.addWidget(self.list, 1)
        label_row = QHBoxLayout()
        label_row.addWidget(self.label_edit, 1)
        label_row.addWidget(self.label_button)
        lay.addLayout(label_row)
        lay.addWidget(self.empty)
        lay.addLayout(self.uploads)
        lay.addStretch(0)  # takes the room when there is no list to show
        lay.addWidget(self.open_button)
        lay.addWidget(buttons_box)

        self.list.doubleClicked.connect(self._activated)
        self.list.activated.connect(self._activated)
        self.open_button.clicked.connect(self._open_current)
        self.attach_button.clicked.connect(self._choose_files)
        self.remove_button.clicked.connect(self._remove_current)
        self.replace_button.clicked.connect(self._choose_replacement)
        self.save_notes.clicked.connect(self._save_notes)
        self.notes_edit.textChanged.connect(self._notes_edited)
        self.list.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._after_reset)
        self._label_of: str | None = None
        """The document whose title the title field holds."""
        self.editable = False
        self.set_editable(False)
        self._retranslate()
        self.show_item(None, None, "")

    # -- content ---------------------------------------------------------------------
    @property
    def item_id(self) -> str | None:
        return self._item.id if self._item else None

    def _update_empty_text(self) -> None:
        self.empty.setText(self.tr("No documents yet. Drop PDF files here or choose “Attach PDF…”.")
                           if self.editable else self.tr("No documents for this item."))

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_empty_text()
        self.setAcceptDrops(editable)
        for w in (self.notes_edit, self.save_notes, self.attach_button, self.remove_button,
                  self.replace_button):
            w.setVisible(editable)
        self.notes.setVisible(not editable and bool(self._item and self._item.notes))
        self._update_buttons()

    def show_item(self, snap: MeetingSnapshot | None, item: AgendaItem | None,
                  number: str) -> None:
        """Show ``item`` of ``snap`` (None: nothing selected)."""
        same = self._item is not None and item is not None and self._item.id == item.id
        self._item, self._number = item, number
        docs = snap.documents_of(item.id) if (snap and item) else ()
        # each document, then its earlier versions (newest first): still readable
        self.model.set_documents([v for d in docs for v in (
            d, *reversed(snap.versions_of(d)[:-1] if snap else ()))])
        if item is None:
            self.title.setText(self.tr("Choose an agenda item"))
        else:
            self.title.setText(f"{number}. {item.title}")
        self.notes.setText(item.notes if item else "")
        self.notes.setVisible(not self.editable and bool(item and item.notes))
        if not same or not self.notes_edit.hasFocus():
            self.notes_edit.setPlainText(item.notes if item else "")
        self.notes_edit.setEnabled(item is not None)
        self._notes_edited()
        self.empty.setVisible(item is not None and not docs)
        for w in (self.list, self.open_button):
            w.setVisible(bool(docs))
        if self.model.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0))
        self._update_buttons()

    def current_document(self) -> Document | None:
        return self.model.document(self.list.currentIndex().row())

    # -- uploads -----------------------------------------------------------------------
    @Slot(str, str, int, int)
    def show_upload(self, key: str, name: str, done: int, total: int) -> None:
        row = self._upload_rows.get(key)
        if row is None:
            box = QWidget(self)
            label = QLabel(name, box)
            bar = QProgressBar(box)
            bar.setRange(0, 1000)
            h = QHBoxLayout(box)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(label, 1)
            h.addWidget(bar, 1)
            self.uploads.addWidget(box)
            row = (box, bar)
            self._upload_rows[key] = row
        bar = row[1]
        bar.setValue(round(1000 * done / total) if total else 0)
        bar.setFormat(self.tr("Uploading – {percent} %").format(
            percent=int(100 * done / total) if total else 0))

    def finish_upload(self, key: str) -> None:
        row = self._upload_rows.pop(key, None)
        if row is not None:
            row[0].deleteLater()

    # -- actions -----------------------------------------------------------------------
    @Slot()
    def _after_reset(self) -> None:
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        idx = self.list.currentIndex()
        self.open_button.setEnabled(idx.isValid() and idx.data(StateRole) in _OPENABLE)
        doc = self.model.document(idx.row()) if idx.isValid() else None
        current = doc is not None and doc.current
        self.remove_button.setEnabled(current)
        self.remove_button.setVisible(self.editable and self.model.rowCount() > 0)
        for w in (self.label_edit, self.label_button):
            w.setVisible(self.editable and current)
        if doc is not None and doc.id != self._label_of:
            self._label_of = doc.id
            self.label_edit.setText(doc.label)
            self.label_edit.setPlaceholderText(doc.pdf_title or tidy_file_name(doc.name))
        self._update_label_button()
        self.replace_button.setEnabled(current)
        self.replace_button.setVisible(self.editable and self.model.rowCount() > 0)
        self.attach_button.setEnabled(self._item is not None)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        doc = self.model.document(index.row())
        if doc is not None and index.data(StateRole) in _OPENABLE:
            self.open_requested.emit(doc)

    @Slot()
    def _open_current(self) -> None:
        self._activated(self.list.currentIndex())

    @Slot()
    def _remove_current(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.remove_requested.emit(doc)

    @Slot()
    def _choose_replacement(self) -> None:
        doc = self.current_document()
        if doc is None or not doc.current:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("New version of “{name}”").format(name=display_title(doc)), "",
            self.tr("PDF documents (*.pdf)"))
        if path:
            self.replace_requested.emit(doc, path)

    @Slot()
    def _update_label_button(self) -> None:
        doc = self.current_document()
        self.label_button.setEnabled(doc is not None and doc.current
                                     and self.label_edit.text().strip() != doc.label)

    @Slot()
    def _save_label(self) -> None:
        doc = self.current_document()
        text = self.label_edit.text().strip()
        if doc is not None and doc.current and text != doc.label:
            self.label_requested.emit(doc, text)

    @Slot()
    def _notes_edited(self) -> None:
        changed = self._item is not None and self.notes_edit.toPlainText() != self._item.notes
        self.save_notes.setEnabled(changed)

    @Slot()
    def _save_notes(self) -> None:
        if self._item is not None:
            self.notes_save_requested.emit(self._item.id, self.notes_edit.toPlainText())

    @Slot()
    def _choose_files(self) -> None:
        if self._item is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach PDF documents"), "", self.tr("PDF documents (*.pdf)"))
        if paths:
            self.attach_requested.emit(self._item.id, paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.editable and self._item is not None and pdf_paths_of(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = pdf_paths_of(event)
        if self.editable and self._item is not None and paths:
            event.acceptProposedAction()
            self.attach_requested.emit(self._item.id, paths)

    # -- language ----------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.docs_label.setText(self.tr("Documents"))
        self.notes_edit.setAccessibleName(self.tr("Notes on this item"))
        self._update_empty_text()
        self.open_button.setText(self.tr("Open document"))
        self.attach_button.setText(self.tr("Attach PDF…"))
        self.attach_button.setToolTip(self.tr("Or drop PDF files onto this pane or an item"))
        self.remove_button.setText(self.tr("Remove document"))
        self.remove_button.setToolTip(self.tr("Removes the document with all its versions"))
        self.replace_button.setText(self.tr("New version…"))
        self.replace_button.setToolTip(self.tr(
            "Replace the document with a new version; the old version and the notes on it"
            " stay readable, and notes are carried to the new version"))
        self.save_notes.setText(self.tr("Save notes"))
        self.label_button.setText(self.tr("Save title"))
        self.label_button.setToolTip(self.tr(
            "The title participants see for this document; leave empty to use the PDF's own"
            " title or its file name"))
        self.label_edit.setAccessibleName(self.tr("Document title"))
        self.label_edit.setToolTip(self.label_button.toolTip())
        self.notes_edit.setPlaceholderText(self.tr("Notes for this item (optional)"))
        if self._item is None:
            self.title.setText(self.tr("Choose an agenda item"))
        self.model.refresh()
