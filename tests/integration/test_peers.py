"""Peers sharing packs: a real server with ``peer_sharing``, real engines serving each other
(over ws:// and over wss:// with pinned certificates), and hostile peers that lie about
what they hold, send wrong bytes, or are shown tickets that are not theirs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from meetingroom.errors import ForbiddenError, NotFoundError, ProtocolError, RateLimitError
from meetingroom.pdf.samples import make_pack
from meetingroom.protocol import requests as rq
from meetingroom.protocol.frames import encode_frame
from meetingroom.protocol.limits import PEER_CHUNK_BYTES
from meetingroom.protocol.messages import decode_request, encode_error, encode_result
from meetingroom.protocol.peer_link import (
    BODIES,
    PEER_BUSY,
    PeerHello,
    PeerOfferReply,
    Ticket,
)
from meetingroom.protocol.replies import LoginReply
from meetingroom.protocol.server_messages import ChunkHeader
from meetingroom.sync import events as ev
from meetingroom.sync import peer_fetch, peer_server
from meetingroom.sync.connection import ServerLink

PACK = 3
DOC_BYTES = 3 * 2**20


def wait_until(cond: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.02)


def pack_meeting(room: Any, tmp_path: Path) -> tuple[str, list[Any]]:
    m = room.published_meeting(participants=("secretary", "chair", "delegate"))
    pdfs = make_pack(tmp_path / "pack", total_bytes=PACK * DOC_BYTES, count=PACK, seed=9)
    docs = [room.admin.attach(m["meeting_id"], m["items"][1].id, pdf) for pdf in pdfs]
    return str(m["meeting_id"]), [m["document"], *docs]


def all_available(rec: Any, docs: list[Any]) -> bool:
    got = {e.sha256 for e in list(rec.events) if isinstance(e, ev.DocumentAvailable)}
    return {d.sha256 for d in docs} <= got


def seeded_peer(room: Any, engines: Any, docs: list[Any], name: str = "chair") -> Any:
    """An engine that has the whole pack and offers it to the room."""
    eng, rec = engines(name)
    eng.login(room.url, name, room.password(name), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, f"{name} has the pack")
    wait_until(lambda: all(room.server.peers.holding(d.sha256) == 1 for d in docs), 10,
               f"{name} offers the pack")
    return eng


def test_a_second_device_fetches_the_pack_from_the_first_and_every_byte_is_right(
        room_factory: Any, engines: Any, tmp_path: Path) -> None:
    room = room_factory(peer_sharing=True)
    _mid, docs = pack_meeting(room, tmp_path)
    chair = seeded_peer(room, engines, docs)
    assert chair.peers.enabled

    delegate, rec = engines("delegate")
    delegate.login(room.url, "delegate", room.password("delegate"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
    for d in docs:
        path = delegate.documents.verified_path(d.sha256)
        assert path is not None and path.stat().st_size == d.size
    total = sum(d.size for d in docs)
    from_peers = delegate.peers.pool.received_bytes
    # every document's chunks but the odd one asked of the server came from the chair
    assert from_peers >= total // 2, (from_peers, total)
    assert chair.peers.served_bytes >= from_peers
    # and the delegate now offers what it has too
    wait_until(lambda: all(room.server.peers.holding(d.sha256) == 2 for d in docs), 10,
               "the delegate offers the pack")


def test_from_the_server_alone_a_sharing_device_fetches_one_document_at_a_time(
        room_factory: Any, engines: Any, tmp_path: Path) -> None:
    # so that the devices of a room starting together finish their first documents
    # soonest and have something to give each other early
    room = room_factory(peer_sharing=True)
    _mid, docs = pack_meeting(room, tmp_path)
    chair, rec = engines("chair")
    chair.login(room.url, "chair", room.password("chair"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the chair has the pack")
    at_once = [len(e.downloading) for e in list(rec.events) if isinstance(e, ev.SyncProgress)]
    assert max(at_once) == 1, at_once
    # without sharing, two come at once (the same pack, another room)
    plain = room_factory()
    _mid, docs = pack_meeting(plain, tmp_path / "plain")
    eng, rec = engines("delegate")
    eng.login(plain.url, "delegate", plain.password("delegate"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
    at_once = [len(e.downloading) for e in list(rec.events) if isinstance(e, ev.SyncProgress)]
    assert max(at_once) == 2, at_once


def test_over_wss_peers_talk_tls_with_the_certificate_the_server_named(
        room_factory: Any, engines: Any, tmp_path: Path, tls_files: Any) -> None:
    ca, cert, key = tls_files
    room = room_factory(peer_sharing=True, certfile=cert, keyfile=key)
    assert room.url.startswith("wss://")
    _mid, docs = pack_meeting(room, tmp_path)
    chair, rec_c = engines("chair", ca_file=ca)
    chair.login(room.url, "chair", room.password("chair"), remember=False).result(30)
    wait_until(lambda: all_available(rec_c, docs), 60, "the chair has the pack")
    wait_until(lambda: all(room.server.peers.holding(d.sha256) == 1 for d in docs), 10,
               "the chair offers the pack")
    delegate, rec = engines("delegate", ca_file=ca)
    delegate.login(room.url, "delegate", room.password("delegate"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
    assert delegate.peers.pool.received_bytes >= sum(d.size for d in docs) // 2

    # the chair's peer port speaks TLS only, and only with its own certificate
    port = chair.peers._server.port

    async def plain() -> None:
        await ServerLink.open(f"ws://127.0.0.1:{port}", on_push=lambda _m: None, timeout=3)

    with pytest.raises(Exception):  # noqa: B017 - any failure of a plain handshake
        asyncio.run(plain())


def test_rooms_share_nothing_between_devices_unless_enabled(
        room: Any, engines: Any, tmp_path: Path) -> None:
    _mid, docs = pack_meeting(room, tmp_path)
    eng, rec = engines("delegate")
    eng.login(room.url, "delegate", room.password("delegate"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the pack")
    assert not eng.peers.enabled and eng.peers._server is None

    async def offer() -> None:
        link = await ServerLink.open(room.url, on_push=lambda _m: None)
        try:
            await link.request(rq.Login(username="chair", password=room.password("chair")))
            with pytest.raises(ProtocolError) as info:
                await link.request(rq.PeerOffer(port=9, cert_sha256=None, blobs=[]))
            assert info.value.reason == "peers_off"
        finally:
            await link.close()
    asyncio.run(offer())


class HostilePeer:
    """A device logged in as ``chair`` that offers the pack and serves it badly:
    ``mode`` "garbage" sends chunks of the right size and header but wrong bytes;
    "absent" says it has no such document when shown the ticket; "silent" takes the
    ticket and chunk requests and never answers them (a peer swamped by the room)."""

    def __init__(self, room: Any, mode: str) -> None:
        self.room, self.mode = room, mode
        self.asked = 0
        self.peer_id = ""

    async def _serve(self, ws: ServerConnection) -> None:
        async for raw in ws:
            req = decode_request(raw, BODIES)
            if isinstance(req.body, PeerHello):
                if self.mode == "absent":
                    await ws.send(encode_error(req.id, NotFoundError("no such document")))
                else:
                    await ws.send(encode_result(req.id, {}))
                continue
            body = req.body
            self.asked += 1
            if self.mode == "silent":
                continue
            n = body.length
            await ws.send(encode_frame(ChunkHeader(
                re=req.id, sha256=body.sha256, offset=body.offset, length=n,
                total=body.offset + n, max_length=PEER_CHUNK_BYTES).wire(), b"\x00" * n))

    async def run(self, docs: list[Any], stop: threading.Event) -> None:
        async with serve(self._serve, "127.0.0.1", 0, max_size=None) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            link = await ServerLink.open(self.room.url, on_push=lambda _m: None)
            try:
                LoginReply.from_wire(await link.request(rq.Login(
                    username="chair", password=self.room.password("chair"))))
                self.peer_id = PeerOfferReply.from_wire(await link.request(rq.PeerOffer(
                    port=port, cert_sha256=None, blobs=[d.sha256 for d in docs]))).peer
                await asyncio.to_thread(stop.wait)
            finally:
                await link.close()


@contextlib.contextmanager
def hostile_peer(room: Any, mode: str, docs: list[Any]) -> Iterator[HostilePeer]:
    """A :class:`HostilePeer` offering ``docs``, running on its own thread until the end."""
    hostile = HostilePeer(room, mode)
    stop = threading.Event()
    runner = threading.Thread(target=asyncio.run, args=(hostile.run(docs, stop),),
                              daemon=True)
    runner.start()
    try:
        wait_until(lambda: all(room.server.peers.holding(d.sha256) == 1 for d in docs), 20,
                   f"the {mode} peer offers the pack")
        yield hostile
    finally:
        stop.set()
        runner.join(10)


@pytest.mark.parametrize("mode", ["garbage", "absent"])
def test_a_peer_that_lies_is_dropped_reported_and_its_bytes_never_used(
        room_factory: Any, engines: Any, tmp_path: Path, mode: str,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="meetingroom")
    room = room_factory(peer_sharing=True)
    _mid, docs = pack_meeting(room, tmp_path)
    with hostile_peer(room, mode, docs) as hostile:
        delegate, rec = engines("delegate")
        delegate.login(room.url, "delegate", room.password("delegate"),
                       remember=False).result(30)
        wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
        for d in docs:  # the right bytes, from the server
            path = delegate.documents.verified_path(d.sha256)
            assert path is not None
            assert path.read_bytes() == Path(room.data_dir / "blobs" / d.sha256[:2]
                                             / d.sha256).read_bytes()
        assert not any(isinstance(e, ev.DownloadFailed) for e in rec.events)
        assert delegate.peers.pool.received_bytes == 0
        if mode == "garbage":
            assert hostile.asked >= 1
        why = "do not match their hash" if mode == "garbage" else "refused"
        dropped = [r.getMessage() for r in caplog.records
                   if r.name == "meetingroom.sync.peers" and "dropped the peer" in r.getMessage()]
        assert dropped and all("127.0.0.1" in m and why in m for m in dropped)
        # the server heard of it, logged it with both addresses, and lists it no more
        wait_until(lambda: any("reported by delegate" in r.getMessage()
                               for r in caplog.records), 10, "the report")
        reported = {d.sha256 for d in docs if d.sha256[:12] in " ".join(dropped)}
        assert reported
        wait_until(lambda: not reported & room.server.peers.held_by(hostile.peer_id), 10,
                   "the peer no longer listed for what it was reported for")


def test_a_peer_too_slow_with_a_chunk_is_left_alone_and_the_server_asked(
        room_factory: Any, engines: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(peer_fetch, "SLOW_REST", 120.0)  # longer than the test
    room = room_factory(peer_sharing=True)
    _mid, docs = pack_meeting(room, tmp_path)
    with hostile_peer(room, "silent", docs) as silent:
        delegate, rec = engines("delegate")
        started = time.monotonic()
        delegate.login(room.url, "delegate", room.password("delegate"),
                       remember=False).result(30)
        wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
        # the chunks first asked of it waited their patience, then came from the server;
        # every later one was asked of the server at once (12 chunks, not 12 × 6 s)
        assert time.monotonic() - started < 3 * peer_fetch.HEDGE_AFTER
        assert 1 <= silent.asked <= peer_fetch.PER_PEER
        assert delegate.peers.pool.received_bytes == 0
        assert not any(isinstance(e, ev.DownloadFailed) for e in rec.events)


def test_a_peer_refuses_tickets_that_are_not_its_own_and_blobs_not_granted(
        room_factory: Any, engines: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="meetingroom.sync.peers")
    room = room_factory(peer_sharing=True)
    mid, docs = pack_meeting(room, tmp_path)
    other = room.published_meeting(title="Họp khác", participants=("secretary", "delegate"))
    chair = seeded_peer(room, engines, docs)
    offer = chair.peers._offer
    port = chair.peers._server.port
    sha = docs[1].sha256
    later = time.time() + 60
    uid = room.users["delegate"].id
    tickets = {
        "a key of its own": Ticket(offer.peer, mid, sha, uid, later).sign(b"x" * 32),
        "another peer's": Ticket("someone-else", mid, sha, uid, later).sign(offer.key),
        "a meeting the chair is not in": Ticket(offer.peer, other["meeting_id"], sha, uid,
                                                later).sign(offer.key),
        "a document the meeting lacks": Ticket(offer.peer, mid, other["document"].sha256,
                                               uid, later).sign(offer.key),
        "expired": Ticket(offer.peer, mid, sha, uid, time.time() - 1).sign(offer.key),
    }

    async def probe() -> None:
        for what, ticket in tickets.items():
            link = await ServerLink.open(f"ws://127.0.0.1:{port}", on_push=lambda _m: None)
            try:
                with pytest.raises(ForbiddenError):
                    await link.request(PeerHello(ticket=ticket))
                # nothing granted: a chunk is refused as if the document were not there
                with pytest.raises(NotFoundError):
                    await (await link.request_chunk(sha, 0, 1024))
            finally:
                await link.close()
            assert what
        # the right ticket works, for the documents of its meeting only
        link = await ServerLink.open(f"ws://127.0.0.1:{port}", on_push=lambda _m: None)
        try:
            await link.request(PeerHello(ticket=Ticket(offer.peer, mid, sha, uid,
                                                       later).sign(offer.key)))
            header, data = await (await link.request_chunk(sha, 0, 1024))
            assert header.sha256 == sha and len(data) == 1024
            header, _data = await (await link.request_chunk(docs[2].sha256, 0, 1024))
            assert header.sha256 == docs[2].sha256
            with pytest.raises(NotFoundError):
                await (await link.request_chunk(other["document"].sha256, 0, 1024))
        finally:
            await link.close()
    asyncio.run(probe())
    refusals = [r.getMessage() for r in caplog.records
                if "refused a request of the peer at 127.0.0.1" in r.getMessage()]
    assert len(refusals) >= 2 * len(tickets) + 1


def test_a_peer_with_every_upload_slot_taken_says_so_at_once_and_keeps_the_link(
        room_factory: Any, engines: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    room = room_factory(peer_sharing=True)
    mid, docs = pack_meeting(room, tmp_path)
    chair = seeded_peer(room, engines, docs)
    offer, server = chair.peers._offer, chair.peers._server
    sha = docs[1].sha256
    ticket = Ticket(offer.peer, mid, sha, room.users["delegate"].id,
                    time.time() + 60).sign(offer.key)

    async def probe() -> None:
        link = await ServerLink.open(f"ws://127.0.0.1:{server.port}", on_push=lambda _m: None)
        try:
            await link.request(PeerHello(ticket=ticket))
            monkeypatch.setattr(peer_server, "UPLOADS_AT_ONCE", 0)  # sending to others
            for _ in range(peer_server.MAX_REFUSALS + 2):  # busy is no refusal: link stays
                with pytest.raises(RateLimitError) as busy:
                    await (await link.request_chunk(sha, 0, 1024))
                assert busy.value.reason == PEER_BUSY
            monkeypatch.setattr(peer_server, "UPLOADS_AT_ONCE", 1)
            for offset in (0, 1024):  # each chunk gives its slot back once sent
                header, data = await (await link.request_chunk(sha, offset, 1024))
                assert header.offset == offset and len(data) == 1024
        finally:
            await link.close()
    asyncio.run(probe())
    assert server.busy_answers == peer_server.MAX_REFUSALS + 2


def test_a_busy_peer_is_neither_waited_for_nor_dropped_the_server_sends_instead(
        room_factory: Any, engines: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="meetingroom")
    room = room_factory(peer_sharing=True)
    _mid, docs = pack_meeting(room, tmp_path)
    chair = seeded_peer(room, engines, docs)
    monkeypatch.setattr(peer_server, "UPLOADS_AT_ONCE", 0)  # the chair sends to others
    delegate, rec = engines("delegate")
    delegate.login(room.url, "delegate", room.password("delegate"), remember=False).result(30)
    wait_until(lambda: all_available(rec, docs), 60, "the delegate has the pack")
    assert chair.peers._server.busy_answers >= 1  # it was asked, and said it was busy
    assert delegate.peers.pool.received_bytes == 0 and chair.peers.served_bytes == 0
    assert not any(isinstance(e, ev.DownloadFailed) for e in rec.events)
    # busy is not a fault: no patience waited out, no peer dropped, rested or reported
    said = [r.getMessage() for r in caplog.records]
    for fault in ("is slow with a chunk", "dropped the peer", "is not answering", "reported by"):
        assert not any(fault in m for m in said), fault
