"""The narrow callables the sync engine hands its parts (never the engine itself)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.wire_json import Wire
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink

T = TypeVar("T")


class Submit(Protocol):
    """Run a coroutine on the engine's loop from any thread; its result as a Future."""

    def __call__(self, coro: Coroutine[Any, Any, T], /) -> concurrent.futures.Future[T]: ...


Emit = Callable[[ev.EngineEvent], None]
"""Report an event to the engine's listener."""
Spawn = Callable[[Coroutine[Any, Any, Any]], None]
"""Run a coroutine in the background on the engine's loop (cancelled at shutdown)."""
Request = Callable[[Body], Awaitable[Wire]]
"""Send one request and await its reply (read it with a class of protocol/replies.py)."""
Command = Callable[[Body], Coroutine[Any, Any, Wire]]
"""Queue a command in the engine's outbox and await the server's answer."""
CurrentLink = Callable[[], ServerLink | None]
"""The link to the server now, or None while offline."""
LinkWaiter = Callable[[float], Awaitable[ServerLink]]
"""The current link, waiting up to the given seconds for one (``ConnectionLostError``
after that)."""
