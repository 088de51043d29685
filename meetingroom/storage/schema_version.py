"""Which schema revision a database has, read cheaply when it is opened (no Alembic here).

A database at this release's head is recognised by one query on ``alembic_version`` and
one list of table names; only a new, older, unversioned or unknown database goes on to
``storage/upgrade.py`` and Alembic. Nothing here writes: SQLite files are opened without
the engine's pragmas (``journal_mode=WAL`` would rewrite an old file's header).

Errors (both ``DatabaseSetupError``, messages an operator can act on):

* ``SchemaError`` — this release cannot use the database as it is: newer than this
  release, damaged, or not Meetingroom's. Nothing was changed.
* ``UpgradeRequiredError`` — the database is older and upgrading it was not allowed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, make_url, text
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from meetingroom.storage.db import DatabaseSetupError, check_database_url

log = logging.getLogger("meetingroom.storage")

SERVER_HEAD = "0006"
"""The newest revision in ``migrations/server/versions`` (a unit test keeps them equal)."""
CACHE_HEAD = "0002"
"""The newest revision in ``migrations/cache/versions`` (a unit test keeps them equal)."""
BASE_REVISION = "0001"
"""What a database from release 0.1.0 (made before migrations, no version table) is."""
UNVERSIONED = "unversioned"
"""How a 0.1.0 database's revision is shown and named in backup files."""
VERSION_TABLE = "alembic_version"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class SchemaError(DatabaseSetupError):
    """This release cannot use the database as it is (newer, damaged or not Meetingroom's);
    nothing was changed."""


class UpgradeRequiredError(DatabaseSetupError):
    """The database is older than this release and upgrading it was not allowed."""

    def __init__(self, message: str, *, current: str, required: str) -> None:
        super().__init__(message)
        self.current = current
        self.required = required


@dataclass(frozen=True, slots=True)
class Schema:
    """One kind of database this release keeps."""

    name: str
    """``server`` or ``cache``: its migrations live in ``storage/migrations/<name>/``."""
    head: str
    """The revision this release's tables are at."""
    tables: frozenset[str]
    """The tables of the models (``schema.py`` or ``cache.py``), which equal the head's."""
    label: str
    """What messages call it: "the server database", "the client cache"."""


class State(Enum):
    """Where a database stands, as far as a cheap look can tell."""

    EMPTY = "empty"
    """No tables (or no file) yet: a new database."""
    UNVERSIONED = "unversioned"
    """Tables but no version table: release 0.1.0's, or not Meetingroom's at all."""
    AT_HEAD = "at_head"
    OTHER = "other"
    """Versioned at another revision: older (to upgrade) or unknown (newer than us)."""


@dataclass(frozen=True, slots=True)
class Found:
    """What a look at the database found."""

    state: State
    revision: str | None
    """The ``alembic_version`` row; None when there is no version table."""

    @property
    def shown(self) -> str:
        """The revision as backup names and ``admin db current`` show it."""
        return self.revision or (UNVERSIONED if self.state is State.UNVERSIONED else "none")

    @property
    def described(self) -> str:
        """For a sentence: "is at revision 0001", "has no schema revision (...)"."""
        if self.revision is not None:
            return f"is at revision {self.revision}"
        if self.state is State.UNVERSIONED:
            return "has no schema revision (it was made by Meetingroom 0.1.0)"
        return "has no tables yet"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for another dialect or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def probe(url: str, schema: Schema) -> Found:
    """Look at the database behind ``url`` without changing it (a missing SQLite file
    is not created)."""
    check_database_url(url)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return Found(State.EMPTY, None)
        check_sqlite_file(path, schema)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return read_state(conn, schema)
    except OperationalError as e:  # cannot connect, locked, no permission: not damage
        raise DatabaseSetupError(f"cannot open {schema.label}: {first_line(e)}") from None
    except DatabaseError as e:  # "file is not a database", "disk image is malformed"
        raise SchemaError(f"{schema.label} is damaged or not a database: "
                          f"{first_line(e)}; nothing was changed") from None
    finally:
        engine.dispose()


def check_sqlite_file(path: Path, schema: Schema) -> None:
    """Refuse a path that is not an SQLite file (an empty file is an empty database)."""
    if path.is_dir():
        raise SchemaError(f"{schema.label} {path} is a directory, not a database file")
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise DatabaseSetupError(f"cannot read {schema.label} {path}: {e.strerror}") from None
    if head and head != _SQLITE_MAGIC:
        raise SchemaError(f"{schema.label} {path} is not an SQLite database (damaged, or "
                          "another file); nothing was changed")


def read_state(conn: Connection, schema: Schema) -> Found:
    """Classify the database on ``conn`` (one version query and the table names)."""
    names = set(inspect(conn).get_table_names())
    if VERSION_TABLE not in names:
        return Found(State.EMPTY if not names else State.UNVERSIONED, None)
    try:
        rows = [str(r) for r in conn.execute(
            text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()]
    except SQLAlchemyError as e:
        raise SchemaError(f"{schema.label} has an unreadable {VERSION_TABLE} table "
                          f"({first_line(e)}); nothing was changed") from None
    if len(rows) != 1:
        raise SchemaError(f"{schema.label} names {len(rows)} schema revisions in "
                          f"{VERSION_TABLE} (expected one); nothing was changed")
    revision = rows[0]
    if revision != schema.head:
        return Found(State.OTHER, revision)
    missing = sorted(schema.tables - names)
    if missing:
        raise SchemaError(f"{schema.label} is damaged: it is at revision {revision} but "
                          f"lacks the table(s) {', '.join(missing)}; nothing was changed")
    return Found(State.AT_HEAD, revision)


def first_line(e: BaseException) -> str:
    """The driver's own message, one line (SQLAlchemy's adds the statement and a link)."""
    orig = getattr(e, "orig", None)
    words = str(orig if orig is not None else e).strip()
    return words.splitlines()[0] if words else type(e).__name__
