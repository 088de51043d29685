"""Fetching a blob's chunks from peers as well as from the room server, each checked
against the SHA-256 the server gave for it before it is used.

A :class:`Swarm` is one download's sources: the peers ``peer.find`` named (refreshed every
``REFRESH`` seconds) and the server. Each chunk goes to the least busy peer with room
(``PER_PEER`` in flight on its link), the fastest lately among equals, else to the
server; a peer that kept a chunk too long (it serves many devices at once) is not asked
for ``SLOW_REST`` seconds, one that said it is busy (``peer_busy``: every upload slot
taken) for ``BUSY_REST``, and its chunk goes to another peer with room or the server at
once. A chunk from a peer that fails
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
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field

from meetingroom.errors import ForbiddenError, MeetingroomError, NotFoundError, RateLimitError
from meetingroom.protocol.peer_link import (
    PEER_BUSY,
    PeerFindReply,
    PeerHello,
    PeerSource,
    cert_fingerprint,
)
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.peer_tls import pinned_context

log = logging.getLogger("meetingroom.sync.peers")

PER_PEER = 2
"""Chunk requests in flight on one peer's link (all downloads together): a peer serves
many at once, and a deep queue on its link only delays the chunk a download waits for."""
MAX_WINDOW = 12
PEER_CHUNK_TIMEOUT = 10.0
"""A peer's chunk not here by then: the peer is left alone and the chunk asked of the server."""
CONNECT_TIMEOUT = 15.0
"""A busy room's links drop packets (a switch port's queue is short): a lost SYN is sent
again after 1 s, then 3 s."""
REST = 10.0
"""Seconds a peer that could not be reached (or stalled) is not asked again."""
REFRESH = 4.0
"""Seconds between two ``peer.find`` of a running download (peers that got it since)."""

Chunk = tuple[ChunkHeader, memoryview]
AHEAD_BYTES = 16 * 2**20
"""Bytes of chunks that arrived before the one awaited, held in memory at most."""
HEDGE_AFTER = 6.0
"""Most seconds a chunk asked of a peer may take before the server is asked for it
instead; sooner (``HEDGE_FACTOR`` times what the peer's recent speed makes expected, at
least ``HEDGE_MIN``) once this device has seen peers deliver."""
HEDGE_FACTOR = 4.0
HEDGE_MIN = 2.0
SLOW_REST = 10.0
"""Seconds a peer that was too slow with a chunk is not asked (it serves many devices at
once: the other peers are, or the server; its link is not broken and stays open)."""
BUSY_REST = 1.0
"""Seconds a peer that said it is busy (every upload slot taken) is not asked."""
SPEED_WEIGHT = 0.3
"""Weight of the newest chunk in a peer's average speed."""
LOOK_AGAIN = 0.05
"""Seconds between looks at links to peers still being opened."""
PEER_WAIT = 2.0
"""Seconds a download with peers named waits for their links before it asks the server
(whose link the whole room shares)."""


@dataclass(eq=False, slots=True)
class _Asked:
    off: int
    n: int
    peer: str | None
    fut: asyncio.Future[Chunk]
    at: float
Report = Callable[[str, str, str], None]
"""``report(peer id, sha256, reason)``: tell the server (in the background)."""


@dataclass(eq=False, slots=True)
class _PeerLink:
    link: ServerLink
    address: str
    greeted: set[str] = field(default_factory=set)
    """Meetings whose ticket this peer took."""
    inflight: int = 0


