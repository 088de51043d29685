"""Run a RoomServer on its own event loop in a background thread (demo, benchmarks, tests)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any, TypeVar

from meetingroom.server.app import RoomServer
from meetingroom.server.config import ServerConfig

T = TypeVar("T")


class EmbeddedServer:
    """A real server in a thread; ``start()``/``stop()`` may repeat (same ports after the first)."""

    def __init__(self, config: ServerConfig, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.clock = clock
        self.port = config.port
        self.tsa_port = config.tsa_port
        self.server: RoomServer | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 30.0) -> None:
        started = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            try:
                self.server = RoomServer(replace(self.config, port=self.port,
                                                 tsa_port=self.tsa_port), clock=self.clock)
                loop.run_until_complete(self.server.start())
                self.port = self.server.port
                if self.server.tsa is not None:
                    self.tsa_port = self.server.tsa.port
            except BaseException as e:  # handed to the starting thread
                errors.append(e)
                started.set()
                loop.close()
                return
            started.set()
            loop.run_forever()
            try:
                loop.run_until_complete(self.server.stop())
            finally:
                _finish(loop)


        self._thread = threading.Thread(target=run, name="meetingroom-server", daemon=True)
        self._thread.start()
        started.wait(timeout)
        if errors:
            raise errors[0]

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        """Run ``coro`` on the server's loop and wait for its result."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        if self.loop is not None and self._thread is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(30)
            self.loop = None

    @property
    def url(self) -> str:
        scheme = "wss" if self.config.tls else "ws"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def tsa_url(self) -> str | None:
        """The timestamp service on 127.0.0.1, or None when the config runs none."""
        if self.tsa_port is None or self.server is None or self.server.tsa is None:
            return None
        return f"{self.server.tsa.scheme}://127.0.0.1:{self.tsa_port}/tsa"


def _finish(loop: asyncio.AbstractEventLoop) -> None:
    """End what the server left on ``loop`` and close it, as ``asyncio.run`` ends its
    loop: every task still pending (a connection accepted during the stop, its handler)
    is cancelled and run to its end, so that no socket outlives the loop."""
    try:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:  # gather() of nothing would look for this thread's loop (there is none)
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
