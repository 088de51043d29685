"""The client's local cache: meeting snapshots, the command outbox and session metadata."""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from meetingroom.atomic_files import private_dir
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.notes import Note
from meetingroom.domain.polls import BallotState, LocalBallot
from meetingroom.storage.db import make_engine, sqlite_url, upsert
from meetingroom.storage.schema_version import CACHE_HEAD, Schema
from meetingroom.storage.upgrade import open_cache_schema

# The cache's tables as of the newest migration: change one only together with a new
# revision in migrations/cache/versions/ and CACHE_HEAD (tests/integration/test_migrations.py).
metadata = MetaData()
_meta = Table("meta", metadata, Column("key", String(64), primary_key=True),
              Column("value", Text, nullable=False))
_meetings = Table("meetings", metadata, Column("id", String(32), primary_key=True),
                  Column("snapshot", Text, nullable=False), Column("rev", Integer, nullable=False),
                  Column("synced_at", Float, nullable=True))
_outbox = Table("outbox", metadata, Column("seq", Integer, primary_key=True, autoincrement=True),
                Column("request_id", String(64), nullable=False, unique=True),
                Column("type", String(40), nullable=False), Column("body", Text, nullable=False),
                Column("created_at", Float, nullable=False))
_ballots = Table("ballots", metadata, Column("ballot_id", String(64), primary_key=True),
                 Column("meeting_id", String(32), nullable=False),
                 Column("poll_id", String(32), nullable=False),
                 Column("member_id", String(32), nullable=False),
                 Column("choices", Text, nullable=False),
                 Column("receipt", String(32), nullable=False),
                 Column("replaces", String(32), nullable=True),
                 Column("state", String(16), nullable=False),
                 Column("reason", Text, nullable=False, default=""),
                 Column("created_at", Float, nullable=False),
                 Column("sealed", Text, nullable=True),
                 Column("tag", String(32), nullable=True))
_notes = Table("notes", metadata, Column("id", String(64), primary_key=True),
               Column("meeting_id", String(32), nullable=False, index=True),
               Column("data", Text, nullable=False),
               Column("updated_at", Integer, nullable=False),
               Column("deleted", Integer, nullable=False, default=0),
               Column("dirty", Integer, nullable=False, default=0))
CACHE_SCHEMA = Schema(name="cache", head=CACHE_HEAD, tables=frozenset(metadata.tables),
                      label="the client cache")


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note as this device keeps it: ``dirty`` until the server has it."""

    id: str
    meeting_id: str
    note: Note | None
    """None once deleted (the tombstone waits for the server)."""
    updated_at: int
    dirty: bool


@dataclass(frozen=True, slots=True)
class CachedRow:
    """One cached meeting."""

    snapshot: MeetingSnapshot
    synced_at: datetime | None
    """When the cache last matched the server (UTC), None if never."""


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A command stored locally until the server acknowledges it."""

    request_id: str
    type: str
    body: dict[str, Any]
    created_at: float


