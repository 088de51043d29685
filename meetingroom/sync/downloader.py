"""Resumable, pipelined blob download: chunks in flight, hashed as written, verified at the end."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from meetingroom import allocator
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
from meetingroom.sync.peer_fetch import Chunk, Swarm

log = logging.getLogger("meetingroom.sync.download")

WINDOW_BYTES = 4 * 2**20
"""Bytes of chunk requests kept in flight per download (hides loopback and LAN latency):
two of the server's 2 MiB chunks, at least two chunks of any size. Counted in bytes so
that the request waited for is never behind more than this on a slow link (its answer
must come within ``CHUNK_STALLED``)."""
DOWNLOADS_AT_ONCE = 2
"""Documents received in parallel, so the chunk window never drains between documents.
A document gives up its slot once its bytes are in; its fsync runs outside the slot."""
MAX_FAILURES = 3
"""Failed attempts (bad hash, refused) after which a document is left until the next run."""
SLICE = 256 * 1024
"""Bytes of a chunk written and hashed at a time: a slice is hashed while it is still in
the CPU's cache (a 1 MiB chunk written whole, then hashed, costs a third more CPU)."""


class Hasher(Protocol):
    """What a download feeds its bytes to (a ``hashlib`` SHA-256 object)."""

    def update(self, data: bytes | memoryview, /) -> None: ...

    def hexdigest(self) -> str: ...


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
                     window: int | None = None, chunk: int | None = None) -> Path:
    """Download ``sha`` into ``blobs``, resuming a partial file; returns the verified path.

    Chunks are ``chunk`` bytes, or by default as large as the server has said it
    serves (learnt from the ``max_length`` of its frames), smaller while the link is
    slow (``link.download_step``).
    A connection loss raises ConnectionLostError and keeps what was written, so the
    next call continues from there. A hash mismatch deletes the partial file.
    """
    digest = await receive_blob(link, blobs, sha, size, on_progress=on_progress,
                                window=window, chunk=chunk)
    assert digest is not None  # never told to stop
    return await finish_blob(blobs, sha, digest)


async def receive_blob(link: ServerLink, blobs: BlobStore, sha: str, size: int, *,
                       on_progress: Callable[[int], None] | None = None,
                       window: int | None = None, chunk: int | None = None,
                       go_on: Callable[[], bool] = lambda: True,
                       swarm: Swarm | None = None) -> str | None:
    """The network half of ``fetch_blob``: append the missing bytes to the partial
    file (not yet fsynced) and return the SHA-256 of all of it.

    Once ``go_on()`` is false no more chunks are asked for: those on their way are
    written, and None returned (the partial file continues on a later call). With a
    ``swarm``, chunks come from peers too, each checked against its own hash first."""
    part = blobs.partial_path(sha)
    have = blobs.partial_size(sha)
    if have > size:
        blobs.drop_partial(sha)
        have = 0
    h = await asyncio.to_thread(file_hasher, part) if have else hashlib.sha256()
    if have:
        log.info("resuming %s at %d of %d bytes", sha[:12], have, size)
    with open(part, "ab", opener=private_opener) as f:
        try:
            if swarm is not None:
                async with contextlib.aclosing(swarm.stream(have, go_on)) as chunks:
                    async for _header, data in chunks:
                        have = _append(f, h, data, have, on_progress)
            else:
                have = await _from_server(link, sha, size, f, h, have,
                                          on_progress=on_progress, window=window,
                                          chunk=chunk, go_on=go_on)
        finally:
            f.flush()  # finish_partial fsyncs on a worker thread, off the event loop
    return str(h.hexdigest()) if have >= size else None


def _append(f: BinaryIO, h: Hasher, data: memoryview, have: int,
            on_progress: Callable[[int], None] | None) -> int:
    """Write and hash one chunk, a cache-sized slice at a time; the bytes now on disk."""
    for at in range(0, len(data), SLICE):
        piece = data[at:at + SLICE]
        f.write(piece)
        h.update(piece)
    have += len(data)
    if on_progress is not None:
        on_progress(have)
    return have


