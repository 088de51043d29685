"""``meetingroom admin db``: the server database's schema revision, its history, and the
upgrade (the same backup-then-upgrade the server does at start)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetingroom.storage import migrate
from meetingroom.storage.schema_version import State, probe
from meetingroom.storage.server_store import SERVER_SCHEMA
from meetingroom.storage.upgrade import Opened, UpgradePolicy, check_upgradable, open_schema


@dataclass(frozen=True, slots=True)
class DbStatus:
    """Where the server database stands."""

    revision: str
    """A revision id, ``unversioned`` (Meetingroom 0.1.0) or ``none`` (no tables yet)."""
    head: str
    """The revision this release needs."""
    at_head: bool
    note: str
    """One line for the operator: what it means and what to do."""


def status(url: str) -> DbStatus:
    """The revision and what it means; ``SchemaError`` for a damaged or foreign database."""
    head = SERVER_SCHEMA.head
    found = probe(url, SERVER_SCHEMA)
    if found.state is State.AT_HEAD:
        return DbStatus(found.shown, head, True, "at head: up to date")
    upgrade = "run 'meetingroom admin db upgrade' (backs it up first)"
    if found.state is State.EMPTY:
        return DbStatus(found.shown, head, False,
                        "no tables yet: starting the server or 'meetingroom admin db "
                        "upgrade' creates them")
    if found.state is State.OTHER and found.revision is not None and not migrate.is_known(
            SERVER_SCHEMA, found.revision):
        return DbStatus(found.shown, head, False,
                        f"unknown to this release (it knows up to {head}): written by a "
                        "newer Meetingroom; this release will not open it")
    check_upgradable(url, SERVER_SCHEMA, found)  # SchemaError if not 0.1.0's tables
    if found.state is State.UNVERSIONED:
        return DbStatus(found.shown, head, False,
                        f"Meetingroom 0.1.0's tables, made before migrations (revision "
                        f"0001): this release needs {head}; {upgrade}")
    return DbStatus(found.shown, head, False, f"behind: this release needs {head}; {upgrade}")


def history() -> list[migrate.Revision]:
    """Every revision of the server database, oldest first."""
    return migrate.history(SERVER_SCHEMA)


def upgrade(url: str, *, data_dir: Path, without_backup: bool = False) -> Opened:
    """Back up (SQLite: beside the file; PostgreSQL: pg_dump into ``data_dir``), then
    upgrade to head; a new database is created. Stop the server first."""
    return open_schema(url, SERVER_SCHEMA, policy=UpgradePolicy(
        dump_dir=data_dir, without_backup=without_backup))
