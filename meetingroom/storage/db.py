"""Create SQLAlchemy engines with durable SQLite settings on every pooled connection."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    create_engine,
    event,
    insert,
    make_url,
    update,
)
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from meetingroom.atomic_files import PRIVATE_FILE, create_private, private_dir

log = logging.getLogger("meetingroom.storage")


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


class DatabaseSetupError(ValueError):
    """The database cannot be used: a malformed URL, a missing driver, or (subclasses in
    ``schema_version.py``) a schema this release cannot or may not use."""


def masked_url(url: str) -> str:
    """``url`` with everything from the scheme's colon to the ``@`` (user and password)
    replaced by ``***``, for messages and logs: also for a URL that does not parse, where
    the password cannot be told apart (a typo must not put it on the screen or in a log)."""
    return _USERINFO.sub(r"\1***@", url)


_USERINFO = re.compile(r"([^\s:/@]*:)[^\s@]*@")


def check_database_url(url: str) -> None:
    """Raise DatabaseSetupError with an actionable message unless ``url`` can be opened."""
    try:
        parsed = make_url(url)
        parsed.get_dialect().import_dbapi()
    except ArgumentError:
        raise DatabaseSetupError(
            f"not a database URL: {masked_url(url)!r} (e.g. "
            "sqlite:////srv/meetingroom/server.sqlite or "
            "postgresql+psycopg://user@host/meetingroom)") from None
    except (ImportError, NoSuchModuleError) as e:
        raise DatabaseSetupError(
            f"the database driver is not installed ({e.name if isinstance(e, ImportError) else e}"
            "); for PostgreSQL: pip install 'meetingroom[postgres]'") from None


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, synchronous=FULL, foreign keys, a busy
    timeout and ``secure_delete`` (deleted or overwritten content is zeroed in the file, not
    left in free space: Debian's SQLite does it by default, others do not)."""
    check_database_url(url)
    is_sqlite = url.startswith("sqlite")
    kwargs: dict[str, Any] = {}
    if is_sqlite:
        private_sqlite_file(url)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

    log.debug("database engine created for %s", engine.url.render_as_string(hide_password=True))
    return engine


def private_sqlite_file(url: str) -> None:
    """Create a SQLite URL's database file mode 0600 (its folder 0700) before SQLite opens
    it: SQLite gives the ``-wal``, ``-shm`` and ``-journal`` files the database file's
    mode, so ballots never reach a file others may read. A file an older release left
    readable by others is made private (with its companions)."""
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    private_dir(path.parent)
    if create_private(path):
        return
    for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm",
                                                                        "-journal"))):
        try:
            if companion.stat().st_mode & 0o077:
                os.chmod(companion, PRIVATE_FILE)
                log.info("made %s private (mode 0600)", companion.name)
        except FileNotFoundError:
            continue
        except OSError as e:  # not ours to change: say so, and carry on
            log.warning("%s is readable by others and cannot be made private: %s",
                        companion.name, e.strerror)


def upsert(conn: Connection, table: Table, key: Mapping[str, Any], values: Mapping[str, Any],
           *, on_insert: Mapping[str, Any] | None = None) -> None:
    """Update the row of ``table`` whose columns equal ``key`` with ``values``, or insert
    it (``key`` + ``on_insert`` + ``values``) when there is none. One writer per database
    (the server's database thread, the client cache's lock) makes this race-free."""
    where = and_(*(table.c[k] == v for k, v in key.items()))
    if not conn.execute(update(table).where(where).values(**values)).rowcount:
        conn.execute(insert(table).values(**key, **(on_insert or {}), **values))
