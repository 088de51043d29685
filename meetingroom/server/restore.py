"""Bring a backup back into a server data folder: everything verified before anything is
written, nothing overwritten, whatever was there moved aside rather than deleted."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from meetingroom.atomic_files import copy_private, fsync_dir, private_dir
from meetingroom.errors import StorageError
from meetingroom.server.backup_manifest import PG_FILE, Manifest, Progress, verify_backup
from meetingroom.server.datadir import DATABASE, DataDirLock
from meetingroom.storage import dbcopy

log = logging.getLogger("meetingroom.server.restore")

ASIDE_PREFIX = "before-restore-"
PG_BEFORE = "database-before-restore.pgdump"
"""With ``--force`` on PostgreSQL: the database as it was, dumped into the aside folder."""


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did."""

    manifest: Manifest
    data_dir: Path
    moved_aside: Path | None
    """Where the folder's earlier contents went (``--force`` on a non-empty folder)."""


def restore_backup(src: Path, data_dir: Path, *, db_url: str | None = None,
                   force: bool = False, progress: Progress | None = None) -> Restored:
    """Restore the backup folder ``src`` into ``data_dir`` (and the database at ``db_url``
    for a PostgreSQL backup).

    First every file is checked against the manifest; a damaged backup is refused naming
    the file, with nothing written. A non-empty ``data_dir`` (or a database that already
    has tables) is refused unless ``force``: then its contents are moved into
    ``data_dir/before-restore-TIMESTAMP/`` (and the database dumped there) first. While a
    server or a backup uses ``data_dir``, the restore is refused.
    """
    src, data_dir = src.absolute(), data_dir.absolute()
    manifest = verify_backup(src, progress=progress)
    pg = manifest.database == "postgresql"
    _check_target(manifest, data_dir, db_url)
    if pg:
        dbcopy.check_pg_tools("pg_restore", *(("pg_dump",) if force else ()))
    if os.path.lexists(data_dir) and not data_dir.is_dir():
        raise StorageError(f"{data_dir} is not a folder", reason="not_empty")
    created = not data_dir.exists()
    try:
        private_dir(data_dir)
    except OSError as e:
        raise _failure(e, data_dir) from None
    try:
        with DataDirLock(data_dir, exclusive=True):
            present = sorted(data_dir.iterdir())
            db_in_use = pg and db_url is not None and _has_tables(db_url)
            if (present or db_in_use) and not force:
                what = (f"{data_dir} is not empty" if present
                        else "the database already has tables")
                raise StorageError(f"{what}; restore into an empty folder, or add --force to "
                                   "move what is there aside", reason="not_empty")
            aside = _restore(src, data_dir, manifest, db_url=db_url if pg else None,
                             present=present, db_in_use=db_in_use)
    except BaseException:
        if created:  # refused or failed: leave no trace, not even an empty folder
            with contextlib.suppress(OSError):
                data_dir.rmdir()
        raise
    log.debug("restored %s into %s (events up to #%d)%s", src, data_dir,
              manifest.last_event_seq, f"; earlier contents in {aside}" if aside else "")
    return Restored(manifest, data_dir, aside)


def _check_target(manifest: Manifest, data_dir: Path, db_url: str | None) -> None:
    if manifest.database == "postgresql":
        if db_url is None or not dbcopy.is_postgresql(db_url):
            raise StorageError("this backup holds a PostgreSQL database: give --db with the "
                               "URL of the database to restore it into", reason="database")
        return
    if db_url is not None and (
            dbcopy.is_postgresql(db_url)
            or Path(dbcopy.sqlite_file(db_url) or "").absolute() != data_dir / DATABASE):
        raise StorageError(f"this backup holds a SQLite database, restored as "
                           f"{data_dir / DATABASE}: leave out --db", reason="database")


def _has_tables(db_url: str) -> bool:
    return dbcopy.has_tables_at(db_url)


def _restore(src: Path, data_dir: Path, manifest: Manifest, *, db_url: str | None,
             present: list[Path], db_in_use: bool) -> Path | None:
    """Stage the files, set the old contents aside, restore the database, then rename the
    staged files into place. Returns the aside folder, if any."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".restore-", suffix=".partial", dir=data_dir))
    except OSError as e:
        raise _failure(e, data_dir) from None
    aside: Path | None = None
    try:
        for entry in manifest.files:
            if entry.path == PG_FILE:
                continue
            sha, size = copy_private(src / entry.path, staging / entry.path)
            if (sha, size) != (entry.sha256, entry.size):  # the backup changed meanwhile
                raise StorageError(f"the backup is damaged: {entry.path} changed while it "
                                   "was restored", reason="damaged_backup")
        if present or db_in_use:
            aside = _aside_folder(data_dir)
        if db_url is not None:
            if db_in_use:
                assert aside is not None
                dbcopy.pg_dump(db_url, aside / PG_BEFORE)
            dbcopy.pg_restore(db_url, src / PG_FILE)  # one transaction: all or nothing
    except BaseException as e:
        shutil.rmtree(staging, ignore_errors=True)
        if aside is not None:
            with contextlib.suppress(OSError):
                (aside / PG_BEFORE).unlink(missing_ok=True)
                aside.rmdir()
        if isinstance(e, OSError):
            raise _failure(e, data_dir) from None
        raise
    # from here on only renames inside data_dir
    for old in present:
        assert aside is not None
        os.rename(old, aside / old.name)
    for new in sorted(staging.iterdir()):
        os.rename(new, data_dir / new.name)
    staging.rmdir()
    if aside is not None:
        fsync_dir(aside)
    fsync_dir(data_dir)
    return aside


def _aside_folder(data_dir: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    for n in range(1, 1000):
        aside = data_dir / (ASIDE_PREFIX + stamp + ("" if n == 1 else f"-{n}"))
        try:
            aside.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return aside
    raise StorageError(f"cannot name a folder for the old contents in {data_dir}",
                       reason="write_failed")


def _failure(e: OSError, where: Path) -> StorageError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(f"no space left in {where}; nothing was restored",
                            reason="no_space")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"cannot write in {where}: {e.strerror}; nothing was restored",
                            reason="not_writable")
    return StorageError(f"restore failed: {e.strerror or e}"
                        + (f": {e.filename}" if e.filename else "")
                        + "; nothing was restored", reason="write_failed")
