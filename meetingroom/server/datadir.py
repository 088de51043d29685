"""The server's data folder: what lives where in it, and the lock that keeps a restore and a
running server (or a backup) apart."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from types import TracebackType

from meetingroom.errors import StorageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, so no lock (documented)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("meetingroom.server.datadir")

DATABASE = "server.sqlite"
"""The SQLite database (unless ``--db`` names another), with its ``-wal`` and ``-shm``."""
BLOBS = "blobs"
"""Accepted documents and minutes PDFs, named by SHA-256 (``blobs/ab/abcd…``)."""
UPLOADS = "uploads"
"""Uploads in progress, per user: unverified bytes nobody was told were accepted."""
TSA = "tsa"
"""The timestamp authority's key and certificate."""


class DataDirLock:
    """An advisory ``flock`` on the data folder itself (not on a file in it, so moving the
    folder's contents aside cannot lose it). Servers and backups hold it shared, a restore
    exclusively. Where the platform has no ``flock`` (Windows), or the file system refuses
    it (some network file systems), nothing is locked and a warning is logged."""

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path = path
        self._fd: int | None = None
        if fcntl is None:  # pragma: no cover - Windows
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise StorageError(
                    f"a server or backup is using {path}; stop it before restoring"
                    if exclusive else f"a restore into {path} is in progress; wait for it "
                    "to finish", reason="busy") from None
            log.warning("cannot lock %s (%s); go on without the lock", path, e.strerror)
            return
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def __enter__(self) -> DataDirLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
