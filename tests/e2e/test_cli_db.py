"""End to end: ``meetingroom admin db`` and the server's start on databases of every kind,
as processes. What cannot be used is refused with one line and left byte for byte."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from schema_fixtures import (
    check_room,
    copy_server,
    row_differences,
    snapshot_files,
)
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool
from test_cli_processes import ENV

from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.storage import migrate
from meetingroom.storage.db import sqlite_url
from meetingroom.storage.schema_version import SERVER_HEAD
from meetingroom.storage.server_store import SERVER_SCHEMA, ServerStore
from meetingroom.storage.upgrade import UpgradePolicy, open_schema

CLI = [sys.executable, "-m", "meetingroom"]


def mr(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env=ENV, check=False)


def serve(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Start the server as an operator would; it must refuse, so it ends by itself."""
    return mr("server", "--data", str(data), "--port", "0", "--tsa-port", "off", *extra,
              timeout=60)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_admin_db_upgrade_backs_up_and_upgrades_a_0_1_0_room(tmp_path: Path,
                                                             engines: Any) -> None:
    data = copy_server(tmp_path / "srv")
    db = data / "server.sqlite"
    untouched = snapshot_files(data)
    # the other admin commands leave an old database alone and say what to do
    listed = mr("admin", "--data", str(data), "user", "list")
    assert listed.returncode == 2
    line = one_line(listed.stderr)
    assert "no schema revision" in line and f"needs revision {SERVER_HEAD}" in line
    assert "meetingroom admin db upgrade" in line
    assert snapshot_files(data) == untouched
    current = mr("admin", "--data", str(data), "db", "current")
    assert (current.returncode, current.stdout.split()[0]) == (1, "unversioned")
    assert "0.1.0" in current.stdout and SERVER_HEAD in current.stdout
    history = mr("admin", "--data", str(data), "db", "history")
    assert history.returncode == 0
    rows = history.stdout.strip().splitlines()
    assert [r.split()[0] for r in rows] == [r.revision for r in migrate.history(SERVER_SCHEMA)]
    assert rows[-1].startswith(f"{SERVER_HEAD} (head)") and "Release 0.1.0" in rows[0]
    assert snapshot_files(data) == untouched

    done = mr("admin", "--data", str(data), "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"from unversioned to {SERVER_HEAD}; backup: " in done.stdout
    (backup,) = data.glob("server.sqlite.pre-upgrade-unversioned-*")
    assert str(backup) in done.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"
    assert row_differences(sqlite_url(backup)) == {}
    assert row_differences(sqlite_url(db)) == {}
    again = mr("admin", "--data", str(data), "db", "current")
    assert again.returncode == 0 and again.stdout.startswith(f"{SERVER_HEAD}  at head")
    assert mr("admin", "--data", str(data), "db", "upgrade").stdout.startswith(
        f"already at {SERVER_HEAD}")
    assert len(list(data.glob("server.sqlite.pre-upgrade-*"))) == 1
    users = mr("admin", "--data", str(data), "user", "list")
    assert users.returncode == 0 and "secretary" in users.stdout

    server = EmbeddedServer(ServerConfig(data_dir=data, port=0, tsa_port=None,
                                         poll_interval=0.2, upgrade=False))
    server.start()
    try:
        assert server.server is not None
        check_room(server.url, engines, trust_roots=server.server.store.trust_roots())
    finally:
        server.stop()


def _at(data: Path, revision: str) -> None:
    """Bring the fixture copy in ``data`` to ``revision`` (stamped, as a release would)."""
    engine = create_engine(sqlite_url(data / "server.sqlite"), poolclass=NullPool)
    with engine.begin() as conn:
        cfg = migrate.alembic_config(SERVER_SCHEMA, conn)
        command.stamp(cfg, "0001")
        command.upgrade(cfg, revision)
    engine.dispose()


@pytest.mark.parametrize("revision", ["unversioned", "0001"])
def test_no_upgrade_refuses_to_start_naming_both_revisions(tmp_path: Path,
                                                           revision: str) -> None:
    data = copy_server(tmp_path / "srv")
    if revision != "unversioned":
        _at(data, revision)
    before = snapshot_files(data)
    refused = serve(data, "--no-upgrade")
    assert refused.returncode == 2
    line = one_line(refused.stderr)
    shown = "has no schema revision" if revision == "unversioned" else f"at revision {revision}"
    assert shown in line and f"needs revision {SERVER_HEAD}" in line, line
    assert "--no-upgrade" in line and "meetingroom admin db upgrade" in line
    assert snapshot_files(data) == before


def _newer_than_known(data: Path) -> None:
    open_schema(sqlite_url(data / "server.sqlite"), SERVER_SCHEMA,
                policy=UpgradePolicy(backup=False))
    db = sqlite3.connect(data / "server.sqlite")
    db.execute("UPDATE alembic_version SET version_num = '0099'")
    db.commit()
    db.close()


def _not_a_database(data: Path) -> None:
    (data / "server.sqlite").write_bytes(b"Meeting notes, not a database.\n" * 200)


def _table_lost(data: Path) -> None:
    store = ServerStore.open(sqlite_url(data / "server.sqlite"),
                             policy=UpgradePolicy(backup=False))
    store.engine.dispose()
    db = sqlite3.connect(data / "server.sqlite")
    db.execute("DROP TABLE notes")
    db.commit()
    db.close()


def _old_revision_table_lost(data: Path) -> None:
    _at(data, "0001")
    db = sqlite3.connect(data / "server.sqlite")
    db.execute("DROP TABLE minutes_versions")
    db.commit()
    db.close()


def _not_ours(data: Path) -> None:
    db = sqlite3.connect(data / "server.sqlite")  # another program's tables, 0.1.0's gone
    db.execute("DROP TABLE poll_ballots")
    db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    db.commit()
    db.close()


@pytest.mark.parametrize(("spoil", "says"), [
    (_newer_than_known, "revision 0099, which this release does not know"),
    (_not_a_database, "is not an SQLite database"),
    (_table_lost, "lacks the table(s) notes"),
    (_old_revision_table_lost, "at revision 0001 but its tables are not that revision's: "
                               "table minutes_versions is missing"),
    (_not_ours, "table poll_ballots is missing; table invoices is not one of Meetingroom's"),
], ids=["newer", "not-a-database", "table-lost", "old-table-lost", "not-ours"])
def test_a_database_this_release_cannot_use_is_refused_and_left_as_it_was(
        tmp_path: Path, spoil: Any, says: str) -> None:
    data = copy_server(tmp_path / "srv")
    spoil(data)
    before = snapshot_files(data)
    for args in (("server",), ("admin-db-upgrade",), ("admin",)):
        if args == ("server",):
            done = serve(data)
        elif args == ("admin-db-upgrade",):
            done = mr("admin", "--data", str(data), "db", "upgrade")
        else:
            done = mr("admin", "--data", str(data), "user", "list")
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        line = one_line(done.stderr)
        assert says in line and "nothing was changed" in line, line
        assert snapshot_files(data) == before  # no backup, no stamp, no -wal beside it
    current = mr("admin", "--data", str(data), "db", "current")
    assert current.returncode in (1, 2)
    assert snapshot_files(data) == before
