"""This device in a room that shares packs between devices (``engine.peers``).

A part of :class:`~meetingroom.sync.engine.SyncEngine`. When the room server says it lets
devices share (``peers`` in its login reply; off by default, docs/protocol.md "Peers"),
then while a link is up this part serves the verified documents of the user's meetings on
the address the server sees (``peer_server.py``, over TLS with a certificate of its own
when the room runs TLS), tells the server what it holds (``peer.offer``, again as more
arrives), and gives each download a :class:`~meetingroom.sync.peer_fetch.Swarm` of the
peers that hold it. Tickets presented to this device are checked here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from meetingroom.errors import ForbiddenError, MeetingroomError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.peer_link import (
    PeerFindReply,
    PeerHeldReply,
    PeerOfferReply,
    Ticket,
)
from meetingroom.storage.blobs import BlobStore
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.peer_fetch import PeerPool, Swarm
from meetingroom.sync.peer_server import PeerServer
from meetingroom.sync.peer_tls import make_identity

log = logging.getLogger("meetingroom.sync.peers")

OFFER_BATCH = 0.05
"""Seconds to gather documents that arrive together into one ``peer.offer``."""


class Peers:
    """Serving to peers and fetching from them, while the room allows it."""

    def __init__(self, blobs: BlobStore, *, folder: Path, enabled: Callable[[], bool],
                 tls: Callable[[], bool], wanted: Callable[[], dict[str, int]],
                 holds: Callable[[str, str], bool]) -> None:
        self._blobs = blobs
        self._folder = folder
        self._enabled = enabled
        """The room server's last login reply allowed sharing."""
        self._tls = tls
        self._wanted = wanted
        self._holds = holds
        """``holds(meeting id, sha256)``: a cached meeting of this user holds that document."""
        self._server: PeerServer | None = None
        self._fingerprint: str | None = None
        """Of the certificate this device serves peers with (None: plain ws)."""
        self._reports: set[asyncio.Task[None]] = set()
        self._offer: PeerOfferReply | None = None
        self._clock_offset = 0.0
        """Server clock minus this device's (tickets expire by the server's)."""
        self._changed: asyncio.Event | None = None
        self.pool = PeerPool(tls=tls)
        """Links to the peers this device fetches from."""

    @property
    def enabled(self) -> bool:
        return self._enabled()

    @property
    def served_bytes(self) -> int:
        return 0 if self._server is None else self._server.served_bytes

    def check_ticket(self, text: str) -> Ticket:
        """The ticket a requester presented, if it is good here; else ForbiddenError."""
        offer = self._offer
        if offer is None:
            raise ForbiddenError("this device is not serving peers now")
        ticket = Ticket.read(text, offer.key, now=time.time() + self._clock_offset)
        if ticket.peer != offer.peer:
            raise ForbiddenError("the ticket is for another peer")
        if not self._holds(ticket.meeting_id, ticket.sha256):
            raise ForbiddenError("the ticket names a meeting of another person, or one "
                                 "without this document")
        return ticket

    def arrived(self) -> None:
        """A document is now verified on disk: offer it (soon, with any others)."""
        if self._changed is not None:
            self._changed.set()

    async def run(self, link: ServerLink) -> None:
        """While ``link`` is up: serve and keep the server told what this device holds."""
        if not self._enabled():
            return
        host = link.local_address()
        if host is None:
            return
        if self._server is None:
            identity = await asyncio.to_thread(make_identity, self._folder) if self._tls() \
                else None
            server = PeerServer(self._blobs, check_ticket=self.check_ticket, holds=self._holds,
                                tls=identity.context if identity else None)
            await server.start(host)
            self._server = server
            self._fingerprint = identity.fingerprint if identity else None
        port = self._server.port
        assert port is not None
        self._changed = changed = asyncio.Event()
        try:
            while True:
                changed.clear()
                held = [s for s in self._wanted() if self._blobs.is_verified(s)]
                sent_at = time.time()
                reply = PeerOfferReply.from_wire(await link.request(rq.PeerOffer(
                    port=port, cert_sha256=self._fingerprint, blobs=list(held))))
                self._offer = reply
                self._clock_offset = reply.server_time - (sent_at + time.time()) / 2
                await changed.wait()
                await asyncio.sleep(OFFER_BATCH)
        except MeetingroomError as e:  # an older server, or the link went: stop offering
            log.info("not offering documents to peers now: %s", e.message)
        finally:
            self._changed = None

    async def swarm(self, link: ServerLink, sha: str, size: int) -> Swarm | None:
        """The sources of one download (None: the server alone, as without peers)."""
        if not self._enabled():
            return None

        async def find() -> PeerFindReply:
            return PeerFindReply.from_wire(await link.request(rq.PeerFind(sha256=sha)))

        def report(peer: str, blob: str, reason: str) -> None:
            async def send() -> None:
                with contextlib.suppress(MeetingroomError):
                    await link.request(rq.PeerReport(peer=peer, sha256=blob, reason=reason))
            task = asyncio.ensure_future(send())
            self._reports.add(task)
            task.add_done_callback(self._reports.discard)

        try:
            found = await find()
        except MeetingroomError as e:
            if e.code == "connection_lost":
                raise
            log.info("no peers for %s: %s", sha[:12], e.code)
            return None
        if not found.hashes:
            return None
        return Swarm(link, self.pool, sha, size, found, refind=find, report=report)

    async def order(self, link: ServerLink, queue: list[str]) -> dict[str, int] | None:
        """Put the document the server says to fetch next first, then those fewest peers
        hold (stable: ties keep their shuffled order): a room's devices then start on
        different documents and spread over the holders instead of crowding a few.
        Returns how many peers hold each (None: the server did not say)."""
        try:
            reply = PeerHeldReply.from_wire(await link.request(rq.PeerHeld(blobs=list(queue))))
        except MeetingroomError as e:
            if e.code == "connection_lost":
                raise
            return None
        queue.sort(key=lambda s: (s != reply.next, reply.held.get(s, 0)))
        return dict(reply.held)

    async def close(self) -> None:
        """Stop serving and close the links to peers (logout, stop)."""
        self._offer = None
        if self._server is not None:
            await self._server.close()
            self._server = None
        await self.pool.close()
