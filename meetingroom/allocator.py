"""The C allocator keeps the memory of large buffers while documents move.

A download receives each chunk (up to 2 MiB) into a new buffer (websockets' frame parser), and
the server reads each chunk into one. glibc's malloc gives the memory of a freed large
buffer back to the system once more than a couple of MiB are free at the top of its heap
(its thresholds move with the sizes it has seen), so the next chunk's buffer is faulted
in again, page by page: measured, ~180 page faults per MiB synced against ~0 for a
client that reads 256 KiB at a time, 7–10 % of a syncing client's CPU. With fixed
thresholds the freed buffers are reused; ``release`` gives the memory back once the
transfers are over (the idle client's memory stays as small as before).

Linux with glibc only; elsewhere both calls do nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

log = logging.getLogger("meetingroom.allocator")

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""mallopt parameters (glibc's malloc.h)."""
TRIM_THRESHOLD = 32 * 2**20
"""Free memory at the top of the heap kept for reuse (a few chunks' buffers at most)."""
MMAP_THRESHOLD = 4 * 2**20
"""Buffers at least this big get their own mapping (chunks are at most 2 MiB: they do not)."""


def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return libc


def keep_large_buffers() -> bool:
    """Fix the allocator's thresholds for this process (idempotent); True if it could."""
    libc = _libc()
    if libc is None:
        return False
    ok = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    if not ok:
        log.info("the C allocator's thresholds could not be set")
    return ok


def release() -> None:
    """Give the free memory at the top of the heap back to the system (transfers over)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
