"""Copy the server database out for a backup and back in for a restore: a consistent SQLite
snapshot (``VACUUM INTO``) or ``pg_dump``/``pg_restore``; what a copy refers to."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, func, inspect, make_url, select, text
from sqlalchemy.exc import SQLAlchemyError

from meetingroom.atomic_files import create_private
from meetingroom.errors import StorageError
from meetingroom.storage import schema as t
from meetingroom.storage.db import make_engine

log = logging.getLogger("meetingroom.storage.dbcopy")


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


# -- SQLite ------------------------------------------------------------------------------
def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.absolute()))}?mode={mode}"


def _new_private(dest: Path) -> None:
    """``dest`` as a new empty 0600 file, or one such a caller made already (the temporary
    file of ``atomic_files.write_with``); anything else is refused, never overwritten."""
    if not create_private(dest) and dest.stat().st_size:
        raise FileExistsError(17, "exists", str(dest))


def snapshot_sqlite(source: Path, dest: Path) -> None:
    """Write a consistent copy of the SQLite database ``source`` to the new (or empty) file
    ``dest`` (mode 0600) while other processes keep writing to it.

    ``VACUUM INTO`` reads the whole database in one read transaction: in WAL mode that
    blocks no writer, and the copy is the database as of that transaction's start, with
    every commit before it and none after. The copy is a single file (no WAL), holds no
    free pages and writes rows in key order, so it keeps neither deleted bytes nor the
    order in which ballots arrived. It must pass ``PRAGMA integrity_check``; it is fsynced.
    Raises ``sqlite3.Error`` (``database or disk is full`` when the disk is) or
    ``StorageError``.
    """
    _new_private(dest)
    # read-write, never create: a read-only connection would leave -wal/-shm files behind
    # when no server runs (and they would belong to whoever ran the backup)
    src = sqlite3.connect(_uri(source, "rw"), uri=True, timeout=30)
    try:
        src.execute("VACUUM INTO ?", (str(dest),))
    finally:
        src.close()
    check = sqlite3.connect(_uri(dest, "ro"), uri=True)
    try:
        problems = [str(r[0]) for r in check.execute("PRAGMA integrity_check").fetchall()]
    finally:
        check.close()
    if problems != ["ok"]:
        raise StorageError(f"the copy of the database failed its integrity check: "
                           f"{problems[0]}", reason="integrity")
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sqlite_copy_engine(path: Path) -> Engine:
    """A read-only engine on a database copy (a backup's ``server.sqlite``)."""
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(_uri(path, "ro"),
                                                                      uri=True))


def sqlite_file(url: str) -> str | None:
    """The file a SQLite database URL names (None for an in-memory one)."""
    return make_url(url).database or None


# -- what a copy holds -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CopyFacts:
    """What a database copy refers to and how far it reaches."""

    blobs: frozenset[str]
    last_event_seq: int
    schema_revision: str | None


def copy_facts(*, copy: Path | None = None, url: str | None = None) -> CopyFacts:
    """The facts of a SQLite ``copy`` (read-only) or of the database at ``url``; a database
    that cannot be read is a StorageError."""
    engine = sqlite_copy_engine(copy) if copy is not None else make_engine(str(url))
    with _connected(engine, "cannot read the database") as conn:
        return CopyFacts(frozenset(referenced_blobs(conn)), last_event_seq(conn),
                         schema_revision(conn))


def has_tables_at(url: str) -> bool:
    """Whether the database at ``url`` holds any table; unreachable is a StorageError."""
    with _connected(make_engine(url), "cannot reach the database") as conn:
        return has_tables(conn)


@contextmanager
def _connected(engine: Engine, failing: str) -> Iterator[Connection]:
    """A connection of ``engine``, disposed of after; a database error is a StorageError
    saying ``failing`` and the driver's first line."""
    try:
        with engine.connect() as conn:
            yield conn
    except SQLAlchemyError as e:
        raise StorageError(f"{failing}: {first_line(e)}", reason="database") from None
    finally:
        engine.dispose()


def first_line(e: SQLAlchemyError) -> str:
    """The driver's own first line of a database error (no SQL, no parameters)."""
    return (str(getattr(e, "orig", None) or e).splitlines() or ["unknown error"])[0]


def referenced_blobs(conn: Connection) -> set[str]:
    """Every SHA-256 the database refers to: accepted blobs, documents, minutes files."""
    found: set[str] = set()
    for column in (t.blobs.c.sha256, t.documents.c.sha256, t.minutes.c.pdf_sha256,
                   t.minutes.c.signed_sha256):
        found.update(str(v) for v in conn.execute(select(column).distinct()).scalars()
                     if v is not None)
    return found


def last_event_seq(conn: Connection) -> int:
    """The event log's last sequence number: how far the copy reaches."""
    return int(conn.execute(select(func.coalesce(func.max(t.events.c.seq), 0))).scalar_one())


def schema_revision(conn: Connection) -> str | None:
    """The Alembic revision the copy's schema is at, when the database records one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_tables(conn: Connection) -> bool:
    return bool(inspect(conn).get_table_names())


# -- PostgreSQL ----------------------------------------------------------------------------
def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StorageError(
            f"{name} was not found: a PostgreSQL database is backed up and restored with "
            "the PostgreSQL client tools (Debian: apt install postgresql-client, the same "
            "major version as the server or newer)", reason="pg_tools")
    return found


def check_pg_tools(*names: str) -> None:
    """Raise ``StorageError(reason="pg_tools")`` unless every tool is on the PATH."""
    for name in names:
        _tool(name)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the SQLAlchemy ``url`` (driver and password removed) and
    the environment that carries the password (never a command-line argument)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([_tool(tool), *args], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        errors = [line.split("error: ", 1)[1] for line in lines if "error: " in line]
        why = (errors or lines or [f"exit status {done.returncode}"])[0]
        raise StorageError(f"{tool} failed: {why}", reason="pg_failed")


def pg_dump(url: str, dest: Path) -> None:
    """Dump the database at ``url`` into the new (or empty) file ``dest`` (custom format,
    mode 0600). pg_dump reads in one snapshot, so the dump is consistent while the server
    writes."""
    target, env = _libpq(url)
    _new_private(dest)
    _run("pg_dump", ["--format=custom", "--no-owner", f"--file={dest}", target], env)
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pg_restore(url: str, dump: Path) -> None:
    """Restore a custom-format dump into the database at ``url`` in one transaction
    (objects of the same names are replaced; on any error nothing changes)."""
    target, env = _libpq(url)
    _run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "--exit-on-error", f"--dbname={target}", str(dump)], env)
