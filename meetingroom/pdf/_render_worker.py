"""The render worker process: ``python -m meetingroom.pdf._render_worker FD LIMIT SHRINK DIR``.

Started by :class:`~meetingroom.pdf.render_process.RenderProcess` with one end of a
socket pair as ``FD``. Requests and replies are small JSON messages (never pickles: the
parent must not trust a worker that has parsed a hostile PDF). Pixels go into a block of
the shared ``ARENA`` file (already mapped on both sides: a plain memcpy), which the parent
frees (``["free", [offsets]]``) when the GUI drops the page; when the arena is full, into
a fresh file in ``DIR`` that the parent maps and unlinks.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import sys
from multiprocessing.connection import Connection
from typing import Any

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.render import PdfRenderer

MAX_REQUEST = 64 * 1024


def _send(conn: Connection, *reply: Any) -> None:
    conn.send_bytes(json.dumps(reply).encode("utf-8"))


def _write_pixels(name: str, samples: memoryview) -> None:
    """Write the pixels to a new file (plain ``write`` into tmpfs measured 2× faster than
    filling a fresh mapping, which faults page by page)."""
    fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        view = samples.cast("B") if samples.nbytes else memoryview(b"\0")
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


_ALIGN = 4096


class Arena:
    """First-fit blocks of the shared arena; the parent says which ones are free again."""

    def __init__(self, path: str) -> None:
        self.mm: mmap.mmap | None = None
        self.used: dict[int, int] = {}
        if path:
            fd = os.open(path, os.O_RDWR)
            try:
                self.mm = mmap.mmap(fd, os.fstat(fd).st_size)
            finally:
                os.close(fd)

    def put(self, samples: memoryview) -> int | None:
        """Copy ``samples`` into a free block; its offset, or None when nothing fits."""
        if self.mm is None:
            return None
        need = -(-max(1, samples.nbytes) // _ALIGN) * _ALIGN
        at = 0
        for off in sorted(self.used):
            if off - at >= need:
                break
            at = off + self.used[off]
        if at + need > len(self.mm):
            return None
        self.used[at] = need
        self.mm[at:at + samples.nbytes] = samples
        return at

    def free(self, offsets: list[int]) -> None:
        for off in offsets:
            self.used.pop(off, None)


def serve(conn: Connection, store_shrink: int, shm_dir: str, arena: Arena) -> None:
    docs: dict[int, PdfRenderer] = {}
    seq = 0
    while True:
        try:
            msg = json.loads(conn.recv_bytes(MAX_REQUEST))
        except (EOFError, OSError, ValueError):
            return
        op = msg[0]
        if op == "free":
            arena.free([int(o) for o in msg[1]])
            continue
        try:
            if op == "open":
                _, handle, path, password = msg
                docs[handle] = PdfRenderer.open(path, password=password,
                                                store_shrink=store_shrink)
                _send(conn, "ok", docs[handle].page_count)
            elif op == "size":
                _send(conn, "ok", list(docs[msg[1]].page_size(msg[2])))
            elif op == "render":
                _, handle, index, zoom, fit_width, scale, max_pixels = msg
                r = docs[handle]
                if zoom is None:
                    width, _ = r.page_size(index)
                    zoom = max(0.1, fit_width / width) if width > 0 else 1.0
                page = r.render(index, zoom=zoom * scale, max_pixels=max_pixels)
                where: int | str | None = arena.put(page.samples)
                if where is None:
                    seq += 1
                    where = os.path.join(shm_dir, f"mr-render-{os.getpid()}-{seq}")
                    _write_pixels(where, page.samples)
                _send(conn, "page", where, page.width, page.height, page.stride, page.zoom)
                del page
            elif op == "close":
                closing = docs.pop(msg[1], None)
                if closing is not None:
                    closing.close()  # no reply: the parent does not wait for a close
            else:
                _send(conn, "err", "invalid", f"unknown request {op!r}", "")
        except PasswordRequiredError as e:
            _send(conn, "err", "password", e.message, e.reason)
        except InvalidDocumentError as e:
            _send(conn, "err", "invalid", e.message, e.reason)
        except MemoryError:
            _send(conn, "err", "invalid", "the page needs more memory than is allowed",
                  "render_memory")
        except (IndexError, KeyError, ValueError, TypeError) as e:
            _send(conn, "err", "value", str(e)[:500], "")
        except OSError as e:
            _send(conn, "err", "os", (e.strerror or str(e))[:500], "")


def main(argv: list[str]) -> int:
    fd, memory_limit, store_shrink = int(argv[0]), int(argv[1]), int(argv[2])
    shm_dir, arena_path = argv[3], argv[4]
    arena = Arena(arena_path)
    if memory_limit > 0:
        import resource
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    conn = Connection(fd)
    try:
        serve(conn, store_shrink, shm_dir, arena)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":  # pragma: no cover - the worker's entry point
    sys.exit(main(sys.argv[1:]))
