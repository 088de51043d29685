"""Nothing the room writes is open to others: after a real run with an upload, a poll and
minutes signed with the room's timestamp, no file or folder in the server's data folder,
the tablets' data folders, a backup or a restored data folder may be read by the group or
others, under a umask (022) that would have allowed it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from room_life import (
    close_poll,
    count_files,
    document_file,
    open_poll,
    open_to_others,
    received,
    sign_the_minutes,
    wait_until,
)
from signing_fixtures import PASSPHRASE, Pki, write_p12
from sqlalchemy import create_engine

from meetingroom.atomic_files import private_dir
from meetingroom.pdf.samples import make_document
from meetingroom.server.backup import BackupSource, write_backup
from meetingroom.server.restore import restore_backup
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.storage.db import make_engine, sqlite_url


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """The usual umask, which leaves new files readable by everyone unless the code says
    otherwise (set before the room is made: its folders are created under it)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_nothing_the_room_writes_is_open_to_the_group_or_others(
        permissive_umask: None, room_factory: Any, engines: Any, pki: Pki, keys_dir: Path,
        tmp_path: Path) -> None:
    key = Pkcs12Source(write_p12(keys_dir / "thu-ky.p12", pki.ec_signer, [pki.ca.cert]),
                       PASSPHRASE)
    room = room_factory(tsa_port=0)
    m = room.published_meeting()
    mid = m["meeting_id"]
    people = {}
    for name in ("secretary", "chair", "delegate"):
        eng, rec = engines(name)
        eng.login(room.url, name, room.password(name), remember=False).result(30)
        wait_until(lambda e=eng: e.meetings.snapshot(mid) is not None,
                   what=f"{name} sees the meeting")
        people[name] = (eng, rec)
    sec, chair, delegate = people["secretary"][0], people["chair"][0], people["delegate"][0]

    # an upload: resumable chunks in uploads/, then the checked blob in blobs/
    pdf = make_document(tmp_path / "phu-luc.pdf", title="Phụ lục", pages=2)
    sec.uploads.document(mid, m["items"][1].id, pdf).result(60)
    # a secret poll: ballots in the server's database and in the tablets' caches
    pid = open_poll(mid, secretary=sec, voters=[chair, delegate])
    for voter in (chair, delegate):
        voter.voting.cast_ballot(mid, pid, ["yes"])
    for name in ("chair", "delegate"):
        wait_until(lambda n=name: bool(received(people[n][1])), what=f"{name}'s ballot")
    close_poll(mid, pid, secretary=sec, trustees=[chair, delegate])
    # minutes signed with the room's timestamp (its key created in tsa/), then downloaded
    status = sign_the_minutes(mid, secretary=people["secretary"], chair=people["chair"],
                              source=key, tsa_url=room.thread.tsa_url, workdir=tmp_path)
    assert status.signed is not None
    document_file(delegate, people["delegate"][1], status.signed.file.sha256)
    # a backup, and a restore of it
    write_backup(BackupSource(room.data_dir), tmp_path / "backup")
    restore_backup(tmp_path / "backup", tmp_path / "restored")

    roots = [room.data_dir, *(tmp_path / f"client-{n}" for n in people),
             tmp_path / "backup", tmp_path / "restored"]
    data = room.data_dir
    for written in (data / "server.sqlite-wal", data / "tsa" / "tsa-key.pem",
                    data / "tsa" / "tsa-cert.pem", data / "uploads",
                    tmp_path / "client-delegate" / "cache.sqlite-wal",
                    tmp_path / "backup" / "manifest.json",
                    tmp_path / "restored" / "server.sqlite"):
        assert written.exists(), written  # the walk below does cover these
    assert count_files(*roots) >= 20
    assert open_to_others(*roots) == []


def test_a_database_an_older_release_left_readable_is_made_private(
        permissive_umask: None, tmp_path: Path) -> None:
    db = tmp_path / "old" / "server.sqlite"
    db.parent.mkdir()
    engine = create_engine(sqlite_url(db))  # as before: SQLite's own modes, under 022
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.exec_driver_sql("CREATE TABLE ballots (receipt TEXT)")
    keep = engine.connect()  # an open connection keeps the -wal and -shm files
    keep.exec_driver_sql("SELECT * FROM ballots").all()
    assert stat.S_IMODE(db.stat().st_mode) == 0o644
    try:
        make_engine(sqlite_url(db)).dispose()
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in db.parent.iterdir()}
    finally:
        keep.close()
        engine.dispose()
    assert modes == {"server.sqlite": 0o600, "server.sqlite-wal": 0o600,
                     "server.sqlite-shm": 0o600}


def test_private_folders_are_made_private_only_where_they_are_created(
        permissive_umask: None, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    made = private_dir(shared / "a" / "b")
    assert made == shared / "a" / "b" and made.is_dir()
    assert stat.S_IMODE((shared / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # not ours to change
