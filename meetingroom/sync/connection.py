"""One websocket to the server: requests matched to replies, chunk frames, pushed events."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from meetingroom import __version__
from meetingroom.errors import ConnectionLostError, MeetingroomError, ProtocolError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.frames import decode_frame, encode_frame
from meetingroom.protocol.limits import (
    CHUNK_BYTES,
    MAX_CHUNK_FRAME_BYTES,
    PROTOCOL_VERSION,
    SERVED_CHUNK_BYTES,
    WS_MAX_SIZE,
)

log = logging.getLogger("meetingroom.sync.connection")

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
KEEPALIVE_TICK = 0.5
"""Seconds between two looks at the link."""


class _WatchedConnection(ClientConnection):
    """websockets' client connection, noting when the last bytes arrived."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heard_at = time.monotonic()

    def data_received(self, data: bytes) -> None:
        self.heard_at = time.monotonic()
        super().data_received(data)

ChunkHandler = Callable[[dict[str, Any], memoryview], None]


class ServerLink:
    """A connected, not yet authenticated link. ``await ServerLink.open(url)``.

    ``protocol`` is the protocol version it speaks (the ``v`` of its requests): tests of
    mismatched versions pass another; a refusal of it raises ProtocolVersionError.
    """

    def __init__(self, ws: ClientConnection, *, on_push: Callable[[dict[str, Any]], None],
                 protocol: int = PROTOCOL_VERSION) -> None:
        self._ws = ws
        self._on_push = on_push
        self.protocol = protocol
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._chunks: dict[str, asyncio.Future[tuple[dict[str, Any], memoryview]]] = {}
        self._counter = 0
        self.chunk_bytes = CHUNK_BYTES
        """Largest ``blob.get`` length to ask for: CHUNK_BYTES, which every server
        serves, until a chunk frame's ``max_length`` says this server serves more."""
        self._closed_at: float | None = None
        self._silent_since: float | None = None
        """Wall-clock time of the last bytes, when the keepalive found the link dead."""
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self._keeper = asyncio.get_running_loop().create_task(self._keepalive())
        self.closed = asyncio.Event()

    @classmethod
    async def open(cls, url: str, *, on_push: Callable[[dict[str, Any]], None],
                   timeout: float = 10.0, ssl_context: ssl.SSLContext | None = None,
                   protocol: int = PROTOCOL_VERSION, sock: socket.socket | None = None
                   ) -> ServerLink:
        """Connect (raising ConnectionLostError with a readable reason on failure); over
        ``sock`` when given, a TCP connection to the server already made."""
        kwargs: dict[str, Any] = {} if sock is None else {"sock": sock}
        if url.startswith("wss://"):
            kwargs["ssl"] = ssl_context or ssl.create_default_context()
        try:
            ws = await asyncio.wait_for(connect(
                url, compression=None, max_size=WS_MAX_SIZE, open_timeout=timeout,
                create_connection=_WatchedConnection,
                ping_interval=None, close_timeout=2,  # our keepalive: see _keepalive
                max_queue=64,
                user_agent_header=f"Meetingroom/{__version__} (protocol {protocol})",
                **kwargs), timeout + 1)
        except ssl.SSLCertVerificationError:
            raise ConnectionLostError(
                "the server's certificate is not trusted; ask the administrator for the "
                "room's certificate") from None
        except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ValueError) as e:
            # InvalidHandshake: also a server that accepts and drops the connection mid-
            # handshake (starting or dying); escaping here would end the reconnect loop
            raise ConnectionLostError(f"cannot reach the server: {type(e).__name__}") from None
        return cls(ws, on_push=on_push, protocol=protocol)

    def next_id(self, prefix: str = "r") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                if isinstance(raw, bytes):
                    self._on_frame(raw)
                else:
                    self._on_text(raw)
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("reading from the server failed")
        finally:
            self._keeper.cancel()
            self._fail_all()
            self._mark_closed()
            self.closed.set()

    async def _keepalive(self) -> None:
        """Ping a quiet link; give up on one that stays silent (see ``DEAD_AFTER``)."""
        ws = self._ws
        if not isinstance(ws, _WatchedConnection):
            return  # not opened by ``open``: nothing notes when its bytes arrive
        pinged = 0.0
        with contextlib.suppress(ConnectionClosed, asyncio.CancelledError):
            while not self.closed.is_set():
                await asyncio.sleep(KEEPALIVE_TICK)
                now = time.monotonic()
                quiet = now - ws.heard_at
                if quiet >= QUIET_BEFORE_PING and now - pinged >= QUIET_BEFORE_PING:
                    pinged = now
                    await ws.ping()  # its answer is bytes: they reset ``heard_at``
                sending = ws.transport.get_write_buffer_size() > 0
                if quiet >= (DEAD_AFTER_WHILE_SENDING if sending else DEAD_AFTER):
                    self._silent_since = time.time() - quiet
                    log.info("the server sent nothing for %.0f s though pinged: the link "
                             "is down", quiet)
                    ws.transport.abort()  # no closing handshake over a dead link
                    return

    def _mark_closed(self) -> None:
        if self._closed_at is None:
            self._closed_at = time.time()

    def heard_until(self) -> datetime:
        """Until when the server was surely there (UTC): now while open; once closed, the
        moment it closed, or for a link that died silently (the keepalive gave up on it)
        the moment its last bytes arrived."""
        if self._closed_at is None:
            return datetime.now(UTC)
        at = self._closed_at if self._silent_since is None else self._silent_since
        return datetime.fromtimestamp(at, UTC)

    def _on_text(self, raw: str) -> None:
        try:
            m = msg.decode_server_message(raw, version=self.protocol)
        except ProtocolError as e:
            log.warning("ignoring a bad server message: %s", e.message)
            return
        kind = m["type"]
        if kind in ("result", "error"):
            rid = m.get("re")
            fut = self._pending.pop(rid, None) if isinstance(rid, str) else None
            if fut is None:
                fut_c = self._chunks.pop(rid, None) if isinstance(rid, str) else None
                if fut_c is not None and not fut_c.done() and kind == "error":
                    fut_c.set_exception(msg.error_from_message(m, version=self.protocol))
                elif kind == "error":
                    log.warning("server error without a request: %s", m.get("code"))
                return
            if fut.done():
                return
            if kind == "result":
                fut.set_result(m.get("body") or {})
            else:
                fut.set_exception(msg.error_from_message(m, version=self.protocol))
        else:
            self._on_push(m)

    def _on_frame(self, raw: bytes) -> None:
        try:
            header, data = decode_frame(raw, limit=MAX_CHUNK_FRAME_BYTES)
        except ProtocolError as e:
            log.warning("ignoring a bad frame: %s", e.message)
            return
        fut = self._chunks.pop(str(header.get("re")), None)
        if fut is not None and not fut.done():
            fut.set_result((header, data))

    def _fail_all(self) -> None:
        err = ConnectionLostError("the connection to the server was lost")
        for fut in list(self._pending.values()):
            if not fut.done():
                fut.set_exception(err)
        for cfut in list(self._chunks.values()):
            if not cfut.done():
                cfut.set_exception(err)
        self._pending.clear()
        self._chunks.clear()

    async def request(self, mtype: str, body: dict[str, Any] | None = None, *,
                      rid: str | None = None, timeout: float = 30.0) -> dict[str, Any]:
        """Send a request and wait for its result (errors raise the matching exception)."""
        rid = rid or self.next_id()
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        try:
            await self._ws.send(msg.encode_request(mtype, rid, body, version=self.protocol))
        except ConnectionClosed:
            self._pending.pop(rid, None)
            raise ConnectionLostError("the connection to the server was lost") from None
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            self._pending.pop(rid, None)
            raise ConnectionLostError("the server did not answer in time") from None

    async def request_chunk(self, sha: str, offset: int, length: int
                            ) -> asyncio.Future[tuple[dict[str, Any], memoryview]]:
        """Ask for a blob chunk; the returned future resolves to (header, bytes)."""
        rid = self.next_id("c")
        fut: asyncio.Future[tuple[dict[str, Any], memoryview]] = (
            asyncio.get_running_loop().create_future())
        self._chunks[rid] = fut
        try:
            await self._ws.send(msg.encode_request(
                "blob.get", rid, {"sha256": sha, "offset": offset, "length": length},
                version=self.protocol))
        except ConnectionClosed:
            self._chunks.pop(rid, None)
            raise ConnectionLostError("the connection to the server was lost") from None
        return fut

    def learn_chunk_size(self, header: dict[str, Any]) -> None:
        """Ask for larger chunks from now on if a chunk frame says the server serves them
        (never beyond what this client accepts)."""
        served = header.get("max_length")
        if isinstance(served, int) and not isinstance(served, bool):
            self.chunk_bytes = max(CHUNK_BYTES, min(served, SERVED_CHUNK_BYTES))

    async def put_chunk(self, sha: str, size: int, offset: int, data: bytes,
                        timeout: float = 120.0) -> dict[str, Any]:
        """Upload one chunk as a binary blob.put frame and wait for the server's answer."""
        rid = self.next_id("u")
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        frame = encode_frame({"v": self.protocol, "type": "blob.put", "id": rid,
                              "body": {"sha256": sha, "size": size, "offset": offset}}, data)
        try:
            await self._ws.send(frame)
        except ConnectionClosed:
            self._pending.pop(rid, None)
            raise ConnectionLostError("the connection to the server was lost") from None
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            self._pending.pop(rid, None)
            raise ConnectionLostError("the server did not answer in time") from None

    async def close(self) -> None:
        self._keeper.cancel()
        with contextlib.suppress(Exception):
            await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        self._fail_all()
        self._mark_closed()
        self.closed.set()


def is_connection_error(err: BaseException) -> bool:
    return isinstance(err, ConnectionLostError) or not isinstance(err, MeetingroomError)
