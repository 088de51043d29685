"""ServerLink over a real socket, against a bare websockets server on port 0 that answers
as each test scripts: a request unanswered in time fails alone and the link lives on,
a closed link fails what waits, a request sent twice under one id gets its answer twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from meetingroom.errors import ConnectionLostError, ForbiddenError
from meetingroom.protocol import messages as msg
from meetingroom.protocol import requests as rq
from meetingroom.sync.connection import ServerLink

Answer = Callable[[ServerConnection, dict[str, Any]], Awaitable[None]]
SLOW = rq.Ping()
"""Never answered by these scripted servers."""
REFUSED = rq.Logout()
"""Refused (forbidden)."""


def echo(n: int) -> rq.MeetingSubscribe:
    """Answered with its own body."""
    return rq.MeetingSubscribe(meeting_id=f"m{n}", since_rev=n)


async def scripted(answer: Answer, test: Callable[[ServerLink], Awaitable[None]]) -> None:
    async def handler(ws: ServerConnection) -> None:
        async for raw in ws:
            await answer(ws, json.loads(raw))

    async with serve(handler, "127.0.0.1", 0, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        link = await ServerLink.open(f"ws://127.0.0.1:{port}/", on_push=lambda _m: None)
        try:
            await test(link)
        finally:
            await link.close()


async def answer_all_but_slow(ws: ServerConnection, req: dict[str, Any]) -> None:
    if req["type"] == "ping":
        return  # never answered
    if req["type"] == "logout":
        await ws.send(msg.encode_error(req["id"], ForbiddenError("no")))
        return
    await ws.send(msg.encode_result(req["id"], {"seen": req["body"]}))


def test_an_unanswered_request_times_out_alone_and_the_link_lives_on() -> None:
    async def test(link: ServerLink) -> None:
        slow = asyncio.ensure_future(link.request(SLOW, timeout=0.4))
        slower = asyncio.ensure_future(link.request(SLOW, timeout=0.8))
        assert await link.request(echo(1)) == {"seen": echo(1).wire()}
        for waiting in (slow, slower):
            with pytest.raises(ConnectionLostError, match="did not answer in time"):
                await waiting
        with pytest.raises(ForbiddenError):
            await link.request(REFUSED)
        assert await link.request(echo(2)) == {"seen": echo(2).wire()}
        assert not link.closed.is_set()

    asyncio.run(scripted(answer_all_but_slow, test))


def test_a_request_sent_twice_under_one_id_is_answered_to_both_callers() -> None:
    async def test(link: ServerLink) -> None:
        first = asyncio.ensure_future(link.request(echo(1), rid="n-same"))
        second = asyncio.ensure_future(link.request(echo(1), rid="n-same"))
        assert await first == await second == {"seen": echo(1).wire()}

    asyncio.run(scripted(answer_all_but_slow, test))


def test_a_link_the_server_closes_fails_what_waits_and_refuses_new_requests() -> None:
    async def close_on_slow(ws: ServerConnection, req: dict[str, Any]) -> None:
        if req["type"] == "ping":
            await ws.close()  # anything else is never answered

    async def test(link: ServerLink) -> None:
        waiting = await link.request_chunk("a" * 64, 0, 10)
        with pytest.raises(ConnectionLostError, match="was lost"):
            await link.request(SLOW, timeout=30)
        await asyncio.wait_for(link.closed.wait(), 10)
        with pytest.raises(ConnectionLostError, match="was lost"):
            await waiting
        with pytest.raises(ConnectionLostError, match="was lost"):
            await link.request(echo(3))

    asyncio.run(scripted(close_on_slow, test))
