"""Write a file so that it is either wholly there or not at all: temp file, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from meetingroom.errors import StorageError


def write_atomically(out: Path, fill: Callable[[Path], object]) -> None:
    """Let ``fill`` write a temporary file beside ``out``, then fsync it and rename it to
    ``out`` (and fsync the folder). If ``fill`` raises, or writing fails, nothing is left
    behind; an ``OSError`` becomes :class:`StorageError` (reason ``write_failed``).

    The file is created with mode 0600 (``mkstemp``): notes are private.
    """
    try:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"cannot write in {out.parent}: {exc.strerror or exc}",
                           reason="write_failed") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        tmp.replace(out)
        _fsync_dir(out.parent)
    except OSError as exc:
        raise StorageError(f"cannot write {out.name}: {exc.strerror or exc}",
                           reason="write_failed") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
