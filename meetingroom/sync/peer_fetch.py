"""Fetching a blob's chunks from peers as well as from the room server, each checked
against the SHA-256 the server gave for it before it is used.

A :class:`Swarm` is one download's sources: the peers ``peer.find`` named (refreshed every
``REFRESH`` seconds) and the server. Each chunk goes to the least busy peer with room
(``PER_PEER`` in flight on its link), else to the server. A chunk from a peer that fails
its hash, a peer that says it lacks the blob or refuses its ticket, is dropped from this
download and reported to the server (which stops listing it); a peer that cannot be
reached or stalls is left alone for ``REST`` seconds. Either way the chunk is fetched
again from the server at once: a peer can slow a download down, never spoil it.
:class:`PeerPool` holds the links to peers, shared by every download of the device.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from meetingroom.errors import ForbiddenError, MeetingroomError, NotFoundError
from meetingroom.protocol.peer_link import PeerFindReply, PeerHello, PeerSource, cert_fingerprint
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.peer_tls import pinned_context

log = logging.getLogger("meetingroom.sync.peers")

PER_PEER = 4
"""Chunk requests in flight on one peer's link (all downloads together)."""
SERVER_SHARE = 2
"""Chunk requests in flight to the server per download while peers serve it too."""
MAX_WINDOW = 16
PEER_CHUNK_TIMEOUT = 10.0
"""A peer's chunk not here by then: the peer is left alone and the chunk asked of the server."""
CONNECT_TIMEOUT = 5.0
REST = 30.0
"""Seconds a peer that could not be reached (or stalled) is not asked again."""
REFRESH = 4.0
"""Seconds between two ``peer.find`` of a running download (peers that got it since)."""

Chunk = tuple[ChunkHeader, memoryview]
Report = Callable[[str, str, str], None]
"""``report(peer id, sha256, reason)``: tell the server (in the background)."""


@dataclass(eq=False, slots=True)
class _PeerLink:
    link: ServerLink
    address: str
    greeted: set[str] = field(default_factory=set)
    """Blobs whose ticket this peer took."""
    inflight: int = 0


class PeerPool:
    """Links to peers, by peer id; peers resting after a failure."""

    def __init__(self, *, tls: Callable[[], bool]) -> None:
        self._tls = tls
        """The room runs TLS: peers are reached over TLS only."""
        self._links: dict[str, _PeerLink] = {}
        self._connecting: dict[str, asyncio.Future[_PeerLink]] = {}
        self._resting: dict[str, float] = {}
        self._closing: set[asyncio.Future[None]] = set()
        self.received_bytes = 0
        """Verified bytes received from peers so far."""

    def usable(self, src: PeerSource) -> bool:
        if self._tls() and src.cert_sha256 is None:
            return False  # a TLS room never sends its documents in the clear
        until = self._resting.get(src.peer)
        link = self._links.get(src.peer)
        return ((until is None or until < time.monotonic())
                and (link is None or link.inflight < PER_PEER))

    def busy(self, peer: str) -> int:
        link = self._links.get(peer)
        return 0 if link is None else link.inflight

    async def ready(self, src: PeerSource, sha: str) -> _PeerLink:
        """The link to ``src``, opened and its certificate checked, that took the ticket
        for ``sha``; raises what went wrong."""
        pl = self._links.get(src.peer)
        if pl is None or pl.link.closed.is_set():
            fut = self._connecting.get(src.peer)
            if fut is None:
                fut = self._connecting[src.peer] = asyncio.ensure_future(self._open(src))
                fut.add_done_callback(lambda _f: self._connecting.pop(src.peer, None))
            pl = await asyncio.shield(fut)
            self._links[src.peer] = pl
        if sha not in pl.greeted:
            await pl.link.request(PeerHello(ticket=src.ticket), timeout=CONNECT_TIMEOUT)
            pl.greeted.add(sha)
        return pl

    async def _open(self, src: PeerSource) -> _PeerLink:
        host = f"[{src.address}]" if ":" in src.address else src.address
        secure = src.cert_sha256 is not None
        link = await ServerLink.open(f"{'wss' if secure else 'ws'}://{host}:{src.port}",
                                     on_push=lambda _m: None, timeout=CONNECT_TIMEOUT,
                                     ssl_context=pinned_context() if secure else None)
        if secure:
            der = link.peer_certificate()
            if der is None or cert_fingerprint(der) != src.cert_sha256:
                await link.close()
                raise ForbiddenError("the peer's certificate is not the one the server named")
        return _PeerLink(link, src.address)

    def release(self, peer: str) -> None:
        """A chunk asked of ``peer`` arrived or was given up."""
        pl = self._links.get(peer)
        if pl is not None and pl.inflight > 0:
            pl.inflight -= 1

    def rest(self, peer: str) -> None:
        """Leave ``peer`` alone for ``REST`` seconds (and close its link)."""
        self._resting[peer] = time.monotonic() + REST
        pl = self._links.pop(peer, None)
        if pl is not None:
            closing = asyncio.ensure_future(pl.link.close())
            self._closing.add(closing)
            closing.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        links, self._links = list(self._links.values()), {}
        for pl in links:
            await pl.link.close()


