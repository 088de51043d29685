"""One websocket to the server: the asyncio side of a ClientSession (protocol/client_session.py)."""

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
from websockets.frames import Frame, Opcode
from websockets.protocol import Event

from meetingroom import __version__
from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.client_session import (
    DEAD_AFTER,
    DEAD_AFTER_WHILE_SENDING,
    LOST,
    QUIET_BEFORE_PING,
    ChunkReply,
    ClientSession,
    Ignored,
    IgnoredReason,
    Keepalive,
    LinkState,
    Outgoing,
    Push,
    Received,
)
from meetingroom.protocol.limits import PROTOCOL_VERSION, WS_MAX_SIZE
from meetingroom.protocol.server_messages import ChunkHeader, ServerPush
from meetingroom.protocol.wire_json import Wire

__all__ = [
    "DEAD_AFTER", "DEAD_AFTER_WHILE_SENDING", "KEEPALIVE_TICK", "QUIET_BEFORE_PING",
    "ServerLink", "is_connection_error",
]

log = logging.getLogger("meetingroom.sync.connection")

CHUNK_STALLED = 60.0
"""Seconds without a chunk a download waits for before it is asked for again (a 1 MiB
chunk behind three others takes seconds even on a slow Wi-Fi)."""
KEEPALIVE_TICK = 0.5
"""Seconds between two looks at the link (the session decides what to do:
QUIET_BEFORE_PING, DEAD_AFTER and DEAD_AFTER_WHILE_SENDING live with it)."""

_LOGGED = {IgnoredReason.BAD_MESSAGE: "ignoring a bad server message: %s",
           IgnoredReason.BAD_FRAME: "ignoring a bad frame: %s",
           IgnoredReason.STRAY_ERROR: "server error without a request: %s"}


