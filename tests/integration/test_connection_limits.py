"""Connections are counted from the TCP accept, against a cap per address and one in all."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidMessage
from websockets.sync.client import ClientConnection, connect

REFUSED = (InvalidMessage, ConnectionClosed, OSError, EOFError)
"""How a connection closed before its handshake shows in the websockets client."""


def half_open(url: str, address: str) -> socket.socket:
    """A TCP connection from ``address`` that never starts its WebSocket handshake."""
    host, port = url.removeprefix("ws://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), source_address=(address, 0))


def ws(url: str, address: str = "127.0.0.1") -> ClientConnection:
    return connect(url, source_address=(address, 0), open_timeout=20)


def ping(conn: ClientConnection) -> str:
    conn.send(json.dumps({"v": 1, "type": "ping", "id": "p", "body": {}}))
    return str(json.loads(conn.recv(timeout=20))["type"])


def login(conn: ClientConnection, room: Any) -> None:
    conn.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
        "username": "delegate", "password": room.password("delegate")}}))
    assert json.loads(conn.recv(timeout=20))["type"] == "result"


@contextmanager
def connected_soon(url: str, address: str) -> Iterator[ClientConnection]:
    """A connection, once the server has seen closed ones go (it is told asynchronously)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = ws(url, address)
            break
        except REFUSED:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    with conn:
        yield conn


def test_connections_that_never_finish_their_handshake_count_per_address(
        room_factory: Any) -> None:
    room = room_factory(max_per_address=3, handshake_timeout=600)
    with ExitStack() as stack:
        slow = [stack.enter_context(half_open(room.url, "127.0.0.5")) for _ in range(3)]
        with pytest.raises(REFUSED), ws(room.url, "127.0.0.5"):  # refused before its handshake
            pass
        with ws(room.url, "127.0.0.6") as other:  # other addresses are served
            login(other, room)
            assert ping(other) == "result"
        for s in slow:
            s.close()
    with connected_soon(room.url, "127.0.0.5") as conn:
        login(conn, room)
        assert ping(conn) == "result"


def test_connections_are_capped_in_all_quietly(room_factory: Any, caplog: Any) -> None:
    room = room_factory(max_connections=10, max_per_address=64, handshake_timeout=600)
    with ExitStack() as stack:
        member = stack.enter_context(ws(room.url, "127.0.3.1"))
        login(member, room)
        slow = [stack.enter_context(half_open(room.url, f"127.0.3.{n + 2}")) for n in range(9)]
        for n in range(20):  # from twenty more addresses: the room is full
            with pytest.raises(REFUSED), ws(room.url, f"127.0.4.{n + 1}"):
                pass
        assert ping(member) == "result"  # the connected keep being served
        slow[0].close()
    with connected_soon(room.url, "127.0.5.1") as conn:
        login(conn, room)
        assert ping(conn) == "result"
    reports = [r for r in caplog.records if "refusing new connections" in r.getMessage()]
    assert len(reports) == 1  # one line a minute, not one per refusal
    assert "Traceback" not in caplog.text
