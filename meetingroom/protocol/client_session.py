"""Sans-I/O client side of one connection: request ids, pending replies, timeouts, keepalive.

The socket layer (``sync/connection.py``) feeds it what arrives (``receive``, and
``bytes_arrived`` for bytes that are not yet a whole message) and the time, a float on
one monotonic clock of its choosing; it sends what ``request``, ``request_chunk`` and
``put_chunk`` return, settles its waiters with the ``Reply`` and ``ChunkReply`` values
it gets back, pings or drops the link as ``keepalive`` says, and closes the session when
the link closes. Nothing here reads a clock or touches a socket, so tests drive it alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from meetingroom.errors import ConnectionLostError, MeetingroomError, ProtocolError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.frames import decode_frame, encode_frame
from meetingroom.protocol.limits import (
    CHUNK_BYTES,
    MAX_CHUNK_FRAME_BYTES,
    PROTOCOL_VERSION,
    SERVED_CHUNK_BYTES,
)
from meetingroom.protocol.requests import BlobGet
from meetingroom.protocol.server_messages import (
    ChunkHeader,
    EventPush,
    ServerPush,
    notice_from_wire,
)

STEP_SECONDS = 1.0
"""A chunk asked for should arrive in about this long at the link's recent speed: on a
slow link smaller chunks (down to CHUNK_BYTES) bring a document being read its first
bytes sooner; on a fast one the largest the server serves cost the least CPU."""
RATE_WEIGHT = 0.3
"""Weight of the newest chunk in the link's chunk rate."""
QUIET_BEFORE_PING = 2.0
"""Seconds without a byte from the server after which the link is pinged (a busy link,
one downloading say, is never pinged: its bytes prove it alive)."""
DEAD_AFTER = 5.0
"""Seconds without a byte from the server, though pinged, after which the link counts as
dead: a cut cable or a dropped Wi-Fi sends nothing, not even a reset, and the room must
see "offline" — and a ballot sent meanwhile "not recorded yet" — within this."""
DEAD_AFTER_WHILE_SENDING = 30.0
"""The same while this side still has bytes waiting to go out (an upload on a slow link:
the ping queues behind them, and so does its answer)."""

LOST = "the connection to the server was lost"
NO_ANSWER = "the server did not answer in time"


class LinkState(Enum):
    """Where a client session is in its life."""

    OPEN = "open"
    """Requests may be sent; replies are matched."""
    CLOSED = "closed"
    """The link closed: every pending request failed, no new one is accepted."""


class Keepalive(Enum):
    """What to do with the link now (``ClientSession.keepalive``)."""

    WAIT = "wait"
    """Nothing: bytes came recently, or a ping is already on its way."""
    PING = "ping"
    """Send a WebSocket ping: the link has been quiet for ``QUIET_BEFORE_PING``."""
    DEAD = "dead"
    """Drop the link without a closing handshake: silent for too long though pinged."""


class IgnoredReason(Enum):
    """Why a received message settles nothing and is no push."""

    BAD_MESSAGE = "bad_message"
    """A text message that is not a valid server message of our protocol version."""
    BAD_FRAME = "bad_frame"
    """A binary message that is not a valid chunk frame."""
    UNKNOWN_REPLY = "unknown_reply"
    """A result or chunk frame for no pending request (a late or a foreign one)."""
    STRAY_ERROR = "stray_error"
    """An error for no pending request."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to send, and the request id its reply will carry."""

    id: str
    data: str | bytes
    """JSON text for a request, a binary frame for a ``blob.put``."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What settles one pending request: the body of its ``result``, or the error it ends
    with (the server's ``error``, no answer in time, the link closed)."""

    id: str
    body: Mapping[str, object] = field(default_factory=dict)
    """The ``result``'s JSON object as sent (the caller reads it with a reply class of
    ``protocol/replies.py``)."""
    error: MeetingroomError | None = None


@dataclass(frozen=True, slots=True)
class ChunkReply:
    """The chunk frame answering a ``blob.get``."""

    id: str
    header: ChunkHeader
    data: memoryview
    """A zero-copy view of the chunk's bytes inside the received message."""


@dataclass(frozen=True, slots=True)
class Push:
    """An ``event`` or ``notice`` the server sent on its own, checked."""

    message: ServerPush


@dataclass(frozen=True, slots=True)
class Ignored:
    """A received message that settles nothing."""

    reason: IgnoredReason
    detail: str = ""
    """The decoding error, or the code of a stray error."""


Received = Reply | ChunkReply | Push | Ignored


class _Kind(Enum):
    REPLY = "reply"
    """Settled by a ``result`` or an ``error``."""
    CHUNK = "chunk"
    """Settled by a chunk frame, or an ``error``."""


@dataclass(frozen=True, slots=True)
class _Pending:
    kind: _Kind
    timeout: float | None
    """Seconds to wait for the reply once sent; None: as long as the link lives."""
    deadline: float | None = None
    """When it times out: set once it is sent."""