class ClientCache:
    """SQLite file ``cache.sqlite`` in the client's data dir. Thread-safe.

    Opening upgrades an older cache in place; one this release cannot use (newer, damaged)
    is set aside and a new one started (``storage/upgrade.py``, ``open_cache_schema``).
    """

    def __init__(self, path: Path) -> None:
        private_dir(path.parent)
        self.opened = open_cache_schema(path, CACHE_SCHEMA)
        self.engine = make_engine(sqlite_url(path))
        self._lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    # -- meta ----------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        with self.engine.connect() as c:
            row = c.execute(select(_meta.c.value).where(_meta.c.key == key)).first()
        return default if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_meta).where(_meta.c.key == key))
            c.execute(insert(_meta).values(key=key, value=value))

    def device_id(self) -> str:
        """A random id for this cache (this device), made once; never sent in the clear
        as an identity — it only keeps two devices' request ids apart."""
        with self._lock, self.engine.begin() as c:
            row = c.execute(select(_meta.c.value).where(_meta.c.key == "device_id")).first()
            if row is not None:
                return str(row[0])
            made = secrets.token_hex(8)
            c.execute(insert(_meta).values(key="device_id", value=made))
            return made

    def ballot_secret(self) -> str:
        """This device's random secret (64 hex digits) from which each ballot's change key
        and receipt opening are derived (``sync/ballots.py``); never sent, made once."""
        with self._lock, self.engine.begin() as c:
            row = c.execute(select(_meta.c.value)
                            .where(_meta.c.key == "ballot_secret")).first()
            if row is not None:
                return str(row[0])
            made = secrets.token_hex(32)
            c.execute(insert(_meta).values(key="ballot_secret", value=made))
            return made

    # -- meetings ------------------------------------------------------------------
    def meetings(self) -> list[CachedRow]:
        with self.engine.connect() as c:
            rows = c.execute(select(_meetings)).all()
        out = []
        for r in rows:
            synced = None if r.synced_at is None else datetime.fromtimestamp(r.synced_at, UTC)
            out.append(CachedRow(MeetingSnapshot.from_dict(json.loads(r.snapshot)), synced))
        return out

    def save_meeting(self, snap: MeetingSnapshot, *, synced: bool) -> None:
        data = json.dumps(snap.to_dict(), ensure_ascii=False)
        now = time.time() if synced else None
        with self._lock, self.engine.begin() as c:
            exists = c.execute(select(_meetings.c.id)
                               .where(_meetings.c.id == snap.meeting.id)).first()
            if exists:
                values: dict[str, Any] = {"snapshot": data, "rev": snap.rev}
                if now is not None:
                    values["synced_at"] = now
                c.execute(update(_meetings).where(_meetings.c.id == snap.meeting.id)
                          .values(**values))
            else:
                c.execute(insert(_meetings).values(id=snap.meeting.id, snapshot=data,
                                                   rev=snap.rev, synced_at=now))

    def touch_meetings(self, when: float | None = None) -> None:
        """Mark every cached meeting as matching the server at ``when`` (epoch seconds;
        default now); a meeting already marked later keeps its time."""
        at = time.time() if when is None else when
        with self._lock, self.engine.begin() as c:
            c.execute(update(_meetings).values(synced_at=func.max(
                func.coalesce(_meetings.c.synced_at, at), at)))

    def remove_meeting(self, meeting_id: str) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_meetings).where(_meetings.c.id == meeting_id))

    def clear_meetings(self) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_meetings))

    # -- outbox --------------------------------------------------------------------
    def outbox_add(self, request_id: str, mtype: str, body: dict[str, Any]) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(insert(_outbox).values(request_id=request_id, type=mtype,
                                             body=json.dumps(body, ensure_ascii=False),
                                             created_at=time.time()))

    def outbox(self) -> list[OutboxEntry]:
        with self.engine.connect() as c:
            rows = c.execute(select(_outbox).order_by(_outbox.c.seq)).all()
        return [OutboxEntry(r.request_id, r.type, json.loads(r.body), r.created_at) for r in rows]

    def outbox_remove(self, request_id: str) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_outbox).where(_outbox.c.request_id == request_id))

    def outbox_clear(self) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_outbox))

    # -- ballots -------------------------------------------------------------------
    def ballot_put(self, b: LocalBallot) -> None:
        """Insert or update a ballot; committed (synchronous=FULL) before it is sent."""
        values = {"meeting_id": b.meeting_id, "poll_id": b.poll_id, "member_id": b.member_id,
                  "choices": json.dumps(list(b.choices)), "receipt": b.receipt,
                  "replaces": b.replaces, "state": b.state.value, "reason": b.reason,
                  "created_at": b.created_at, "sealed": b.sealed, "tag": b.tag}
        with self._lock, self.engine.begin() as c:
            upsert(c, _ballots, {"ballot_id": b.ballot_id}, values)

    def ballots(self, meeting_id: str | None = None) -> list[LocalBallot]:
        q = select(_ballots).order_by(_ballots.c.created_at)
        if meeting_id is not None:
            q = q.where(_ballots.c.meeting_id == meeting_id)
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        return [LocalBallot(ballot_id=r.ballot_id, meeting_id=r.meeting_id, poll_id=r.poll_id,
                            member_id=r.member_id, choices=tuple(json.loads(r.choices)),
                            receipt=r.receipt, replaces=r.replaces, state=BallotState(r.state),
                            reason=r.reason, created_at=r.created_at, sealed=r.sealed,
                            tag=r.tag) for r in rows]

    def ballot_forget_choices(self, ballot_ids: list[str]) -> None:
        """Erase these ballots' choices for good (their receipt, poll and state stay), then
        move the WAL into the file and truncate it, so that the choices' bytes are gone from
        both files (``secure_delete`` zeroes the old cells)."""
        with self._lock:
            if ballot_ids:
                with self.engine.begin() as c:
                    c.execute(update(_ballots).where(_ballots.c.ballot_id.in_(ballot_ids))
                              .values(choices="[]", sealed=None))
            with self.engine.connect() as c:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def ballots_clear(self) -> None:
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_ballots))

    # -- notes ---------------------------------------------------------------------
    def note_put(self, meeting_id: str, note_id: str, note: Note | None, updated_at: int, *,
                 dirty: bool) -> None:
        """Write a note (or its tombstone, ``note`` None) durably, before anything else."""
        values = {"meeting_id": meeting_id, "updated_at": updated_at,
                  "data": "" if note is None else json.dumps(note.to_dict(),
                                                              ensure_ascii=False),
                  "deleted": int(note is None), "dirty": int(dirty)}
        with self._lock, self.engine.begin() as c:
            upsert(c, _notes, {"id": note_id}, values)

    def note_rows(self, meeting_id: str | None = None, *, dirty_only: bool = False
                  ) -> list[NoteRow]:
        q = select(_notes)
        if meeting_id is not None:
            q = q.where(_notes.c.meeting_id == meeting_id)
        if dirty_only:
            q = q.where(_notes.c.dirty == 1)
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        return [NoteRow(r.id, r.meeting_id, None if r.deleted else Note.from_dict(
            json.loads(r.data)), r.updated_at, bool(r.dirty)) for r in rows]

    def note_clean(self, note_id: str, updated_at: int) -> None:
        """The server has this version: clear ``dirty`` unless the note changed since."""
        with self._lock, self.engine.begin() as c:
            c.execute(update(_notes).where(_notes.c.id == note_id,
                                           _notes.c.updated_at == updated_at)
                      .values(dirty=0))

    def note_forget(self, note_id: str, updated_at: int) -> None:
        """Drop a note the server holds as deleted, unless it changed here since."""
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_notes).where(_notes.c.id == note_id,
                                           _notes.c.updated_at == updated_at))

    def note_from_server(self, meeting_id: str, note: Note) -> bool:
        """Take the server's version of ``note`` unless this device holds a newer one not
        yet backed up; True if the cache changed. One transaction: a change the user makes
        meanwhile (an undo, a redo) is never overwritten by an older server copy."""
        with self._lock, self.engine.begin() as c:
            r = c.execute(select(_notes).where(_notes.c.id == note.id)).first()
            if r is not None and r.dirty and r.updated_at >= note.updated_at:
                return False  # ours is newer and on its way
            data = json.dumps(note.to_dict(), ensure_ascii=False)
            if (r is not None and not r.dirty and not r.deleted
                    and r.updated_at == note.updated_at and r.data == data):
                return False
            upsert(c, _notes, {"id": note.id}, {
                "meeting_id": meeting_id, "updated_at": note.updated_at, "data": data,
                "deleted": 0, "dirty": 0})
            return True

    def note_gone(self, note_id: str) -> bool:
        """The server says the note is gone (or no longer shared): drop it unless this
        device changed it since and has not backed that up; True if it was dropped."""
        with self._lock, self.engine.begin() as c:
            return bool(c.execute(delete(_notes).where(
                _notes.c.id == note_id, _notes.c.dirty == 0)).rowcount)

    def notes_clear(self) -> None:
        """Forget every note and where the note sync stood."""
        with self._lock, self.engine.begin() as c:
            c.execute(delete(_notes))
            c.execute(delete(_meta).where(_meta.c.key.like("notes_seq:%")))
