"""Peers sharing packs: who holds which blob, the tickets to fetch it from them, and the
chunk hashes every piece from a peer is checked against (docs/protocol.md, "Peers").

Off unless the room enables it (``ServerConfig.peer_sharing``): on one Wi-Fi access point
a peer's bytes cross the air twice (to the access point, then to the requester), so it
helps only where laptops sit on a switched, wired LAN. A peer is a connection that sent
``peer.offer``: the server lists it at the address it sees the connection come from
(never one the client names), and forgets it when the connection ends. A ticket names
one peer, one blob, the requester and a meeting both may see that holds the blob.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import os
import random
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meetingroom.domain.model import User
from meetingroom.errors import NotFoundError, ProtocolError
from meetingroom.protocol.body_fields import check_sha
from meetingroom.protocol.limits import PEER_CHUNK_BYTES
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.peer_link import KEY_BYTES, TICKET_SECONDS, Ticket
from meetingroom.protocol.requests import PeerFind, PeerHeld, PeerOffer, PeerReport
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client, Hub
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.server_store import ServerStore

log = logging.getLogger("meetingroom.server.peers")

MAX_OFFERED = 4096
"""Blobs one ``peer.offer`` may name."""
PEERS_LISTED = 4
"""Peers named in one ``peer.find`` answer: those given the fewest tickets lately (ties at
random), so that fifty requesters spread over the holders instead of crowding a few."""
LOAD_HALF_LIFE = 5.0
"""Seconds in which a peer's count of tickets given out halves."""
REPORTS_BEFORE_BAN = 3
"""Reports after which a peer is listed for nothing until its connection ends."""
PAIRED_SECONDS = 60.0
"""A peer given to a requester within this long is given to it first again."""
FETCH_SECONDS = 30.0
"""How long a device told to fetch a blob next counts as fetching it (at most)."""
HASHES_KEPT = 64
"""Blobs whose chunk hashes are kept in memory."""


@dataclass(eq=False, slots=True)
class _Peer:
    client: Client
    peer_id: str
    key: bytes
    port: int
    cert_sha256: str | None
    blobs: set[str] = field(default_factory=set)
    reports: int = 0
    load: float = 0.0
    """Tickets given out for it, decayed (``LOAD_HALF_LIFE``), as of ``load_at``."""
    load_at: float = 0.0

    def current_load(self, now: float) -> float:
        return float(self.load * 0.5 ** ((now - self.load_at) / LOAD_HALF_LIFE))


def chunk_hashes(path: Path, chunk: int) -> tuple[str, ...]:
    """The SHA-256 of each ``chunk``-byte piece of the file (blocking: a worker thread)."""
    out = []
    with open(path, "rb") as f:
        while piece := f.read(chunk):
            out.append(hashlib.sha256(piece).hexdigest())
    return tuple(out)