class ClientSession:
    """Matches replies to requests over one link and decides when the link is dead.

    ``protocol`` is the protocol version spoken (the ``v`` of requests); ``now`` the time
    the link opened, on the caller's clock, taken as the last time the server was heard.
    """

    def __init__(self, *, now: float, protocol: int = PROTOCOL_VERSION) -> None:
        self.protocol = protocol
        self.state = LinkState.OPEN
        self.chunk_bytes = CHUNK_BYTES
        """Largest ``blob.get`` length to ask for: CHUNK_BYTES, which every server
        serves, until a chunk frame's ``max_length`` says this server serves more."""
        self.chunk_rate: float | None = None
        """Bytes per second chunks arrived at lately while more were asked for (None
        until measured): the gap to a chunk counts only if other chunks were pending
        when the one before it came, so a link left idle does not look slow."""
        self._busy_since: float | None = None
        self._counter = 0
        self._pending: dict[str, _Pending] = {}
        self._deadlines: list[tuple[float, str]] = []
        """A heap of (deadline, id); an entry whose request was settled, or sent again
        with a later deadline, is stale and skipped."""
        self._heard_at = now
        self._pinged_at: float | None = None

    # -- sending --------------------------------------------------------------------

    def next_id(self, prefix: str = "r") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def request(self, body: Body, *, rid: str | None = None, timeout: float | None = None
                ) -> Outgoing:
        """``body`` as a JSON request to send, pending until its reply, or ``timeout``
        seconds after it was ``sent``. The body is checked as the server will check it
        (a client's mistake is a ProtocolError here, never a request on the wire).

        A request sent again under an id still pending (a resend of the same note, say)
        waits for the same reply, until the later of the two deadlines."""
        wire = body.checked_wire()
        rid = rid or self.next_id()
        text = msg.encode_request(body.TYPE, rid, wire, version=self.protocol)
        self._add(rid, _Kind.REPLY, timeout)
        return Outgoing(rid, text)

    def request_chunk(self, sha256: str, offset: int, length: int) -> Outgoing:
        """A ``blob.get`` to send, pending until its chunk frame (no deadline: a window
        of them is in flight behind one another)."""
        rid = self.next_id("c")
        text = msg.encode_request(
            "blob.get", rid, BlobGet(sha256=sha256, offset=offset, length=length).wire(),
            version=self.protocol)
        self._add(rid, _Kind.CHUNK, None)
        return Outgoing(rid, text)

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes | memoryview, *,
                  timeout: float | None = None) -> Outgoing:
        """One upload chunk as a binary ``blob.put`` frame, pending until the server's
        answer, or ``timeout`` seconds after it was ``sent``."""
        rid = self.next_id("u")
        frame = encode_frame({"v": self.protocol, "type": "blob.put", "id": rid,
                              "body": {"sha256": sha256, "size": size, "offset": offset}}, data)
        self._add(rid, _Kind.REPLY, timeout)
        return Outgoing(rid, frame)

    def sent(self, rid: str, *, now: float) -> None:
        """``rid`` went out at ``now``: its timeout counts from here (a large upload
        frame can take a while to leave on a slow link)."""
        pending = self._pending.get(rid)
        if pending is None or pending.timeout is None:
            return
        deadline = now + pending.timeout
        if pending.deadline is not None:  # sent before under this id, still unanswered
            deadline = max(deadline, pending.deadline)
        self._pending[rid] = _Pending(pending.kind, pending.timeout, deadline)
        heapq.heappush(self._deadlines, (deadline, rid))

    def forget(self, rid: str) -> None:
        """Stop waiting for ``rid`` (it could not be sent); a reply to it is ignored."""
        self._pending.pop(rid, None)

    def _add(self, rid: str, kind: _Kind, timeout: float | None) -> None:
        if self.state is not LinkState.OPEN:
            raise ConnectionLostError(LOST)
        deadline = None
        old = self._pending.get(rid)
        if old is not None:
            if old.kind is not kind:
                raise ValueError(f"request id {rid!r} is pending for another kind of reply")
            timeout = None if old.timeout is None or timeout is None else timeout
            deadline = old.deadline if timeout is not None else None
        self._pending[rid] = _Pending(kind, timeout, deadline)

    # -- receiving ------------------------------------------------------------------

    def receive(self, raw: str | bytes | bytearray, *, now: float) -> Received:
        """Take one whole message from the server, received at ``now`` (binary: bytes, or
        the bytearray of a websocket frame, whose chunk is then a view of it)."""
        if self.state is not LinkState.OPEN:
            raise RuntimeError("the session is closed")
        self.bytes_arrived(now)
        if isinstance(raw, bytes | bytearray):
            return self._frame(raw, now)
        return self._text(raw)

    def bytes_arrived(self, at: float) -> None:
        """Note that bytes from the server arrived at ``at`` (a part of a message, a pong:
        any byte proves the link alive)."""
        self._heard_at = max(self._heard_at, at)

    def _text(self, raw: str) -> Received:
        try:
            m = msg.decode_server_message(raw, version=self.protocol)
        except ProtocolError as e:
            return Ignored(IgnoredReason.BAD_MESSAGE, e.message)
        kind = m["type"]
        if kind not in ("result", "error"):
            try:
                return Push(EventPush.from_wire(m) if kind == "event" else notice_from_wire(m))
            except ProtocolError as e:
                return Ignored(IgnoredReason.BAD_MESSAGE, e.message)
        rid = m.get("re")
        pending = self._pending.pop(rid, None) if isinstance(rid, str) else None
        if pending is None or not isinstance(rid, str):
            if kind == "error":
                return Ignored(IgnoredReason.STRAY_ERROR, str(m.get("code")))
            return Ignored(IgnoredReason.UNKNOWN_REPLY)
        if kind == "error":
            return Reply(rid, error=msg.error_from_message(m, version=self.protocol))
        if pending.kind is _Kind.CHUNK:
            return Reply(rid, error=ProtocolError("server answered a blob.get with a result"))
        body = m.get("body") or {}
        if not isinstance(body, dict):
            return Reply(rid, error=ProtocolError("server sent a result that is not an object"))
        return Reply(rid, body)

    def _frame(self, raw: bytes | bytearray, now: float) -> Received:
        try:
            header, data = decode_frame(raw, limit=MAX_CHUNK_FRAME_BYTES)
        except ProtocolError as e:
            return Ignored(IgnoredReason.BAD_FRAME, e.message)
        rid = str(header.get("re"))
        pending = self._pending.get(rid)
        if pending is None or pending.kind is not _Kind.CHUNK:
            return Ignored(IgnoredReason.UNKNOWN_REPLY)
        del self._pending[rid]
        self._chunk_arrived(len(data), now)
        try:
            return ChunkReply(rid, ChunkHeader.from_wire(header), data)
        except ProtocolError as e:
            return Reply(rid, error=e)

    def _chunk_arrived(self, n: int, now: float) -> None:
        if self._busy_since is not None and now > self._busy_since:
            rate = n / (now - self._busy_since)
            self.chunk_rate = rate if self.chunk_rate is None else (
                self.chunk_rate + RATE_WEIGHT * (rate - self.chunk_rate))
        busy = any(p.kind is _Kind.CHUNK for p in self._pending.values())
        self._busy_since = now if busy else None

    @property
    def download_step(self) -> int:
        """The ``blob.get`` length to ask for now: ``chunk_bytes``, halved (down to
        CHUNK_BYTES) while the link's chunk rate would take over ``STEP_SECONDS`` for it."""
        step = self.chunk_bytes
        rate = self.chunk_rate
        while rate is not None and step > CHUNK_BYTES and step > rate * STEP_SECONDS:
            step //= 2
        return max(step, CHUNK_BYTES)

    def learn_chunk_size(self, header: ChunkHeader) -> None:
        """Ask for larger chunks from now on if a chunk frame says the server serves them
        (never beyond what this client accepts)."""
        if header.max_length is not None:
            self.chunk_bytes = max(CHUNK_BYTES, min(header.max_length, SERVED_CHUNK_BYTES))

    # -- time -----------------------------------------------------------------------

    def next_deadline(self) -> float | None:
        """The earliest deadline of a pending request, when ``timed_out`` has news."""
        while self._deadlines and self._stale(*self._deadlines[0]):
            heapq.heappop(self._deadlines)
        return self._deadlines[0][0] if self._deadlines else None

    def timed_out(self, now: float) -> tuple[Reply, ...]:
        """The requests whose deadline has come by ``now``, each failed with a
        ConnectionLostError; a reply to one of them later is ignored."""
        out: list[Reply] = []
        while self._deadlines and self._deadlines[0][0] <= now:
            deadline, rid = heapq.heappop(self._deadlines)
            if not self._stale(deadline, rid):
                del self._pending[rid]
                out.append(Reply(rid, error=ConnectionLostError(NO_ANSWER)))
        return tuple(out)

    def _stale(self, deadline: float, rid: str) -> bool:
        pending = self._pending.get(rid)
        return pending is None or pending.deadline != deadline

    @property
    def heard_at(self) -> float:
        """When bytes from the server last arrived (or the link opened)."""
        return self._heard_at

    def keepalive(self, now: float, *, sending: bool) -> Keepalive:
        """Whether to ping the link or give it up at ``now``; ``sending``: this side
        still has bytes queued to go out (the server's answers queue behind them)."""
        if self.state is not LinkState.OPEN:
            raise RuntimeError("the session is closed")
        quiet = now - self._heard_at
        if quiet >= (DEAD_AFTER_WHILE_SENDING if sending else DEAD_AFTER):
            return Keepalive.DEAD
        if quiet >= QUIET_BEFORE_PING and (
                self._pinged_at is None or now - self._pinged_at >= QUIET_BEFORE_PING):
            self._pinged_at = now
            return Keepalive.PING
        return Keepalive.WAIT

    # -- the end --------------------------------------------------------------------

    def close(self) -> tuple[Reply, ...]:
        """The link closed: every pending request, failed with a ConnectionLostError
        (nothing on a second call)."""
        self.state = LinkState.CLOSED
        err = ConnectionLostError(LOST)
        out = tuple(Reply(rid, error=err) for rid in self._pending)
        self._pending.clear()
        self._deadlines.clear()
        return out
