"""Migrations on a real PostgreSQL: an empty database made by ``admin db upgrade`` and
served by the real server through a meeting; a 0.1.0 room moved onto PostgreSQL,
backed up with pg_dump and upgraded; no pg_dump means no upgrade unless told."""

from __future__ import annotations

import shutil
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from room_life import close_poll, wait_until
from schema_fixtures import FIXTURE, check_room, copy_server, row_differences, table_keys
from server_process import RoomProcess, mr
from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.exc import DataError
from sqlalchemy.pool import NullPool
from test_live_commands import motion

from meetingroom.domain.notes import Note, NoteKind, Rect
from meetingroom.domain.polls import BallotState, PollStatus, verify_record
from meetingroom.pdf.samples import make_document
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.storage import migrate
from meetingroom.storage import schema as server_tables
from meetingroom.storage.backup import BackupError
from meetingroom.storage.db import DatabaseSetupError, sqlite_url
from meetingroom.storage.schema_version import SERVER_HEAD, SchemaError
from meetingroom.storage.server_store import SERVER_SCHEMA, ServerStore
from meetingroom.storage.upgrade import UpgradePolicy
from meetingroom.sync import events as ev

pytestmark = pytest.mark.postgres

def load_0_1_0_room(url: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The committed 0.1.0 room as it would be on PostgreSQL: 0.1.0's tables (revision
    0001, whose SQL equals 0.1.0's create_all — test_migrations proves it), no version
    table, every row of the fixture copied in and the event sequence moved past them —
    but for the notes, which 0.1.0 could not store on PostgreSQL (revision 0003): their
    rows are returned instead, to be put back as the tablets would send them again."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(SERVER_SCHEMA, conn), "0001")
        conn.execute(text("DROP TABLE alembic_version"))
    source_path = Path(shutil.copy2(FIXTURE / "server" / "server.sqlite",
                                    tmp_path / "src.sqlite"))
    source = create_engine(sqlite_url(source_path), poolclass=NullPool)
    tables = MetaData()
    tables.reflect(bind=source)  # SQLite's declared types: BOOLEAN rows come back as bools
    with source.connect() as src, engine.begin() as dst:
        notes = [dict(r._mapping) for r in src.execute(tables.tables["notes"].select())]
        for table in tables.sorted_tables:
            rows = [dict(r._mapping) for r in src.execute(table.select())]
            if rows and table.name != "notes":
                dst.execute(table.insert(), rows)
        dst.execute(text("SELECT setval(pg_get_serial_sequence('events', 'seq'), "
                         "(SELECT max(seq) FROM events))"))
    source.dispose()
    engine.dispose()
    return notes


def put_notes(url: str, rows: list[dict[str, Any]]) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(server_tables.notes.insert(), rows)
    finally:
        engine.dispose()


def test_admin_db_upgrade_creates_the_head_and_the_real_server_runs_a_meeting_on_it(
        pg_url: str, tmp_path: Path, engines: Any) -> None:
    data = tmp_path / "srv"
    created = mr("admin", "--data", str(data), "--db", pg_url, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == f"created the server database at {SERVER_HEAD}"
    engine = create_engine(pg_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:  # the models equal the head on PostgreSQL too
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "compare_server_default": True})
            assert compare_metadata(context, server_tables.metadata) == []
    finally:
        engine.dispose()
    for name, role in (("sec", "secretary"), ("del", "delegate")):
        added = mr("admin", "--data", str(data), "--db", pg_url, "user", "add", name,
                   "--role", role, "--password-stdin", stdin=f"password-{name}\n")
        assert added.returncode == 0, added.stderr
    with RoomProcess(data, tsa=False, extra=("--db", pg_url)) as url:
        sec, _ = engines("sec")
        sec.login(url, "sec", "password-sec", remember=False).result(30)
        dele, drec = engines("del")
        dele.login(url, "del", "password-del", remember=False).result(30)
        users = {u.username: u.id for u in sec.list_users().result(30)}
        mid = sec.outbox.command(rq.MeetingCreate(title="Họp trên PostgreSQL")).result(30)[
            "meeting"]["id"]
        sec.outbox.command(rq.ParticipantsSet(meeting_id=mid, participants=[
            {"user_id": users["sec"], "voting": False},
            {"user_id": users["del"], "voting": True}])).result(30)
        item = sec.outbox.command(rq.AgendaAdd(meeting_id=mid, title="Báo cáo", parent_id=None,
                                               notes="")).result(30)["item"]
        pdf = make_document(tmp_path / "bao-cao.pdf", title="Báo cáo", pages=2)
        doc = sec.uploads.document(mid, item["id"], pdf).result(60)
        sec.outbox.command(rq.MeetingPublish(meeting_id=mid)).result(30)
        drec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == doc.sha256)
        mine = Note(id="n-pg", document_sha256=doc.sha256, page=0, kind=NoteKind.STICKY,
                    color="#d00000", created_at=int(time.time() * 1000),
                    updated_at=int(time.time() * 1000), author_id=users["del"],
                    rect=Rect(40, 40, 60, 60), text="Ghi chú trên PostgreSQL")
        dele.notes.save(mid, mine).result(10)  # milliseconds: BIGINT since revision 0003
        drec.wait_for(lambda _e: not dele.cache.note_rows(dirty_only=True))
        sec.outbox.command(rq.LivePhase(meeting_id=mid, phase="in_session")).result(30)
        sec.outbox.command(rq.AttendanceSet(meeting_id=mid, attendance={
            users["del"]: "present"})).result(30)
        pid = sec.outbox.command(prq.PollCreate(meeting_id=mid, spec=motion())).result(30)[
            "poll"]["id"]
        wait_until(lambda: dele.trustee.is_registered(mid), what="the delegate's trustee key")
        sec.voting.open_poll(mid, pid).result(30)  # sealed: the secretary and the delegate hold it
        drec.wait_for(lambda _e: _poll_status(dele, mid, pid) is PollStatus.OPEN)
        ballot = dele.voting.cast_ballot(mid, pid, ["yes"]).result(30)
        assert ballot.state is BallotState.RECEIVED
        close_poll(mid, pid, secretary=sec, trustees=[dele])
        record = dele.voting.poll_record(mid, pid).result(30)
        assert verify_record(record, receipt=ballot.receipt, choices=("yes",)).ok
        assert record.poll.result is not None and record.poll.result.outcome.value == "adopted"
    current = mr("admin", "--data", str(data), "--db", pg_url, "db", "current")
    assert current.returncode == 0 and current.stdout.startswith(f"{SERVER_HEAD}  at head")