class _WatchedConnection(ClientConnection):
    """websockets' client connection, noting when the last bytes arrived.

    A whole binary frame (a blob chunk: the server never fragments one) goes straight to
    ``on_binary`` once it is set, as the bytearray websockets parsed it into: through
    websockets' message queue, ``recv`` would copy each 1 MiB chunk once more.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heard_at = time.monotonic()
        self.on_binary: Callable[[bytes | bytearray], None] | None = None

    def data_received(self, data: bytes) -> None:
        self.heard_at = time.monotonic()
        super().data_received(data)

    def process_event(self, event: Event) -> None:
        if (self.on_binary is not None and isinstance(event, Frame)
                and event.opcode is Opcode.BINARY and event.fin):
            data = event.data
            self.on_binary(bytes(data) if isinstance(data, memoryview) else data)
            return
        super().process_event(event)


class ServerLink:
    """A connected, not yet authenticated link. ``await ServerLink.open(url)``.

    ``protocol`` is the protocol version it speaks (the ``v`` of its requests): tests of
    mismatched versions pass another; a refusal of it raises ProtocolVersionError.

    It owns the socket and a future per pending request; which request a message
    answers, when one times out and when the link is dead, its ``ClientSession``
    decides (times on ``time.monotonic``).
    """

    def __init__(self, ws: ClientConnection, *, on_push: Callable[[ServerPush], None],
                 protocol: int = PROTOCOL_VERSION) -> None:
        self._ws = ws
        self._on_push = on_push
        self._session = ClientSession(now=time.monotonic(), protocol=protocol)
        self._waiting: dict[str, list[asyncio.Future[Any]]] = {}
        """The futures of each pending request of the session (two for a request sent
        again under the same id while the first still waits)."""
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0
        self._closed_at: float | None = None
        self._silent_since: float | None = None
        """Wall-clock time of the last bytes, when the keepalive found the link dead."""
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self._keeper = asyncio.get_running_loop().create_task(self._keepalive())
        self.closed = asyncio.Event()
        if isinstance(ws, _WatchedConnection):
            ws.on_binary = self._binary

    @classmethod
    async def open(cls, url: str, *, on_push: Callable[[ServerPush], None],
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
                # the room's server is on its LAN: a proxy set for the internet (websockets
                # reads *_proxy from the environment) must not carry it, and the reconnect
                # path (a socket of our own) never goes through one either
                proxy=None,
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

    @property
    def protocol(self) -> int:
        return self._session.protocol

    @property
    def chunk_bytes(self) -> int:
        """Largest ``blob.get`` length to ask for: CHUNK_BYTES, which every server
        serves, until a chunk frame's ``max_length`` says this server serves more."""
        return self._session.chunk_bytes

    @property
    def download_step(self) -> int:
        """The chunk length a download asks for now: the largest the server serves,
        smaller on a link that has been slow (``ClientSession.download_step``)."""
        return self._session.download_step

    def local_address(self) -> str | None:
        """This end's IP address (the one the server sees, on a LAN without NAT)."""
        sock = self._ws.transport.get_extra_info("sockname")
        return str(sock[0]) if sock else None

    def peer_certificate(self) -> bytes | None:
        """The DER certificate the other end presented (None over plain ws://)."""
        tls = self._ws.transport.get_extra_info("ssl_object")
        return None if tls is None else tls.getpeercert(binary_form=True)

    def next_id(self, prefix: str = "r") -> str:
        return self._session.next_id(prefix)

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                self._settle(self._session.receive(raw, now=time.monotonic()))
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("reading from the server failed")
        finally:
            self._keeper.cancel()
            self._fail_all()
            self.closed.set()

    def _binary(self, data: bytes | bytearray) -> None:
        """A whole binary message, handed over by the connection as it is parsed."""
        if self._session.state is not LinkState.OPEN:
            return
        try:
            self._settle(self._session.receive(data, now=time.monotonic()))
        except Exception:
            log.exception("handling a binary message from the server failed")

    def _settle(self, got: Received) -> None:
        if isinstance(got, Push):
            self._on_push(got.message)
        elif isinstance(got, Ignored):
            if got.reason in _LOGGED:
                log.warning(_LOGGED[got.reason], got.detail)
        else:
            for fut in self._waiting.pop(got.id, ()):
                if fut.done():
                    continue  # its caller gave up waiting (cancelled)
                if isinstance(got, ChunkReply):
                    fut.set_result((got.header, got.data))
                elif got.error is not None:
                    fut.set_exception(got.error)
                else:
                    fut.set_result(got.body)

    async def _keepalive(self) -> None:
        """Ping a quiet link; give up on one that stays silent (see ``DEAD_AFTER``)."""
        ws = self._ws
        if not isinstance(ws, _WatchedConnection):
            return  # not opened by ``open``: nothing notes when its bytes arrive
        with contextlib.suppress(ConnectionClosed, asyncio.CancelledError):
            while self._session.state is LinkState.OPEN:
                await asyncio.sleep(KEEPALIVE_TICK)
                if self._session.state is not LinkState.OPEN:
                    return
                self._session.bytes_arrived(ws.heard_at)
                now = time.monotonic()
                sending = ws.transport.get_write_buffer_size() > 0
                todo = self._session.keepalive(now, sending=sending)
                if todo is Keepalive.PING:
                    await ws.ping()  # its answer is bytes: they move ``heard_at``
                elif todo is Keepalive.DEAD:
                    quiet = now - self._session.heard_at
                    self._silent_since = time.time() - quiet
                    log.info("the server sent nothing for %.0f s though pinged: the link "
                             "is down", quiet)
                    ws.transport.abort()  # no closing handshake over a dead link
                    return

    def heard_until(self) -> datetime:
        """Until when the server was surely there (UTC): now while open; once closed, the
        moment it closed, or for a link that died silently (the keepalive gave up on it)
        the moment its last bytes arrived."""
        if self._closed_at is None:
            return datetime.now(UTC)
        at = self._closed_at if self._silent_since is None else self._silent_since
        return datetime.fromtimestamp(at, UTC)

    def _fail_all(self) -> None:
        """Close the session (once), failing every pending request."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for failed in self._session.close():
            self._settle(failed)
        if self._closed_at is None:
            self._closed_at = time.time()

    async def _send(self, out: Outgoing) -> Any:
        """Send ``out`` and return the future of its reply."""
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(out.id, []).append(fut)
        try:
            await self._ws.send(out.data)
        except ConnectionClosed:
            waiting = self._waiting.get(out.id, [])
            if fut in waiting:
                waiting.remove(fut)
            if not waiting:
                self._waiting.pop(out.id, None)
                self._session.forget(out.id)
            raise ConnectionLostError(LOST) from None
        self._session.sent(out.id, now=time.monotonic())  # its timeout counts from here
        self._arm()
        return fut

    def _arm(self) -> None:
        """Have ``_expire`` called at the session's next deadline."""
        at = self._session.next_deadline()
        if at is None or (self._timer is not None and self._timer_at <= at):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = at
        self._timer = asyncio.get_running_loop().call_later(
            max(0.0, at - time.monotonic()), self._expire)

    def _expire(self) -> None:
        self._timer = None
        for failed in self._session.timed_out(time.monotonic()):
            self._settle(failed)
        self._arm()  # the next deadline (or this one again, if the timer fired early)

    async def request(self, body: Body, *, rid: str | None = None, timeout: float = 30.0
                      ) -> Wire:
        """Send a request and wait for its result, a JSON object to read with a reply
        class of ``protocol/replies.py`` (errors raise the matching exception)."""
        out = self._session.request(body, rid=rid, timeout=timeout)
        result: Wire = await (await self._send(out))
        return result

    async def request_chunk(self, sha: str, offset: int, length: int
                            ) -> asyncio.Future[tuple[ChunkHeader, memoryview]]:
        """Ask for a blob chunk; the returned future resolves to (header, bytes)."""
        fut: asyncio.Future[tuple[ChunkHeader, memoryview]] = await self._send(
            self._session.request_chunk(sha, offset, length))
        return fut

    async def chunk_answer(self, sha: str, offset: int, length: int,
                           fut: asyncio.Future[tuple[ChunkHeader, memoryview]]
                           ) -> tuple[ChunkHeader, memoryview]:
        """The chunk ``fut`` (from :meth:`request_chunk`) brings; asked for again if it has
        not come in ``CHUNK_STALLED`` seconds (whichever answer comes first is taken), and
        after twice that the link is given up on (ConnectionLostError: the engine
        reconnects and the download resumes). A request the server never answered must
        not leave a document at a standstill on a link that otherwise lives."""
        waiting = {fut}
        try:
            for attempt in range(2):
                done, _ = await asyncio.wait(waiting, timeout=CHUNK_STALLED,
                                             return_when=asyncio.FIRST_COMPLETED)
                if done:
                    return done.pop().result()
                if attempt == 0:
                    log.warning("no answer for %s at %d after %.0f s; asking again", sha[:12],
                                offset, CHUNK_STALLED)
                    waiting.add(await self.request_chunk(sha, offset, length))
            raise ConnectionLostError("the server stopped sending a document")
        finally:
            for other in waiting:
                if not other.done():
                    other.cancel()

    def learn_chunk_size(self, header: ChunkHeader) -> None:
        """Ask for larger chunks from now on if a chunk frame says the server serves them
        (never beyond what this client accepts)."""
        self._session.learn_chunk_size(header)

    async def put_chunk(self, sha: str, size: int, offset: int, data: bytes,
                        timeout: float = 120.0) -> Wire:
        """Upload one chunk as a binary blob.put frame and wait for the server's answer."""
        out = self._session.put_chunk(sha, size, offset, data, timeout=timeout)
        result: Wire = await (await self._send(out))
        return result

    async def close(self) -> None:
        self._keeper.cancel()
        with contextlib.suppress(Exception):
            await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        self._fail_all()
        self.closed.set()


def is_connection_error(err: BaseException) -> bool:
    return isinstance(err, ConnectionLostError) or not isinstance(err, MeetingroomError)
