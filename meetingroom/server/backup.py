"""Write a consistent backup of a room server's data while the server keeps serving.

A backup is a folder: the database copy (``server.sqlite`` taken with ``VACUUM INTO``, or
``database.pgdump``), the blobs the copy refers to (``blobs/ab/abcd…``, each checked
against its SHA-256 while copied), the timestamp authority's key and certificate
(``tsa/``), and ``manifest.json`` (see ``backup_manifest``). Trusted roots, users, meetings,
ballots, notes and minutes are rows of the database. Everything is written under a
temporary name beside the destination and renamed into place at the very end, so a
half-written backup never looks like one; on any failure the temporary copy is removed.

Consistency: the database is copied first, in one read transaction (the server is not
blocked); the blobs come after, and they are the ones *that copy* refers to. The server
writes a blob's file before the row that refers to it and never deletes an accepted one,
so every blob the copy needs is on disk by then.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from meetingroom import __version__
from meetingroom.atomic_files import copy_private, fsync_dir, write_atomic
from meetingroom.errors import StorageError
from meetingroom.server.backup_manifest import (
    MANIFEST,
    PG_FILE,
    SQLITE_FILE,
    BackupFile,
    LeftOut,
    Manifest,
    Progress,
)
from meetingroom.server.datadir import BLOBS, DATABASE, TSA, UPLOADS, DataDirLock
from meetingroom.signing.tsa import CERT_FILE, KEY_FILE
from meetingroom.storage import dbcopy
from meetingroom.storage.blobs import check_sha
from meetingroom.storage.db import check_database_url

log = logging.getLogger("meetingroom.server.backup")

_BLOCK = 1024 * 1024
_MARGIN = 4 * 2**20
"""Free space kept in hand beyond the estimate (folders, the manifest)."""
_FS_BLOCK = 4096
"""Each file is counted in whole blocks of this size (many blobs are small)."""
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
_WHY = {
    f"{DATABASE}-wal": "folded into the copy of the database",
    f"{DATABASE}-shm": "the database's shared-memory index; rebuilt when the server starts",
    f"{DATABASE}-journal": "folded into the copy of the database",
    UPLOADS: "uploads in progress: unverified bytes nobody was told were accepted; the "
             "tablets send them again",
    f"{BLOBS}/partial": "temporary files of writes in progress",
    f"{BLOBS}/tmp": "temporary files of writes in progress",
}


@dataclass(frozen=True, slots=True)
class BackupSource:
    """What a backup copies: a server data folder and its database."""

    data_dir: Path
    db_url: str | None = None
    """``--db``; None means SQLite in ``data_dir/server.sqlite``."""

    @property
    def postgresql(self) -> bool:
        return self.db_url is not None and dbcopy.is_postgresql(self.db_url)

    @property
    def sqlite_path(self) -> Path:
        if self.db_url is None:
            return self.data_dir / DATABASE
        name = dbcopy.sqlite_file(self.db_url)
        return Path(name) if name else self.data_dir / DATABASE


def write_backup(source: BackupSource, dest: Path, *,
                 progress: Progress | None = None) -> Manifest:
    """Copy ``source`` into the new folder ``dest`` and return its manifest.

    Refused (``StorageError``, nothing written): ``dest`` exists, its parent is missing
    or not writable, the free space there is less than the data to copy, a restore is
    running on the data folder. A disk that fills up meanwhile (or any other failure)
    removes the partial copy. Blobs that are missing or damaged in the source are listed
    in the manifest (``missing_blobs``): the backup is still the best copy there is.
    """
    data_dir, dest = source.data_dir.absolute(), dest.absolute()
    _check_destination(dest)
    if not data_dir.is_dir():
        raise StorageError(f"no data folder {data_dir} (is --data right?)",
                           reason="no_database")
    if source.postgresql:
        assert source.db_url is not None
        check_database_url(source.db_url)  # its driver, for the list of blobs after the dump
        dbcopy.check_pg_tools("pg_dump")
    elif not source.sqlite_path.is_file():
        raise StorageError(f"no server database at {source.sqlite_path} (is --data right?)",
                           reason="no_database")
    with DataDirLock(data_dir, exclusive=False):
        blob_files = _blob_files(data_dir / BLOBS)
        _check_space(dest.parent, _estimate(source, blob_files))
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial",
                                        dir=dest.parent))
        except OSError as e:
            raise _failure(e, dest.parent) from None
        try:
            manifest = _fill(source, tmp, blob_files, progress)
            if os.path.lexists(dest):
                raise StorageError(f"{dest} appeared meanwhile; backups are never "
                                   "overwritten", reason="exists")
            os.rename(tmp, dest)
            fsync_dir(dest.parent)
        except BaseException as e:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(e, OSError | sqlite3.Error):
                raise _failure(e, dest.parent) from None
            raise
    log.debug("backup written to %s: %d files, %d bytes, events up to #%d", dest,
              len(manifest.files), manifest.size, manifest.last_event_seq)
    return manifest


# -- before anything is written ----------------------------------------------------------
def _check_destination(dest: Path) -> None:
    if os.path.lexists(dest):
        raise StorageError(f"{dest} already exists; backups are never overwritten: give a "
                           "new name", reason="exists")
    parent = dest.parent
    if not parent.is_dir():
        raise StorageError(f"no folder {parent} to write the backup in", reason="no_folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        why = ("read-only file system" if os.statvfs(parent).f_flag & os.ST_RDONLY
               else "permission denied")
        raise StorageError(f"cannot write in {parent}: {why}", reason="not_writable")


def _blob_files(root: Path) -> dict[str, int]:
    """Every complete blob file on disk: SHA-256 -> size."""
    found: dict[str, int] = {}
    if not root.is_dir():
        return found
    for sub in root.iterdir():
        if len(sub.name) != 2 or not sub.is_dir():
            continue
        for f in sub.iterdir():
            with contextlib.suppress(OSError):
                if f.name.startswith(sub.name) and f.is_file():
                    found[check_sha(f.name)] = f.stat().st_size
    return found


def _estimate(source: BackupSource, blob_files: dict[str, int]) -> int:
    """At most how many bytes the backup takes: the database file and its WAL (the copy is
    never larger; a PostgreSQL dump is not counted), every blob, the key files."""
    sizes = list(blob_files.values())
    paths = [source.data_dir / TSA / KEY_FILE, source.data_dir / TSA / CERT_FILE]
    if not source.postgresql:
        db = source.sqlite_path
        paths += [db, db.with_name(db.name + "-wal")]
    for p in paths:
        with contextlib.suppress(OSError):
            sizes.append(p.stat().st_size)
    return sum(-(-n // _FS_BLOCK) * _FS_BLOCK for n in sizes)


def _check_space(where: Path, need: int) -> None:
    free = shutil.disk_usage(where).free
    if free < need + _MARGIN:
        raise StorageError(f"not enough space in {where}: the backup needs about "
                           f"{_mib(need + _MARGIN)} MiB, {_mib(free)} MiB are free",
                           reason="no_space")


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f}"


# -- the copy ---------------------------------------------------------------------------
def _fill(source: BackupSource, tmp: Path, blob_files: dict[str, int],
          progress: Progress | None) -> Manifest:
    def done(entry: BackupFile) -> BackupFile:
        if progress is not None:
            progress(entry.path)
        return entry

    taken = datetime.now(UTC).isoformat(timespec="seconds")
    files: list[BackupFile] = []
    if source.postgresql:
        assert source.db_url is not None
        dbcopy.pg_dump(source.db_url, tmp / PG_FILE)
        files.append(done(_describe(tmp, PG_FILE)))
        facts = dbcopy.copy_facts(url=source.db_url)  # after the dump: all it refers to
    else:
        dbcopy.snapshot_sqlite(source.sqlite_path, tmp / SQLITE_FILE)
        files.append(done(_describe(tmp, SQLITE_FILE)))
        facts = dbcopy.copy_facts(copy=tmp / SQLITE_FILE)
    wanted, seq, revision = facts.blobs, facts.last_event_seq, facts.schema_revision
    missing: list[str] = []
    for sha in sorted(wanted):  # not only those listed before: some came with the copy
        entry = _copy_blob(source.data_dir, tmp, sha)
        if entry is None:
            missing.append(sha)
        else:
            files.append(done(entry))
    for name in (KEY_FILE, CERT_FILE):
        src = source.data_dir / TSA / name
        if src.is_file():
            rel = f"{TSA}/{name}"
            files.append(done(_copy(src, tmp / rel, rel)))
    manifest = Manifest(
        created_at=taken, meetingroom_version=__version__, code_revision=_code_revision(),
        database="postgresql" if source.postgresql else "sqlite", last_event_seq=seq,
        schema_revision=revision, files=tuple(sorted(files, key=lambda f: f.path)),
        missing_blobs=tuple(missing),
        left_out=_left_out(source, set(blob_files) - wanted))
    write_atomic(tmp / MANIFEST, manifest.to_json(), mode=0o600)
    for folder in sorted({(tmp / f.path).parent for f in files}, reverse=True):
        fsync_dir(folder)
    return manifest


def _describe(tmp: Path, rel: str) -> BackupFile:
    path = tmp / rel
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
    return BackupFile(rel, h.hexdigest(), path.stat().st_size)


def _copy(src: Path, dst: Path, rel: str) -> BackupFile:
    """Copy ``src`` to the new file ``dst`` (0600, fsynced), hashing the bytes written."""
    sha, size = copy_private(src, dst)
    return BackupFile(rel, sha, size)


def _copy_blob(data_dir: Path, tmp: Path, sha: str) -> BackupFile | None:
    """Copy one blob, or None (and no file) when its bytes do not match its name."""
    rel = f"{BLOBS}/{sha[:2]}/{sha}"
    try:
        entry = _copy(data_dir / rel, tmp / rel, rel)
    except FileNotFoundError as e:
        if e.filename != str(data_dir / rel):
            raise
        log.warning("blob %s is referenced but missing from the data folder", sha[:12])
        return None
    if entry.sha256 != sha:
        log.warning("blob %s is damaged in the data folder; not copied", sha[:12])
        (tmp / rel).unlink()
        with contextlib.suppress(OSError):  # folders left empty by it
            (tmp / rel).parent.rmdir()
            (tmp / BLOBS).rmdir()
        return None
    return entry


def _left_out(source: BackupSource, orphans: set[str]) -> tuple[LeftOut, ...]:
    """What the data folder holds besides what was copied, each with the reason."""
    out: list[LeftOut] = []
    data = source.data_dir
    names = sorted(p.name for p in data.iterdir())
    for name in names:
        if name in (BLOBS, TSA) or (name == DATABASE and not source.postgresql):
            continue
        if name == UPLOADS and not any(p.is_file() for p in (data / name).rglob("*")):
            continue  # only empty folders: nothing in progress
        if name in _WHY:
            out.append(LeftOut(name, _WHY[name]))
        elif name == DATABASE:
            out.append(LeftOut(name, "not the database in use (--db is PostgreSQL)"))
        elif name.startswith("before-restore-"):
            out.append(LeftOut(name, "what a restore moved aside; not part of the room"))
        else:
            out.append(LeftOut(name, "not written by the server; back it up yourself if "
                                     "you need it"))
    for sub in ("partial", "tmp"):
        folder = data / BLOBS / sub
        if folder.is_dir() and any(folder.iterdir()):
            out.append(LeftOut(f"{BLOBS}/{sub}", _WHY[f"{BLOBS}/{sub}"]))
    if orphans:
        out.append(LeftOut(BLOBS, f"{len(orphans)} blob file(s) the database does not refer "
                                  "to (left by writes that did not commit)"))
    return tuple(out)


def _code_revision() -> str | None:
    """The git commit of this code, when it runs from a checkout."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    rev = done.stdout.strip()
    return rev if done.returncode == 0 and rev else None


def _failure(e: OSError | sqlite3.Error, where: Path) -> StorageError:
    """One clear sentence for the operator."""
    if isinstance(e, sqlite3.Error):
        if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            return StorageError(f"no space left in {where}; the partial backup was removed",
                                reason="no_space")
        return StorageError(f"cannot copy the database: {e}", reason="database")
    if e.errno in _NO_SPACE:
        return StorageError(f"no space left in {where}; the partial backup was removed",
                            reason="no_space")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"cannot write in {where}: {e.strerror}", reason="not_writable")
    return StorageError(f"backup failed: {e.strerror or e}"
                        + (f": {e.filename}" if e.filename else ""), reason="write_failed")
