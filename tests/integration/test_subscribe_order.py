"""A subscribe reply that is older than the events the link already applied does not
take the meeting back: the server subscribes a link before it reads the snapshot, and
runs requests side by side, so events and other replies can arrive ahead of a reply.

The server here replays, in the order that lost the second minutes version in a GUI
test, messages the real server sent: a snapshot, the event after it, and the snapshot
with that event."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from meetingroom.protocol import requests as rq
from meetingroom.protocol.messages import decode_request, encode_event, encode_result
from meetingroom.protocol.server_messages import EventPush, ServerPush
from meetingroom.storage.cache import ClientCache
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.hooks import Spawn
from meetingroom.sync.meetings import Meetings

Wire = dict[str, Any]


def recorded(room: Any, mid: str) -> tuple[Wire, Wire, Wire]:
    """From the real server: the subscribe reply with the meeting at its revision R,
    the event R+1 (an agenda item added), and the reply with the meeting at R+1."""
    async def ask() -> tuple[Wire, Wire, Wire]:
        link = await ServerLink.open(room.url, on_push=lambda _m: None, timeout=5)
        try:
            await link.request(rq.Login(username="secretary",
                                        password=room.password("secretary")))
            old = await link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0))
            await link.request(rq.AgendaAdd(meeting_id=mid, title="Kiến nghị",
                                            parent_id=None, notes=""))
            since = await link.request(rq.MeetingSubscribe(meeting_id=mid,
                                                           since_rev=old["rev"]))
            new = await link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0))
        finally:
            await link.close()
        assert [e["rev"] for e in since["events"]] == [old["rev"] + 1] == [new["rev"]]
        return dict(old), dict(since["events"][0]), dict(new)
    return asyncio.run(ask())


def meetings_on(cache: ClientCache, spawn: Spawn) -> Meetings:
    async def removed() -> None:
        return None
    return Meetings(cache, emit=lambda _e: None, spawn=spawn, stored=lambda: None,
                    applied=lambda _s, _e: None, subscribed=lambda _l, _m, _r: None,
                    removed=removed)


async def follow(cache: ClientCache, mid: str, replies: list[Wire],
                 push_first: Wire | None) -> int:
    """Subscribe ``mid`` through a server that, on the first request, pushes
    ``push_first`` (if any) and then answers the requests after it before the first, in
    the order of ``replies``, the first request's answer last. The revision kept."""
    asked: list[str] = []
    second = asyncio.Event()

    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            req = decode_request(raw)
            assert isinstance(req.body, rq.MeetingSubscribe)
            asked.append(req.id)
            if len(asked) == 1:
                if push_first is None:
                    await ws.send(encode_result(req.id, replies[-1]))
                    continue
                await ws.send(encode_event(push_first))
                asyncio.get_running_loop().create_task(answer_late(ws, req.id))
            else:
                await ws.send(encode_result(req.id, replies[len(asked) - 2]))
                second.set()

    async def answer_late(ws: ServerConnection, rid: str) -> None:
        await second.wait()
        await asyncio.sleep(0.2)  # the other reply is stored first
        await ws.send(encode_result(rid, replies[-1]))

    tasks: set[asyncio.Task[Any]] = set()

    def spawn(coro: Any) -> None:
        tasks.add(asyncio.get_running_loop().create_task(coro))

    meetings = meetings_on(cache, spawn)
    await meetings.load()
    links: list[ServerLink] = []

    def push(m: ServerPush) -> None:
        if isinstance(m, EventPush):
            meetings.on_event(links[0], m.event)

    async with serve(handler, "127.0.0.1", 0) as server:  # type: ignore[arg-type]
        port = next(iter(server.sockets)).getsockname()[1]
        link = await ServerLink.open(f"ws://127.0.0.1:{port}", on_push=push)
        links.append(link)
        try:
            await meetings.subscribe(link, mid)
            await asyncio.gather(*tasks)
        finally:
            await link.close()
    snap = meetings.snapshot(mid)
    assert snap is not None
    return snap.rev


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ClientCache]:
    """The client's cache on a real SQLite file, closed at the end."""
    c = ClientCache(tmp_path / "client.sqlite")
    yield c
    c.close()


def test_an_older_snapshot_arriving_after_newer_events_is_not_kept(
        room: Any, cache: ClientCache) -> None:
    mid = room.published_meeting()["meeting_id"]
    old, event, new = recorded(room, mid)
    # the event for a meeting not yet known subscribes again; that reply (R+1) arrives,
    # then the first request's (R)
    rev = asyncio.run(follow(cache, mid, [new, old], push_first=event))
    assert rev == new["rev"]


def test_a_snapshot_older_than_the_cache_from_a_reset_server_is_kept(
        room: Any, cache: ClientCache) -> None:
    mid = room.published_meeting()["meeting_id"]
    old, _event, new = recorded(room, mid)
    asyncio.run(follow(cache, mid, [new], push_first=None))  # cached at R+1
    # a server whose database was reset sends the whole meeting at R < R+1
    rev = asyncio.run(follow(cache, mid, [old], push_first=None))
    assert rev == old["rev"]
