"""The sync engine's own asyncio loop on its own thread, and how other threads reach it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from meetingroom.errors import MeetingroomError

log = logging.getLogger("meetingroom.sync")
T = TypeVar("T")


class LoopThread:
    """Runs a loop on a daemon thread until stopped; thread-safe entry points into it."""

    def __init__(self, name: str = "meetingroom-sync") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self) -> None:
        """Start the thread; returns once its loop runs."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name=self._name, daemon=True)
        self._thread.start()
        ready.wait()

    def stop(self, shutdown: Callable[[], Coroutine[Any, Any, None]]) -> bool:
        """Run ``shutdown()``, cancel every other task, stop the loop and join the thread
        (blocking). False if it was not running."""
        if self._loop is None or self._thread is None:
            return False
        try:
            self.submit(self._shutdown(shutdown)).result(timeout=15)
        except Exception:
            log.exception("the sync engine did not shut down cleanly")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop = None
        return True

    @staticmethod
    async def _shutdown(shutdown: Callable[[], Coroutine[Any, Any, None]]) -> None:
        await shutdown()
        me = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not me]
        for t in others:
            t.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the loop (from any thread); its result as a Future."""
        if self._loop is None:
            raise RuntimeError("the sync engine is not started")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call_soon(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the loop soon (any thread; nothing when stopped)."""
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(callback)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Run ``coro`` in the background (on the loop; cancelled at stop)."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def spawn_safe(self, coro: Coroutine[Any, Any, Any]) -> None:
        """``spawn`` a background sync step whose MeetingroomError is only logged."""
        self.spawn(_safe(coro))


async def _safe(coro: Coroutine[Any, Any, Any]) -> None:
    try:
        await coro
    except MeetingroomError as e:
        log.info("background sync step failed: %s", e.code)
