"""Content-addressed blob files: atomic writes, resumable partials, verified on write and read."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.atomic_files import PRIVATE_DIR, private_dir, private_opener
from meetingroom.errors import BlobIntegrityError, NotFoundError, ProtocolError

log = logging.getLogger("meetingroom.storage.blobs")
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_READ = 1024 * 1024
_NOT_CACHED = frozenset({errno.EAGAIN, errno.EOPNOTSUPP, errno.EINVAL})
"""``preadv(RWF_NOWAIT)`` errors meaning "would wait for the disk" or "flag unsupported"."""


def file_hasher(path: Path) -> Any:
    """A SHA-256 object fed with every byte of ``path`` (more may be added to it later)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_READ):
            h.update(block)
    return h


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks."""
    return str(file_hasher(path).hexdigest())


def read_at(path: Path, offset: int, length: int) -> bytes:
    """Up to ``length`` bytes of ``path`` from ``offset`` (one positioned read)."""
    with open(path, "rb") as f:
        return os.pread(f.fileno(), length, offset)


def read_into(path: Path, offset: int, view: memoryview, *, cached_only: bool = False) -> int:
    """Fill ``view`` with bytes of ``path`` from ``offset``; returns how many were read.

    Fewer than ``len(view)`` means the file ended, or (``cached_only``) that the next
    bytes are not in the page cache: with it the call never waits for the disk
    (``RWF_NOWAIT``), so an event loop may call it; it reads nothing where the flag
    is unsupported.
    """
    flags = getattr(os, "RWF_NOWAIT", 0) if cached_only else 0
    if cached_only and not flags:
        return 0
    got = 0
    with open(path, "rb", buffering=0) as f:
        while got < len(view):
            try:
                n = os.preadv(f.fileno(), [view[got:]], offset + got, flags)
            except OSError as e:
                if cached_only and e.errno in _NOT_CACHED:
                    break
                raise
            if n == 0:
                break
            got += n
    return got


def check_sha(sha: str) -> str:
    """Return ``sha`` if it is 64 lowercase hex characters (so it is safe in a path)."""
    if not _SHA_RE.fullmatch(sha):
        raise ProtocolError("sha256 must be 64 lowercase hex characters")
    return sha


PATHS_KEPT = 4096
"""Blobs whose paths a store keeps made (:meth:`BlobStore.path`)."""


@dataclass(frozen=True, slots=True)
class _Stamp:
    size: int
    mtime_ns: int
    ino: int


class BlobStore:
    """Files named by their SHA-256 under ``root``; ``partial/`` holds resumable downloads.

    Complete blobs are verified once per (size, mtime, inode) stamp before their
    bytes are served, so bit rot or tampering on disk is caught, not passed on.
    Every file and folder it creates is private (0600/0700). Thread-safe.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        private_dir(root / "partial")
        private_dir(root / "tmp")
        self._verified: dict[str, _Stamp] = {}
        self._lock = threading.Lock()
        self._partial = root / "partial"
        self._paths: dict[str, tuple[Path, Path]] = {}

    # -- paths -----------------------------------------------------------------
    def path(self, sha: str) -> Path:
        return self._paths_of(sha)[0]

    def partial_path(self, sha: str) -> Path:
        return self._paths_of(sha)[1]

    def _paths_of(self, sha: str) -> tuple[Path, Path]:
        """A blob's two paths (complete, partial), kept: a sync asks for them a few times
        per document and pathlib's joins cost more than the stat they are for. At most
        ``PATHS_KEPT`` (hashes a client names need not exist)."""
        paths = self._paths.get(sha)
        if paths is None:
            check_sha(sha)
            if len(self._paths) >= PATHS_KEPT:
                self._paths.clear()
            paths = self._paths[sha] = (self.root / sha[:2] / sha,
                                        self._partial / f"{sha}.part")
        return paths

    # -- complete blobs --------------------------------------------------------
    def has(self, sha: str) -> bool:
        return os.path.isfile(self.path(sha))

    def size(self, sha: str) -> int:
        try:
            return self.path(sha).stat().st_size
        except FileNotFoundError:
            raise NotFoundError("no such document") from None

    def verified_path(self, sha: str) -> Path:
        """The blob's path after checking its bytes; a corrupt blob is removed and reported."""
        p = self.path(sha)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise NotFoundError("no such document") from None
        stamp = _Stamp(st.st_size, st.st_mtime_ns, st.st_ino)
        with self._lock:
            if self._verified.get(sha) == stamp:
                return p
        try:
            digest = sha256_file(p)
        except FileNotFoundError:  # removed meanwhile (another check found it corrupt)
            raise NotFoundError("no such document") from None
        if digest != sha:
            log.warning("blob %s failed verification; removing it", sha[:12])
            self.discard(sha)
            raise BlobIntegrityError("stored document is corrupt and was removed")
        with self._lock:
            self._verified[sha] = stamp
        return p

    def discard(self, sha: str) -> None:
        with self._lock:
            self._verified.pop(sha, None)
        self.path(sha).unlink(missing_ok=True)

    def read_chunk(self, sha: str, offset: int, length: int) -> bytes:
        """Bytes ``[offset, offset+length)`` of a verified blob."""
        return read_at(self.verified_path(sha), offset, length)

    def put_bytes(self, data: bytes, expected: str | None = None) -> str:
        """Store ``data`` atomically; return its SHA-256 (must equal ``expected`` if given)."""
        sha = hashlib.sha256(data).hexdigest()
        if expected is not None and sha != expected:
            raise BlobIntegrityError("bytes do not match their SHA-256")
        if self.has(sha):
            return sha
        fd, tmp = tempfile.mkstemp(dir=self.root / "tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            self._install(Path(tmp), sha)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return sha

    def put_file(self, src: Path, expected: str | None = None) -> str:
        """Copy ``src`` in atomically (temp + fsync + rename), verifying its hash."""
        h = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=self.root / "tmp")
        try:
            with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
                while block := f.read(_READ):
                    h.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            sha = h.hexdigest()
            if expected is not None and sha != expected:
                raise BlobIntegrityError("file does not match its SHA-256")
            if not self.has(sha):
                self._install(Path(tmp), sha)
            return sha
        finally:
            Path(tmp).unlink(missing_ok=True)

    def _install(self, tmp: Path, sha: str) -> None:
        dest = self.path(sha)
        dest.parent.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        os.replace(tmp, dest)  # mkstemp and write_partial create files 0600

    # -- partial (resumable) blobs ---------------------------------------------
    def partial_size(self, sha: str) -> int:
        try:
            return self.partial_path(sha).stat().st_size
        except FileNotFoundError:
            return 0

    def write_partial(self, sha: str, offset: int, data: bytes | memoryview) -> int:
        """Write ``data`` at ``offset`` of the partial file; only appending is allowed."""
        p = self.partial_path(sha)
        have = self.partial_size(sha)
        if offset != have:
            raise ProtocolError(f"expected offset {have}, got {offset}")
        with open(p, "ab", opener=private_opener) as f:
            f.write(data)
        return have + len(data)

    def finish_partial(self, sha: str, *, digest: str | None = None) -> Path:
        """Verify the partial file and move it into place; a mismatch deletes it.

        ``digest`` is the SHA-256 the caller computed while writing (saves a re-read).
        """
        p = self.partial_path(sha)
        with open(p, "rb+") as f:
            os.fsync(f.fileno())
        if (digest if digest is not None else sha256_file(p)) != sha:
            p.unlink(missing_ok=True)
            raise BlobIntegrityError("downloaded bytes do not match their SHA-256")
        self._install(p, sha)
        dest = self.path(sha)
        st = dest.stat()
        with self._lock:
            self._verified[sha] = _Stamp(st.st_size, st.st_mtime_ns, st.st_ino)
        return dest

    def is_verified(self, sha: str) -> bool:
        """Whether the blob was verified since it last changed on disk (no I/O beyond stat)."""
        try:
            st = self.path(sha).stat()
        except FileNotFoundError:
            return False
        with self._lock:
            return self._verified.get(sha) == _Stamp(st.st_size, st.st_mtime_ns, st.st_ino)

    def drop_partial(self, sha: str) -> None:
        self.partial_path(sha).unlink(missing_ok=True)