async def _from_server(link: ServerLink, sha: str, size: int, f: BinaryIO, h: Hasher,
                       have: int, *, on_progress: Callable[[int], None] | None,
                       window: int | None, chunk: int | None, go_on: Callable[[], bool]
                       ) -> int:
    """``receive_blob`` from the room server alone, ``window`` chunks in flight (by
    default as many as ``WINDOW_BYTES`` holds); the bytes on disk when it stops."""
    inflight: deque[tuple[int, int, asyncio.Future[Chunk]]] = deque()
    next_off = have
    try:
        while have < size:
            step = chunk or link.download_step
            depth = window or max(2, WINDOW_BYTES // step)
            while len(inflight) < depth and next_off < size and go_on():
                n = min(step, size - next_off)
                inflight.append((next_off, n, await link.request_chunk(sha, next_off, n)))
                next_off += n
            if not inflight:
                return have  # told to stop; what arrived is kept
            off, n, fut = inflight.popleft()
            header, data = await link.chunk_answer(sha, off, n, fut)
            if header.offset != off or len(data) != n or header.sha256 != sha:
                raise ProtocolError("server sent a chunk that was not asked for")
            link.learn_chunk_size(header)
            have = _append(f, h, data, have, on_progress)
        return have
    finally:
        for _, _, fut in inflight:
            if fut.done() and not fut.cancelled():
                fut.exception()  # failed with the link: seen here, not logged as lost
            else:
                fut.cancel()


async def finish_blob(blobs: BlobStore, sha: str, digest: str) -> Path:
    """The disk half of ``fetch_blob``: fsync the partial file and, if ``digest`` is
    ``sha``, move it into place (on a worker thread); a mismatch deletes it."""
    try:
        return await asyncio.to_thread(blobs.finish_partial, sha, digest=digest)
    except BlobIntegrityError:
        log.warning("download of %s did not match its hash; it will be fetched again", sha[:12])
        raise


class PeerSources(Protocol):
    """Where a download's chunks may come from besides the server (``sync/peers.py``)."""

    @property
    def enabled(self) -> bool: ...

    async def swarm(self, link: ServerLink, sha: str, size: int) -> Swarm | None: ...

    async def order(self, link: ServerLink, queue: list[str]) -> dict[str, int] | None: ...


class Downloads:
    """Keeps every wanted document on disk: fetches what is missing, reports progress.

    Runs on the engine's loop while a connection is up (``run``); ``wake`` makes it
    look again (a meeting changed, or a stored blob turned out corrupt). Documents come
    in the order of ``first`` (those open in a reader, then the presented one), then the
    rest: one wanted first takes the slot of a less urgent one, which keeps its bytes
    and continues later, so a delegate who opens a document still downloading sees its
    pages arrive at the link's full speed; ``hurry`` says ``first`` changed.
    """

    def __init__(self, blobs: BlobStore, *, wanted: Callable[[], dict[str, int]],
                 emit: Callable[[ev.EngineEvent], None],
                 first: Callable[[], Sequence[str]] = tuple, window: int | None = None,
                 chunk: int | None = None, peers: PeerSources | None = None) -> None:
        self.blobs = blobs
        self._peers = peers
        """Peers of the room to fetch from too, when it allows it."""
        self._window, self._chunk = window, chunk
        """Chunks in flight per document and their size (None: as the server serves)."""
        self._yielding: set[str] = set()
        """Documents asked to give up their slot to a more urgent one."""
        self._wanted = wanted
        self._first = first
        self._emit = emit
        self._need = asyncio.Event()
        self._reorder = asyncio.Event()
        self._in_flight: dict[str, int] = {}
        """Documents downloading now and their bytes on disk."""
        self._done_docs: set[str] = set()
        self._unannounced: set[str] = set()
        """Documents found missing that were not yet said to be available: one whose
        last bytes were written while its session ended (its fsync and rename on a
        worker thread are not stopped by the end) is said to be at the next start."""
        self._last_progress = 0.0

    def wake(self) -> None:
        self._need.set()

    def hurry(self) -> None:
        """The documents wanted first changed."""
        self._reorder.set()

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
        """Until cancelled: verify what is on disk, fetch what is missing, then wait.
        A lost connection raises; the session ends and starts this again later."""
        failures: dict[str, int] = {}
        fetched = False
        while True:
            self._need.clear()
            wanted = self._wanted()
            for sha in [s for s in wanted if self.blobs.has(s) and not self.blobs.is_verified(s)]:
                with contextlib.suppress(BlobIntegrityError, NotFoundError):
                    await asyncio.to_thread(self.blobs.verified_path, sha)
            for sha in sorted(self._unannounced & wanted.keys()):
                if self.blobs.has(sha):
                    self._announce(sha)
            missing = [s for s in wanted
                       if not self.blobs.has(s) and failures.get(s, 0) < MAX_FAILURES]
            self._unannounced.update(missing)
            self.report(wanted, force=True, rescan=True)
            if not missing:
                if fetched:  # the chunk buffers kept for reuse go back to the system
                    await asyncio.to_thread(allocator.release)
                    fetched = False
                await self._need.wait()
                continue
            fetched = True
            await self._fetch(link, missing, wanted, failures)

    async def _fetch(self, link: ServerLink, missing: list[str], wanted: dict[str, int],
                     failures: dict[str, int]) -> None:
        """Fetch ``missing``, ``DOWNLOADS_AT_ONCE`` receiving at a time, urgent ones first.
        A document gives up its slot once its bytes are in; its fsync runs outside it."""
        queue = list(missing)
        if self._peers is not None and self._peers.enabled:
            # the devices of a room start in different places, so that early on each has
            # something to give the others (documents wanted first still come first)
            random.shuffle(queue)
        receiving: dict[str, asyncio.Task[str | None]] = {}
        finishing: dict[asyncio.Task[Path], str] = {}
        try:
            while queue or receiving or finishing:
                self._reorder.clear()
                peers = self._peers
                held = None
                if (peers is not None and peers.enabled and queue
                        and len(receiving) - len(self._yielding) < DOWNLOADS_AT_ONCE):
                    held = await peers.order(link, queue)
                self._schedule(link, queue, receiving, wanted, held=held)
                reorder = asyncio.ensure_future(self._reorder.wait())
                try:
                    await asyncio.wait({*receiving.values(), *finishing, reorder},
                                       return_when=asyncio.FIRST_COMPLETED)
                finally:
                    reorder.cancel()
                for sha, received in [(s, t) for s, t in receiving.items() if t.done()]:
                    del receiving[sha]
                    self._yielding.discard(sha)
                    error = received.exception()
                    if error is not None:
                        self._failed(sha, error, failures)
                    elif (digest := received.result()) is None:  # gave its slot up
                        queue.append(sha)
                    else:
                        finishing[asyncio.ensure_future(
                            finish_blob(self.blobs, sha, digest))] = sha
                for finished in [t for t in finishing if t.done()]:
                    sha = finishing.pop(finished)
                    error = finished.exception()
                    if error is None:
                        self._done_docs.add(sha)
                        self._announce(sha)
                        self.report(wanted, force=True)
                    else:
                        self._failed(sha, error, failures)
        finally:
            rest: list[asyncio.Future[Any]] = [*receiving.values(), *finishing]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)
            self._yielding.clear()

    def _schedule(self, link: ServerLink, queue: list[str],
                  receiving: dict[str, asyncio.Task[str | None]],
                  wanted: dict[str, int], *, held: dict[str, int] | None = None) -> None:
        """Start receiving while slots are free, urgent documents first. While one is
        still missing the others give their slots up (they stop asking for chunks; those
        on their way are still written), so it has the whole link.

        With ``held`` (peers share: how many of them hold each document), a document no
        peer holds is started only while nothing else is received: from the server
        alone a device fetches one document at a time, so the devices of a room that
        start together finish their first documents twice as soon and have something
        to give each other early (two at a time from the server alone, everyone's first
        two documents shared its link for the first seconds)."""
        first = [s for s in self._first() if s in wanted]
        urgent = {s: i for i, s in enumerate(first)}
        queue.sort(key=lambda s: urgent.get(s, len(urgent)))  # stable: the rest keep order
        self._yielding -= urgent.keys()  # one that gave way and is wanted now: go on
        if any(s in urgent for s in (*queue, *receiving)):
            for sha in receiving:
                if sha not in urgent and sha not in self._yielding:
                    log.info("%s waits: a document being read comes first", sha[:12])
                    self._yielding.add(sha)
        else:
            self._yielding.clear()  # nothing urgent: stop only at the end of a chunk run
        while queue and (busy := len(receiving) - len(self._yielding)) < DOWNLOADS_AT_ONCE:
            if self._yielding and queue[0] not in urgent:
                break  # the rest wait for the urgent ones
            pick = 0
            if held is not None and busy:
                pick = next((i for i, s in enumerate(queue) if s in urgent or held.get(s)), -1)
                if pick < 0:
                    break  # no peer has any of the rest yet
            sha = queue.pop(pick)
            receiving[sha] = asyncio.ensure_future(self._receive(link, sha, wanted))

    async def _receive(self, link: ServerLink, sha: str, wanted: dict[str, int]
                       ) -> str | None:
        def progress(have: int) -> None:
            self._in_flight[sha] = have
            self.report(wanted)

        self._in_flight[sha] = start = self.blobs.partial_size(sha)
        started = time.monotonic()
        swarm = None if self._peers is None else await self._peers.swarm(link, sha, wanted[sha])
        try:
            return await receive_blob(link, self.blobs, sha, wanted[sha],
                                      on_progress=progress, window=self._window,
                                      chunk=self._chunk,
                                      go_on=lambda: sha not in self._yielding, swarm=swarm)
        finally:
            got = self._in_flight.pop(sha, start) - start
            if swarm is not None:
                await swarm.close()
                log.info("received %.1f MiB of %s in %.1f s, %.0f %% from peers", got / 2**20,
                         sha[:12], time.monotonic() - started,
                         100 * swarm.from_peers / got if got else 0)

    def _announce(self, sha: str) -> None:
        self._unannounced.discard(sha)
        self._emit(ev.DocumentAvailable(sha))

    def _failed(self, sha: str, error: BaseException, failures: dict[str, int]) -> None:
        if not isinstance(error, MeetingroomError) or isinstance(error, ConnectionLostError):
            raise error  # the connection is gone (or a bug): the session ends
        # integrity, not found, protocol, rate limit
        failures[sha] = failures.get(sha, 0) + 1
        log.warning("cannot download %s: %s", sha[:12], error.code)
        self._emit(ev.DownloadFailed(sha, error, retrying=failures[sha] < MAX_FAILURES))
