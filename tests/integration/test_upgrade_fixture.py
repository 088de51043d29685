"""A room running 0.1.0 upgrades: the real server started on a copy of the committed
fixture backs it up, upgrades it, and people find every row of it; a tablet's 0.1.0 cache
opens too, and a cache this release cannot use is set aside, not fatal."""

from __future__ import annotations

import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

from schema_fixtures import (
    FIXTURE,
    check_room,
    copy_cache,
    copy_server,
    expect,
    password,
    row_differences,
)

from meetingroom.domain.polls import BallotState, verify_record
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.storage.cache import CACHE_SCHEMA, ClientCache
from meetingroom.storage.db import sqlite_url
from meetingroom.storage.schema_version import CACHE_HEAD, SERVER_HEAD
from meetingroom.storage.upgrade import UpgradePolicy, open_schema
from meetingroom.sync import events as ev


def _start(data: Path, **config: Any) -> EmbeddedServer:
    server = EmbeddedServer(ServerConfig(data_dir=data, host="127.0.0.1", port=0,
                                         tsa_port=None, poll_interval=0.2, **config))
    server.start()
    return server


def _dump(path: Path, columns_of: Path | None = None, *, live_at: float | None = None
          ) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (not the version table), in a stable order; with
    ``columns_of``, only the tables and columns that database has (a later revision may
    add tables and columns: new tables must be empty, the old rows unchanged); with
    ``live_at``, only the sessions that had not expired by then (a server deletes
    expired ones when it starts: the fixture's own sessions expire a day after it was
    made)."""
    tables = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name != "
              "'alembic_version' AND name NOT LIKE 'sqlite_%'")
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute(tables)]
        ref = sqlite3.connect(columns_of or path)
        try:
            known = {r[0] for r in ref.execute(tables)}
            for n in set(names) - known:  # added by a later revision: nothing in it yet
                assert db.execute(f'SELECT count(*) FROM "{n}"').fetchone() == (0,), n
            names = [n for n in names if n in known]
            cols = {n: ", ".join(f'"{r[1]}"' for r in ref.execute(f'PRAGMA table_info("{n}")'))
                    for n in names}
        finally:
            ref.close()
        where = {"sessions": f"WHERE expires_at >= {live_at!r}"} if live_at is not None else {}
        return {n: sorted(db.execute(f'SELECT {cols[n] or "*"} FROM "{n}" {where.get(n, "")}'
                                     ).fetchall(), key=repr) for n in names}
    finally:
        db.close()


def test_the_server_backs_up_and_upgrades_a_0_1_0_room_and_everything_survives(
        tmp_path: Path, engines: Any) -> None:
    data = copy_server(tmp_path / "server")
    db_path = data / "server.sqlite"
    started = time.time()
    server = _start(data)
    try:
        assert server.server is not None
        opened = server.server.store.opened
        assert opened is not None
        assert (opened.before, opened.after) == ("unversioned", SERVER_HEAD)
        # every row of the manifest is there, and nothing else, before anyone logs in
        assert row_differences(sqlite_url(db_path)) == {}
        # the backup: beside the database, private, whole, and the room as it was
        backup = opened.backup
        assert backup is not None and backup.parent == data
        assert backup.name.startswith("server.sqlite.pre-upgrade-unversioned-")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        check = sqlite3.connect(backup)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert check.execute("SELECT count(*) FROM sqlite_master WHERE name = "
                                 "'alembic_version'").fetchone() == (0,)
        finally:
            check.close()
        assert _dump(backup) == _dump(FIXTURE / "server" / "server.sqlite")
        # no row changed (but sessions that had expired when the server started)
        assert (_dump(db_path, columns_of=backup, live_at=started)
                == _dump(backup, live_at=started))
        check_room(server.url, engines, trust_roots=server.server.store.trust_roots())
    finally:
        server.stop()
    # the next start finds it at head: no second backup
    server = _start(data)
    try:
        assert server.server is not None and server.server.store.opened is not None
        assert not server.server.store.opened.changed
    finally:
        server.stop()
    assert sorted(p.name for p in data.glob("server.sqlite.pre-upgrade-*")) == [backup.name]


def test_a_tablet_cache_from_0_1_0_opens_and_keeps_what_it_had_not_sent(
        tmp_path: Path, engines: Any) -> None:
    e = expect()["client"]
    mid = expect()["published_meeting"]
    client_dir = tmp_path / "tablet"
    cache_path = copy_cache(client_dir)
    data = copy_server(tmp_path / "server")
    server = _start(data)
    try:
        cache = ClientCache(cache_path)
        try:
            assert (cache.opened.before, cache.opened.after) == ("unversioned", CACHE_HEAD)
            assert cache.opened.backup is None  # a cache: the server holds the data
            assert row_differences(sqlite_url(cache_path), "client") == {}
            # the room's server, at its usual address (here: a new port each run)
            cache.set_meta("server_url", server.url)
        finally:
            cache.close()
        assert not list(client_dir.glob("cache.sqlite.*"))  # nothing set aside or copied
        eng, rec = engines("delegate", data_dir=client_dir)
        # offline first, from the upgraded cache alone
        rec.wait_for(lambda x: isinstance(x, ev.MeetingsChanged) and x.meetings)
        assert eng.meetings.snapshot(mid) is not None
        assert ({b.ballot_id for b in eng.voting.ballots(mid)}
                == {b["ballot_id"] for b in e["ballots"]})
        assert all(b.state is BallotState.COUNTED for b in eng.voting.ballots(mid))
        assert [o.request_id for o in eng.cache.outbox()] == [
            o["request_id"] for o in e["outbox"]]
        dirty = {r.id for r in eng.cache.note_rows(dirty_only=True)}
        assert dirty == {n["id"] for n in e["notes"] if n["dirty"]} == {"n-del-offline"}
        # then online: the note written while the server was down reaches it, the
        # queued command is answered, and the ballots still check against the records
        eng.login(server.url, "delegate", password("delegate"), remember=False).result(30)
        rec.wait_for(lambda x: isinstance(x, ev.CommandFinished)
                     and x.request_id == e["outbox"][0]["request_id"])
        assert eng.cache.outbox() == []
        rec.wait_for(lambda _x: not eng.cache.note_rows(dirty_only=True))
        laptop, lrec = engines("delegate-laptop")
        laptop.login(server.url, "delegate", password("delegate"), remember=False).result(30)
        lrec.wait_for(lambda _x: "n-del-offline" in {n.id for n in laptop.notes.visible(mid)})
        for b in eng.voting.ballots(mid):
            record = eng.voting.poll_record(mid, b.poll_id).result(30)
            assert verify_record(record, receipt=b.receipt, choices=b.choices).ok
    finally:
        server.stop()


def _newer(path: Path) -> None:
    """Make the cache at ``path`` look as if a newer release had written it."""
    open_schema(sqlite_url(path), CACHE_SCHEMA, policy=UpgradePolicy(backup=False))
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = '0042'")
    db.commit()
    db.close()


def test_a_cache_from_a_newer_release_is_set_aside_and_a_new_one_started(
        tmp_path: Path) -> None:
    path = copy_cache(tmp_path / "tablet")
    _newer(path)
    kept = path.read_bytes()
    cache = ClientCache(path)
    try:
        assert (cache.opened.before, cache.opened.after) == ("none", CACHE_HEAD)
        assert cache.meetings() == [] and cache.outbox() == []
    finally:
        cache.close()
    (aside,) = tmp_path.glob("tablet/cache.sqlite.set-aside-*")
    assert aside.read_bytes() == kept  # kept whole, for the newer release to send


def test_a_damaged_cache_is_set_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "tablet" / "cache.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"\x00garbage, not SQLite\n" * 64)
    cache = ClientCache(path)
    try:
        cache.set_meta("probe", "written")
        assert cache.get_meta("probe") == "written"
    finally:
        cache.close()
    (aside,) = path.parent.glob("cache.sqlite.set-aside-*")
    assert aside.read_bytes().startswith(b"\x00garbage")