class PeerDirectory:
    """Owner: the RoomServer. The peers of this room and what each holds."""

    def __init__(self, *, enabled: bool, store: ServerStore, blobs: BlobStore, db: DbThread,
                 hub: Hub, clock: Callable[[], float] = time.time) -> None:
        self.hub = hub
        self._sharing_cache: dict[tuple[str, str], list[str]] = {}
        self._sharing_epoch = -1
        self.enabled = enabled
        self.store, self.blobs, self.db, self.clock = store, blobs, db, clock
        self._peers: dict[Client, _Peer] = {}
        self._paired: dict[Client, dict[str, float]] = {}
        """Requester → the peers it was given tickets for, and when last."""
        self._fetching: dict[str, dict[Client, float]] = {}
        """Blob → the devices told to fetch it next and until when that counts."""
        self._hashes: OrderedDict[str, asyncio.Future[tuple[str, ...]]] = OrderedDict()

    def holding(self, sha: str) -> int:
        """Peers listed as holding ``sha`` now."""
        return sum(1 for p in self._peers.values()
                   if sha in p.blobs and p.reports < REPORTS_BEFORE_BAN)

    def held_by(self, peer_id: str) -> frozenset[str]:
        """The blobs the peer ``peer_id`` is listed for now (none once it is gone)."""
        return next((frozenset(p.blobs) for p in self._peers.values()
                     if p.peer_id == peer_id and p.reports < REPORTS_BEFORE_BAN), frozenset())

    def left(self, client: Client) -> None:
        """A connection ended: its peer (if it was one) is listed no more."""
        for fetchers in self._fetching.values():
            fetchers.pop(client, None)
        self._paired.pop(client, None)
        gone = self._peers.pop(client, None)
        if gone is not None:
            log.info("peer %s at %s left", gone.peer_id, client.address)

    def _check_enabled(self) -> None:
        if not self.enabled:
            raise ProtocolError("this room does not share packs between devices",
                                reason="peers_off")

    async def offer(self, client: Client, user: User, body: PeerOffer) -> Reply:
        """Record (or update) this connection as a peer holding ``body.blobs``."""
        self._check_enabled()
        if not 0 < body.port < 65536:
            raise ProtocolError("peer.offer: port must be 1..65535")
        if body.cert_sha256 is not None:
            check_sha(body.cert_sha256)
        held = _shas(body.blobs, "peer.offer")
        peer = self._peers.get(client)
        if peer is None or peer.port != body.port or peer.cert_sha256 != body.cert_sha256:
            peer = _Peer(client, secrets.token_urlsafe(12), os.urandom(KEY_BYTES), body.port,
                         body.cert_sha256, reports=peer.reports if peer else 0)
            self._peers[client] = peer
            log.info("peer %s: %s at %s port %d", peer.peer_id, user.username,
                     client.address, body.port)
        peer.blobs = held
        for sha in held:
            self._fetching.get(sha, {}).pop(client, None)
        return {"peer": peer.peer_id, "key": base64.b64encode(peer.key).decode("ascii"),
                "server_time": self.clock()}

    async def find(self, client: Client, user: User, body: PeerFind) -> Reply:
        """The blob's chunk hashes and up to ``PEERS_LISTED`` peers holding it that share a
        meeting holding it with ``user``, each with a ticket."""
        self._check_enabled()
        sha = body.sha256
        holders = [p for c, p in self._peers.items()
                   if c is not client and c.user is not None and sha in p.blobs
                   and p.reports < REPORTS_BEFORE_BAN]
        mine = await self._sharing(user, sha)
        if not mine:
            raise NotFoundError("no such document")
        hashes = await self._chunk_hashes(sha)
        now = time.monotonic()
        known = self._paired.setdefault(client, {})
        random.shuffle(holders)
        # peers this device already fetches from first (their link is open: a new one
        # costs handshakes over a busy LAN), then those given the fewest tickets lately
        holders.sort(key=lambda p: (known.get(p.peer_id, 0) < now - PAIRED_SECONDS,
                                    p.current_load(now)))
        listed = []
        expires = self.clock() + TICKET_SECONDS
        for p in holders:
            assert p.client.user is not None
            theirs = await self._sharing(p.client.user, sha)
            common = [m for m in mine if m in theirs]
            if not common:
                continue
            ticket = Ticket(peer=p.peer_id, meeting_id=common[0], sha256=sha, user_id=user.id,
                            expires=expires).sign(p.key)
            listed.append({"peer": p.peer_id, "address": p.client.address, "port": p.port,
                           "cert_sha256": p.cert_sha256, "ticket": ticket,
                           "meeting_id": common[0]})
            p.load, p.load_at = p.current_load(now) + 1, now
            known[p.peer_id] = now
            if len(listed) == PEERS_LISTED:
                break
        return {"chunk": PEER_CHUNK_BYTES, "hashes": list(hashes), "peers": listed}

    async def _sharing(self, user: User, sha: str) -> list[str]:
        """The meetings ``user`` may see that hold ``sha``; cached until the hub's access
        epoch moves (a meeting, its participants or its documents changed), as the blob
        service caches its "may read" answers, so that a room's requests for peers do
        not query the database for every holder each time."""
        epoch = self.hub.access_epoch
        if epoch != self._sharing_epoch:
            self._sharing_cache.clear()
            self._sharing_epoch = epoch
        key = (user.id, sha)
        cached = self._sharing_cache.get(key)
        if cached is not None:
            return cached
        found: list[str] = await self.db.run(self.store.read,
                                             lambda tx: tx.meetings_sharing_blob(user, sha))
        if self._sharing_epoch == epoch:
            self._sharing_cache[key] = found
        return found

    async def held(self, client: Client, user: User, body: PeerHeld) -> Reply:
        """How many peers (but the asker) hold each blob named, and the one to fetch
        ``next``: of the fewest held and being fetched (ties at random), so that the
        devices that start together fetch different documents and each rare one gains
        holders soonest. The server counts the asker as fetching it from now on (until
        it offers it, for ``FETCH_SECONDS`` at most). Counts only; who holds what is
        said with a ticket, by ``peer.find``."""
        self._check_enabled()
        wanted = _shas(body.blobs, "peer.held")
        counts = dict.fromkeys(wanted, 0)
        for c, p in self._peers.items():
            if c is not client and p.reports < REPORTS_BEFORE_BAN:
                for sha in wanted & p.blobs:
                    counts[sha] += 1
        held = {sha: n for sha, n in counts.items() if n}
        # of what this user may see only: a hash alone reveals nothing
        held = {sha: n for sha, n in held.items() if await self._sharing(user, sha)}
        if not wanted:
            return {"held": held, "next": None}
        now = time.monotonic()
        busy = {sha: sum(1 for c, until in self._fetching.get(sha, {}).items()
                         if c is not client and until > now) for sha in wanted}
        order = sorted(wanted)
        random.shuffle(order)
        nxt = min(order, key=lambda s: held.get(s, 0) + busy[s])
        self._fetching.setdefault(nxt, {})[client] = now + FETCH_SECONDS
        return {"held": held, "next": nxt}

    async def report(self, client: Client, user: User, body: PeerReport) -> Reply:
        """A requester says a peer sent bad bytes or refused its ticket: that peer is no
        longer listed for this blob (for anything, after ``REPORTS_BEFORE_BAN``)."""
        for peer in self._peers.values():
            if peer.peer_id == body.peer:
                peer.blobs.discard(body.sha256)
                peer.reports += 1
                log.warning("peer %s at %s reported by %s at %s for %s: %s", peer.peer_id,
                            peer.client.address, user.username, client.address,
                            body.sha256[:12], body.reason[:200])
                break
        return {}

    async def _chunk_hashes(self, sha: str) -> tuple[str, ...]:
        """Computed once per blob (on a worker thread), shared by concurrent askers."""
        fut = self._hashes.get(sha)
        if fut is None or (fut.done() and fut.exception() is not None):
            path = await asyncio.to_thread(self.blobs.verified_path, sha)
            fut = asyncio.ensure_future(asyncio.to_thread(chunk_hashes, path,
                                                          PEER_CHUNK_BYTES))
            self._hashes[sha] = fut
            while len(self._hashes) > HASHES_KEPT:
                self._hashes.popitem(last=False)
        self._hashes.move_to_end(sha)
        return await asyncio.shield(fut)


def _shas(blobs: list[object], what: str) -> set[str]:
    if len(blobs) > MAX_OFFERED:
        raise ProtocolError(f"{what}: at most {MAX_OFFERED} blobs")
    if not all(isinstance(b, str) for b in blobs):
        raise ProtocolError(f"{what}: blobs must be sha256 strings")
    return {check_sha(str(b)) for b in blobs}
