"""Blob uploads (resumable, hash-verified, PDF-checked) and authorised chunk downloads."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from meetingroom.domain.doc_titles import pdf_title
from meetingroom.domain.model import User
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
from meetingroom.protocol.limits import CHUNK_BYTES, MAX_DOCUMENT_BYTES, SERVED_CHUNK_BYTES
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import BlobGet, BlobStatus
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.protocol.session import BlobPut
from meetingroom.server.dbthread import DbThread
from meetingroom.server.file_frames import FileFrame, cached
from meetingroom.server.hub import Client, Hub
from meetingroom.server.outbound import MAX_BULK_QUEUED, binary_frame_head
from meetingroom.storage.blobs import BlobStore, read_into
from meetingroom.storage.server_store import ServerStore

log = logging.getLogger("meetingroom.server.blobs")


async def _chunk_frame(path: Path, header: ChunkHeader) -> bytearray | FileFrame:
    """One ``blob.get`` answer as a whole websocket frame (its websocket header, then our
    binary frame).

    A chunk in the page cache is sent from the file as it is written to the socket
    (:class:`FileFrame`); otherwise it is read on a worker thread (so a cold read on an
    old disk never stalls live traffic) straight into the frame's buffer.
    """
    offset, n = header.offset, header.length or 0
    head = encode_frame(header.wire(), b"")
    ws_head = binary_frame_head(len(head) + n)
    if cached(path, offset, n):
        return FileFrame(ws_head + head, path, offset, n)
    start = len(ws_head) + len(head)
    frame = bytearray(start + n)
    frame[:start] = ws_head + head
    with memoryview(frame) as whole:
        payload = whole[start:]
        got = read_into(path, offset, payload, cached_only=True)
        if got < n:
            got += await asyncio.to_thread(read_into, path, offset + got, payload[got:])
        payload.release()
    if got < n:  # the file shrank under us: send what there is, the client refuses it
        log.warning("blob file %s is shorter than recorded", path.name[:12])
        body = frame[len(ws_head):start + got]
        return bytearray(binary_frame_head(len(body))) + body
    return frame


class BlobService:
    """Checks who may read or write which blob; the store itself only knows bytes."""

    def __init__(self, *, store: ServerStore, blobs: BlobStore, uploads_root: Path, db: DbThread,
                 hub: Hub, check_timeout: float = 60.0) -> None:
        self.hub = hub
        self.store = store
        self.blobs = blobs
        self.uploads_root = uploads_root
        self.db = db
        self.check_timeout = check_timeout
        self._checking: set[tuple[str, str]] = set()
        self._user_uploads: dict[str, BlobStore] = {}
        self._check_slots = asyncio.Semaphore(2)
        """Each check may use up to 768 MiB; two at a time bounds the server's memory."""

    # -- download ------------------------------------------------------------------
    def _may_read(self, user: User, sha: str) -> bool:
        return self.store.read(lambda tx: tx.may_read_blob(user, sha))

    def _readable_with(self, user: User, sha: str) -> frozenset[str]:
        return self.store.read(lambda tx: tx.blobs_readable_with(user, sha))

    async def get(self, client: Client, user: User, body: BlobGet, rid: str) -> None:
        """Queue one chunk of a blob the user may read; unknown and forbidden look alike."""
        sha, offset, length = body.sha256, body.offset, body.length
        if length == 0 or length > SERVED_CHUNK_BYTES:
            raise ProtocolError(f"length must be 1..{SERVED_CHUNK_BYTES}")
        if client.out.bulk_queued >= MAX_BULK_QUEUED:
            raise RateLimitError(f"at most {MAX_BULK_QUEUED} chunk requests may be queued")
        path, total = await self._readable(client, sha)
        if offset >= total:
            raise ProtocolError("offset is past the end of the document")

        async def produce() -> bytearray | FileFrame:
            return await _chunk_frame(path, ChunkHeader(
                re=rid, sha256=sha, offset=offset, length=min(length, total - offset),
                total=total, max_length=SERVED_CHUNK_BYTES))

        client.out.send_bulk(produce)

    async def _readable(self, client: Client, sha: str) -> tuple[Path, int]:
        """(path, size) of a verified blob the client may read.

        The permission answer is cached per connection until the hub's access epoch
        moves (a meeting, its participants or its documents changed), so a download
        does not query the database for each of its chunks; one check of a meeting's
        document answers for the meeting's other files too.
        """
        assert client.user is not None
        epoch = self.hub.access_epoch
        if client.readable_epoch != epoch:
            client.forget_access()
            client.readable_epoch = epoch
        cached = client.readable.get(sha)
        if cached is not None and self.blobs.is_verified(sha):
            return cached
        if sha not in client.permitted:
            permitted = await self.db.run(self._readable_with, client.user, sha)
            if not permitted:
                raise NotFoundError("no such document")
            if client.readable_epoch == epoch:
                client.permitted |= permitted
        path = await asyncio.to_thread(self.blobs.verified_path, sha)
        found = (path, path.stat().st_size)
        if client.readable_epoch == epoch:
            client.readable[sha] = found
        return found

    # -- upload --------------------------------------------------------------------
    def _check_uploader(self, client: Client) -> None:
        assert client.user is not None
        if not client.user.role.uploads_files:
            raise ForbiddenError("only secretaries, chairs and administrators upload files")

    def drop_stale_uploads(self, older_than: float) -> int:
        """Delete partial uploads last written before ``older_than`` (Unix time)."""
        dropped = 0
        for part in self.uploads_root.glob("*/partial/*.part"):
            try:
                if part.stat().st_mtime < older_than:
                    part.unlink()
                    dropped += 1
            except FileNotFoundError:
                continue
        return dropped

    def _uploads(self, user: User) -> BlobStore:
        """Each user's resumable uploads live apart: nobody learns of another's upload."""
        store = self._user_uploads.get(user.id)
        if store is None:  # made once per user: BlobStore creates its folders
            store = self._user_uploads[user.id] = BlobStore(self.uploads_root / user.id)
        return store

    async def status(self, client: Client, body: BlobStatus) -> Reply:
        """How much of an upload the server holds for this user; ``complete`` only when
        the user may already use these bytes (so a hash alone never grants access)."""
        self._check_uploader(client)
        assert client.user is not None
        sha, size = body.sha256, body.size
        if size > MAX_DOCUMENT_BYTES:
            raise TooLargeError(f"documents are limited to {MAX_DOCUMENT_BYTES // 2**20} MiB")
        if size == 0:
            raise ProtocolError("a document is never empty (size 0)", reason="empty")
        info = await self.db.run(self.store.blob_info, sha)
        if (info is not None and self.blobs.has(sha)
                and await self.db.run(self._may_read, client.user, sha)):
            return {"have": info[0], "complete": True, "pages": info[1]}
        return {"have": self._uploads(client.user).partial_size(sha), "complete": False}

    async def put(self, client: Client, chunk: BlobPut) -> Reply:
        """Append an upload chunk; the last one triggers hash check and PDF check."""
        self._check_uploader(client)
        assert client.user is not None
        sha, size, offset, data = chunk.sha256, chunk.size, chunk.offset, chunk.data
        if size == 0:
            raise InvalidDocumentError("the document is empty (0 bytes)", reason="empty")
        if size > MAX_DOCUMENT_BYTES:
            raise TooLargeError(f"documents are limited to {MAX_DOCUMENT_BYTES // 2**20} MiB")
        if len(data) > CHUNK_BYTES:
            raise ProtocolError(f"upload chunks are limited to {CHUNK_BYTES} bytes")
        if offset + len(data) > size:
            raise ProtocolError("chunk runs past the declared size")
        key = (client.user.id, sha)
        if key in self._checking:
            raise ProtocolError("this document is being checked; ask blob.status later")
        uploads = self._uploads(client.user)
        have = await asyncio.to_thread(uploads.write_partial, sha, offset, bytes(data))
        if have < size:
            return {"have": have, "complete": False}
        self._checking.add(key)
        try:
            return await self._accept(client.user, uploads, sha, size)
        finally:
            self._checking.discard(key)

    async def _accept(self, user: User, uploads: BlobStore, sha: str,
                      size: int) -> Reply:
        partial = uploads.partial_path(sha)
        try:
            tmp_path: Path = await asyncio.to_thread(uploads.finish_partial, sha)
        except Exception:
            uploads.drop_partial(sha)
            raise
        try:
            known = await self.db.run(self.store.blob_info, sha)
            title = ""
            if known is not None and self.blobs.has(sha):
                pages = known[1]  # the same bytes were accepted before: the hash proves it
            else:
                async with self._check_slots:
                    info = await check_pdf_async(tmp_path, timeout=self.check_timeout)
                pages, title = info.pages, pdf_title(info.title)
                await asyncio.to_thread(self.blobs.put_file, tmp_path, sha)
        except InvalidDocumentError as e:
            log.info("refused upload %s from %s: %s", sha[:12], user.username, e.message)
            raise
        finally:
            uploads.discard(sha)
            partial.unlink(missing_ok=True)
        await self.db.run(self._register, sha, size, pages, user.id, title)
        log.info("accepted document %s (%d bytes, %d pages)", sha[:12], size, pages)
        return {"have": size, "complete": True, "pages": pages}

    def _register(self, sha: str, size: int, pages: int, user_id: str, title: str) -> None:
        with self.store.transaction() as tx:
            tx.add_blob(sha, size, pages, user_id, title=title)