def _poll_status(eng: Any, mid: str, pid: str) -> PollStatus | None:
    snap = eng.meetings.snapshot(mid)
    poll = None if snap is None else snap.poll(pid)
    return None if poll is None else poll.status


def test_a_0_1_0_room_on_postgresql_is_dumped_then_upgraded_and_survives(
        pg_url: str, tmp_path: Path, engines: Any) -> None:
    notes = load_0_1_0_room(pg_url, tmp_path)
    with pytest.raises(DataError, match="integer out of range"):  # 0.1.0's note bug
        put_notes(pg_url, notes)
    assert set(row_differences(pg_url)) == {"notes"}
    data = copy_server(tmp_path / "srv")
    (data / "server.sqlite").unlink()  # the blobs stay on disk; the rows are in PostgreSQL
    server = EmbeddedServer(ServerConfig(data_dir=data, db_url=pg_url, port=0,
                                         tsa_port=None, poll_interval=0.2))
    server.start()
    try:
        assert server.server is not None
        opened = server.server.store.opened
        assert opened is not None and (opened.before, opened.after) == ("unversioned",
                                                                        SERVER_HEAD)
        assert opened.backup is not None and opened.backup.parent == data
        assert opened.backup.name.endswith(".pgdump")
        assert stat.S_IMODE(opened.backup.stat().st_mode) == 0o600
        listed = subprocess.run(["pg_restore", "--list", str(opened.backup)],
                                capture_output=True, text=True, check=False)
        assert listed.returncode == 0 and "TABLE DATA public poll_ballots" in listed.stdout
        put_notes(pg_url, notes)  # the tablets send them again, and now they fit
        assert row_differences(pg_url) == {}
        check_room(server.url, engines, trust_roots=server.server.store.trust_roots())
    finally:
        server.stop()


def test_without_pg_dump_the_upgrade_waits_for_the_operators_word(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = load_0_1_0_room(pg_url, tmp_path)
    rows = table_keys(pg_url)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # no pg_dump to be found
    with pytest.raises(BackupError, match="--yes-upgrade-without-backup"):
        ServerStore.open(pg_url, policy=UpgradePolicy(dump_dir=tmp_path))
    engine = create_engine(pg_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            assert "alembic_version" not in inspect(conn).get_table_names()  # no stamp
    finally:
        engine.dispose()
    assert table_keys(pg_url) == rows and list(tmp_path.glob("*.pgdump")) == []
    store = ServerStore.open(pg_url, policy=UpgradePolicy(dump_dir=tmp_path,
                                                          without_backup=True))
    try:
        assert store.opened is not None and store.opened.after == SERVER_HEAD
        assert store.opened.backup is None
    finally:
        store.engine.dispose()
    put_notes(pg_url, notes)
    assert row_differences(pg_url) == {}


def test_a_newer_revision_on_postgresql_is_refused_unchanged(pg_url: str,
                                                            tmp_path: Path) -> None:
    ServerStore.open(pg_url, policy=UpgradePolicy()).engine.dispose()
    engine = create_engine(pg_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        with pytest.raises(SchemaError, match="revision 0099, which this release does not"):
            ServerStore.open(pg_url, policy=UpgradePolicy(dump_dir=tmp_path))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")
                                ).scalars().all() == ["0099"]
    finally:
        engine.dispose()
    assert list(tmp_path.iterdir()) == []  # no dump was taken


def test_a_role_that_may_not_create_tables_gets_one_line_and_an_empty_database(
        pg_url: str, pg_cluster: Any) -> None:
    """PostgreSQL 15 no longer lets every role create tables in ``public``: the first
    start as such a role says so in one line, and leaves nothing half made."""
    role = "reader_" + pg_url.rsplit("_", 1)[-1]
    pg_cluster.admin_sql(f"CREATE ROLE {role} LOGIN")
    try:
        as_reader = pg_url.replace("postgres@", f"{role}@", 1)
        with pytest.raises(DatabaseSetupError) as refused:
            ServerStore.open(as_reader, policy=UpgradePolicy())
        message = str(refused.value)
        assert message.startswith("creating the server database failed and was rolled back")
        assert "permission denied" in message and "\n" not in message
        engine = create_engine(pg_url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
        finally:
            engine.dispose()
    finally:
        pg_cluster.admin_sql(f"DROP ROLE IF EXISTS {role}")
