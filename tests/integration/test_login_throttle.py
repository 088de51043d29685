"""Wrong passwords slow down where they come from and never lock a user out elsewhere."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.asyncio.client import connect as aconnect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from meetingroom.domain.roles import Role
from meetingroom.server import login_throttle as lt


class FakeClock:
    """The server's clock, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@contextmanager
def from_address(url: str, address: str) -> Iterator[ClientConnection]:
    """A raw connection whose source is ``address`` (any 127.x.y.z is this machine)."""
    with connect(url, source_address=(address, 0)) as ws:
        yield ws


def call(ws: ClientConnection, mtype: str, body: dict[str, Any], rid: str = "x"
         ) -> dict[str, Any]:
    ws.send(json.dumps({"v": 1, "type": mtype, "id": rid, "body": body}))
    while True:
        m: dict[str, Any] = json.loads(ws.recv(timeout=20))
        if m.get("re") == rid:
            return m


def login(ws: ClientConnection, user: str, password: str) -> dict[str, Any]:
    return call(ws, "login", {"username": user, "password": password})


def test_guessing_from_one_address_slows_it_down_but_not_the_user_elsewhere(
        room_factory: Any) -> None:
    clock = FakeClock()
    room = room_factory(clock=clock)
    with from_address(room.url, "127.0.0.2") as attacker:
        codes = [login(attacker, "chair", f"guess{i}")["code"] for i in range(30)]
        assert codes[:lt.PAIR_FREE] == ["auth_failed"] * lt.PAIR_FREE
        slowed = login(attacker, "chair", room.password("chair"))  # even the right one waits
        assert slowed["code"] == "rate_limited" and slowed["retry_after"] == 1
        assert set(codes[lt.PAIR_FREE:]) == {"rate_limited"}
        clock.now += 1  # the wait passed: one more try, then twice as long
        assert login(attacker, "chair", "guess")["code"] == "auth_failed"
        assert login(attacker, "chair", "guess")["retry_after"] == 2
    with from_address(room.url, "127.0.0.1") as chair:  # the chair's own tablet
        assert login(chair, "chair", room.password("chair"))["type"] == "result"


def test_parallel_wrong_logins_cannot_race_past_the_limit(room_factory: Any) -> None:
    room = room_factory(clock=FakeClock())

    async def one_connection(n: int) -> list[str]:
        codes = []
        async with aconnect(room.url) as ws:
            for i in range(5):  # 40 connections x 5 = 200 attempts
                await ws.send(json.dumps({"v": 1, "type": "login", "id": f"l{n}-{i}",
                                          "body": {"username": "chair", "password": "nope"}}))
                codes.append(json.loads(await ws.recv())["code"])
        return codes

    async def run() -> list[str]:
        results = await asyncio.gather(*(one_connection(n) for n in range(40)))
        return [c for codes in results for c in codes]

    codes = asyncio.run(run())
    assert len(codes) == 200
    assert codes.count("auth_failed") == lt.PAIR_FREE  # the password was checked 5 times
    assert codes.count("rate_limited") == 200 - lt.PAIR_FREE


def test_a_room_behind_one_address_logs_in_all_at_once(room_factory: Any) -> None:
    """Fifty laptops behind one NAT address log in together at the start of a meeting:
    logins still being checked are not failures, and a connection whose password check
    waits in the queue longer than the authentication timeout is not closed for it."""
    room = room_factory(clock=FakeClock(), auth_timeout=0.5)
    laptops = 50
    assert laptops > lt.ADDRESS_FREE  # more than the failures an address gets free
    for n in range(laptops):
        room.admin.add_user(f"laptop{n:02d}", "correct horse battery", role=Role.DELEGATE)

    async def one(n: int) -> str:
        async with aconnect(room.url, open_timeout=30) as ws:
            await ws.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
                "username": f"laptop{n:02d}", "password": "correct horse battery"}}))
            return str(json.loads(await asyncio.wait_for(ws.recv(), 60))["type"])

    async def run() -> list[str]:
        return await asyncio.gather(*(one(n) for n in range(laptops)))

    started = time.monotonic()
    assert asyncio.run(run()) == ["result"] * laptops
    assert time.monotonic() - started > 0.5  # the checks did queue past the timeout
    # a connection that does nothing is still closed
    with from_address(room.url, "127.0.0.1") as idle, pytest.raises(ConnectionClosed):
        idle.recv(timeout=10)


def test_a_valid_token_resumes_from_an_address_that_is_slowed_down(room_factory: Any) -> None:
    room = room_factory(clock=FakeClock())
    with from_address(room.url, "127.0.0.3") as ws:
        token = login(ws, "delegate", room.password("delegate"))["body"]["token"]
    with from_address(room.url, "127.0.0.3") as ws:
        for i in range(lt.ADDRESS_FREE):
            assert call(ws, "resume", {"token": f"wrong{i}"})["code"] == "session_expired"
        assert call(ws, "resume", {"token": "wrong"})["code"] == "rate_limited"
        assert login(ws, "delegate2", room.password("delegate2"))["code"] == "rate_limited"
        assert call(ws, "resume", {"token": token})["type"] == "result"


def test_distributed_guessing_is_spaced_out_except_where_the_user_logged_in_before(
        room_factory: Any) -> None:
    clock = FakeClock()
    room = room_factory(clock=clock)
    with from_address(room.url, "127.0.0.1") as ws:  # the chair's tablet, known
        assert login(ws, "chair", room.password("chair"))["type"] == "result"
    failed = 0
    for n in range(lt.USER_CEILING):  # one guess each from twenty addresses
        with from_address(room.url, f"127.0.1.{n + 1}") as ws:
            failed += login(ws, "chair", "guess")["code"] == "auth_failed"
    assert failed == lt.USER_CEILING
    with from_address(room.url, "127.0.2.1") as ws:  # a new address waits its turn
        refused = login(ws, "chair", "guess")
        assert refused["code"] == "rate_limited" and refused["retry_after"] == 5
        clock.now += lt.USER_SPACING
        assert login(ws, "chair", "guess")["code"] == "auth_failed"
        assert login(ws, "chair", "guess")["code"] == "rate_limited"
    with from_address(room.url, "127.0.0.1") as ws:  # the known tablet is not slowed
        assert login(ws, "chair", room.password("chair"))["type"] == "result"


def test_delays_double_up_to_the_ceiling() -> None:
    delays = [lt.delay_after(n, lt.PAIR_FREE) for n in range(20)]
    assert delays[:lt.PAIR_FREE] == [0.0] * lt.PAIR_FREE
    assert delays[lt.PAIR_FREE:lt.PAIR_FREE + 4] == [1.0, 2.0, 4.0, 8.0]
    assert max(delays) == lt.MAX_DELAY
