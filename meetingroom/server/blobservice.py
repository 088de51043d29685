"""Blob uploads (resumable, hash-verified, PDF-checked) and authorised chunk downloads."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

from meetingroom.domain import access
from meetingroom.errors import (
    ForbiddenError,
    InvalidDocumentError,
    NotFoundError,
    ProtocolError,
    RateLimitError,
    TooLargeError,
)
from meetingroom.pdf.check import check_pdf_async
from meetingroom.protocol.frames import encode_frame
from meetingroom.protocol.limits import CHUNK_BYTES, MAX_DOCUMENT_BYTES
from meetingroom.protocol.session import BlobPut
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client, Hub
from meetingroom.server.outbound import MAX_BULK_QUEUED
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.server_store import ServerStore

log = logging.getLogger("meetingroom.server.blobs")


class BlobService:
    """Checks who may read or write which blob; the store itself only knows bytes."""

    def __init__(self, *, store: ServerStore, blobs: BlobStore, uploads: BlobStore, db: DbThread,
                 hub: Hub, check_timeout: float = 60.0) -> None:
        self.hub = hub
        self.store = store
        self.blobs = blobs
        self.uploads = uploads
        self.db = db
        self.check_timeout = check_timeout
        self._checking: set[str] = set()
        self._check_slots = asyncio.Semaphore(2)
        """Each check may use up to 768 MiB; two at a time bounds the server's memory."""

    # -- download ------------------------------------------------------------------
    def _may_read(self, user: Any, sha: str) -> bool:
        info = self.store.blob_info(sha)
        if info is None:
            return False
        if info[2] == user.id or user.role.value == "admin":
            return True
        mids = set(self.store.meetings_with_blob(sha))
        if not mids:
            return False
        for meeting, _rev, ids in self.store.all_meetings():
            if meeting.id in mids and access.can_view(user, meeting, ids):
                return True
        return False

    async def get(self, client: Client, rid: str, body: dict[str, Any]) -> None:
        """Queue one chunk of a blob the user may read; unknown and forbidden look alike."""
        assert client.user is not None
        sha, offset, length = body["sha256"], body["offset"], body["length"]
        if length == 0 or length > CHUNK_BYTES:
            raise ProtocolError(f"length must be 1..{CHUNK_BYTES}")
        if client.out.bulk_queued >= MAX_BULK_QUEUED:
            raise RateLimitError(f"at most {MAX_BULK_QUEUED} chunk requests may be queued")
        path, total = await self._readable(client, sha)
        if offset >= total:
            raise ProtocolError("offset is past the end of the document")

        async def produce() -> bytes:
            with open(path, "rb") as f:
                data = os.pread(f.fileno(), length, offset)
            return encode_frame({"re": rid, "sha256": sha, "offset": offset,
                                 "length": len(data), "total": total}, data)

        client.out.send_bulk(produce)

    async def _readable(self, client: Client, sha: str) -> tuple[Path, int]:
        """(path, size) of a verified blob the client may read.

        The permission answer is cached per connection until the hub's access epoch
        moves (a meeting, its participants or its documents changed), so a download
        does not query the database for each of its chunks.
        """
        assert client.user is not None
        epoch = self.hub.access_epoch
        if client.readable_epoch != epoch:
            client.readable.clear()
            client.readable_epoch = epoch
        cached = client.readable.get(sha)
        if cached is not None and self.blobs.is_verified(sha):
            return cached
        if not await self.db.run(self._may_read, client.user, sha):
            raise NotFoundError("no such document")
        path = await asyncio.to_thread(self.blobs.verified_path, sha)
        found = (path, path.stat().st_size)
        if client.readable_epoch == epoch:
            client.readable[sha] = found
        return found

    # -- upload --------------------------------------------------------------------
    def _check_uploader(self, client: Client) -> None:
        assert client.user is not None
        if not client.user.role.manages_meetings:
            raise ForbiddenError("only secretaries and administrators upload documents")

    async def status(self, client: Client, body: dict[str, Any]) -> dict[str, Any]:
        self._check_uploader(client)
        sha, size = body["sha256"], body["size"]
        if size > MAX_DOCUMENT_BYTES:
            raise TooLargeError(f"documents are limited to {MAX_DOCUMENT_BYTES // 2**20} MiB")
        info = await self.db.run(self.store.blob_info, sha)
        if info is not None and self.blobs.has(sha):
            return {"have": info[0], "complete": True, "pages": info[1]}
        return {"have": self.uploads.partial_size(sha), "complete": False}

    async def put(self, client: Client, chunk: BlobPut) -> dict[str, Any]:
        """Append an upload chunk; the last one triggers hash check and PDF check."""
        self._check_uploader(client)
        assert client.user is not None
        sha, size, offset, data = chunk.sha256, chunk.size, chunk.offset, chunk.data
        if size > MAX_DOCUMENT_BYTES or size == 0:
            raise TooLargeError(f"documents are limited to {MAX_DOCUMENT_BYTES // 2**20} MiB")
        if offset + len(data) > size:
            raise ProtocolError("chunk runs past the declared size")
        if sha in self._checking:
            raise ProtocolError("this document is being checked; ask blob.status later")
        have = await asyncio.to_thread(self.uploads.write_partial, sha, offset, bytes(data))
        if have < size:
            return {"have": have, "complete": False}
        self._checking.add(sha)
        try:
            return await self._accept(client, sha, size)
        finally:
            self._checking.discard(sha)

    async def _accept(self, client: Client, sha: str, size: int) -> dict[str, Any]:
        assert client.user is not None
        partial = self.uploads.partial_path(sha)
        try:
            tmp_path: Path = await asyncio.to_thread(self.uploads.finish_partial, sha)
        except Exception:
            self.uploads.drop_partial(sha)
            raise
        try:
            async with self._check_slots:
                info = await check_pdf_async(tmp_path, timeout=self.check_timeout)
            await asyncio.to_thread(self.blobs.put_file, tmp_path, sha)
        except InvalidDocumentError as e:
            log.info("refused upload %s from %s: %s", sha[:12], client.user.username, e.message)
            raise
        finally:
            self.uploads.discard(sha)
            partial.unlink(missing_ok=True)
        await self.db.run(self._register, sha, size, info.pages, client.user.id)
        log.info("accepted document %s (%d bytes, %d pages)", sha[:12], size, info.pages)
        return {"have": size, "complete": True, "pages": info.pages}

    def _register(self, sha: str, size: int, pages: int, user_id: str) -> None:
        with self.store.transaction() as tx:
            tx.add_blob(sha, size, pages, user_id)
