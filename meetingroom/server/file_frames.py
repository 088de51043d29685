"""A blob chunk's websocket frame written from the file to the socket as it is sent.

Building the whole frame first (``blobservice``'s buffered path) reads the chunk into a
2 MiB buffer and the socket then copies it out of that buffer again, by which time its
first bytes have left the CPU's cache. Here the frame's head is written, then the
bytes go from the page cache to the socket by ``sendfile`` (no copy through Python at
all) while the transport has nothing queued and the room runs without TLS, and in
cache-sized pieces read just before they are written otherwise (a TLS transport
encrypts what it is given; a full socket leaves the rest to the transport's buffer).
Measured with 50 clients of the pack-sync bench: the server's CPU per MiB 0.82 ms
against 1.13–1.21 ms for the buffered frame.

Everything happens in one synchronous call, so no other frame (a live message,
websockets' own pong or close) can come between a frame's head and its last byte. Only
chunks whose bytes are in the page cache come this way (:func:`cached`): the call reads
the file on the event loop, which must never wait for a disk.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.storage.blobs import read_into

log = logging.getLogger("meetingroom.server.blobs")

PIECE = 256 * 1024
"""Bytes read and written at a time where ``sendfile`` cannot serve (they stay in cache)."""


@dataclass(frozen=True, slots=True)
class FileFrame:
    """One whole binary websocket frame: ``head`` (the websocket header and our frame
    header), then ``length`` bytes of ``path`` from ``offset``."""

    head: bytes
    path: Path
    offset: int
    length: int

    def write_to(self, transport: Any) -> bool:
        """Write the frame to ``transport``; False if it could not be written whole
        (the file shrank, or the socket failed): the transport is then aborted, since
        the client cannot tell a frame cut short from the next one."""
        try:
            fd = os.open(self.path, os.O_RDONLY)  # not inherited by children (PEP 446)
        except OSError as e:
            log.warning("cannot read blob file %s: %s", self.path.name[:12], e.strerror)
            transport.abort()
            return False
        try:
            transport.write(self.head)
            at = self._sendfile(transport, fd)
            while at < self.length:
                piece = os.pread(fd, min(PIECE, self.length - at), self.offset + at)
                if not piece:
                    log.warning("blob file %s is shorter than recorded", self.path.name[:12])
                    transport.abort()
                    return False
                transport.write(piece)
                at += len(piece)
            return True
        except OSError as e:
            log.info("sending a chunk failed: %s", e.strerror or type(e).__name__)
            transport.abort()
            return False
        finally:
            os.close(fd)

    def _sendfile(self, transport: Any, fd: int) -> int:
        """Bytes sent straight from the file to the socket: as many as it takes now, if
        nothing is queued before them (the head went out whole) and nothing encrypts
        them (no TLS). The rest, if any, goes through the transport."""
        sock = transport.get_extra_info("socket")
        if (not hasattr(os, "sendfile") or sock is None
                or transport.get_extra_info("ssl_object") is not None
                or transport.get_write_buffer_size() != 0):
            return 0
        at = 0
        while at < self.length:
            try:
                sent = os.sendfile(sock.fileno(), fd, self.offset + at, self.length - at)
            except BlockingIOError:  # the socket is full: the transport takes the rest
                break
            if sent == 0:  # the file ended early: the pieces' loop says so
                break
            at += sent
        return at


def cached(path: Path, offset: int, length: int) -> bool:
    """Whether the first and last byte of the range are in the page cache (blobs are
    written and read front to back, so the bytes between almost always are too);
    False where that cannot be asked without waiting for the disk."""
    probe = memoryview(bytearray(1))
    try:
        return (read_into(path, offset, probe, cached_only=True) == 1
                and read_into(path, offset + length - 1, probe, cached_only=True) == 1)
    except OSError:
        return False
