"""Copies of a database taken before an upgrade: SQLite with ``VACUUM INTO`` next to the
file, PostgreSQL with ``pg_dump`` into the data directory. Both are written to a temporary
name, mode 0600, fsynced and then renamed (``atomic_files``), so a backup that exists is a
whole one.

Errors are ``BackupError`` (a ``DatabaseSetupError``): the upgrade does not go ahead.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import make_url

from meetingroom.atomic_files import write_with
from meetingroom.errors import StorageError
from meetingroom.storage import dbcopy
from meetingroom.storage.db import DatabaseSetupError

log = logging.getLogger("meetingroom.storage")

class BackupError(DatabaseSetupError):
    """No backup could be made, so the database was not upgraded."""


def stamp(now: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))


def sqlite_backup(path: Path, *, before: str, now: float) -> Path:
    """A consistent copy of the SQLite file ``path`` (and its write-ahead log) beside it:
    ``<name>.pre-upgrade-<before>-<UTC time>`` (``dbcopy.snapshot_sqlite``, as backups)."""
    def write(tmp: Path) -> None:
        try:
            dbcopy.snapshot_sqlite(path, tmp)
        except (sqlite3.Error, StorageError) as e:  # disk full, a damaged page
            raise BackupError(f"the backup of {path} failed ({getattr(e, 'message', e)}); "
                              "the database was not upgraded") from None

    return _write_new(path.parent, f"{path.name}.pre-upgrade-{before}-{stamp(now)}", write)


def pg_dump_backup(url: str, directory: Path, *, before: str, now: float) -> Path:
    """``pg_dump --format=custom`` of the database into ``directory`` (restore it with
    ``pg_restore``; ``dbcopy.pg_dump``, as backups). The password goes to pg_dump in its
    environment, never its arguments."""
    yourself = "Back it up yourself, then run again with --yes-upgrade-without-backup"
    try:
        dbcopy.check_pg_tools("pg_dump")
    except StorageError:
        raise BackupError(
            "no automatic backup of a PostgreSQL database was possible: pg_dump is not "
            f"installed (Debian: apt install postgresql-client). {yourself}") from None

    def write(tmp: Path) -> None:
        try:
            dbcopy.pg_dump(url, tmp)
        except StorageError as e:
            raise BackupError(f"{e.message}; the database was not upgraded. {yourself}"
                              ) from None

    name = f"{make_url(url).database or 'postgres'}.pre-upgrade-{before}-{stamp(now)}.pgdump"
    return _write_new(directory, name, write)


def _write_new(directory: Path, name: str, write: Callable[[Path], None]) -> Path:
    """Run ``write`` on an empty 0600 temporary file in ``directory``, fsync it, then give
    it ``name`` (``atomic_files.write_with``); a name already taken gets a suffix."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    n = 1
    while final.exists():  # two upgrades in the same second
        n += 1
        final = directory / f"{name}.{n}"
    try:
        write_with(final, write, mode=0o600)
    except StorageError as e:
        raise BackupError(f"the backup {final} could not be written ({e.message}); the "
                          "database was not upgraded") from e
    log.info("backup written: %s (%d bytes)", final, final.stat().st_size)
    return final
