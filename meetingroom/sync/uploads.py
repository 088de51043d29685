"""Resumable document upload: send only the bytes the server lacks, riding out reconnects."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from meetingroom.errors import ConnectionLostError
from meetingroom.protocol.limits import CHUNK_BYTES
from meetingroom.storage.blobs import read_at, sha256_file
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink

LinkWaiter = Callable[[float], Awaitable[ServerLink]]
"""Returns the current link, waiting up to the given seconds for one."""


async def upload_blob(path: Path, *, link: LinkWaiter, emit: Callable[[ev.EngineEvent], None],
                      patience: float = 600.0) -> str:
    """Upload ``path`` (resuming where the server's copy ends); return its SHA-256.

    A lost connection is not an error for ``patience`` seconds: the upload waits
    for the engine to reconnect and continues from what the server holds.
    """
    sha = await asyncio.to_thread(sha256_file, path)
    size = path.stat().st_size
    deadline = time.monotonic() + patience
    while True:
        current = await link(max(0.0, deadline - time.monotonic()))
        try:
            st = await current.request("blob.status", {"sha256": sha, "size": size})
            have, complete = int(st["have"]), bool(st.get("complete"))
            while not complete:
                data = await asyncio.to_thread(read_at, path, have, CHUNK_BYTES)
                res = await current.put_chunk(sha, size, have, data)
                have, complete = int(res["have"]), bool(res.get("complete"))
                emit(ev.UploadProgress(sha, have, size))
            break
        except ConnectionLostError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)
    emit(ev.UploadProgress(sha, size, size))
    return sha
