"""Resumable uploads: send only the bytes the server lacks, riding out reconnects.

``Uploads`` is a part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.uploads``):
a document attached to an agenda item, or a new version of one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from pathlib import Path

from meetingroom.domain.model import Document
from meetingroom.errors import ConnectionLostError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.limits import CHUNK_BYTES
from meetingroom.protocol.replies import BlobStatusReply, DocumentReply
from meetingroom.storage.blobs import read_at, sha256_file
from meetingroom.sync import events as ev
from meetingroom.sync.hooks import Command, Emit, LinkWaiter, Submit


async def upload_blob(path: Path, *, link: LinkWaiter, emit: Callable[[ev.EngineEvent], None],
                      patience: float = 600.0) -> str:
    """Upload ``path`` (resuming where the server's copy ends); return its SHA-256.

    A lost connection is not an error for ``patience`` seconds: the upload waits
    for the engine to reconnect and continues from what the server holds.
    """
    sha = await asyncio.to_thread(sha256_file, path)
    size = path.stat().st_size
    deadline = time.monotonic() + patience
    while True:
        current = await link(max(0.0, deadline - time.monotonic()))
        try:
            st = BlobStatusReply.from_wire(
                await current.request(rq.BlobStatus(sha256=sha, size=size)))
            while not st.complete:
                data = await asyncio.to_thread(read_at, path, st.have, CHUNK_BYTES)
                st = BlobStatusReply.from_wire(
                    await current.put_chunk(sha, size, st.have, data))
                emit(ev.UploadProgress(sha, st.have, size))
            break
        except ConnectionLostError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
    emit(ev.UploadProgress(sha, size, size))
    return sha


class Uploads:
    """Uploads documents for the meetings (resumable), then attaches them by command."""

    def __init__(self, *, submit: Submit, link: LinkWaiter, emit: Emit,
                 command: Command) -> None:
        self._submit = submit
        self._link = link
        self._emit = emit
        self._command = command
        """A command through the engine's outbox."""

    def document(self, meeting_id: str, item_id: str, path: Path, *,
                 name: str | None = None, replaces: str | None = None
                 ) -> concurrent.futures.Future[Document]:
        """Upload ``path`` and attach it to ``item_id`` — or, with ``replaces`` (a current
        document's id), make it that document's new version (any thread)."""
        return self._submit(self._document(meeting_id, item_id, path, name or path.name,
                                           replaces))

    async def blob(self, path: Path) -> str:
        """Upload ``path`` (resuming); its SHA-256 once the server has all of it."""
        return await upload_blob(path, link=self._link, emit=self._emit)

    async def _document(self, meeting_id: str, item_id: str, path: Path, name: str,
                        replaces: str | None) -> Document:
        sha = await self.blob(path)
        if replaces is None:
            result = await self._command(rq.DocumentAttach(meeting_id=meeting_id, item_id=item_id,
                                                           name=name, sha256=sha))
        else:
            result = await self._command(rq.DocumentReplace(meeting_id=meeting_id,
                                                            document_id=replaces, name=name,
                                                            sha256=sha))
        return DocumentReply.from_wire(result).document
