"""Resumable, pipelined blob download: chunks in flight, hashed as written, verified at the end."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meetingroom.errors import BlobIntegrityError, ProtocolError
from meetingroom.protocol.limits import CHUNK_BYTES
from meetingroom.storage.blobs import BlobStore
from meetingroom.sync.connection import ServerLink

log = logging.getLogger("meetingroom.sync.download")

WINDOW = 8
"""Chunk requests kept in flight (8 × 512 KiB hides loopback and LAN latency)."""


def _hash_prefix(path: Path) -> Any:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except FileNotFoundError:
        pass
    return h


async def fetch_blob(link: ServerLink, blobs: BlobStore, sha: str, size: int, *,
                     on_progress: Callable[[int], None] | None = None,
                     window: int = WINDOW, chunk: int = CHUNK_BYTES) -> Path:
    """Download ``sha`` into ``blobs``, resuming a partial file; returns the verified path.

    A connection loss raises ConnectionLostError and keeps what was written, so the
    next call continues from there. A hash mismatch deletes the partial file.
    """
    part = blobs.partial_path(sha)
    have = blobs.partial_size(sha)
    if have > size:
        blobs.drop_partial(sha)
        have = 0
    h = await asyncio.to_thread(_hash_prefix, part) if have else hashlib.sha256()
    if have:
        log.info("resuming %s at %d of %d bytes", sha[:12], have, size)
    inflight: deque[tuple[int, int, asyncio.Future[tuple[dict[str, Any], memoryview]]]] = deque()
    next_off = have
    with open(part, "ab") as f:
        try:
            while have < size:
                while len(inflight) < window and next_off < size:
                    n = min(chunk, size - next_off)
                    inflight.append((next_off, n, await link.request_chunk(sha, next_off, n)))
                    next_off += n
                off, n, fut = inflight.popleft()
                header, data = await fut
                if header.get("offset") != off or len(data) != n or header.get("sha256") != sha:
                    raise ProtocolError("server sent a chunk that was not asked for")
                f.write(data)
                h.update(data)
                have += n
                if on_progress is not None:
                    on_progress(have)
        finally:
            for _, _, fut in inflight:
                fut.cancel()
            f.flush()  # finish_partial fsyncs on a worker thread, off the event loop
    try:
        return await asyncio.to_thread(blobs.finish_partial, sha, digest=h.hexdigest())
    except BlobIntegrityError:
        log.warning("download of %s did not match its hash; it will be fetched again", sha[:12])
        raise
