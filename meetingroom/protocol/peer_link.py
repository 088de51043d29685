"""Peers sharing packs: the tickets the room server issues and the two requests a peer
answers (docs/protocol.md, section 7, "Peers").

A client that holds a blob may serve it to the other devices of a meeting (when the room
allows it). The room server, which knows who may read what, hands a requester a
**ticket** for one peer, one blob and one meeting both may see: signed with a key that
only that peer and the server know (given to the peer in answer to its ``peer.offer``),
valid for ``TICKET_SECONDS``. The peer checks it without asking anyone: the signature, the
time, that it names this peer, and that the meeting is one of its own holding that blob.
On the peer's link the requester first sends ``peer.hello`` with the ticket, then the
usual ``blob.get`` requests for that blob, answered by the usual chunk frames.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from meetingroom.errors import ForbiddenError, ProtocolError
from meetingroom.protocol.body_fields import Body, check_sha, long, registrar
from meetingroom.protocol.replies import read
from meetingroom.protocol.requests import BlobGet
from meetingroom.protocol.server_messages import number
from meetingroom.protocol.wire_json import Wire

TICKET_SECONDS = 300.0
"""How long a ticket is good for (server clock): a requester asks for fresh ones before."""
KEY_BYTES = 32
"""A peer's ticket key: HMAC-SHA-256, one per ``peer.offer`` connection."""
MAX_TICKET_CHARS = 1024
PEER_BUSY = "peer_busy"
"""The ``reason`` of a peer's ``rate_limited`` answer to ``blob.get``: all its upload slots
are taken; the requester asks another peer or the server (no fault of either side)."""

BODIES: dict[str, type[Body]] = {"blob.get": BlobGet}
"""What a peer answers: ``peer.hello`` (below), then ``blob.get`` of the ticket's blob."""
_body = registrar(BODIES)


@_body("peer.hello")
@dataclass(frozen=True, slots=True, kw_only=True)
class PeerHello(Body):
    """``peer.hello``: the room server's ticket for one blob of this peer."""
    ticket: str = field(metadata=long(MAX_TICKET_CHARS))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Ticket:
    """Leave for ``user_id`` to fetch the documents of ``meeting_id`` from ``peer`` until
    ``expires``, given because both may see that meeting; ``sha256``, the one asked for,
    must be among them (the peer checks it, and each blob asked for after)."""

    peer: str
    meeting_id: str
    sha256: str
    user_id: str
    expires: float
    """Server clock (Unix time)."""

    def sign(self, key: bytes) -> str:
        payload = json.dumps({"p": self.peer, "m": self.meeting_id, "s": self.sha256,
                              "u": self.user_id, "e": round(self.expires, 3)},
                             separators=(",", ":"), sort_keys=True).encode()
        mac = hmac.new(key, payload, hashlib.sha256).digest()
        return f"{_b64(payload)}.{_b64(mac)}"

    @classmethod
    def read(cls, text: str, key: bytes, *, now: float) -> Ticket:
        """The ticket ``text`` signed with ``key`` and still valid at ``now`` (server
        clock), or ForbiddenError saying what is wrong with it."""
        try:
            head, _, tail = text.partition(".")
            payload, mac = _unb64(head), _unb64(tail)
        except (ValueError, binascii.Error):
            raise ForbiddenError("the ticket is malformed") from None
        if not hmac.compare_digest(hmac.new(key, payload, hashlib.sha256).digest(), mac):
            raise ForbiddenError("the ticket was not issued for this peer")
        try:
            d = json.loads(payload)
            ticket = cls(peer=str(d["p"]), meeting_id=str(d["m"]), sha256=check_sha(d["s"]),
                         user_id=str(d["u"]), expires=float(d["e"]))
        except (ValueError, KeyError, TypeError, ProtocolError):
            raise ForbiddenError("the ticket is malformed") from None
        if ticket.expires < now:
            raise ForbiddenError("the ticket has expired")
        return ticket


def cert_fingerprint(der: bytes) -> str:
    """The SHA-256 of a DER certificate, as ``peer.offer`` announces it."""
    return hashlib.sha256(der).hexdigest()


@dataclass(frozen=True, slots=True)
class PeerOfferReply:
    """``peer.offer``: the key this peer checks its tickets with, its id in them, and the
    server's clock (tickets expire by it)."""

    peer: str
    key: bytes
    server_time: float

    @classmethod
    def from_wire(cls, d: Wire) -> PeerOfferReply:
        def decode() -> PeerOfferReply:
            key = base64.b64decode(str(d["key"]), validate=True)
            when = number(d.get("server_time"))
            if len(key) != KEY_BYTES or when is None:
                raise ValueError("peer.offer")
            return cls(peer=str(d["peer"]), key=key, server_time=when)
        return read("peer.offer", decode)


@dataclass(frozen=True, slots=True)
class PeerHeldReply:
    """``peer.held``: how many peers hold each blob asked about (absent: none), and the
    one the server would have this device fetch next."""

    held: dict[str, int]
    next: str | None

    @classmethod
    def from_wire(cls, d: Wire) -> PeerHeldReply:
        def decode() -> PeerHeldReply:
            held = d["held"]
            if not isinstance(held, dict) or not all(
                    type(n) is int for n in held.values()):
                raise TypeError("peer.held")
            nxt = d.get("next")
            return cls({check_sha(s): n for s, n in held.items()},
                       None if nxt is None else check_sha(str(nxt)))
        return read("peer.held", decode)


@dataclass(frozen=True, slots=True)
class PeerSource:
    """One peer that holds the blob: where it listens and the ticket it will take."""

    peer: str
    address: str
    port: int
    cert_sha256: str | None
    ticket: str
    meeting_id: str
    """The meeting the ticket is for: shown once per peer, it serves all its documents."""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PeerSource:
        port, cert = d["port"], d.get("cert_sha256")
        if type(port) is not int or not 0 < port < 65536:
            raise ValueError("port")
        return cls(peer=str(d["peer"]), address=str(d["address"]), port=port,
                   cert_sha256=None if cert is None else check_sha(cert),
                   ticket=str(d["ticket"]), meeting_id=str(d["meeting_id"]))


@dataclass(frozen=True, slots=True)
class PeerFindReply:
    """``peer.find``: the SHA-256 of each ``chunk``-byte piece of the blob (the last one
    shorter), and the peers to fetch them from (none: fetch from the server)."""

    chunk: int
    hashes: tuple[str, ...]
    peers: tuple[PeerSource, ...]

    @classmethod
    def from_wire(cls, d: Wire) -> PeerFindReply:
        def decode() -> PeerFindReply:
            chunk, hashes, peers = d["chunk"], d["hashes"], d["peers"]
            if (type(chunk) is not int or chunk <= 0 or not isinstance(hashes, list)
                    or not isinstance(peers, list)):
                raise TypeError("peer.find")
            return cls(chunk=chunk, hashes=tuple(check_sha(h) for h in hashes),
                       peers=tuple(PeerSource.from_dict(p) for p in peers))
        return read("peer.find", decode)
