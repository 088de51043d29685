"""Download chunk sizes: the server serves up to SERVED_CHUNK_BYTES and says so; old
clients (512 KiB) keep working; the client only asks for more once told; uploads stay
at 512 KiB. Real server on 127.0.0.1, real PDFs, real sockets."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from meetingroom.pdf.samples import make_pack
from meetingroom.protocol import requests as rq
from meetingroom.protocol.frames import decode_frame, encode_frame
from meetingroom.protocol.limits import (
    CHUNK_BYTES,
    MAX_CHUNK_FRAME_BYTES,
    SERVED_CHUNK_BYTES,
)
from meetingroom.protocol.server_messages import ChunkHeader


class Raw:
    """A bare protocol-v1 client (sync websockets) that can ask for any chunk length."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.n = 0

    def send(self, mtype: str, body: dict[str, Any]) -> str:
        self.n += 1
        rid = f"k{self.n}"
        self.ws.send(json.dumps({"v": 1, "type": mtype, "id": rid, "body": body}))
        return rid

    def call(self, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        rid = self.send(mtype, body)
        while True:
            raw = self.ws.recv(timeout=10)
            if isinstance(raw, str) and json.loads(raw).get("re") == rid:
                return dict(json.loads(raw))

    def chunk(self, sha: str, offset: int, length: int) -> tuple[dict[str, Any], bytes]:
        rid = self.send("blob.get", {"sha256": sha, "offset": offset, "length": length})
        while True:
            raw = self.ws.recv(timeout=10)
            if isinstance(raw, bytes):
                header, data = decode_frame(raw, limit=MAX_CHUNK_FRAME_BYTES)
                if header.get("re") == rid:
                    return header, bytes(data)
            elif json.loads(raw).get("re") == rid:
                return dict(json.loads(raw)), b""



@contextmanager
def logged_in(room: Any, user: str) -> Iterator[Raw]:
    with connect(room.url, max_size=8 * 2**20, compression=None) as ws:
        c = Raw(ws)
        r = c.call("login", {"username": user, "password": room.password(user)})
        assert r["type"] == "result", r
        yield c


def _document(room: Any, tmp_path: Path, size: int, seed: int) -> tuple[Any, bytes]:
    (pdf,) = make_pack(tmp_path / f"pack{seed}", total_bytes=size, count=1, seed=seed)
    m = room.published_meeting()
    return room.admin.attach(m["meeting_id"], m["items"][1].id, pdf), pdf.read_bytes()


def test_large_chunks_are_served_and_advertised_and_512k_still_works(
        room: Any, tmp_path: Path) -> None:
    doc, content = _document(room, tmp_path, 3 * SERVED_CHUNK_BYTES, seed=11)
    with logged_in(room, "delegate") as c:
        header, data = c.chunk(doc.sha256, 0, SERVED_CHUNK_BYTES)
        assert header["max_length"] == SERVED_CHUNK_BYTES
        assert header["length"] == len(data) == SERVED_CHUNK_BYTES
        got = bytearray(data)
        while len(got) < doc.size:  # an old client: 512 KiB at a time, to the end
            header, data = c.chunk(doc.sha256, len(got), CHUNK_BYTES)
            assert header["offset"] == len(got) and header["total"] == doc.size
            got += data
        assert bytes(got) == content
        too_big = c.chunk(doc.sha256, 0, SERVED_CHUNK_BYTES + 1)[0]
        assert too_big["type"] == "error" and too_big["code"] == "bad_request"


def test_cold_chunk_is_read_off_the_loop_and_byte_identical(room: Any, tmp_path: Path) -> None:
    """A chunk not in the page cache (evicted here) takes the worker-thread path."""
    import os

    doc, content = _document(room, tmp_path, 2 * SERVED_CHUNK_BYTES + 12345, seed=12)
    blob = room.server.blobs.path(doc.sha256)
    fd = os.open(blob, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    with logged_in(room, "delegate") as c:
        got = bytearray()
        while len(got) < doc.size:
            header, data = c.chunk(doc.sha256, len(got), SERVED_CHUNK_BYTES)
            assert header["length"] == len(data)
            got += data
        assert 0 < len(data) < SERVED_CHUNK_BYTES  # the last chunk is short, exactly to the end
        assert header["offset"] + len(data) == doc.size == header["total"]
        assert hashlib.sha256(got).hexdigest() == doc.sha256 and bytes(got) == content


def test_upload_chunk_above_512k_is_refused(room: Any) -> None:
    data = b"%PDF-1.7 " + b"x" * CHUNK_BYTES  # one byte over, within the frame limit
    sha = hashlib.sha256(data).hexdigest()
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l1", "body": {
            "username": "secretary", "password": room.password("secretary")}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "result"
        ws.send(encode_frame({"v": 1, "type": "blob.put", "id": "u1",
                              "body": {"sha256": sha, "size": len(data) + 10, "offset": 0}},
                             data))
        while True:
            m = json.loads(ws.recv(timeout=10))
            if m.get("re") == "u1":
                break
        assert m["type"] == "error" and m["code"] == "bad_request"
        ws.send(json.dumps({"v": 1, "type": "blob.status", "id": "s1",
                            "body": {"sha256": sha, "size": len(data) + 10}}))
        while True:
            s = json.loads(ws.recv(timeout=10))
            if s.get("re") == "s1":
                break
        assert s["body"]["have"] == 0  # nothing was written


def test_client_learns_the_served_chunk_size_and_never_exceeds_its_own(
        room: Any, tmp_path: Path) -> None:
    from meetingroom.storage.blobs import BlobStore
    from meetingroom.sync.connection import ServerLink
    from meetingroom.sync.downloader import fetch_blob

    doc, content = _document(room, tmp_path, 5 * CHUNK_BYTES + 777, seed=13)
    store = BlobStore(tmp_path / "client-blobs")
    sizes: list[int] = []

    def header(**over: int) -> ChunkHeader:
        return ChunkHeader(re="c1", sha256="0" * 64, offset=0, **over)

    async def run() -> None:
        link = await ServerLink.open(room.url, on_push=lambda _m: None)
        try:
            await link.request(rq.Login(username="delegate", password=room.password("delegate")))
            assert link.chunk_bytes == CHUNK_BYTES  # nothing learnt yet: what every server serves
            link.learn_chunk_size(header(max_length=10**12))  # a hostile or future server
            assert link.chunk_bytes == SERVED_CHUNK_BYTES
            link.learn_chunk_size(header(max_length=1))
            assert link.chunk_bytes == CHUNK_BYTES
            link.learn_chunk_size(header())  # an older server's frame: no change
            assert link.chunk_bytes == CHUNK_BYTES

            last = 0

            def progress(have: int) -> None:
                nonlocal last
                sizes.append(have - last)
                last = have

            await fetch_blob(link, store, doc.sha256, doc.size, on_progress=progress,
                             window=1)
            assert link.chunk_bytes == SERVED_CHUNK_BYTES
        finally:
            await link.close()

    asyncio.run(run())
    # the first request went out at 512 KiB; once told, 1 MiB chunks
    assert sizes[0] == CHUNK_BYTES and sizes[1] == SERVED_CHUNK_BYTES
    assert sum(sizes) == doc.size
    assert store.verified_path(doc.sha256).read_bytes() == content
