"""Uploads of local PDFs: hash off the GUI thread, upload through the engine, report progress."""

from __future__ import annotations

import concurrent.futures
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from meetingroom.domain.model import Document
from meetingroom.storage.blobs import sha256_file
from meetingroom.sync.engine import SyncEngine
from meetingroom.sync.events import UploadProgress
from meetingroom.ui.base.bridge import EngineBridge

log = logging.getLogger("meetingroom.ui")



class Uploader(QObject):
    """Runs document uploads; owner: the AgendaEditor (parent).

    The file is hashed here first (on a worker thread) so that the engine's
    UploadProgress events, which name the SHA-256, can be matched to the row
    showing this file.
    """

    progressed = Signal(str, str, int, int)
    """(key, file name, bytes done, bytes total) of an upload in flight."""
    finished = Signal(str, str, object)
    """(key, file name, the Document attached or the exception): the upload ended."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._bridge = engine, bridge
        self._active: dict[str, str] = {}
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="meetingroom-hash")
        bridge.upload_progressed.connect(self._on_progress)
        pool = self._pool
        self.destroyed.connect(lambda *_: pool.shutdown(wait=False, cancel_futures=True))

    @property
    def active(self) -> int:
        return len(self._active)

    def start(self, meeting_id: str, item_id: str, path: Path, *, name: str | None = None,
              replaces: str | None = None) -> None:
        """Upload ``path`` and attach it to ``item_id`` as ``name`` (default: the file's
        name) — or make it the new version of the document ``replaces``."""
        name = name or path.name
        size = path.stat().st_size

        def hashed(sha: str) -> None:
            self._active[sha] = name
            self.progressed.emit(sha, name, 0, size)
            future = self._engine.uploads.document(meeting_id, item_id, path, name=name,
                                                   replaces=replaces)
            self._bridge.then(future, lambda doc: self._done(sha, doc),
                              lambda exc: self._done(sha, exc), context=self)

        def unreadable(exc: BaseException) -> None:
            self.finished.emit(str(path), name, exc)

        self._bridge.then(self._pool.submit(sha256_file, path), hashed, unreadable, context=self)

    def _done(self, sha: str, outcome: Document | BaseException) -> None:
        name = self._active.pop(sha, "")
        if isinstance(outcome, BaseException):
            log.info("upload of %s failed: %s", sha[:12], type(outcome).__name__)
        self.finished.emit(sha, name, outcome)

    @Slot(object)
    def _on_progress(self, event: UploadProgress) -> None:
        name = self._active.get(event.sha256)
        if name is not None:
            self.progressed.emit(event.sha256, name, event.done_bytes, event.total_bytes)
