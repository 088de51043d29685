"""A chunk request the server never answers, on a link that otherwise lives, does not leave
a document at a standstill: the download asks again, and gives the link up if that too
goes unanswered (the engine then reconnects and resumes)."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve

from meetingroom.errors import ConnectionLostError
from meetingroom.protocol.frames import encode_frame
from meetingroom.protocol.limits import SERVED_CHUNK_BYTES
from meetingroom.protocol.messages import decode_request
from meetingroom.protocol.requests import BlobGet
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.storage.blobs import BlobStore
from meetingroom.sync import connection, downloader
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.downloader import Downloads
from meetingroom.sync.events import DocumentAvailable

DATA = os.urandom(3 * SERVED_CHUNK_BYTES + 123)  # four chunks
SHA = hashlib.sha256(DATA).hexdigest()


def forgetful_server(ignored: set[int]) -> tuple[list[int], object]:
    """A server that answers ``blob.get`` with chunk frames but the requests whose
    number (from 0) is in ``ignored``: those it reads and never answers."""
    asked: list[int] = []

    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            req = decode_request(raw)
            body = req.body
            assert isinstance(body, BlobGet)
            asked.append(body.offset)
            if len(asked) - 1 in ignored:
                continue
            piece = DATA[body.offset:body.offset + body.length]
            await ws.send(encode_frame(ChunkHeader(
                re=req.id, sha256=SHA, offset=body.offset, length=len(piece),
                total=len(DATA), max_length=SERVED_CHUNK_BYTES).wire(), piece))
    return asked, handler


async def fetch(tmp_path: Path, ignored: set[int]) -> tuple[list[int], Path | None]:
    asked, handler = forgetful_server(ignored)
    async with serve(handler, "127.0.0.1", 0, max_size=None) as server:  # type: ignore[arg-type]
        port = next(iter(server.sockets)).getsockname()[1]
        link = await ServerLink.open(f"ws://127.0.0.1:{port}", on_push=lambda _m: None)
        try:
            path = await downloader.fetch_blob(link, BlobStore(tmp_path / "blobs"), SHA,
                                               len(DATA), chunk=SERVED_CHUNK_BYTES, window=4)
        except ConnectionLostError:
            path = None
        finally:
            await link.close()
    return asked, path


def test_an_unanswered_chunk_is_asked_for_again(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "CHUNK_STALLED", 0.5)
    asked, path = asyncio.run(fetch(tmp_path, ignored={1}))
    assert path is not None and path.read_bytes() == DATA
    assert asked.count(SERVED_CHUNK_BYTES) == 2  # the forgotten one, asked for twice


def test_a_link_that_answers_neither_request_is_given_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "CHUNK_STALLED", 0.3)
    asked, path = asyncio.run(fetch(tmp_path, ignored={0, 4}))
    assert path is None  # ConnectionLostError: the engine reconnects and resumes
    assert asked.count(0) == 2


def test_a_document_finished_as_its_session_ended_is_announced_at_the_next(
        tmp_path: Path) -> None:
    # a download's fsync and rename run on a worker thread, which the end of the session
    # does not stop: the document lands on disk after its session is gone, and the next
    # session must still say it is available (readers, peers and notes wait for that)
    blobs = BlobStore(tmp_path / "blobs")
    events: list[object] = []
    downloads = Downloads(blobs, wanted=lambda: {SHA: len(DATA)}, emit=events.append)

    async def sessions() -> None:
        _asked, handler = forgetful_server(set(range(1000)))  # answers nothing
        async with serve(handler, "127.0.0.1", 0, max_size=None) as server:  # type: ignore[arg-type]
            port = next(iter(server.sockets)).getsockname()[1]
            url = f"ws://127.0.0.1:{port}"
            link = await ServerLink.open(url, on_push=lambda _m: None)
            first = asyncio.ensure_future(downloads.run(link))
            while not downloads.blobs.partial_path(SHA).exists():
                await asyncio.sleep(0.01)  # it started: the document is missing
            first.cancel()
            await asyncio.gather(first, return_exceptions=True)
            await link.close()
            assert not any(isinstance(e, DocumentAvailable) for e in events)
            blobs.put_bytes(DATA, SHA)  # what the worker thread finished meanwhile
            link = await ServerLink.open(url, on_push=lambda _m: None)
            second = asyncio.ensure_future(downloads.run(link))
            try:
                for _ in range(200):
                    if any(isinstance(e, DocumentAvailable) for e in events):
                        break
                    await asyncio.sleep(0.01)
            finally:
                second.cancel()
                await asyncio.gather(second, return_exceptions=True)
                await link.close()

    asyncio.run(sessions())
    assert [e.sha256 for e in events if isinstance(e, DocumentAvailable)] == [SHA]
