"""Reconnect attempts: a link that returns is used at once, and a dead one is not hammered.

Real TCP sockets on 127.0.0.1. A listening socket whose accept queue is full drops every
SYN without an answer — what a pulled cable or a dropped Wi-Fi looks like to a client —
and "mending" it means accepting again: from then on only a fresh SYN, or the kernel's
next retry of an old one (1, 3, 7 s after the first), gets through.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from meetingroom.errors import ConnectionLostError
from meetingroom.sync import redial
from meetingroom.sync.backoff import Backoff
from meetingroom.sync.redial import Redial, tcp_connect


class Blackhole:
    """A server port that drops every SYN until ``mend()``; then it accepts everything."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(0)
        self.port = self.server.getsockname()[1]
        self._filler = socket.create_connection(("127.0.0.1", self.port))  # queue full
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def mend(self) -> None:
        def accept() -> None:
            self.server.settimeout(0.1)
            while not self._stop.is_set():
                try:
                    conn, _ = self.server.accept()
                except TimeoutError:
                    continue
                self.accepted.append(conn)

        self._thread = threading.Thread(target=accept, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        for s in (*self.accepted, self._filler, self.server):
            s.close()


@pytest.fixture
def hole() -> Iterator[Blackhole]:
    h = Blackhole()
    yield h
    h.close()


@dataclass
class Dialler:
    """Counts attempts that got a TCP connection; the "link" is the socket itself."""

    links: list[Link] = field(default_factory=list)

    async def dial(self, sock: socket.socket) -> Link:
        link = Link(sock)
        self.links.append(link)
        return link


@dataclass
class Link:
    sock: socket.socket
    closed: bool = False

    async def close(self) -> None:
        self.closed = True
        self.sock.close()


def test_a_link_that_returns_is_used_within_a_second(hole: Blackhole) -> None:
    waits: list[tuple[str, float]] = []
    dialler = Dialler()

    async def run() -> tuple[Link, float]:
        r = Redial(Backoff(), rng=random.Random(3))
        reach = asyncio.ensure_future(r.reach(hole.url(), dialler.dial, wake=asyncio.Event(),
                                              waiting=lambda why, s: waits.append((why, s))))
        await asyncio.sleep(4.2)  # dead: every SYN is dropped, the kernel's retry is 3 s off
        assert not reach.done()
        hole.mend()
        mended = time.monotonic()
        link = await asyncio.wait_for(reach, 10)
        return link, time.monotonic() - mended

    link, after = asyncio.run(run())
    assert not link.closed and dialler.links == [link]  # one winner, nothing else open
    link.sock.close()
    # paced attempts while dead: each gave up on its SYN and said when the next starts
    assert 2 <= len(waits) <= 6, waits
    assert all("TimeoutError" in why and 0 <= s <= 1.0 for why, s in waits), waits
    # a fresh attempt got through, not the kernel's next retry of an old SYN (at 7 s)
    assert after < 2.5, after


def test_the_first_attempt_through_wins_and_the_late_ones_are_closed() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    gate = asyncio.Event

    async def run() -> tuple[Link, list[Link]]:
        opened = gate()
        made: list[Link] = []

        async def slow_dial(sock: socket.socket) -> Link:
            link = Link(sock)
            made.append(link)
            if len(made) == 1:
                await opened.wait()  # the first handshake hangs until the second is done
            else:
                opened.set()
            return link

        r = Redial(Backoff(initial=0.1, maximum=0.1, jitter=0))
        won = await asyncio.wait_for(r.reach(f"ws://127.0.0.1:{port}", slow_dial,
                                             wake=asyncio.Event(),
                                             waiting=lambda why, s: None), 10)
        return won, made

    try:
        won, made = asyncio.run(run())
    finally:
        listener.close()
    # both got through at once: one wins, the other is closed, not leaked
    assert len(made) == 2 and won in made and not won.closed
    won.sock.close()
    (late,) = [m for m in made if m is not won]
    assert late.closed and late.sock.fileno() == -1


def test_a_press_of_retry_starts_an_attempt_at_once(hole: Blackhole) -> None:
    waits: list[tuple[str, float]] = []

    async def run() -> None:
        wake = asyncio.Event()
        r = Redial(Backoff(initial=60, maximum=60, jitter=0))  # a patient pace
        reach = asyncio.ensure_future(r.reach(hole.url(), Dialler().dial, wake=wake,
                                              waiting=lambda why, s: waits.append((why, s))))
        await asyncio.sleep(redial.SYN_TIMEOUT + 0.5)
        assert [s for _, s in waits] and waits[-1][1] > 50  # failed; next one in a minute
        hole.mend()
        wake.set()
        await (await asyncio.wait_for(reach, 5)).close()

    asyncio.run(run())
    assert waits[-1][1] == 0.0  # "trying now" was said


def test_a_flapping_link_waits_before_dialling_again_until_a_session_lasts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    r = Redial(Backoff(jitter=0))
    assert r.first_delay() == 0.0 and r.delay(5) == 1.0  # an ordinary drop: dial at once
    monkeypatch.setattr(redial, "STABLE_AFTER", 0.2)
    for _ in range(redial.FLAPS_TO_SLOW):
        r.connected()
        r.disconnected()  # a session that lasted no time
    assert r.flapping
    low = redial.FLAPPING.initial * (1 - redial.FLAPPING.jitter)
    assert low <= r.first_delay() <= redial.FLAPPING.initial
    for _ in range(5):  # it keeps flapping: the wait grows to the cap
        r.connected()
        r.disconnected()
    assert r.first_delay() >= redial.FLAPPING.maximum * (1 - redial.FLAPPING.jitter)
    assert r.delay(5) == 1.0  # once dialling, the pace is the room's
    r.connected()
    time.sleep(0.3)
    r.disconnected()
    assert not r.flapping and r.first_delay() == 0.0


def test_a_flapping_link_says_so_and_dials_after_the_wait(hole: Blackhole,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(redial, "STABLE_AFTER", 0.2)
    r = Redial(Backoff())
    for _ in range(redial.FLAPS_TO_SLOW):
        r.connected()
        r.disconnected()
    waits: list[tuple[str, float]] = []
    hole.mend()

    async def run() -> float:
        started = time.monotonic()
        link = await asyncio.wait_for(r.reach(hole.url(), Dialler().dial, wake=asyncio.Event(),
                                              waiting=lambda why, s: waits.append((why, s))),
                                      10)
        await link.close()
        return time.monotonic() - started

    took = asyncio.run(run())
    assert waits[0][0] == "the connection keeps dropping" and waits[0][1] >= 1.0
    assert took >= waits[0][1] - 0.05  # no attempt before the wait was over


def test_an_address_that_cannot_be_reached_says_why() -> None:
    async def run() -> None:
        with pytest.raises(ConnectionLostError, match="cannot reach"):
            await tcp_connect("ws://127.0.0.1:1")  # refused at once
        with pytest.raises(ConnectionLostError, match="not valid"):
            await tcp_connect("ws://127.0.0.1:99999")

    asyncio.run(run())
