"""The meetings' files on this device: which are ready, which to fetch first, the downloads.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.documents``) that owns
the order of the downloads (the documents open in a reader, then those presenters show)
and runs :class:`~meetingroom.sync.downloader.Downloads` while a link is up. Its readers
only stat files, so they are safe on a GUI thread; ``verified_path`` hashes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from meetingroom.domain.model import MeetingSnapshot
from meetingroom.errors import BlobIntegrityError, NotFoundError
from meetingroom.storage.blobs import BlobStore
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.downloader import Downloads, PartialDownload, PeerSources
from meetingroom.sync.hooks import Emit


class Documents:
    """Every document and minutes PDF of the cached meetings, on disk or on its way."""

    def __init__(self, blobs: BlobStore, *, snapshots: Callable[[], list[MeetingSnapshot]],
                 snapshot: Callable[[str], MeetingSnapshot | None], emit: Emit,
                 on_loop: Callable[[Callable[[], None]], None],
                 peers: PeerSources | None = None) -> None:
        self._blobs = blobs
        self._snapshots = snapshots
        self._snapshot = snapshot
        self._on_loop = on_loop
        """Runs a callable on the engine's loop (from any thread; nothing when stopped)."""
        self._lock = threading.Lock()
        self._reading: list[str] = []
        """Documents open in a reader while still downloading, most recent last."""
        self._presented: dict[str, str] = {}
        """Meeting id → the document id its presenter shows."""
        self._downloads = Downloads(blobs, wanted=self.wanted, emit=emit, first=self.first,
                                    peers=peers)

    # -- any thread ----------------------------------------------------------------------
    def is_ready(self, sha256: str) -> bool:
        """Cheap (stat only): complete and verified since it last changed on disk."""
        return self._blobs.is_verified(sha256)

    def ready_path(self, sha256: str) -> Path | None:
        """The file of a verified document without hashing anything (safe on a GUI thread).

        None when it is missing or not verified yet; ``verified_path`` (off the GUI
        thread) verifies it.
        """
        return self._blobs.path(sha256) if self._blobs.is_verified(sha256) else None

    def partial_download(self, sha256: str) -> PartialDownload | None:
        """The partial file of a document of a cached meeting that is not complete on
        disk (stat only: safe on a GUI thread); None when no cached meeting has it.

        Its bytes are unverified: open them only in the sandboxed render process.
        """
        size = self.wanted().get(sha256)
        if size is None:
            return None
        return PartialDownload(self._blobs.partial_path(sha256),
                               self._blobs.partial_size(sha256), size)

    def verified_path(self, sha256: str) -> Path | None:
        """The verified file of a complete document, or None (a corrupt one is re-fetched)."""
        try:
            return self._blobs.verified_path(sha256)
        except NotFoundError:
            return None
        except BlobIntegrityError:
            self._on_loop(self._downloads.wake)
            return None

    def reading(self, sha256: str, now: bool) -> None:
        """A reader opened (``now``) or closed a document still downloading: fetch it
        before every other."""
        with self._lock:
            if sha256 in self._reading:
                self._reading.remove(sha256)
            if now:
                self._reading.append(sha256)
        self._on_loop(self._downloads.hurry)

    def first(self) -> list[str]:
        """The documents to fetch first: those being read (the latest opened first),
        then the ones presenters show."""
        with self._lock:
            first = self._reading[::-1]
            shown = list(self._presented.items())
        for mid, doc_id in shown:
            snap = self._snapshot(mid)
            first += [d.sha256 for d in (snap.documents if snap else ()) if d.id == doc_id]
        return first

    def wanted(self) -> dict[str, int]:
        """Every document and minutes PDF of every cached meeting: sha256 -> size."""
        snaps = self._snapshots()
        out = {d.sha256: d.size for s in snaps for d in s.documents}
        for s in snaps:
            minutes = s.minutes
            if minutes is not None:
                files = [minutes.pdf, minutes.signed.file if minutes.signed else None]
                out.update((f.sha256, f.size) for f in files if f is not None)
        return out

    def holds(self, meeting_id: str, sha256: str) -> bool:
        """A cached meeting (so one this user may see) has this document."""
        snap = self._snapshot(meeting_id)
        return snap is not None and any(d.sha256 == sha256 for d in snap.documents)

    def remove_unreferenced(self) -> None:
        """Delete the files (and partial files) no cached meeting has (blocking)."""
        keep = set(self.wanted())
        for sub in self._blobs.root.iterdir():
            if sub.is_dir() and len(sub.name) == 2:
                for f in sub.iterdir():
                    if f.name not in keep:
                        f.unlink(missing_ok=True)
        for f in (self._blobs.root / "partial").iterdir():
            if f.name.removesuffix(".part") not in keep:
                f.unlink(missing_ok=True)

    # -- engine loop ---------------------------------------------------------------------
    def presenting(self, meeting_id: str, document_id: str | None) -> None:
        """The meeting's presenter shows ``document_id`` now (None: nothing)."""
        with self._lock:
            if document_id is not None:
                self._presented[meeting_id] = document_id
            else:
                self._presented.pop(meeting_id, None)
        self._downloads.hurry()

    def wake(self) -> None:
        """Look again for what is missing (a meeting changed)."""
        self._downloads.wake()

    async def run(self, link: ServerLink) -> None:
        """Fetch what is missing over ``link`` until cancelled (see ``Downloads.run``)."""
        await self._downloads.run(link)
