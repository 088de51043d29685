"""Reading a document that is still downloading: follow the download, re-open the partial
file as it grows, then switch to the verified file.

The partial file holds unverified bytes: the viewer opens it only in the sandboxed render
process (``partial=True``), never anywhere else. Notes stay off until the verified file
is there — a note anchored to bytes that then fail verification would point at nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from meetingroom.domain.model import Document
from meetingroom.errors import BlobIntegrityError
from meetingroom.pdf.partial_pages import INCOMPLETE
from meetingroom.sync import events as ev
from meetingroom.sync.downloader import PartialDownload
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.reader.canvas import ReaderCanvas

log = logging.getLogger("meetingroom.ui")
__all__ = ["INCOMPLETE", "ReaderDownload"]

REOPEN_MS = 1500
"""At most one re-open of the growing file per this many milliseconds."""
REOPEN_STEP = 256 * 1024
"""…and only once this many more bytes (or a twentieth of the file) have arrived."""


class Reader(Protocol):
    """What a download drives (the :class:`~meetingroom.ui.reader.viewer.DocumentViewer`)."""

    download: ReaderDownload | None
    """The download it follows (set and cleared here)."""

    @property
    def document(self) -> Document: ...
    @property
    def canvas(self) -> ReaderCanvas: ...
    def set_message(self, text: str, *, error: bool) -> None: ...
    def load(self, path: Path, *, partial: bool) -> None: ...
    def drop_document(self) -> None: ...


class ReaderDownload(QObject):
    """Follows one document's download for a viewer; owner: the viewer (parent)."""

    verified = Signal(object)
    """Path: the download finished, its SHA-256 matched, and the viewer shows that file."""
    failed = Signal(str)
    """The download failed (the text is shown in the viewer)."""

    def __init__(self, viewer: Reader, engine: SyncEngine, bridge: EngineBridge,
                 partial: PartialDownload, parent: QObject) -> None:
        super().__init__(parent)
        self.viewer, self._engine = viewer, engine
        self.sha256 = viewer.document.sha256
        self.path, self.have, self.size = partial.path, partial.have, max(1, partial.size)
        self._opened_at = partial.have
        """Bytes in the file when it was last opened."""
        self.readable = False
        """The last open of the partial file succeeded (some pages may show)."""
        self.error = ""
        viewer.download = self
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REOPEN_MS)
        self._timer.timeout.connect(self._reopen_if_grown)
        bridge.sync_progressed.connect(self._progressed)
        bridge.document_available.connect(self._available)
        bridge.download_failed.connect(self._failed)
        sha = self.sha256
        engine.documents.reading(sha, True)  # fetched before every other document
        self.destroyed.connect(lambda *_: engine.documents.reading(sha, False))
        self._show()
        QTimer.singleShot(0, self._finished_meanwhile)  # verified before we listened?

    @property
    def percent(self) -> int:
        return min(100, self.have * 100 // self.size)

    # -- what the viewer shows -----------------------------------------------------------
    def placeholder(self) -> str:
        """The text on a page that has not arrived yet."""
        return self.tr("Downloading… {percent} %").format(percent=self.percent)

    def opened(self) -> None:
        """The viewer opened the partial file."""
        self.readable = True
        self.error = ""
        self._show()

    def open_failed(self, exc: BaseException) -> bool:
        """The viewer could not open the partial file; True: handled here (not yet
        readable: show the downloading state instead of an error)."""
        self.readable = False
        self._show()
        return True if not getattr(exc, "needs_password", False) else self._password_later()

    def _password_later(self) -> bool:
        """A protected PDF asks for its password once it is complete and checked."""
        self.viewer.set_message(self.tr(
            "This document is protected by a password. You can enter it when the download "
            "is complete ({percent} %).").format(percent=self.percent), error=False)
        return True

    def _show(self) -> None:
        if self.error:
            self.viewer.set_message(self.error, error=True)
        elif self.readable:
            self.viewer.set_message(self.tr(
                "Still downloading ({percent} %): pages appear as they arrive. Notes can be "
                "added once the whole document has arrived and been checked.").format(
                percent=self.percent), error=False)
        else:
            self.viewer.set_message(self.tr(
                "Still downloading ({percent} %). The document opens as soon as its first "
                "pages have arrived.").format(percent=self.percent), error=False)
        self.viewer.canvas.retext_incomplete(self.placeholder())

    # -- following the download ----------------------------------------------------------
    @Slot(object)
    def _progressed(self, event: ev.SyncProgress) -> None:
        have = dict(event.downloading).get(self.sha256)
        if have is None or have == self.have:
            return
        self.have = have
        if self.error and have:  # downloading again after a failure
            self.error = ""
        self._show()
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _reopen_if_grown(self) -> None:
        if self.have - self._opened_at >= min(REOPEN_STEP, max(1, self.size // 20)) or (
                self.have >= self.size and self._opened_at < self.size):
            self._opened_at = self.have
            log.debug("re-opening a document still downloading at %d %%", self.percent)
            self.viewer.load(self.path, partial=True)

    @Slot()
    def _finished_meanwhile(self) -> None:
        if (self.viewer.download is self
                and self._engine.documents.ready_path(self.sha256) is not None):
            self._available(ev.DocumentAvailable(self.sha256))

    @Slot(object)
    def _available(self, event: ev.DocumentAvailable) -> None:
        if event.sha256 != self.sha256 or self.viewer.download is not self:
            return
        path = self._engine.documents.ready_path(self.sha256)
        if path is None:  # removed again meanwhile: keep following
            return
        self._finish(path)

    def _finish(self, path: Path) -> None:
        self._engine.documents.reading(self.sha256, False)
        self._timer.stop()
        self.viewer.download = None
        self.viewer.set_message("", error=False)
        self.viewer.load(path, partial=False)
        self.verified.emit(path)

    @Slot(object)
    def _failed(self, event: ev.DownloadFailed) -> None:
        if event.sha256 != self.sha256 or self.viewer.download is not self:
            return
        if isinstance(event.error, BlobIntegrityError):
            text = self.tr("The downloaded document did not match its fingerprint (SHA-256) "
                           "and was discarded.")
        else:
            text = self.tr("The document could not be downloaded.") + "\n" + error_text(
                event.error)
        text += "\n" + (self.tr("It is being downloaded again.") if event.retrying else
                        self.tr("Close this window and try again later."))
        self.error = text
        self.have = self._opened_at = 0
        self.readable = False
        self._timer.stop()
        self.viewer.drop_document()
        self._show()
        self.failed.emit(text)
