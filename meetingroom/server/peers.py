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
from meetingroom.protocol.limits import SERVED_CHUNK_BYTES
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.peer_link import KEY_BYTES, TICKET_SECONDS, Ticket
from meetingroom.protocol.requests import PeerFind, PeerHeld, PeerOffer, PeerReport
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.server_store import ServerStore, Tx

log = logging.getLogger("meetingroom.server.peers")

MAX_OFFERED = 4096
"""Blobs one ``peer.offer`` may name."""
PEERS_LISTED = 6
"""Peers named in one ``peer.find`` answer, picked at random among those that qualify
(so that fifty requesters spread over the holders instead of all asking the first)."""
REPORTS_BEFORE_BAN = 3
"""Reports after which a peer is listed for nothing until its connection ends."""
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
                 clock: Callable[[], float] = time.time) -> None:
        self.enabled = enabled
        self.store, self.blobs, self.db, self.clock = store, blobs, db, clock
        self._peers: dict[Client, _Peer] = {}
        self._hashes: OrderedDict[str, asyncio.Future[tuple[str, ...]]] = OrderedDict()

    def holding(self, sha: str) -> int:
        """Peers listed as holding ``sha`` now."""
        return sum(1 for p in self._peers.values()
                   if sha in p.blobs and p.reports < REPORTS_BEFORE_BAN)

    def left(self, client: Client) -> None:
        """A connection ended: its peer (if it was one) is listed no more."""
        gone = self._peers.pop(client, None)
        if gone is not None:
            log.info("peer %s at %s left", gone.peer_id, client.address)

    async def offer(self, client: Client, user: User, body: PeerOffer) -> Reply:
        """Record (or update) this connection as a peer holding ``body.blobs``."""
        if not self.enabled:
            raise ProtocolError("this room does not share packs between devices",
                                reason="peers_off")
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
        return {"peer": peer.peer_id, "key": base64.b64encode(peer.key).decode("ascii"),
                "server_time": self.clock()}

    async def find(self, client: Client, user: User, body: PeerFind) -> Reply:
        """The blob's chunk hashes and up to ``PEERS_LISTED`` peers holding it that share a
        meeting holding it with ``user``, each with a ticket."""
        sha = body.sha256
        holders = [p for c, p in self._peers.items()
                   if c is not client and c.user is not None and sha in p.blobs
                   and p.reports < REPORTS_BEFORE_BAN]
        users = {p.client.user.id: p.client.user for p in holders if p.client.user}
        mine, theirs = await self.db.run(self._meetings, user, sha, list(users.values()))
        if not mine:
            raise NotFoundError("no such document")
        if not self.enabled:
            return {"chunk": SERVED_CHUNK_BYTES, "hashes": [], "peers": []}
        hashes = await self._chunk_hashes(sha)
        random.shuffle(holders)
        listed = []
        expires = self.clock() + TICKET_SECONDS
        for p in holders:
            assert p.client.user is not None
            common = [m for m in mine if m in theirs.get(p.client.user.id, ())]
            if not common:
                continue
            ticket = Ticket(peer=p.peer_id, meeting_id=common[0], sha256=sha, user_id=user.id,
                            expires=expires).sign(p.key)
            listed.append({"peer": p.peer_id, "address": p.client.address, "port": p.port,
                           "cert_sha256": p.cert_sha256, "ticket": ticket})
            if len(listed) == PEERS_LISTED:
                break
        return {"chunk": SERVED_CHUNK_BYTES, "hashes": list(hashes), "peers": listed}

    def _meetings(self, user: User, sha: str, others: list[User]
                  ) -> tuple[list[str], dict[str, set[str]]]:
        """(meetings ``user`` may see holding ``sha``, the same for each of ``others``)."""
        def read(tx: Tx) -> tuple[list[str], dict[str, set[str]]]:
            mine = tx.meetings_sharing_blob(user, sha)
            if not mine:
                return [], {}
            return mine, {o.id: set(tx.meetings_sharing_blob(o, sha)) for o in others}
        return self.store.read(read)

    async def held(self, client: Client, user: User, body: PeerHeld) -> Reply:
        """How many peers (but the asker) hold each blob named: a device fetches the most
        widely held first, from them, and leaves the server's link to the rarer ones.
        Counts only; who holds what is said with a ticket, by ``peer.find``."""
        wanted = _shas(body.blobs, "peer.held")
        counts = dict.fromkeys(wanted, 0)
        for c, p in self._peers.items():
            if c is not client and p.reports < REPORTS_BEFORE_BAN:
                for sha in wanted & p.blobs:
                    counts[sha] += 1
        held = {sha: n for sha, n in counts.items() if n}
        if held:  # of what this user may see only: a hash alone reveals nothing
            visible = await self.db.run(self.store.read, lambda tx: {
                sha for sha in held if tx.meetings_sharing_blob(user, sha)})
            held = {sha: n for sha, n in held.items() if sha in visible}
        return {"held": held}

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
                                                          SERVED_CHUNK_BYTES))
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
