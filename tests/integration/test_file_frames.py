"""A chunk frame written from the file as it is sent (server/file_frames.py).

Real sockets and asyncio transports on 127.0.0.1 (and a TLS one), real files: what the
other end reads is exactly the frame's head then the file's bytes, whether the socket
takes them at once (``sendfile``), fills up half-way (the transport keeps the rest), or
already had bytes queued; a file that turns out shorter aborts the connection instead of
sending a frame the client would misread.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import ssl
from pathlib import Path

import pytest

from meetingroom.server.file_frames import FileFrame, cached

SIZE = 3 * 2**20 + 12345
HEAD = b"\x82\x7f" + b"head-of-the-frame" * 3


def _blob(tmp_path: Path) -> tuple[Path, bytes]:
    data = os.urandom(SIZE)
    path = tmp_path / "blob"
    path.write_bytes(data)
    return path, data


async def _pair(tls: tuple[ssl.SSLContext, ssl.SSLContext] | None = None
                ) -> tuple[asyncio.Transport, asyncio.StreamReader, asyncio.StreamWriter]:
    """A server-side transport and the client's stream, with a small receive buffer on
    the client so that a large frame fills the socket."""
    accepted: asyncio.Future[asyncio.Transport] = asyncio.get_running_loop().create_future()

    class Server(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            accepted.set_result(transport)

    server = await asyncio.get_running_loop().create_server(
        Server, "127.0.0.1", 0, ssl=tls[0] if tls else None)
    port = server.sockets[0].getsockname()[1]
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)
    sock.connect(("127.0.0.1", port))
    reader, writer = await asyncio.open_connection(
        sock=sock, ssl=tls[1] if tls else None, server_hostname="127.0.0.1" if tls else None,
        limit=2**24)
    transport = await accepted
    server.close()
    return transport, reader, writer


async def _read_all(reader: asyncio.StreamReader, n: int) -> bytes:
    await asyncio.sleep(0.3)  # the sender meets a full socket first
    return await asyncio.wait_for(reader.readexactly(n), 30)


@pytest.mark.parametrize("queued", [False, True], ids=["empty-transport", "bytes-queued"])
def test_a_file_frame_arrives_whole_and_in_order(tmp_path: Path, queued: bool) -> None:
    path, data = _blob(tmp_path)
    offset, length = 777, SIZE - 1000
    assert cached(path, offset, length)  # just written: in the page cache

    async def run() -> bytes:
        transport, reader, writer = await _pair()
        # ~9 MiB: more than the socket takes at once
        before = b"an earlier frame" * 600_000 if queued else b""
        try:
            if queued:
                transport.write(before)
                assert transport.get_write_buffer_size() > 0
            assert FileFrame(HEAD, path, offset, length).write_to(transport)
            transport.write(b"the next frame")
            got = await _read_all(reader, len(before) + len(HEAD) + length + 14)
        finally:
            transport.close()
            writer.close()
        return got[len(before):]

    got = asyncio.run(run())
    assert got[:len(HEAD)] == HEAD
    body = got[len(HEAD):len(HEAD) + length]
    assert hashlib.sha256(body).digest() == hashlib.sha256(data[offset:offset + length]).digest()
    assert got.endswith(b"the next frame")


def test_over_tls_the_frame_is_written_in_pieces_and_arrives_whole(
        tmp_path: Path, tls_files: tuple[Path, Path, Path]) -> None:
    path, data = _blob(tmp_path)
    ca, cert, key = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=ca)

    async def run() -> bytes:
        transport, reader, writer = await _pair((server_ctx, client_ctx))
        try:
            assert transport.get_extra_info("ssl_object") is not None
            assert FileFrame(HEAD, path, 0, SIZE).write_to(transport)
            return await _read_all(reader, len(HEAD) + SIZE)
        finally:
            transport.close()
            writer.close()

    assert asyncio.run(run()) == HEAD + data


def test_a_file_shorter_than_the_frame_says_aborts_the_connection(tmp_path: Path) -> None:
    path, _ = _blob(tmp_path)

    async def run() -> tuple[bool, bytes]:
        transport, reader, writer = await _pair()
        try:
            ok = FileFrame(HEAD, path, SIZE - 100, 5000).write_to(transport)
            assert transport.is_closing()
            try:
                got = await asyncio.wait_for(reader.read(-1), 10)
            except ConnectionError:
                got = b""
            return ok, got
        finally:
            writer.close()

    ok, got = asyncio.run(run())
    assert not ok
    assert len(got) < len(HEAD) + 5000  # never a whole frame: the client sees a broken link


def test_a_missing_or_unreadable_range_is_not_cached(tmp_path: Path) -> None:
    assert not cached(tmp_path / "absent", 0, 10)
    path, _ = _blob(tmp_path)
    assert cached(path, 0, SIZE)
    assert not cached(path, SIZE, 10)  # past the end: nothing there to read
