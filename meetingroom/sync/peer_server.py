"""This device as a peer: serves the verified blobs it holds to the devices of its meetings
that bring a ticket from the room server (``protocol/peer_link.py``).

A connection first sends ``peer.hello`` with a ticket; the checker (``Peers.check_ticket``)
says whether it is good for this peer, still valid, and names a meeting of this device that
holds the blob. Then ``blob.get`` of the documents of that meeting is answered with the
same chunk frames the room server sends (the server gave the ticket because the requester
may see that meeting: one ticket serves all its documents, so a device fetching a pack
from the same few peers shows each of them one ticket, not one per document). Anything
else — a bad ticket, a blob not granted or not here, a malformed message — is refused and
logged with the requester's address; a connection refused ``MAX_REFUSALS`` times is closed.

A peer sends at most ``UPLOADS_AT_ONCE`` chunks at a time (all requesters together); a
``blob.get`` beyond that is answered at once with ``rate_limited`` (reason ``peer_busy``),
so the requester asks another peer or the server instead of queueing behind the others.
Without it the first holder of a document is asked by half the room at once: each gets a
sliver of its link, waits its patience out, and asks the server after all.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from meetingroom.errors import MeetingroomError, NotFoundError, ProtocolError, RateLimitError
from meetingroom.protocol.frames import encode_frame
from meetingroom.protocol.limits import PEER_CHUNK_BYTES
from meetingroom.protocol.messages import (
    Request,
    decode_request,
    encode_error,
    encode_result,
    request_id_of,
)
from meetingroom.protocol.peer_link import BODIES, PEER_BUSY, PeerHello, Ticket
from meetingroom.protocol.requests import BlobGet
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.storage.blobs import BlobStore, read_into

log = logging.getLogger("meetingroom.sync.peers")

MAX_CONNECTIONS = 64
"""Requesters served at once; one more is turned away (it fetches elsewhere)."""
UPLOADS_AT_ONCE = 3
"""Chunks this device sends to peers at a time: enough to keep its link busy, few enough
that each goes out at a good share of it (a 256 KiB piece in ~1.3 s at 5 Mbit)."""
MAX_REFUSALS = 3
"""Refused requests after which a connection is closed."""
MAX_MESSAGE = 8 * 1024
"""A peer receives only small text requests."""


class PeerServer:
    """A websocket server on one address of this device (``start``, ``close``)."""

    def __init__(self, blobs: BlobStore, *, check_ticket: Callable[[str], Ticket],
                 holds: Callable[[str, str], bool], tls: ssl.SSLContext | None) -> None:
        self._blobs = blobs
        self._check = check_ticket
        self._holds = holds
        """``holds(meeting id, sha256)``: a meeting of this device has that document."""
        self._tls = tls
        self._server: Server | None = None
        self._open = 0
        self._sending = 0
        """Chunks being sent now (``UPLOADS_AT_ONCE`` at most)."""
        self.served_bytes = 0
        """Bytes of chunks sent to peers so far."""
        self.busy_answers = 0
        """``blob.get`` answered ``peer_busy`` so far."""

    @property
    def port(self) -> int | None:
        if self._server is None:
            return None
        return int(next(iter(self._server.sockets)).getsockname()[1])

    async def start(self, host: str) -> int:
        """Listen on ``host`` (a free port); returns the port."""
        self._server = await serve(self._serve, host, 0, ssl=self._tls, compression=None,
                                   max_size=MAX_MESSAGE, ping_interval=20, ping_timeout=20,
                                   close_timeout=2, server_header=None)
        port = self.port
        assert port is not None
        log.info("serving peers on %s port %d%s", host, port, " (TLS)" if self._tls else "")
        return port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        if self._open >= MAX_CONNECTIONS:
            log.info("turned the peer at %s away: %d requesters are served", address,
                     self._open)
            await ws.close(1013, "busy")
            return
        self._open += 1
        granted: set[str] = set()
        refusals = 0
        try:
            async for raw in ws:
                try:
                    if not isinstance(raw, str):
                        raise ProtocolError("a peer takes only text requests")
                    await self._answer(ws, decode_request(raw, BODIES), granted)
                except MeetingroomError as e:
                    refusals += 1
                    log.warning("refused a request of the peer at %s: %s (%s)", address,
                                e.code, e.message)
                    rid = request_id_of(raw) if isinstance(raw, str) else None
                    await ws.send(encode_error(rid, e))
                    if refusals >= MAX_REFUSALS:
                        await ws.close(1008, "refused")
                        return
        except ConnectionClosed:
            pass
        finally:
            self._open -= 1

    async def _answer(self, ws: ServerConnection, req: Request, granted: set[str]) -> None:
        body = req.body
        if isinstance(body, PeerHello):
            ticket = self._check(body.ticket)
            granted.add(ticket.meeting_id)
            await ws.send(encode_result(req.id, {"meeting_id": ticket.meeting_id}))
        elif isinstance(body, BlobGet):
            if self._sending >= UPLOADS_AT_ONCE:  # not a refusal: the requester did no wrong
                self.busy_answers += 1
                await ws.send(encode_error(req.id, RateLimitError(
                    "this device is sending to other peers now", reason=PEER_BUSY)))
                return
            self._sending += 1
            try:
                await self._chunk(ws, req.id, body, granted)
            finally:
                self._sending -= 1

    async def _chunk(self, ws: ServerConnection, rid: str, body: BlobGet,
                     granted: set[str]) -> None:
        sha = body.sha256
        if (not any(self._holds(m, sha) for m in granted)
                or not self._blobs.is_verified(sha)):
            raise NotFoundError("no such document here")
        if not 0 < body.length <= PEER_CHUNK_BYTES:
            raise ProtocolError(f"length must be 1..{PEER_CHUNK_BYTES}")
        path = self._blobs.path(sha)
        total = path.stat().st_size
        if body.offset >= total:
            raise ProtocolError("offset is past the end of the document")
        n = min(body.length, total - body.offset)
        data = bytearray(n)
        with memoryview(data) as view:
            got = read_into(path, body.offset, view, cached_only=True)
            if got < n:
                got += await asyncio.to_thread(read_into, path, body.offset + got, view[got:])
        header = ChunkHeader(re=rid, sha256=sha, offset=body.offset, length=got, total=total,
                             max_length=PEER_CHUNK_BYTES)
        await ws.send(encode_frame(header.wire(), memoryview(data)[:got]))
        self.served_bytes += got