class Swarm:
    """One blob's sources while it downloads (see the module docstring)."""

    def __init__(self, server: ServerLink, pool: PeerPool, sha: str, size: int,
                 found: PeerFindReply, *, refind: Callable[[], Awaitable[PeerFindReply]],
                 report: Report) -> None:
        self._server, self._pool, self.sha, self.size = server, pool, sha, size
        self.chunk = found.chunk
        self._hashes = found.hashes
        self._peers = list(found.peers)
        self._refind, self._report = refind, report
        self._found_at = time.monotonic()
        self._refreshing: asyncio.Task[None] | None = None
        self._dropped: set[str] = set()
        self._server_inflight = 0

    def _live(self) -> list[PeerSource]:
        return [p for p in self._peers if p.peer not in self._dropped]

    def window(self) -> int:
        """Chunk requests to keep in flight for this blob now."""
        live = len(self._live())
        return min(MAX_WINDOW, SERVER_SHARE + PER_PEER * live) if live else 4

    def piece(self, offset: int) -> int:
        """Bytes of the chunk to ask for at ``offset``: up to the next hashed boundary."""
        return min(self.chunk - offset % self.chunk, self.size - offset)

    def _checkable(self, offset: int, n: int) -> bool:
        i = offset // self.chunk
        return (offset % self.chunk == 0 and i < len(self._hashes)
                and n == min(self.chunk, self.size - offset))

    async def request(self, offset: int, n: int) -> tuple[str | None, asyncio.Future[Chunk]]:
        """Ask a peer (or the server) for ``n`` bytes at ``offset``: (peer id or None,
        the future of the chunk, to hand to :meth:`receive`)."""
        self._refresh()
        if self._checkable(offset, n):
            ready = [p for p in self._live() if self._pool.usable(p)]
            ready.sort(key=lambda p: self._pool.busy(p.peer))
            for src in ready:
                try:
                    pl = await self._pool.ready(src, self.sha)
                    fut: asyncio.Future[Chunk] = await pl.link.request_chunk(
                        self.sha, offset, n)
                except (MeetingroomError, OSError, TimeoutError) as e:
                    self._failed(src.peer, e)
                    continue
                pl.inflight += 1
                return src.peer, fut
        self._server_inflight += 1
        return None, await self._server.request_chunk(self.sha, offset, n)

    async def receive(self, peer: str | None, offset: int, n: int,
                      fut: asyncio.Future[Chunk]) -> Chunk:
        """The chunk ``fut`` brings, checked; from the server instead if the peer fails."""
        if peer is None:
            try:
                return await fut
            finally:
                self._server_inflight -= 1
        try:
            header, data = await asyncio.wait_for(fut, PEER_CHUNK_TIMEOUT)
            if (header.offset == offset and len(data) == n and header.sha256 == self.sha
                    and hashlib.sha256(data).hexdigest() == self._hashes[offset // self.chunk]):
                self._pool.received_bytes += n
                return header, data
            self._bad(peer, "sent bytes that do not match their hash")
        except (MeetingroomError, OSError, TimeoutError) as e:
            self._failed(peer, e)
        finally:
            self._release(peer)
        return await (await self._server.request_chunk(self.sha, offset, n))

    def forget(self, peer: str | None, fut: asyncio.Future[Chunk]) -> None:
        """A request whose chunk will not be read (the download stopped)."""
        if peer is None:
            self._server_inflight -= 1
        else:
            self._release(peer)
        if fut.done() and not fut.cancelled():
            fut.exception()
        else:
            fut.cancel()

    def _release(self, peer: str) -> None:
        self._pool.release(peer)

    def _address(self, peer: str) -> str:
        return next((p.address for p in self._peers if p.peer == peer), "?")

    def _failed(self, peer: str, error: BaseException) -> None:
        if peer in self._dropped:
            return  # another request of the same peer failed with it: said already
        if isinstance(error, NotFoundError | ForbiddenError):
            self._bad(peer, f"refused: {getattr(error, 'message', error)}")
            return
        log.info("peer %s at %s is not answering (%s); fetching from the server",
                 peer, self._address(peer), type(error).__name__)
        self._dropped.add(peer)
        self._pool.rest(peer)

    def _bad(self, peer: str, reason: str) -> None:
        if peer in self._dropped:
            return
        log.warning("dropped the peer %s at %s for %s: it %s", peer, self._address(peer),
                    self.sha[:12], reason)
        self._dropped.add(peer)
        self._pool.rest(peer)
        self._report(peer, self.sha, reason)

    def _refresh(self) -> None:
        if (self._refreshing is not None or time.monotonic() - self._found_at < REFRESH):
            return

        async def again() -> None:
            try:
                found = await self._refind()
                self._peers = list(found.peers)
            except MeetingroomError as e:
                log.info("could not ask for peers of %s again: %s", self.sha[:12], e.code)
            finally:
                self._found_at = time.monotonic()
                self._refreshing = None

        self._refreshing = asyncio.ensure_future(again())

    async def close(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._refreshing
