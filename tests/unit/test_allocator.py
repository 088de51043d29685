"""The C allocator keeps chunk-sized buffers for reuse while documents move, and gives the
memory back when asked (``meetingroom/allocator.py``)."""

from __future__ import annotations

import resource
import sys

import pytest

from meetingroom import allocator

CHUNK = 2**20 + 64  # a chunk frame's payload and a little more, as websockets allocates


AT_ONCE = 6
"""Chunks alive at once: two downloads' windows of requests on their way."""


def faults_while_churning(rounds: int) -> int:
    """Minor page faults while ``AT_ONCE`` chunk-sized buffers are made, written and freed
    ``rounds`` times (the write touches every page, as receiving a chunk does)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(rounds):
        bufs = [bytearray(CHUNK) for _ in range(AT_ONCE)]
        for buf in bufs:
            buf[::4096] = b"x" * len(buf[::4096])
        del bufs
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_chunk_buffers_are_reused_not_faulted_in_again() -> None:
    if not allocator.keep_large_buffers():
        pytest.skip("not glibc")
    faults_while_churning(4)  # the heap grows once
    pages = CHUNK // 4096
    # buffers returned to the system would fault in all their pages again: 50 × 6 × 257
    assert faults_while_churning(50) < pages  # (glibc's own thresholds: ~1,800 here)
    allocator.release()  # and the memory can be given back
