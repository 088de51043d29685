"""Schema migrations on real SQLite files: the models equal the head, revision 0001 is
exactly what release 0.1.0 wrote, and what cannot be used is refused unchanged."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from schema_fixtures import FIXTURE, copy_server, snapshot_files
from sqlalchemy import MetaData, create_engine
from sqlalchemy.pool import NullPool

from meetingroom.storage import cache as cache_module
from meetingroom.storage import migrate
from meetingroom.storage import schema as server_tables
from meetingroom.storage.cache import CACHE_SCHEMA
from meetingroom.storage.db import DatabaseSetupError, sqlite_url
from meetingroom.storage.schema_version import (
    SERVER_HEAD,
    Schema,
    SchemaError,
    UpgradeRequiredError,
)
from meetingroom.storage.server_store import SERVER_SCHEMA
from meetingroom.storage.upgrade import UpgradePolicy, open_schema

MODELS = [(SERVER_SCHEMA, server_tables.metadata), (CACHE_SCHEMA, cache_module.metadata)]
FIXTURE_DB = {"server": FIXTURE / "server" / "server.sqlite",
              "cache": FIXTURE / "client" / "cache.sqlite"}


def _ddl(path: Path) -> dict[str, str | None]:
    """Every table and index of a SQLite file with the SQL that made it (runs of white
    space made one and a quoted table name unquoted: ``ADD COLUMN`` puts a column on the
    line before, and Alembic's table copy quotes the name, with the same meaning)."""
    db = sqlite3.connect(path)
    try:
        return {f"{kind} {name}": None if sql is None else re.sub(
                    r'^CREATE TABLE "([a-z_]+)"', r"CREATE TABLE \1", " ".join(sql.split()))
                for kind, name, sql in db.execute(
                    "SELECT type, name, sql FROM sqlite_master "
                    "WHERE tbl_name != 'alembic_version'")}
    finally:
        db.close()


@pytest.mark.parametrize(("schema", "metadata"), MODELS, ids=["server", "cache"])
def test_the_models_equal_the_head_of_the_migrations(tmp_path: Path, schema: Schema,
                                                     metadata: MetaData) -> None:
    """Nobody edits a table without a migration: Alembic's own comparison of the models
    with a database the migrations made finds nothing to do."""
    url = sqlite_url(tmp_path / "made.sqlite")
    open_schema(url, schema, policy=UpgradePolicy())
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "compare_server_default": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(("schema", "metadata"), MODELS, ids=["server", "cache"])
def test_the_migrations_make_the_very_tables_the_models_would(tmp_path: Path, schema: Schema,
                                                              metadata: MetaData) -> None:
    """Stricter than Alembic's comparison, which ignores e.g. WITHOUT ROWID (the secret
    ballot tables depend on it): the SQL text of every table and index is the same."""
    migrated, modelled = tmp_path / "migrated.sqlite", tmp_path / "modelled.sqlite"
    open_schema(sqlite_url(migrated), schema, policy=UpgradePolicy())
    engine = create_engine(sqlite_url(modelled), poolclass=NullPool)
    metadata.create_all(engine)
    engine.dispose()
    assert _ddl(migrated) == _ddl(modelled)
    if schema is SERVER_SCHEMA:
        assert "WITHOUT ROWID" in str(_ddl(migrated)["table poll_ballots"])


@pytest.mark.parametrize("schema", [SERVER_SCHEMA, CACHE_SCHEMA], ids=["server", "cache"])
def test_revision_0001_is_exactly_what_release_0_1_0_wrote(tmp_path: Path,
                                                           schema: Schema) -> None:
    made = tmp_path / "0001.sqlite"
    engine = create_engine(sqlite_url(made), poolclass=NullPool)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(schema, conn), "0001")
    engine.dispose()
    assert _ddl(made) == _ddl(FIXTURE_DB[schema.name])


def test_every_revision_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    data = copy_server(tmp_path / "server")
    url = sqlite_url(data / "server.sqlite")
    open_schema(url, SERVER_SCHEMA, policy=UpgradePolicy(backup=False))
    head_ddl = _ddl(data / "server.sqlite")
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(SERVER_SCHEMA, conn), "0001")
    engine.dispose()
    assert _ddl(data / "server.sqlite") == _ddl(FIXTURE_DB["server"])
    open_schema(url, SERVER_SCHEMA, policy=UpgradePolicy(backup=False))
    assert _ddl(data / "server.sqlite") == head_ddl


