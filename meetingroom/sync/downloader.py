"""Resumable, pipelined blob download: chunks in flight, hashed as written, verified at the end."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.atomic_files import private_opener
from meetingroom.errors import (
    BlobIntegrityError,
    ConnectionLostError,
    MeetingroomError,
    NotFoundError,
    ProtocolError,
)
from meetingroom.storage.blobs import BlobStore, file_hasher
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink

log = logging.getLogger("meetingroom.sync.download")

WINDOW = 4
"""Chunk requests kept in flight per download (4 × 1 MiB hides loopback and LAN latency)."""
DOWNLOADS_AT_ONCE = 2
"""Documents received in parallel, so the chunk window never drains between documents.
A document gives up its slot once its bytes are in; its fsync runs outside the slot."""
MAX_FAILURES = 3
"""Failed attempts (bad hash, refused) after which a document is left until the next run."""


@dataclass(frozen=True, slots=True)
class PartialDownload:
    """A document not (yet) complete on disk, as the reader sees it."""

    path: Path
    """The partial file: unverified bytes, appended in order (it may not exist yet)."""
    have: int
    """Bytes in it now."""
    size: int
    """The document's full size."""


async def fetch_blob(link: ServerLink, blobs: BlobStore, sha: str, size: int, *,
                     on_progress: Callable[[int], None] | None = None,
                     window: int = WINDOW, chunk: int | None = None) -> Path:
    """Download ``sha`` into ``blobs``, resuming a partial file; returns the verified path.

    Chunks are ``chunk`` bytes, or by default as large as the server has said it
    serves (``link.chunk_bytes``, learnt from the ``max_length`` of its frames).
    A connection loss raises ConnectionLostError and keeps what was written, so the
    next call continues from there. A hash mismatch deletes the partial file.
    """
    digest = await receive_blob(link, blobs, sha, size, on_progress=on_progress,
                                window=window, chunk=chunk)
    return await finish_blob(blobs, sha, digest)


async def receive_blob(link: ServerLink, blobs: BlobStore, sha: str, size: int, *,
                       on_progress: Callable[[int], None] | None = None,
                       window: int = WINDOW, chunk: int | None = None) -> str:
    """The network half of ``fetch_blob``: append the missing bytes to the partial
    file (not yet fsynced) and return the SHA-256 of all of it."""
    part = blobs.partial_path(sha)
    have = blobs.partial_size(sha)
    if have > size:
        blobs.drop_partial(sha)
        have = 0
    h = await asyncio.to_thread(file_hasher, part) if have else hashlib.sha256()
    if have:
        log.info("resuming %s at %d of %d bytes", sha[:12], have, size)
    inflight: deque[tuple[int, int, asyncio.Future[tuple[dict[str, Any], memoryview]]]] = deque()
    next_off = have
    with open(part, "ab", opener=private_opener) as f:
        try:
            while have < size:
                while len(inflight) < window and next_off < size:
                    n = min(chunk or link.chunk_bytes, size - next_off)
                    inflight.append((next_off, n, await link.request_chunk(sha, next_off, n)))
                    next_off += n
                off, n, fut = inflight.popleft()
                header, data = await fut
                if header.get("offset") != off or len(data) != n or header.get("sha256") != sha:
                    raise ProtocolError("server sent a chunk that was not asked for")
                link.learn_chunk_size(header)
                f.write(data)
                h.update(data)
                have += n
                if on_progress is not None:
                    on_progress(have)
        finally:
            for _, _, fut in inflight:
                fut.cancel()
            f.flush()  # finish_partial fsyncs on a worker thread, off the event loop
    return str(h.hexdigest())


async def finish_blob(blobs: BlobStore, sha: str, digest: str) -> Path:
    """The disk half of ``fetch_blob``: fsync the partial file and, if ``digest`` is
    ``sha``, move it into place (on a worker thread); a mismatch deletes it."""
    try:
        return await asyncio.to_thread(blobs.finish_partial, sha, digest=digest)
    except BlobIntegrityError:
        log.warning("download of %s did not match its hash; it will be fetched again", sha[:12])
        raise


