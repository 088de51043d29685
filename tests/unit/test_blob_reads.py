"""read_into: positioned reads straight into a buffer, and the page-cache-only mode."""

from __future__ import annotations

import os
from pathlib import Path

from meetingroom.storage.blobs import read_into


def _file(tmp_path: Path, size: int) -> tuple[Path, bytes]:
    data = os.urandom(size)
    p = tmp_path / "blob"
    p.write_bytes(data)
    return p, data


def test_reads_exactly_into_the_view_and_stops_at_the_end(tmp_path: Path) -> None:
    p, data = _file(tmp_path, 300_000)
    buf = bytearray(b"\xee" * 100_010)
    with memoryview(buf) as view:
        assert read_into(p, 1000, view[5:100_005]) == 100_000
    assert buf[5:100_005] == data[1000:101_000]
    assert buf[:5] == b"\xee" * 5 and buf[100_005:] == b"\xee" * 5  # nothing outside
    tail = bytearray(10_000)
    with memoryview(tail) as view:
        assert read_into(p, 295_000, view) == 5000  # the file ends first
    assert tail[:5000] == data[295_000:]


def test_cached_only_never_returns_wrong_bytes(tmp_path: Path) -> None:
    """Whatever the page cache holds, the cached-only read returns a correct prefix and
    the ordinary read completes it."""
    p, data = _file(tmp_path, 2 * 2**20)
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 2**20, 0, os.POSIX_FADV_DONTNEED)  # evict the second half
    finally:
        os.close(fd)
    buf = bytearray(len(data))
    with memoryview(buf) as view:
        got = read_into(p, 0, view, cached_only=True)
        assert 0 <= got <= len(data)
        assert buf[:got] == data[:got]
        assert read_into(p, got, view[got:]) == len(data) - got
    assert buf == data


def test_cached_only_reads_what_is_cached_and_stops_before_the_disk(tmp_path: Path) -> None:
    p, data = _file(tmp_path, 2 * 2**20)
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)  # clean pages: evicted
    finally:
        os.close(fd)
    buf = bytearray(2**20)
    with memoryview(buf) as view:
        assert read_into(p, 2**20, view, cached_only=True) < 2**20  # would wait: stops
        assert read_into(p, 2**20, view) == 2**20  # reads from the disk, now cached
        buf[:] = bytes(2**20)
        assert read_into(p, 2**20, view, cached_only=True) == 2**20  # no disk wait
    assert buf == data[2**20:]
