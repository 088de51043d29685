"""Documents of the selected agenda item: download states, list model and the side pane."""

from __future__ import annotations

import concurrent.futures
import enum
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QPalette

from meetingroom.domain.doc_titles import display_title
from meetingroom.domain.model import Document
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.common.icons import IconSet

log = logging.getLogger("meetingroom.ui")

DocumentRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
"""The invalid index (an immutable value) used as the default parent."""


class DocState(enum.Enum):
    """What the delegate can do with a document right now."""

    READY = "ready"
    """Complete and SHA-256 verified: it opens."""
    DOWNLOADING = "downloading"
    PARTIAL = "partial"
    """Partly here and nothing is downloading (offline): the pages here can be read."""
    WAITING = "waiting"
    """Not here yet and nothing is downloading (offline, or queued)."""


class DocumentStates(QObject):
    """Which documents are verified on this computer; owner: the ClientApp (parent).

    The first look at a document that was already on disk verifies it on a
    background thread (hashing a large PDF must not freeze the GUI); after
    that, DocumentAvailable events keep the set current. Nothing here hashes
    on the GUI thread: only ``engine.documents.ready_path``-style stat calls run there.
    """

    changed = Signal(str)
    """sha256: the state of this document changed."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._bridge = bridge
        self._ready: set[str] = set()
        self._checking: set[str] = set()
        self._checked: set[str] = set()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="meetingroom-verify")
        self.downloading = False
        self.current: tuple[str, int] | None = None
        """(sha256, bytes on disk) of the document downloading now."""
        self._closed = False
        bridge.document_available.connect(self._on_available)
        bridge.sync_progressed.connect(self._on_progress)

    def state(self, sha256: str) -> DocState:
        if sha256 in self._ready:
            return DocState.READY
        if sha256 not in self._checked:
            self._check(sha256)
        if self.downloading:
            return DocState.DOWNLOADING
        return DocState.PARTIAL if self._engine.blobs.partial_size(sha256) else DocState.WAITING

    def is_ready(self, sha256: str) -> bool:
        return sha256 in self._ready

    def set_downloading(self, active: bool) -> None:
        self.downloading = active

    def on_disk(self, sha256: str) -> bool:
        """Whether the complete file is here, verified or not (a stat, no hashing)."""
        return self._engine.blobs.has(sha256)

    def verify(self, sha256: str, done: Callable[[Path | None], None]) -> bool:
        """Verify a document on the worker thread, then call ``done(path or None)`` on the
        GUI thread (None: missing or damaged; a damaged file is fetched again).

        False (and no call) once the client is closing.
        """
        if self._closed:
            return False

        def finished(path: Path | None) -> None:
            if path is None and sha256 in self._ready:  # it was damaged: fetched again
                self._ready.discard(sha256)
                self.changed.emit(sha256)
            self._checked_one(sha256, path)
            done(path)

        future = self._pool.submit(self._engine.documents.verified_path, sha256)
        self._bridge.then(future, finished, lambda _exc: finished(None), context=self)
        return True

    def _check(self, sha256: str) -> None:
        if sha256 in self._checking or self._closed:
            return
        self._checking.add(sha256)
        future = self._pool.submit(self._engine.documents.verified_path, sha256)
        self._bridge.then(future, lambda path: self._checked_one(sha256, path),
                          lambda exc: self._checked_one(sha256, None), context=self)

    def _checked_one(self, sha256: str, path: Path | None) -> None:
        self._checking.discard(sha256)
        self._checked.add(sha256)
        if path is not None and sha256 not in self._ready:
            self._ready.add(sha256)
            self.changed.emit(sha256)

    @Slot(object)
    def _on_progress(self, event: Any) -> None:
        previous = self.current[0] if self.current else None
        sha = event.current_sha256
        self.current = (str(sha), int(event.current_done)) if sha else None
        for changed in {previous, sha} - {None}:
            self.changed.emit(str(changed))

    def percent(self, doc: Document) -> int | None:
        """How much of ``doc`` is downloaded, when it is the one downloading now or
        partly here with nothing downloading."""
        if doc.size <= 0:
            return None
        if self.current is not None and self.current[0] == doc.sha256:
            return min(100, self.current[1] * 100 // doc.size)
        if not self.downloading and doc.sha256 not in self._ready:
            have = self._engine.blobs.partial_size(doc.sha256)
            return min(99, have * 100 // doc.size) if have else None
        return None

    @Slot(object)
    def _on_available(self, event: Any) -> None:
        sha = str(event.sha256)
        self._checked.add(sha)
        if sha not in self._ready:
            self._ready.add(sha)
            self.changed.emit(sha)

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class DocumentModel(QAbstractListModel):
    """The documents of one agenda item with their download state; owner: DocumentPane."""

    def __init__(self, states: DocumentStates, icons: IconSet,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._states = states
        self._icons = icons
        self._docs: list[Document] = []
        states.changed.connect(self._state_changed)

    @property
    def documents(self) -> list[Document]:
        return list(self._docs)

    def document(self, row: int) -> Document | None:
        return self._docs[row] if 0 <= row < len(self._docs) else None

    def set_documents(self, docs: Sequence[Document]) -> None:
        new = list(docs)
        if [d.id for d in new] == [d.id for d in self._docs]:
            changed = [n for n, (a, b) in enumerate(zip(self._docs, new, strict=True)) if a != b]
            self._docs = new
            for row in changed:
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._docs = new
        self.endResetModel()

    def refresh(self) -> None:
        """Repaint every row (language or download activity changed)."""
        if self._docs:
            self.dataChanged.emit(self.index(0), self.index(len(self._docs) - 1))

    @Slot(str)
    def _state_changed(self, sha256: str) -> None:
        for row, d in enumerate(self._docs):
            if d.sha256 == sha256:
                self.dataChanged.emit(self.index(row), self.index(row))

    def state_text(self, state: DocState, percent: int | None = None) -> str:
        if state is DocState.READY:
            return self.tr("✓ Downloaded")
        if state is DocState.PARTIAL:
            return self.tr("{percent} % here – its pages can be read; waiting for the"
                           " connection").format(percent=percent or 0)
        if percent is not None:
            return self.tr("Downloading… {percent} %").format(percent=percent)
        if state is DocState.DOWNLOADING:
            return self.tr("Downloading…")
        return self.tr("Waiting for the connection")

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._docs)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        d = self.document(index.row()) if index.isValid() else None
        if d is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            state = self._states.state(d.sha256)
            pages = self.tr("%n page(s)", "", d.pages)  # plural forms come from the .qm
            details = " · ".join((pages, human_size(d.size),
                                  self.state_text(state, self._states.percent(d))))
            if not d.current:
                return "{}\n{}".format(self.tr("Version {version} (replaced)").format(
                    version=d.version), details)
            if d.version > 1:
                details = self.tr("Version {version}").format(version=d.version) + " · " + details
            return f"{display_title(d)}\n{details}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.icon("document" if d.current else "history")
        if role == Qt.ItemDataRole.ForegroundRole and not d.current:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{title}\nFile: {name}").format(title=display_title(d), name=d.name)
        if role == DocumentRole:
            return d
        if role == StateRole:
            return self._states.state(d.sha256)
        return None