class Downloads:
    """Keeps every wanted document on disk: fetches what is missing, reports progress.

    Runs on the engine's loop while a connection is up (``run``); ``wake`` makes it
    look again (a meeting changed, or a stored blob turned out corrupt).
    """

    def __init__(self, blobs: BlobStore, *, wanted: Callable[[], dict[str, int]],
                 emit: Callable[[ev.EngineEvent], None]) -> None:
        self.blobs = blobs
        self._wanted = wanted
        self._emit = emit
        self._need = asyncio.Event()
        self._in_flight: dict[str, int] = {}
        """Documents downloading now and their bytes on disk."""
        self._done_docs: set[str] = set()
        self._last_progress = 0.0

    def wake(self) -> None:
        self._need.set()

    def report(self, wanted: dict[str, int], force: bool = False, *, rescan: bool = False
               ) -> None:
        """Emit progress (at most every 0.1 s unless ``force``); ``rescan`` looks at the
        disk for finished documents instead of trusting what this object saw finish."""
        now = time.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        if rescan:
            self._done_docs = {s for s in wanted if self.blobs.has(s)}
        done_docs = [s for s in wanted if s in self._done_docs]
        done = sum(wanted[s] for s in done_docs)
        done += sum(have for s, have in self._in_flight.items() if s in wanted)
        current, current_done = next(iter(self._in_flight.items()), (None, 0))
        self._emit(ev.SyncProgress(done, sum(wanted.values()), len(done_docs),
                                   len(wanted), current_sha256=current,
                                   current_done=current_done,
                                   downloading=tuple(self._in_flight.items())))

    async def run(self, link: ServerLink) -> None:
        """Until cancelled: verify what is on disk, fetch what is missing, then wait."""
        failures: dict[str, int] = {}
        while True:
            self._need.clear()
            wanted = self._wanted()
            for sha in [s for s in wanted if self.blobs.has(s) and not self.blobs.is_verified(s)]:
                with contextlib.suppress(BlobIntegrityError, NotFoundError):
                    await asyncio.to_thread(self.blobs.verified_path, sha)
            missing = [s for s in wanted
                       if not self.blobs.has(s) and failures.get(s, 0) < MAX_FAILURES]
            self.report(wanted, force=True, rescan=True)
            if not missing:
                await self._need.wait()
                continue
            slots = asyncio.Semaphore(DOWNLOADS_AT_ONCE)
            # a lost connection fails the group; the session ends and cancels this loop
            async with asyncio.TaskGroup() as group:
                for sha in missing:
                    group.create_task(self._one(link, sha, wanted, slots, failures))

    async def _one(self, link: ServerLink, sha: str, wanted: dict[str, int],
                   slots: asyncio.Semaphore, failures: dict[str, int]) -> None:
        def progress(have: int) -> None:
            self._in_flight[sha] = have
            self.report(wanted)

        try:
            async with slots:
                self._in_flight[sha] = self.blobs.partial_size(sha)
                digest = await receive_blob(link, self.blobs, sha, wanted[sha],
                                            on_progress=progress)
            await finish_blob(self.blobs, sha, digest)
        except ConnectionLostError:
            raise
        except MeetingroomError as e:  # integrity, not found, protocol, rate limit
            failures[sha] = failures.get(sha, 0) + 1
            log.warning("cannot download %s: %s", sha[:12], e.code)
            self._emit(ev.DownloadFailed(sha, e, retrying=failures[sha] < MAX_FAILURES))
            return
        finally:
            self._in_flight.pop(sha, None)
        self._done_docs.add(sha)
        self._emit(ev.DocumentAvailable(sha))
        self.report(wanted, force=True)
