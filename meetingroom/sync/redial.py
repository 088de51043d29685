"""Reaching the server again after the link dropped: paced, overlapping attempts.

A link that comes back must be used at once: a delegate whose Wi-Fi returns should be
online within a second, not after the kernel's next SYN retry (1, 3, 7 s after the
first) or the rest of a 10 s connect timeout. So a new attempt starts every pace step
(at most a second on the room's default backoff) while earlier ones are still waiting,
the TCP connect of each gives up after ``SYN_TIMEOUT`` (on a LAN the answer takes
milliseconds), and the first attempt that gets through wins; the others are closed.

Nothing floods the server: attempts start at the backoff's pace (jittered, so a room of
tablets does not dial in step), at most ``MAX_IN_FLIGHT`` wait at once, and a link that
keeps flapping — sessions that end within ``STABLE_AFTER`` seconds, ``FLAPS_TO_SLOW``
times in a row — waits a growing ``FLAPPING`` delay before it dials again after each
drop (1–2 s, then up to 10 s), so it is not synced afresh every few seconds, until a
session lasts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.sync.backoff import Backoff

log = logging.getLogger(__name__)

SYN_TIMEOUT = 1.5
"""Seconds a TCP connect may take before a fresh attempt is the quicker way in (the
kernel's first SYN retry comes after 1 s; on a dead link the second after 3 s more)."""
MAX_IN_FLIGHT = 3
"""Attempts waiting at once (a handshake over a slow link may take a few seconds)."""
STABLE_AFTER = 10.0
"""A session shorter than this counts as a flap."""
FLAPS_TO_SLOW = 3
"""Flaps in a row after which the slower pace applies."""
FLAPPING = Backoff(initial=2.0, factor=2.0, maximum=10.0, jitter=0.5)
"""The wait before dialling again after a drop of a link that keeps flapping."""



class Link(Protocol):
    """What an attempt makes (a ``ServerLink``): closed when another attempt won."""

    async def close(self) -> None: ...


L = TypeVar("L", bound=Link)
Waiting = Callable[[str, float], None]
"""Told why the last attempt failed and in how many seconds the next one starts."""


async def tcp_connect(url: str, timeout: float = SYN_TIMEOUT) -> socket.socket:
    """A TCP connection to ``url``'s host and port, within ``timeout`` per address."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "wss" else 80)
    except ValueError:
        raise ConnectionLostError("cannot reach the server: the address is not valid"
                                  ) from None
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM), timeout)
    except (OSError, TimeoutError) as e:
        raise ConnectionLostError(f"cannot reach the server: {type(e).__name__}") from None
    failure: BaseException = TimeoutError()
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(sock, address), timeout)
        except (OSError, TimeoutError) as e:
            sock.close()
            failure = e
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    raise ConnectionLostError(f"cannot reach the server: {type(failure).__name__}")


class Redial:
    """Attempts to reach one server, paced by a backoff; one per engine."""

    def __init__(self, pace: Backoff, *, rng: random.Random | None = None) -> None:
        self.pace = pace
        self._rng = rng
        self._flaps = 0
        self._online_at: float | None = None

    def connected(self) -> None:
        """A session began."""
        self._online_at = time.monotonic()

    def disconnected(self) -> None:
        """The session ended: count it as a flap if it was short."""
        if self._online_at is not None:
            lasted = time.monotonic() - self._online_at
            self._flaps = self._flaps + 1 if lasted < STABLE_AFTER else 0
            self._online_at = None

    @property
    def flapping(self) -> bool:
        return self._flaps >= FLAPS_TO_SLOW

    def delay(self, attempt: int) -> float:
        """Seconds from the start of attempt ``attempt`` to the start of the next."""
        return self.pace.delay(attempt, self._rng)

    def first_delay(self) -> float:
        """Seconds before the first attempt after a drop: none, but for a flapping link
        (growing with every further flap)."""
        if not self.flapping:
            return 0.0
        return FLAPPING.delay(self._flaps - FLAPS_TO_SLOW, self._rng)

    async def reach(self, url: str, dial: Callable[[socket.socket], Awaitable[L]], *,
                    wake: asyncio.Event, waiting: Waiting) -> L:
        """The first link that gets through; attempts keep starting until one does.
        ``dial`` opens a link over a connected TCP socket (the websocket and TLS
        handshakes).

        ``wake`` set (the user asked to retry now) starts an attempt at once and the pace
        from its first step again. Cancelling this cancels and closes every attempt.
        """
        attempts: set[asyncio.Task[L]] = set()
        step = 0
        first = self.first_delay()
        next_at = time.monotonic() + first
        waker: asyncio.Task[bool] | None = None
        failed = ""
        if first:
            failed = "the connection keeps dropping"
            waiting(failed, first)
        try:
            while True:
                now = time.monotonic()
                if wake.is_set():
                    wake.clear()
                    step, next_at = 0, now
                    if failed:
                        waiting(failed, 0.0)  # trying now
                if now >= next_at and len(attempts) < MAX_IN_FLIGHT:
                    attempts.add(asyncio.ensure_future(self._attempt(url, dial)))
                    next_at = now + self.delay(step)
                    step += 1
                if waker is None:
                    waker = asyncio.ensure_future(wake.wait())
                room = len(attempts) < MAX_IN_FLIGHT
                await asyncio.wait(
                    {*attempts, waker}, return_when=asyncio.FIRST_COMPLETED,
                    timeout=max(0.0, next_at - time.monotonic()) if room else None)
                if waker.done():
                    waker = None
                for task in [t for t in attempts if t.done()]:
                    attempts.discard(task)
                    error = task.exception()
                    if error is None:
                        return task.result()
                    failed = (error.message if isinstance(error, MeetingroomError)
                              else "the connection failed")
                    waiting(failed, max(0.0, next_at - time.monotonic()))
        finally:
            if waker is not None:
                waker.cancel()
            for task in attempts:
                task.cancel()
            for task in attempts:
                with contextlib.suppress(BaseException):
                    late = await task  # finished just as another won: close it
                    await late.close()

    async def _attempt(self, url: str, dial: Callable[[socket.socket], Awaitable[L]]) -> L:
        try:
            sock = await tcp_connect(url)
        except ConnectionLostError:
            raise
        except Exception as e:  # an odd network error: keep trying all the same
            log.exception("connecting failed unexpectedly")
            raise ConnectionLostError("the connection failed") from e
        try:
            return await dial(sock)
        except BaseException:
            sock.close()
            raise