def test_a_database_from_before_document_versions_is_refused_unchanged(tmp_path: Path) -> None:
    """Development builds before 0.1.0 lacked documents.version/replaces/replaced_by (the
    old additive column upgrade is gone): not 0.1.0's tables, so no stamp, no backup."""
    data = copy_server(tmp_path / "server")
    path = data / "server.sqlite"
    db = sqlite3.connect(path)
    for col in ("version", "replaces", "replaced_by"):
        db.execute(f"ALTER TABLE documents DROP COLUMN {col}")
    db.commit()
    db.close()
    before = snapshot_files(data)
    with pytest.raises(SchemaError) as refused:
        open_schema(sqlite_url(path), SERVER_SCHEMA, policy=UpgradePolicy())
    message = str(refused.value)
    assert "not Meetingroom 0.1.0's" in message and "nothing was changed" in message
    for col in ("version", "replaces", "replaced_by"):
        assert f"documents.{col} is missing" in message
    assert "\n" not in message
    assert snapshot_files(data) == before


def test_a_database_at_head_that_lost_a_table_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite"
    open_schema(sqlite_url(path), SERVER_SCHEMA, policy=UpgradePolicy())
    db = sqlite3.connect(path)
    db.execute("DROP TABLE poll_ballots")
    db.commit()
    db.close()
    before = snapshot_files(tmp_path)
    with pytest.raises(SchemaError, match=r"lacks the table\(s\) poll_ballots"):
        open_schema(sqlite_url(path), SERVER_SCHEMA, policy=UpgradePolicy())
    assert snapshot_files(tmp_path) == before


def test_not_allowed_to_upgrade_names_both_revisions_and_changes_nothing(
        tmp_path: Path) -> None:
    data = copy_server(tmp_path / "server")
    before = snapshot_files(data)
    with pytest.raises(UpgradeRequiredError) as refused:
        open_schema(sqlite_url(data / "server.sqlite"), SERVER_SCHEMA,
                    policy=UpgradePolicy(allow=False))
    assert (refused.value.current, refused.value.required) == ("unversioned", SERVER_HEAD)
    assert "meetingroom admin db upgrade" in str(refused.value)
    assert snapshot_files(data) == before


def test_opening_a_database_at_head_imports_no_alembic(tmp_path: Path) -> None:
    server_db, cache_db = tmp_path / "server.sqlite", tmp_path / "cache.sqlite"
    open_schema(sqlite_url(server_db), SERVER_SCHEMA, policy=UpgradePolicy())
    open_schema(sqlite_url(cache_db), CACHE_SCHEMA, policy=UpgradePolicy())
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from meetingroom.storage.cache import ClientCache\n"
        "from meetingroom.storage.db import sqlite_url\n"
        "from meetingroom.storage.server_store import ServerStore\n"
        "from meetingroom.storage.upgrade import UpgradePolicy\n"
        f"store = ServerStore.open(sqlite_url(Path({str(server_db)!r})),"
        " policy=UpgradePolicy(allow=False))\n"
        f"cache = ClientCache(Path({str(cache_db)!r}))\n"
        "assert store.opened is not None and not store.opened.changed\n"
        "assert not cache.opened.changed\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("start", ["unversioned", "0001"])
def test_an_upgrade_that_fails_midway_leaves_the_database_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    """One transaction: a database whose upgrade fails in its last step is neither
    stamped nor half-changed (SQLite DDL rolls back with the rest)."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts)
    (scripts / "server" / "versions" / "9999_fails.py").write_text(
        '"""A step that fails after the others ran."""\n'
        "from alembic import op\n"
        f"revision = '9999'\ndown_revision = {SERVER_HEAD!r}\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade() -> None:\n"
        "    op.execute('CREATE TABLE half_done (id INTEGER)')\n"
        "    op.execute('SELECT no_such_function()')\n")
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    failing = Schema(name="server", head="9999", tables=SERVER_SCHEMA.tables,
                     label="the server database")
    data = copy_server(tmp_path / "server")
    if start == "0001":
        engine = create_engine(sqlite_url(data / "server.sqlite"), poolclass=NullPool)
        with engine.begin() as conn:
            command.stamp(migrate.alembic_config(SERVER_SCHEMA, conn), "0001")
        engine.dispose()
    before = _ddl(data / "server.sqlite")
    versions = _versions(data / "server.sqlite")
    with pytest.raises(DatabaseSetupError) as failed:
        open_schema(sqlite_url(data / "server.sqlite"), failing, policy=UpgradePolicy())
    message = str(failed.value)
    assert message.startswith("upgrading the server database from ")
    assert "failed and was rolled back" in message and "no_such_function" in message
    (backup,) = data.glob("server.sqlite.pre-upgrade-*")
    assert f"the backup taken before is {backup}" in message
    assert _ddl(data / "server.sqlite") == before  # no half_done, 0002's drop undone
    assert "index ix_events_meeting_rev" in before
    assert _versions(data / "server.sqlite") == versions == ([] if start == "unversioned"
                                                              else ["0001"])


def _versions(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                          ).fetchone():
            return []
        return [r[0] for r in db.execute("SELECT version_num FROM alembic_version")]
    finally:
        db.close()
