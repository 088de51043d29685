"""Per-connection send queue: live messages always go ahead of bulk blob chunks."""

from __future__ import annotations

import asyncio
import logging
import struct
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from meetingroom.server.file_frames import FileFrame

log = logging.getLogger("meetingroom.server.outbound")

BulkProducer = Callable[[], Awaitable[bytes | bytearray | FileFrame | None]]
"""Reads one blob chunk when its turn comes: one whole binary websocket frame, its header
included (:func:`binary_frame_head`), written to the socket as it is, or a
:class:`FileFrame` that writes itself from the file (None: nothing to send). Its bytes
must not change once returned (a TLS transport may keep them queued)."""

MAX_BULK_QUEUED = 64
"""Chunk requests a client may have queued; more get ``rate_limited``."""


class Outbound:
    """Serialises sends on one websocket without a task while idle.

    ``websockets.broadcast`` is not used for fan-out: it silently skips a connection
    that is mid-send and has no backpressure. Here a send is awaited whenever anything
    is queued or being sent (so the transport's write buffer limits memory) and a slow
    client only delays itself. Only a live message to an idle connection whose write
    buffer is below its limit is written at once (its frame straight to the transport:
    no task, no await) — the common case of an event fanned out to many clients, where
    a task per client cost about twice the write itself.
    """

    __slots__ = ("_bulk", "_closing", "_high", "_live", "_task", "_ws", "bulk_sent", "closed",
                 "live_mark")

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self._live: deque[bytes] = deque()
        """UTF-8 JSON text messages waiting for their turn."""
        self._bulk: deque[BulkProducer] = deque()
        self._task: asyncio.Task[None] | None = None
        self._closing: asyncio.Task[None] | None = None
        """The closing handshake ``disconnect`` started, kept until it ends (the loop
        holds its tasks only weakly)."""
        self.closed = False
        self.bulk_sent = 0
        """Bulk frames handed to the websocket so far."""
        self.live_mark = (0, 0)
        """When the latest live message was given to this outbound: (bulk frames sent
        before it, bulk frames still queued behind it) — what it overtook, for tests."""
        transport = ws.transport
        self._high: int = (transport.get_write_buffer_limits()[1] if transport is not None
                           else 0)
        """The transport's high-water mark (fixed for the connection's life)."""

    @property
    def transport(self) -> Any:
        """The websocket's transport (benchmarks write to it directly as a raw baseline)."""
        return self._ws.transport

    @property
    def bulk_queued(self) -> int:
        return len(self._bulk)

    def send_live(self, message: str | bytes) -> None:
        """Queue a live message (JSON text as str, or pre-encoded UTF-8 text as bytes)."""
        payload = message.encode("utf-8") if isinstance(message, str) else message
        self.send_framed(payload, text_frame(payload))

    def send_framed(self, payload: bytes, frame: bytes) -> None:
        """Send ``payload`` (UTF-8 JSON text) whose frame was already built: ``frame`` is
        one unmasked, uncompressed text frame (:func:`text_frame`) — a fan-out builds it
        once for every recipient. An idle connection with room in its buffer gets those
        bytes written to its transport directly, the same bytes websockets would write;
        otherwise the payload is queued and sent in order."""
        if self.closed:
            return
        self.live_mark = (self.bulk_sent, len(self._bulk))
        if self._task is None and not self._live and not self._bulk:
            ws = self._ws
            transport = ws.transport
            if (transport is not None and ws.protocol.state is State.OPEN
                    and ws.send_in_progress is None and not transport.is_closing()
                    and transport.get_write_buffer_size() < self._high):
                transport.write(frame)
                return
        self._live.append(payload)
        self._kick()

    def send_bulk(self, producer: BulkProducer) -> None:
        if self.closed:
            return
        self._bulk.append(producer)
        self._kick()

    def _kick(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        try:
            while self._live or self._bulk:
                if self._live:
                    await self._ws.send(self._live.popleft(), text=True)
                else:
                    frame = await self._bulk.popleft()()
                    if frame is not None:
                        if not self._write(frame):
                            self.close()
                            return
                        try:
                            await self._ws.drain()
                        except OSError:  # the connection broke while its buffer was full
                            self.close()
                            return
                        self.bulk_sent += 1
        except ConnectionClosed:
            self.close()
        except Exception:
            log.exception("sending to a client failed")
            self.close()
        finally:
            self._task = None

    def _write(self, frame: bytes | bytearray | FileFrame) -> bool:
        """Write a whole websocket frame to the transport (False: the connection is
        closing). A chunk is not copied again into a frame of websockets' own; the
        frame is written in one synchronous call, so websockets' pings and closing
        frames only ever come between frames, as they do between its own sends."""
        ws = self._ws
        transport = ws.transport
        if ws.protocol.state is not State.OPEN or transport is None or transport.is_closing():
            return False
        if isinstance(frame, FileFrame):
            return frame.write_to(transport)
        transport.write(frame)
        return True

    def close(self) -> None:
        self.closed = True
        self._live.clear()
        self._bulk.clear()

    def disconnect(self, code: int, reason: str) -> asyncio.Task[None]:
        """Close the websocket itself (e.g. the session was ended elsewhere)."""
        self.close()
        self._closing = asyncio.get_running_loop().create_task(self._ws.close(code, reason))
        return self._closing


_HEAD_SHORT = struct.Struct("!BB")
_HEAD_MEDIUM = struct.Struct("!BBH")
_HEAD_LONG = struct.Struct("!BBQ")
_FIN_BINARY = 0x82


def binary_frame_head(length: int) -> bytes:
    """The header of one server-to-client binary frame (final, unmasked, uncompressed)
    of ``length`` payload bytes: the bytes websockets writes before such a payload."""
    if length < 126:
        return _HEAD_SHORT.pack(_FIN_BINARY, length)
    if length < 1 << 16:
        return _HEAD_MEDIUM.pack(_FIN_BINARY, 126, length)
    return _HEAD_LONG.pack(_FIN_BINARY, 127, length)


def text_frame(payload: bytes) -> bytes:
    """``payload`` as one server-to-client text frame (unmasked; compression is off on
    every connection of this server)."""
    return Frame(Opcode.TEXT, payload).serialize(mask=False)
