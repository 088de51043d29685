"""Run pyHanko's coroutines from plain threads (pyHanko's sync API calls asyncio.run)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion on a fresh event loop in this thread.

    Works on any thread without a running loop (worker threads, the CLI). On a thread
    whose loop is running it refuses with ``RuntimeError``: await the ``async_*``
    function instead.
    """
    try:
        asyncio.get_running_loop()
        running = True
    except RuntimeError:
        running = False
    if not running:
        return asyncio.run(coro)
    coro.close()
    raise RuntimeError("called on a thread with a running event loop; "
                       "await the async_* variant instead")
