"""Alembic, configured in code: check, stamp, upgrade and list the migrations shipped in
``storage/migrations/`` (no alembic.ini; an installed or bundled app finds them beside
this module).

Imported only when a database is not at this release's head (``storage/upgrade.py``) and
by ``meetingroom admin db``. An upgrade is one transaction: SQLite's ``BEGIN IMMEDIATE``
(the write lock, and DDL that rolls back with everything else), PostgreSQL's
transactional DDL under an advisory lock, so two processes upgrading at once take turns
and the second finds nothing left to do. Foreign keys stay off while migrating on
SQLite: they cannot be switched inside a transaction, and a table rebuild with them on
would cascade deletes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.pool import NullPool

from meetingroom.storage.db import private_sqlite_file
from meetingroom.storage.schema_version import (
    BASE_REVISION,
    VERSION_TABLE,
    Found,
    Schema,
    SchemaError,
    State,
    read_state,
)

log = logging.getLogger("meetingroom.storage")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK = 0x4D52_4D47  # "MRMG": the advisory lock every upgrading process takes
_MAX_LISTED = 8


@dataclass(frozen=True, slots=True)
class Revision:
    """One migration, for ``meetingroom admin db history``."""

    revision: str
    down_revision: str | None
    description: str
    """The first line of the migration's docstring."""


def alembic_config(schema: Schema, connection: Connection | None = None) -> Config:
    """Alembic configured in code for ``schema``, on ``connection`` (env.py takes it)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS / schema.name))
    cfg.attributes["connection"] = connection
    return cfg


def scripts(schema: Schema) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(schema))


def head(schema: Schema) -> str:
    """The newest revision of the scripts (``schema.head`` must equal it)."""
    found = scripts(schema).get_heads()
    if len(found) != 1:
        raise SchemaError(f"the migrations of {schema.label} have {len(found)} heads")
    return str(found[0])


def history(schema: Schema) -> list[Revision]:
    """Every revision, oldest first."""
    out = [Revision(str(s.revision), None if s.down_revision is None else str(s.down_revision),
                    (s.doc or "").strip().splitlines()[0] if s.doc else "")
           for s in scripts(schema).walk_revisions()]
    return out[::-1]


def is_known(schema: Schema, revision: str) -> bool:
    try:
        return scripts(schema).get_revision(revision) is not None
    except CommandError:
        return False


def check(conn: Connection, schema: Schema, found: Found) -> None:
    """Refuse (``SchemaError``, nothing changed) a database this release cannot upgrade:
    a revision it does not know, or tables that are not those of its revision (for an
    unversioned one: release 0.1.0's, revision 0001)."""
    if found.state is State.OTHER and found.revision is not None:
        if not is_known(schema, found.revision):
            raise SchemaError(
                f"{schema.label} is at revision {found.revision}, which this release does not "
                f"know (it knows up to {schema.head}): it was written by a newer Meetingroom. "
                "Run that release, or restore a backup made for this one; nothing was changed")
        differences = shape_differences(conn, schema, found.revision)
        if differences:
            raise SchemaError(f"{schema.label} is at revision {found.revision} but its tables "
                              f"are not that revision's: {_listed(differences)}; nothing "
                              "was changed")
    elif found.state is State.UNVERSIONED:
        differences = shape_differences(conn, schema, BASE_REVISION)
        if differences:
            raise SchemaError(
                f"{schema.label} has no schema revision and is not Meetingroom 0.1.0's "
                f"(revision {BASE_REVISION}): {_listed(differences)}; nothing was changed")


def _listed(differences: list[str]) -> str:
    more = len(differences) - _MAX_LISTED
    return "; ".join(differences[:_MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")


def shape_differences(conn: Connection, schema: Schema, revision: str) -> list[str]:
    """How the tables on ``conn`` differ from those ``revision`` makes (table and column
    names, NULL, primary key; built in a scratch in-memory SQLite to compare with)."""
    scratch = create_engine("sqlite://", poolclass=NullPool)
    try:
        with scratch.begin() as fresh:
            command.upgrade(alembic_config(schema, fresh), revision)
            expected = _shape(fresh)
    finally:
        scratch.dispose()
    actual = _shape(conn)
    out = [f"table {t} is missing" for t in sorted(expected.keys() - actual.keys())]
    out += [f"table {t} is not one of Meetingroom's"
            for t in sorted(actual.keys() - expected.keys())]
    for table in sorted(expected.keys() & actual.keys()):
        want, have = expected[table], actual[table]
        out += [f"{table}.{c} is missing" for c in sorted(want.keys() - have.keys())]
        out += [f"{table}.{c} is not one of Meetingroom's"
                for c in sorted(have.keys() - want.keys())]
        out += [f"{table}.{c} differs (nullable, primary key: {have[c]} instead of {want[c]})"
                for c in sorted(want.keys() & have.keys()) if want[c] != have[c]]
    return out


def _shape(conn: Connection) -> dict[str, dict[str, tuple[bool, bool]]]:
    """Per table, per column: (nullable, in the primary key)."""
    insp = inspect(conn)
    out: dict[str, dict[str, tuple[bool, bool]]] = {}
    for table in insp.get_table_names():
        if table == VERSION_TABLE:
            continue
        key = set(insp.get_pk_constraint(table).get("constrained_columns") or ())
        out[table] = {c["name"]: (bool(c["nullable"]), c["name"] in key)
                      for c in insp.get_columns(table)}
    return out


def upgrade(url: str, schema: Schema) -> tuple[Found, Found]:
    """Bring the database to head in one transaction: create it, or stamp a checked 0.1.0
    database as 0001, then run every newer migration. Returns (before, after) as found
    under the lock (another process may have upgraded it meanwhile)."""
    engine = _migration_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
            before = read_state(conn, schema)
            if before.state is State.AT_HEAD:
                return before, before
            check(conn, schema, before)
            cfg = alembic_config(schema, conn)
            if before.state is State.UNVERSIONED:
                command.stamp(cfg, BASE_REVISION)
            command.upgrade(cfg, "head")
            after = read_state(conn, schema)
            if after.state is not State.AT_HEAD:  # the constant and the scripts disagree
                raise SchemaError(f"{schema.label} ended at {after.shown} instead of "
                                  f"{schema.head}; rolled back")
            return before, after
    finally:
        engine.dispose()


def _migration_engine(url: str) -> Engine:
    """A one-connection engine whose transactions also hold DDL: PostgreSQL's do; on
    SQLite, pysqlite would run DDL outside any transaction, so we begin them ourselves
    (``BEGIN IMMEDIATE``: the write lock at once, so two upgraders take turns)."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, poolclass=NullPool)
    private_sqlite_file(url)  # a new database (and its -wal/-shm) is created mode 0600
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we say when transactions begin (below)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
