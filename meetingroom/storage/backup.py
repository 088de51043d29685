"""Copies of a database taken before an upgrade: SQLite with ``VACUUM INTO`` next to the
file, PostgreSQL with ``pg_dump`` into the data directory. Both are written to a temporary
name, mode 0600, fsynced and then renamed (``atomic_files``), so a backup that exists is a
whole one.

Errors are ``BackupError`` (a ``DatabaseSetupError``): the upgrade does not go ahead.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import make_url

from meetingroom.atomic_files import write_with
from meetingroom.errors import StorageError
from meetingroom.storage.db import DatabaseSetupError

log = logging.getLogger("meetingroom.storage")

PG_DUMP_TIMEOUT = 3600.0
"""Seconds a dump may take before the upgrade gives up."""


class BackupError(DatabaseSetupError):
    """No backup could be made, so the database was not upgraded."""


def stamp(now: float) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))


def sqlite_backup(path: Path, *, before: str, now: float) -> Path:
    """A consistent copy of the SQLite file ``path`` (and its write-ahead log) beside it:
    ``<name>.pre-upgrade-<before>-<UTC time>``."""
    def write(tmp: Path) -> None:
        db = sqlite3.connect(path, timeout=30)
        try:
            db.execute("VACUUM INTO ?", (str(tmp),))
        except sqlite3.Error as e:  # disk full, a damaged page: no upgrade without a backup
            raise BackupError(f"the backup of {path} failed ({e}); the database was not "
                              "upgraded") from None
        finally:
            db.close()

    return _write_new(path.parent, f"{path.name}.pre-upgrade-{before}-{stamp(now)}", write)


def pg_dump_backup(url: str, directory: Path, *, before: str, now: float) -> Path:
    """``pg_dump --format=custom`` of the database into ``directory`` (restore it with
    ``pg_restore``). The password goes to pg_dump in its environment, never its arguments."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "no automatic backup of a PostgreSQL database was possible: pg_dump is not "
            "installed (Debian: apt install postgresql-client). Back the database up "
            "yourself, then run again with --yes-upgrade-without-backup")
    parsed = make_url(url)
    env = {**os.environ, "PGDATABASE": parsed.database or "", "PGCONNECT_TIMEOUT": "30"}
    for var, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port),
                       ("PGUSER", parsed.username), ("PGPASSWORD", parsed.password)):
        if value is not None:
            env[var] = str(value)
    for key, given in parsed.query.items():  # ?host=/run/postgresql, ?sslmode=...
        if key in _LIBPQ_ENV:
            env[_LIBPQ_ENV[key]] = given if isinstance(given, str) else given[-1]

    def write(tmp: Path) -> None:
        try:
            done = subprocess.run([pg_dump, "--format=custom", "--no-password", "--file",
                                   str(tmp)], env=env, capture_output=True, text=True,
                                  timeout=PG_DUMP_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BackupError(f"pg_dump took longer than {PG_DUMP_TIMEOUT:.0f} s; the "
                              "database was not upgraded") from None
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BackupError(f"pg_dump failed ({why}); the database was not upgraded. Back "
                              "it up yourself, then run again with "
                              "--yes-upgrade-without-backup")

    name = f"{parsed.database or 'postgres'}.pre-upgrade-{before}-{stamp(now)}.pgdump"
    return _write_new(directory, name, write)


_LIBPQ_ENV = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "sslmode": "PGSSLMODE",
              "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
              "options": "PGOPTIONS", "service": "PGSERVICE"}
"""libpq settings a SQLAlchemy URL may carry in its query, and pg_dump's variables."""


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