class PeerPool:
    """Links to peers, by peer id; peers resting after a failure."""

    def __init__(self, *, tls: Callable[[], bool]) -> None:
        self._tls = tls
        """The room runs TLS: peers are reached over TLS only."""
        self._links: dict[str, _PeerLink] = {}
        self._connecting: dict[str, asyncio.Future[_PeerLink]] = {}
        self._preparing: dict[tuple[str, str], asyncio.Future[None]] = {}
        """(peer, meeting) → the task opening the link and showing the ticket."""
        self._failures: dict[tuple[str, str], BaseException] = {}
        self._resting: dict[str, float] = {}
        self._slow: dict[str, float] = {}
        """Peer → until when it is not asked (it was too slow with a chunk)."""
        self._speed: dict[str, float] = {}
        """Peer → its recent speed delivering chunks to this device (bytes a second)."""
        self._closing: set[asyncio.Future[None]] = set()
        self.received_bytes = 0
        """Verified bytes received from peers so far."""

    def allowed(self, src: PeerSource) -> bool:
        """Not resting after a failure, and reachable as the room requires."""
        if self._tls() and src.cert_sha256 is None:
            return False  # a TLS room never sends its documents in the clear
        until = self._resting.get(src.peer)
        return until is None or until < time.monotonic()

    def usable(self, src: PeerSource) -> bool:
        """Allowed, not lately too slow, and with room for one more chunk request."""
        link = self._links.get(src.peer)
        slow = self._slow.get(src.peer)
        return (self.allowed(src) and (slow is None or slow < time.monotonic())
                and (link is None or link.inflight < PER_PEER))

    def linked(self, peer: str) -> bool:
        """A link to ``peer`` is open (a new one costs handshakes over a busy LAN)."""
        pl = self._links.get(peer)
        return pl is not None and not pl.link.closed.is_set()

    def busy(self, peer: str) -> int:
        link = self._links.get(peer)
        return 0 if link is None else link.inflight

    def preference(self, peer: str) -> tuple[int, bool, float]:
        """Sort key of the peers to ask (smallest first): least busy, link open, fastest
        lately."""
        return self.busy(peer), not self.linked(peer), -self._speed.get(peer, 0.0)

    def delivered(self, peer: str, n: int, seconds: float) -> None:
        """``peer`` delivered ``n`` checked bytes ``seconds`` after they were asked for."""
        rate = n / max(seconds, 1e-3)
        old = self._speed.get(peer)
        self._speed[peer] = rate if old is None else old + SPEED_WEIGHT * (rate - old)

    def too_slow(self, peer: str) -> None:
        """``peer`` kept a chunk past its patience: not asked for ``SLOW_REST`` seconds
        (other peers are, or the server; its link stays open)."""
        self._slow[peer] = time.monotonic() + SLOW_REST
        self._speed.pop(peer, None)

    def busy_now(self, peer: str) -> None:
        """``peer`` said all its upload slots are taken: not asked for ``BUSY_REST``
        seconds (its speed as learnt stays; its link stays open)."""
        self._slow[peer] = max(self._slow.get(peer, 0.0), time.monotonic() + BUSY_REST)

    def patience(self, peer: str, n: int) -> float:
        """Seconds to give ``peer`` for ``n`` bytes before the server is asked too."""
        rate = self._speed.get(peer)
        if rate is None and self._speed:
            rate = sorted(self._speed.values())[len(self._speed) // 2]
        if rate is None:
            return HEDGE_AFTER
        return min(HEDGE_AFTER, max(HEDGE_MIN, HEDGE_FACTOR * n / rate))

    def get(self, src: PeerSource) -> _PeerLink | None:
        """The link to ``src`` that took its ticket; None while it is being
        opened (its certificate checked) and shown the ticket, in the background — a
        handshake over a busy LAN can take seconds, and the download goes on meanwhile.
        What went wrong there, :meth:`failure` tells."""
        pl = self._links.get(src.peer)
        if pl is not None and not pl.link.closed.is_set() and src.meeting_id in pl.greeted:
            return pl
        key = (src.peer, src.meeting_id)
        if key not in self._preparing:
            task = asyncio.ensure_future(self._prepare(src))
            self._preparing[key] = task
            task.add_done_callback(lambda _t: self._preparing.pop(key, None))
        return None

    def pending(self, src: PeerSource) -> bool:
        return (src.peer, src.meeting_id) in self._preparing

    def failure(self, src: PeerSource) -> BaseException | None:
        """Why the link to ``src`` could not be made or took no ticket (once), or None."""
        return self._failures.pop((src.peer, src.meeting_id), None)

    async def _prepare(self, src: PeerSource) -> None:
        try:
            pl = self._links.get(src.peer)
            if pl is None or pl.link.closed.is_set():
                fut = self._connecting.get(src.peer)
                if fut is None:
                    fut = self._connecting[src.peer] = asyncio.ensure_future(self._open(src))
                    fut.add_done_callback(lambda _f: self._connecting.pop(src.peer, None))
                pl = await asyncio.shield(fut)
                self._links[src.peer] = pl
            if src.meeting_id not in pl.greeted:
                await pl.link.request(PeerHello(ticket=src.ticket), timeout=CONNECT_TIMEOUT)
                pl.greeted.add(src.meeting_id)
        except (MeetingroomError, OSError, TimeoutError) as e:
            self._failures[(src.peer, src.meeting_id)] = e

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
        self._found_at = self._born = time.monotonic()
        self._refreshing: asyncio.Task[None] | None = None
        self._dropped: set[str] = set()
        self.from_peers = 0
        """Bytes of this blob received from peers (checked)."""

    def _live(self) -> list[PeerSource]:
        return [p for p in self._peers if p.peer not in self._dropped and self._pool.allowed(p)]

    def window(self) -> int:
        """Chunk requests to keep on their way for this blob now."""
        live = len(self._live())
        return min(MAX_WINDOW, PER_PEER * live) if live else 4

    def piece(self, offset: int) -> int:
        """Bytes of the chunk to ask for at ``offset``: up to the next hashed boundary."""
        return min(self.chunk - offset % self.chunk, self.size - offset)

    def _checkable(self, offset: int, n: int) -> bool:
        i = offset // self.chunk
        return (offset % self.chunk == 0 and i < len(self._hashes)
                and n == min(self.chunk, self.size - offset))

    async def stream(self, start: int, go_on: Callable[[], bool]
                     ) -> AsyncGenerator[Chunk, None]:
        """The blob's chunks from ``start`` on, in order, each checked. Requests are kept
        going to every source with room while earlier chunks are still on their way (up
        to ``AHEAD_BYTES`` held here), so one slow peer does not hold the others up; a
        chunk a peer has not delivered within ``HEDGE_AFTER`` is asked of the server.
        Once ``go_on()`` is false no more are asked for; those asked for still come."""
        asked: deque[_Asked] = deque()
        next_off = start
        for src in self._live():  # open the links to every peer named, all at once
            if self._pool.usable(src):
                self._pool.get(src)
        try:
            while True:
                while (next_off < self.size and go_on()
                       and sum(not a.fut.done() for a in asked) < self.window()
                       and sum(a.n for a in asked if a.fut.done()) < AHEAD_BYTES):
                    n = self.piece(next_off)
                    got = await self._request(next_off, n)
                    if got is None:
                        if any(not a.fut.done() for a in asked):
                            break  # every peer is busy: wait for one of them
                        if self._awaiting_links():
                            await asyncio.sleep(LOOK_AGAIN)
                            continue
                        got = None, await self._from_server(next_off, n)
                    asked.append(_Asked(next_off, n, *got, time.monotonic()))
                    next_off += n
                if not asked:
                    return
                head = asked[0]
                if not head.fut.done():
                    due = (None if head.peer is None
                           else head.at + self._pool.patience(head.peer, head.n))
                    patience = None if due is None else max(0.0, due - time.monotonic())
                    if any(self._pool.pending(p) for p in self._live()):
                        patience = min(patience or LOOK_AGAIN, LOOK_AGAIN)  # use it once up
                    await asyncio.wait([a.fut for a in asked if not a.fut.done()],
                                       timeout=patience, return_when=asyncio.FIRST_COMPLETED)
                    if (not head.fut.done() and head.peer is not None and due is not None
                            and time.monotonic() >= due):
                        log.info("peer %s at %s is slow with a chunk of %s: asking the server",
                                 head.peer, self._address(head.peer), self.sha[:12])
                        self._pool.too_slow(head.peer)
                        self.forget(head.peer, head.fut)
                        head.peer, head.at = None, time.monotonic()
                        head.fut = await self._from_server(head.off, head.n)
                    continue
                asked.popleft()
                yield await self.receive(head.peer, head.off, head.n, head.fut,
                                         asked_at=head.at)
        finally:
            for a in asked:
                self.forget(a.peer, a.fut)

    async def _request(self, offset: int, n: int
                       ) -> tuple[str | None, asyncio.Future[Chunk]] | None:
        """Ask the least busy peer with room for ``n`` bytes at ``offset``, or the server
        when no peer is left; None when every peer is busy."""
        self._refresh()
        if not self._checkable(offset, n):
            return None, await self._from_server(offset, n)
        live = self._live()
        ready = [p for p in live if self._pool.usable(p)]
        ready.sort(key=lambda p: self._pool.preference(p.peer))
        for src in ready:
            error = self._pool.failure(src)
            if error is not None:
                self._failed(src.peer, error)
                continue
            pl = self._pool.get(src)
            if pl is None:
                continue  # its link is on its way
            try:
                fut: asyncio.Future[Chunk] = await pl.link.request_chunk(self.sha, offset, n)
            except (MeetingroomError, OSError, TimeoutError) as e:
                self._failed(src.peer, e)
                continue
            pl.inflight += 1
            return src.peer, fut
        if any(p.peer not in self._dropped for p in live):
            return None  # the peers are busy
        return None, await self._from_server(offset, n)

    def _awaiting_links(self) -> bool:
        """Links to peers are being opened, for at most ``PEER_WAIT`` since the start:
        worth waiting for rather than adding to the server's load."""
        return (time.monotonic() - self._born < PEER_WAIT
                and any(self._pool.pending(p) for p in self._live()))

    async def _from_server(self, offset: int, n: int) -> asyncio.Future[Chunk]:
        return await self._server.request_chunk(self.sha, offset, n)

    async def receive(self, peer: str | None, offset: int, n: int,
                      fut: asyncio.Future[Chunk], *, asked_at: float | None = None) -> Chunk:
        """The chunk ``fut`` brings, checked; from the server instead if the peer fails.
        ``asked_at``: when it was asked for (the peer's speed is learnt from it)."""
        while peer is not None:
            busy = False
            try:
                header, data = await asyncio.wait_for(fut, PEER_CHUNK_TIMEOUT)
                if (header.offset == offset and len(data) == n and header.sha256 == self.sha
                        and hashlib.sha256(data).hexdigest()
                        == self._hashes[offset // self.chunk]):
                    self._pool.received_bytes += n
                    self.from_peers += n
                    if asked_at is not None:
                        self._pool.delivered(peer, n, time.monotonic() - asked_at)
                    return header, data
                self._bad(peer, "sent bytes that do not match their hash")
            except RateLimitError as e:
                if e.reason != PEER_BUSY:
                    self._failed(peer, e)
                else:  # its upload slots are taken: another peer with room, or the server
                    self._pool.busy_now(peer)
                    busy = True
            except (MeetingroomError, OSError, TimeoutError) as e:
                self._failed(peer, e)
            finally:
                self._release(peer)
            if not busy:
                break
            got = await self._request(offset, n)
            if got is None:
                break  # every peer is busy: the server
            peer, fut = got
            asked_at = time.monotonic()
        if peer is None:
            return await self._server.chunk_answer(self.sha, offset, n, fut)
        return await (await self._server.request_chunk(self.sha, offset, n))

    def forget(self, peer: str | None, fut: asyncio.Future[Chunk]) -> None:
        """A request whose chunk will not be read (the download stopped)."""
        if peer is not None:
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
                 peer, self._address(peer), getattr(error, "message", None) or repr(error))
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
