"""Bring a database to this release's schema as it is opened: the cheap revision check,
then — only for a new, older or 0.1.0 database — a check, a backup and the upgrade.

At head (every start but the first after an upgrade) this costs one query and imports
no Alembic. Anything this release cannot use (a newer revision, a damaged file, tables
that are not Meetingroom's) is refused before anything is written: no backup, no stamp.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from meetingroom.storage.db import DatabaseSetupError, sqlite_url
from meetingroom.storage.schema_version import (
    Found,
    Schema,
    SchemaError,
    State,
    UpgradeRequiredError,
    first_line,
    probe,
    sqlite_path,
)

log = logging.getLogger("meetingroom.storage")


@dataclass(frozen=True, slots=True)
class UpgradePolicy:
    """What opening may do to a database older than this release."""

    allow: bool = True
    """False (``--no-upgrade``, the admin commands): refuse with UpgradeRequiredError."""
    backup: bool = True
    """Back the database up first (the server's; the client cache is only a cache)."""
    dump_dir: Path | None = None
    """Where a PostgreSQL dump goes (the server's data directory); SQLite backups go next
    to the database file."""
    without_backup: bool = False
    """Upgrade PostgreSQL even when pg_dump is missing or fails (the operator backed up)."""


@dataclass(frozen=True, slots=True)
class Opened:
    """What opening did."""

    before: str
    """The revision found: a revision id, ``unversioned`` (0.1.0) or ``none`` (new)."""
    after: str
    backup: Path | None = None
    """The copy taken before upgrading, if any."""

    @property
    def changed(self) -> bool:
        return self.before != self.after


def open_schema(url: str, schema: Schema, *, policy: UpgradePolicy,
                clock: Callable[[], float] = time.time) -> Opened:
    """Make sure the database behind ``url`` is at ``schema.head``, or raise.

    ``SchemaError``: newer, damaged or foreign (nothing changed). ``UpgradeRequiredError``:
    older and ``policy.allow`` is False. ``BackupError``: no backup, so no upgrade.
    """
    found = probe(url, schema)
    if found.state is State.AT_HEAD:
        return Opened(schema.head, schema.head)
    # off the fast path from here: _migrate and check_upgradable import Alembic
    if found.state is State.EMPTY:
        before, after = _migrate(url, schema, found, backup=None)
        if before.state is State.EMPTY:
            log.info("created %s at revision %s", schema.label, after.shown)
        return Opened(before.shown, after.shown)
    check_upgradable(url, schema, found)
    if not policy.allow:
        raise UpgradeRequiredError(
            f"{schema.label} {found.described} and this release needs revision "
            f"{schema.head}: upgrade it with 'meetingroom admin db upgrade' (or start the "
            "server without --no-upgrade), which backs it up first",
            current=found.shown, required=schema.head)
    backup = _backup(url, schema, found, policy, now=clock()) if policy.backup else None
    log.info("upgrading %s from %s to %s", schema.label, found.shown, schema.head)
    before, after = _migrate(url, schema, found, backup=backup)
    log.info("%s is at revision %s (was %s)", schema.label, after.shown, before.shown)
    return Opened(before.shown, after.shown, backup)


def _migrate(url: str, schema: Schema, found: Found, *,
             backup: Path | None) -> tuple[Found, Found]:
    """``migrate.upgrade``; a step that fails (the transaction rolled back, e.g. no right
    to create tables) becomes one line naming the error and the backup."""
    from meetingroom.storage import migrate

    try:
        return migrate.upgrade(url, schema)
    except SQLAlchemyError as e:
        doing = (f"creating {schema.label}" if found.state is State.EMPTY
                 else f"upgrading {schema.label} from {found.shown} to {schema.head}")
        kept = f"; the backup taken before is {backup}" if backup else ""
        raise DatabaseSetupError(f"{doing} failed and was rolled back, so it is as it was "
                                 f"({first_line(e)}){kept}") from e


def check_upgradable(url: str, schema: Schema, found: Found) -> None:
    """Raise ``SchemaError`` unless this release can upgrade the database ``probe`` found
    (``migrate.check``, reading only: nothing is written, no backup is taken)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from meetingroom.storage import migrate

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            migrate.check(conn, schema, found)
    finally:
        engine.dispose()


def _backup(url: str, schema: Schema, found: Found, policy: UpgradePolicy, *,
            now: float) -> Path | None:
    from meetingroom.storage import backup

    path = sqlite_path(url)
    if path is not None:
        return backup.sqlite_backup(path, before=found.shown, now=now)
    if url.startswith("sqlite"):  # in memory: nothing outlives the process anyway
        return None
    if policy.dump_dir is None:
        raise backup.BackupError(f"no directory for a backup of {schema.label} was given")
    try:
        return backup.pg_dump_backup(url, policy.dump_dir, before=found.shown, now=now)
    except backup.BackupError as e:
        if not policy.without_backup:
            raise
        log.warning("upgrading %s WITHOUT a backup, as asked (%s)", schema.label, e)
        return None


def open_cache_schema(path: Path, schema: Schema, *,
                      clock: Callable[[], float] = time.time) -> Opened:
    """The client cache at head: upgraded in place (no backup: the server holds the data).

    A cache this release cannot use — written by a newer release, or damaged — is moved
    aside (``cache.sqlite.set-aside-<time>``, its write-ahead log with it) and a new one
    is started: the tablet keeps working from the server. Nothing is deleted, so a newer
    release can still send what that cache had not sent yet.
    """
    url = sqlite_url(path)
    try:
        return open_schema(url, schema, policy=UpgradePolicy(backup=False), clock=clock)
    except SchemaError as e:
        aside = _set_aside(path, clock())
        log.warning("%s could not be used and was moved to %s; starting afresh (%s)",
                    schema.label, aside.name, e)
        return open_schema(url, schema, policy=UpgradePolicy(backup=False), clock=clock)


def _set_aside(path: Path, now: float) -> Path:
    from meetingroom.storage.backup import stamp

    aside = path.with_name(f"{path.name}.set-aside-{stamp(now)}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.set-aside-{stamp(now)}.{n}")
    for suffix in ("-wal", "-shm"):  # committed pages may still be in the log
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{aside}{suffix}"))
    os.replace(path, aside)
    return aside
