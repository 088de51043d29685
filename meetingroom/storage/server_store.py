"""Server repository: users, sessions, meetings, agenda, documents, event log, request ids."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update

from meetingroom.domain import access
from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    Participant,
    User,
)
from meetingroom.domain.roles import Role
from meetingroom.domain.trust import TrustRoot
from meetingroom.errors import ConflictError, NotFoundError
from meetingroom.storage import schema as t
from meetingroom.storage.box_store import BoxTx
from meetingroom.storage.db import make_engine
from meetingroom.storage.live_store import LiveTx
from meetingroom.storage.minutes_store import MinutesTx
from meetingroom.storage.notes_store import NotesTx
from meetingroom.storage.schema_version import SERVER_HEAD, Schema
from meetingroom.storage.upgrade import Opened, UpgradePolicy, open_schema

T = TypeVar("T")

SERVER_SCHEMA = Schema(name="server", head=SERVER_HEAD, tables=frozenset(t.metadata.tables),
                       label="the server database")


def new_id() -> str:
    """A random, unguessable 128-bit id as 32 hex characters."""
    return secrets.token_hex(16)


def _user(row: Any) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name,
                role=Role(row.role))


def _meeting(row: Any) -> Meeting:
    return Meeting(id=row.id, title=row.title, location=row.location, starts_at=row.starts_at,
                   status=MeetingStatus(row.status), created_by=row.created_by)


def _item(row: Any) -> AgendaItem:
    return AgendaItem(id=row.id, parent_id=row.parent_id, position=row.position,
                      title=row.title, notes=row.notes)


def _doc(row: Any) -> Document:
    return Document(id=row.id, item_id=row.item_id, name=row.name, sha256=row.sha256,
                    size=row.size, pages=row.pages, position=row.position,
                    version=row.version, replaces=row.replaces, replaced_by=row.replaced_by,
                    label=row.label or "", pdf_title=row.pdf_title or "")


class Tx(MinutesTx, LiveTx, NotesTx, BoxTx):
    """Reads and writes inside one database transaction (minutes: see ``MinutesTx``)."""

    def __init__(self, conn: Connection, now: float) -> None:
        self.conn = conn
        self.now = now
        self.events: list[MeetingEvent] = []

    # -- reads -------------------------------------------------------------------
    def meeting(self, meeting_id: str) -> Meeting:
        row = self.conn.execute(select(t.meetings).where(t.meetings.c.id == meeting_id)).first()
        if row is None:
            raise NotFoundError("no such meeting")
        return _meeting(row)

    def participant_ids(self, meeting_id: str) -> frozenset[str]:
        rows = self.conn.execute(
            select(t.participants.c.user_id).where(t.participants.c.meeting_id == meeting_id))
        return frozenset(r[0] for r in rows)

    def participants(self, meeting_id: str) -> tuple[Participant, ...]:
        q = (select(t.participants.c.user_id, t.participants.c.voting, t.users.c.display_name,
                    t.users.c.role)
             .join(t.users, t.users.c.id == t.participants.c.user_id)
             .where(t.participants.c.meeting_id == meeting_id)
             .order_by(t.users.c.display_name))
        return tuple(Participant(user_id=r.user_id, display_name=r.display_name,
                                 role=Role(r.role), voting=bool(r.voting))
                     for r in self.conn.execute(q))

    def items(self, meeting_id: str) -> tuple[AgendaItem, ...]:
        q = select(t.agenda_items).where(t.agenda_items.c.meeting_id == meeting_id)
        return tuple(_item(r) for r in self.conn.execute(q))

    def documents(self, meeting_id: str) -> tuple[Document, ...]:
        q = select(t.documents).where(t.documents.c.meeting_id == meeting_id)
        return tuple(_doc(r) for r in self.conn.execute(q))

    def rev(self, meeting_id: str) -> int:
        r = self.conn.execute(select(t.meetings.c.rev).where(t.meetings.c.id == meeting_id)).first()
        if r is None:
            raise NotFoundError("no such meeting")
        return int(r[0])

    def snapshot(self, meeting_id: str) -> MeetingSnapshot:
        return MeetingSnapshot(
            meeting=self.meeting(meeting_id), rev=self.rev(meeting_id),
            participants=self.participants(meeting_id), items=self.items(meeting_id),
            documents=self.documents(meeting_id), minutes=self.minutes_status(meeting_id),
            live=self.live_state(meeting_id), polls=self.polls(meeting_id))

    def user(self, user_id: str) -> User:
        row = self.conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        if row is None:
            raise NotFoundError("no such user")
        return _user(row)

    def blob(self, sha: str) -> tuple[int, int] | None:
        r = self.conn.execute(select(t.blobs.c.size, t.blobs.c.pages)
                              .where(t.blobs.c.sha256 == sha)).first()
        return None if r is None else (int(r[0]), int(r[1]))

    def blob_title(self, sha: str) -> str:
        """The title the upload check read from the PDF ("" when none or unknown)."""
        r = self.conn.execute(select(t.blobs.c.title).where(t.blobs.c.sha256 == sha)).first()
        return "" if r is None else str(r[0] or "")

    # -- writes ------------------------------------------------------------------
    def emit(self, meeting_id: str, kind: EventKind, data: dict[str, Any]) -> MeetingEvent:
        """Append an event, bumping the meeting's revision in the same transaction."""
        self.conn.execute(update(t.meetings).where(t.meetings.c.id == meeting_id)
                          .values(rev=t.meetings.c.rev + 1))
        rev = self.rev(meeting_id)
        self.conn.execute(insert(t.events).values(
            meeting_id=meeting_id, rev=rev, kind=kind.value,
            data=json.dumps(data, ensure_ascii=False), created_at=self.now))
        ev = MeetingEvent(meeting_id=meeting_id, rev=rev, kind=kind, data=data)
        self.events.append(ev)
        return ev

    def insert_meeting(self, m: Meeting) -> None:
        self.conn.execute(insert(t.meetings).values(
            id=m.id, title=m.title, location=m.location, starts_at=m.starts_at,
            status=m.status.value, created_by=m.created_by, rev=0, created_at=self.now))
        self.emit(m.id, EventKind.MEETING_UPDATED, {"meeting": m.to_dict()})

    def update_meeting(self, m: Meeting) -> None:
        self.conn.execute(update(t.meetings).where(t.meetings.c.id == m.id).values(
            title=m.title, location=m.location, starts_at=m.starts_at, status=m.status.value))
        self.emit(m.id, EventKind.MEETING_UPDATED, {"meeting": m.to_dict()})

    def set_participants(self, meeting_id: str, members: list[tuple[str, bool]]) -> None:
        self.conn.execute(delete(t.participants).where(t.participants.c.meeting_id == meeting_id))
        for user_id, voting in members:
            self.user(user_id)  # raises NotFoundError for an unknown user
            self.conn.execute(insert(t.participants).values(
                meeting_id=meeting_id, user_id=user_id, voting=voting))
        self.emit(meeting_id, EventKind.PARTICIPANTS_SET, {
            "participants": [p.to_dict() for p in self.participants(meeting_id)]})

    def upsert_items(self, meeting_id: str, items: list[AgendaItem]) -> None:
        for it in items:
            exists = self.conn.execute(select(t.agenda_items.c.id).where(and_(
                t.agenda_items.c.id == it.id, t.agenda_items.c.meeting_id == meeting_id))).first()
            values = {"parent_id": it.parent_id, "position": it.position, "title": it.title,
                      "notes": it.notes}
            if exists:
                self.conn.execute(update(t.agenda_items)
                                  .where(t.agenda_items.c.id == it.id).values(**values))
            else:
                self.conn.execute(insert(t.agenda_items).values(
                    id=it.id, meeting_id=meeting_id, **values))
        if items:
            self.emit(meeting_id, EventKind.ITEMS_UPSERTED,
                      {"items": [i.to_dict() for i in items]})

    def remove_items(self, meeting_id: str, root_id: str, ids: set[str]) -> None:
        self.conn.execute(delete(t.documents).where(and_(
            t.documents.c.meeting_id == meeting_id, t.documents.c.item_id.in_(ids))))
        self.conn.execute(delete(t.agenda_items).where(and_(
            t.agenda_items.c.meeting_id == meeting_id, t.agenda_items.c.id.in_(ids))))
        self.emit(meeting_id, EventKind.ITEM_REMOVED, {"item_id": root_id})

    def insert_document(self, meeting_id: str, doc: Document) -> None:
        self.conn.execute(insert(t.documents).values(
            id=doc.id, meeting_id=meeting_id, item_id=doc.item_id, name=doc.name,
            sha256=doc.sha256, size=doc.size, pages=doc.pages, position=doc.position,
            version=doc.version, replaces=doc.replaces, replaced_by=doc.replaced_by,
            label=doc.label, pdf_title=doc.pdf_title))
        self.emit(meeting_id, EventKind.DOCUMENT_UPSERTED, {"document": doc.to_dict()})

    def set_document_label(self, meeting_id: str, doc: Document, label: str) -> Document:
        """Give ``doc`` the title ``label`` ("": none); returns the updated doc."""
        self.conn.execute(update(t.documents).where(and_(
            t.documents.c.meeting_id == meeting_id, t.documents.c.id == doc.id))
            .values(label=label))
        new = replace(doc, label=label)
        self.emit(meeting_id, EventKind.DOCUMENT_UPSERTED, {"document": new.to_dict()})
        return new

    def mark_replaced(self, meeting_id: str, doc: Document, replaced_by: str) -> Document:
        """Record that ``replaced_by`` is ``doc``'s next version; returns the updated doc."""
        n = self.conn.execute(update(t.documents).where(and_(
            t.documents.c.meeting_id == meeting_id, t.documents.c.id == doc.id,
            t.documents.c.replaced_by.is_(None))).values(replaced_by=replaced_by)).rowcount
        if not n:
            raise ConflictError("the document was replaced meanwhile", reason="stale")
        old = replace(doc, replaced_by=replaced_by)
        self.emit(meeting_id, EventKind.DOCUMENT_UPSERTED, {"document": old.to_dict()})
        return old

    def remove_document(self, meeting_id: str, document_id: str) -> None:
        n = self.conn.execute(delete(t.documents).where(and_(
            t.documents.c.meeting_id == meeting_id, t.documents.c.id == document_id))).rowcount
        if not n:
            raise NotFoundError("no such document")
        self.emit(meeting_id, EventKind.DOCUMENT_REMOVED, {"document_id": document_id})

    def add_blob(self, sha: str, size: int, pages: int, uploaded_by: str, *,
                 title: str = "") -> None:
        """Record checked bytes (``title``: the PDF's own, already made fit to show)."""
        if self.blob(sha) is None:
            self.conn.execute(insert(t.blobs).values(
                sha256=sha, size=size, pages=pages, uploaded_by=uploaded_by, created_at=self.now,
                title=title))
        self.grant_blob(sha, uploaded_by)

    def grant_blob(self, sha: str, user_id: str) -> None:
        """Record that ``user_id`` uploaded the bytes of ``sha`` (idempotent)."""
        exists = self.conn.execute(select(t.blob_grants.c.sha256).where(and_(
            t.blob_grants.c.sha256 == sha, t.blob_grants.c.user_id == user_id))).first()
        if exists is None:
            self.conn.execute(insert(t.blob_grants).values(sha256=sha, user_id=user_id,
                                                           created_at=self.now))

    def may_read_blob(self, user: User, sha: str) -> bool:
        """Admins; whoever uploaded these bytes; anyone who can see a meeting holding them."""
        if self.blob(sha) is None:
            return False
        if user.role is Role.ADMIN or self._granted(user, sha):
            return True
        return any(access.can_view(user, self.meeting(mid), self.participant_ids(mid))
                   for mid in self._meetings_holding(sha))

    def blobs_readable_with(self, user: User, sha: str) -> frozenset[str]:
        """Nothing if ``user`` may not read ``sha`` (:meth:`may_read_blob`); else ``sha``
        and the blobs readable on the same grounds: every document and minutes file of
        each meeting holding ``sha`` that the user can see. A device fetching a meeting's
        pack is then checked once per meeting, not once per document."""
        if self.blob(sha) is None:
            return frozenset()
        found = {sha} if user.role is Role.ADMIN or self._granted(user, sha) else set()
        for mid in self._meetings_holding(sha):
            if access.can_view(user, self.meeting(mid), self.participant_ids(mid)):
                found |= self._meeting_blobs(mid)
        return frozenset(found) if sha in found else frozenset()

    def _granted(self, user: User, sha: str) -> bool:
        return self.conn.execute(select(t.blob_grants.c.sha256).where(and_(
            t.blob_grants.c.sha256 == sha, t.blob_grants.c.user_id == user.id))).first() \
            is not None

    def _meetings_holding(self, sha: str) -> set[str]:
        """Meetings with ``sha`` as a document (any version) or as their minutes file."""
        mids = {r[0] for r in self.conn.execute(
            select(t.documents.c.meeting_id).where(t.documents.c.sha256 == sha).distinct())}
        return mids | {r[0] for r in self.conn.execute(
            select(t.minutes.c.meeting_id).where(or_(t.minutes.c.pdf_sha256 == sha,
                                                     t.minutes.c.signed_sha256 == sha)))}

    def _meeting_blobs(self, mid: str) -> set[str]:
        """The stored blobs a meeting holds: its documents (every version) and the files
        of its minutes."""
        found = {r[0] for r in self.conn.execute(
            select(t.documents.c.sha256).join(t.blobs, t.blobs.c.sha256 == t.documents.c.sha256)
            .where(t.documents.c.meeting_id == mid))}
        for row in self.conn.execute(select(t.minutes.c.pdf_sha256, t.minutes.c.signed_sha256)
                                     .where(t.minutes.c.meeting_id == mid)):
            found |= {v for v in row if v is not None and self.blob(v) is not None}
        return found

    def meetings_sharing_blob(self, user: User, sha: str) -> list[str]:
        """The meetings ``user`` may see that hold ``sha`` as a document (peers share only
        within these), in id order."""
        mids = [r[0] for r in self.conn.execute(
            select(t.documents.c.meeting_id).where(t.documents.c.sha256 == sha)
            .distinct().order_by(t.documents.c.meeting_id))]
        return [mid for mid in mids
                if access.can_view(user, self.meeting(mid), self.participant_ids(mid))]

    def add_user(self, *, username: str, display_name: str, role: Role,
                 password_hash: str) -> User:
        exists = self.conn.execute(select(t.users.c.id)
                                   .where(t.users.c.username == username)).first()
        if exists:
            raise ConflictError(f"user {username!r} already exists")
        uid = new_id()
        self.conn.execute(insert(t.users).values(
            id=uid, username=username, display_name=display_name, role=role.value,
            password_hash=password_hash, disabled=False, created_at=self.now))
        return User(id=uid, username=username, display_name=display_name, role=role)


class ServerStore:
    """Repository over the server database. Methods are blocking; the server calls them
    from its single database thread."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time,
                 opened: Opened | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.opened = opened
        """What opening did to the schema (created, upgraded, backed up), if ``open`` ran."""

    @classmethod
    def open(cls, url: str, *, policy: UpgradePolicy,
             clock: Callable[[], float] = time.time) -> ServerStore:
        """The store on ``url`` once its schema is at this release's head: a new database
        is created; an older one is backed up and upgraded, or refused, per ``policy``
        (see ``storage/upgrade.py``); a newer or damaged one is refused unchanged."""
        opened = open_schema(url, SERVER_SCHEMA, policy=policy, clock=clock)
        return cls(make_engine(url), clock=clock, opened=opened)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self.engine.begin() as conn:
            yield Tx(conn, self.clock())

    def truncate_wal(self) -> None:
        """SQLite: move the WAL into the database file and truncate it to nothing (a
        no-op elsewhere); a busy reader may leave it for the next checkpoint."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def read(self, fn: Callable[[Tx], T]) -> T:
        with self.engine.connect() as conn:
            return fn(Tx(conn, self.clock()))

    # -- idempotent commands -----------------------------------------------------
    def run_command(self, user_id: str, request_id: str, mtype: str,
                    fn: Callable[[Tx], Mapping[str, object]]
                    ) -> tuple[Mapping[str, object], list[MeetingEvent], bool]:
        """Apply ``fn`` once per (user, request id); a repeat returns the stored result.

        Returns (result, new events, replayed). The request row commits in the same
        transaction as the change, so an acknowledged command is durable and unique.
        """
        with self.engine.begin() as conn:
            tx = Tx(conn, self.clock())
            prev = conn.execute(select(t.requests.c.result, t.requests.c.type).where(and_(
                t.requests.c.user_id == user_id, t.requests.c.request_id == request_id))).first()
            if prev is not None:
                if prev.type != mtype:
                    raise ConflictError("request id was already used for another command")
                return json.loads(prev.result), [], True
            result = fn(tx)
            conn.execute(insert(t.requests).values(
                user_id=user_id, request_id=request_id, type=mtype,
                result=json.dumps(result, ensure_ascii=False), created_at=tx.now))
            return result, tx.events, False

    # -- users and sessions ------------------------------------------------------
    def user_credentials(self, username: str) -> tuple[User, str, bool] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
        if row is None:
            return None
        return _user(row), row.password_hash, bool(row.disabled)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.id == user_id)
                         .values(password_hash=password_hash))

    def list_users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.users).where(t.users.c.disabled.is_(False))
                                .order_by(t.users.c.display_name))
            return [_user(r) for r in rows]

    def user_by_username(self, username: str) -> User:
        found = self.user_credentials(username)
        if found is None:
            raise NotFoundError(f"no user named {username!r}")
        return found[0]

    def prune_sessions(self) -> int:
        """Delete expired sessions; returns how many."""
        with self.engine.begin() as conn:
            return int(conn.execute(delete(t.sessions)
                                    .where(t.sessions.c.expires_at < self.clock())).rowcount)

    def create_session(self, token_hash: str, user_id: str, expires_at: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < self.clock()))
            conn.execute(insert(t.sessions).values(
                token_hash=token_hash, user_id=user_id, created_at=self.clock(),
                expires_at=expires_at))

    def session_user(self, token_hash: str) -> tuple[User, float] | None:
        """(user, expires_at) of a live session; None if unknown, expired or disabled."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.users, t.sessions.c.expires_at)
                .join(t.sessions, t.sessions.c.user_id == t.users.c.id)
                .where(t.sessions.c.token_hash == token_hash)).first()
        if row is None or row.expires_at < self.clock() or row.disabled:
            return None
        return _user(row), float(row.expires_at)

    def end_sessions(self, user_id: str) -> int:
        """Log a user out everywhere (password changed, account disabled)."""
        with self.engine.begin() as conn:
            return int(conn.execute(delete(t.sessions)
                                    .where(t.sessions.c.user_id == user_id)).rowcount)

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.id == user_id)
                         .values(disabled=disabled))

    def delete_session(self, token_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.token_hash == token_hash))

    # -- meetings ----------------------------------------------------------------
    def all_meetings(self) -> list[tuple[Meeting, int, frozenset[str]]]:
        """Every meeting with its revision and participant ids."""
        with self.engine.connect() as conn:
            parts: dict[str, set[str]] = {}
            for r in conn.execute(select(t.participants.c.meeting_id, t.participants.c.user_id)):
                parts.setdefault(r[0], set()).add(r[1])
            rows = conn.execute(select(t.meetings).order_by(t.meetings.c.starts_at))
            return [(_meeting(r), int(r.rev), frozenset(parts.get(r.id, ()))) for r in rows]

    def events_since(self, meeting_id: str, rev: int, limit: int) -> list[MeetingEvent] | None:
        """Events after ``rev`` in order, or None if more than ``limit`` (send a snapshot)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.events).where(and_(t.events.c.meeting_id == meeting_id,
                                            t.events.c.rev > rev))
                .order_by(t.events.c.rev).limit(limit + 1)).all()
        if len(rows) > limit:
            return None
        return [MeetingEvent(meeting_id=r.meeting_id, rev=r.rev, kind=EventKind(r.kind),
                             data=json.loads(r.data)) for r in rows]

    def max_seq(self) -> int:
        with self.engine.connect() as conn:
            q = select(func.coalesce(func.max(t.events.c.seq), 0))
            return int(conn.execute(q).scalar_one())

    def events_after_seq(self, seq: int) -> list[tuple[int, MeetingEvent]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.events).where(t.events.c.seq > seq)
                                .order_by(t.events.c.seq).limit(5000)).all()
        return [(r.seq, MeetingEvent(meeting_id=r.meeting_id, rev=r.rev, kind=EventKind(r.kind),
                                     data=json.loads(r.data))) for r in rows]

    # -- trusted roots (signature validation) ------------------------------------------
    def add_trust_roots(self, roots: Sequence[tuple[TrustRoot, bytes]]) -> None:
        """Trust these root certificates (metadata, DER bytes), all or none;
        ConflictError(reason="already_trusted") if one of them is."""
        with self.engine.begin() as conn:
            for root, der in roots:
                exists = conn.execute(select(t.trust_roots.c.fingerprint).where(
                    t.trust_roots.c.fingerprint == root.fingerprint)).first()
                if exists is not None:
                    raise ConflictError(f"{root.subject} ({root.fingerprint}) is already "
                                        "trusted", reason="already_trusted")
                conn.execute(insert(t.trust_roots).values(
                    fingerprint=root.fingerprint, label=root.label, subject=root.subject,
                    not_after=root.not_after, der=der, added_at=self.clock()))

    def list_trust_roots(self) -> list[TrustRoot]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.trust_roots).order_by(t.trust_roots.c.label,
                                                               t.trust_roots.c.fingerprint))
            return [TrustRoot(fingerprint=r.fingerprint, label=r.label, subject=r.subject,
                              not_after=r.not_after) for r in rows]

    def remove_trust_root(self, fingerprint: str) -> None:
        with self.engine.begin() as conn:
            n = conn.execute(delete(t.trust_roots)
                             .where(t.trust_roots.c.fingerprint == fingerprint)).rowcount
        if not n:
            raise NotFoundError(f"no trusted certificate with fingerprint {fingerprint}")

    def trust_roots(self) -> tuple[bytes, ...]:
        """The DER bytes of every trusted root, for the signature validator."""
        with self.engine.connect() as conn:
            return tuple(bytes(r[0]) for r in conn.execute(
                select(t.trust_roots.c.der).order_by(t.trust_roots.c.fingerprint)))

    def meetings_with_blob(self, sha: str) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.documents.c.meeting_id)
                                .where(t.documents.c.sha256 == sha).distinct())
            return [r[0] for r in rows]

    def blob_info(self, sha: str) -> tuple[int, int, str] | None:
        """(size, pages, uploaded_by) of an accepted blob."""
        with self.engine.connect() as conn:
            r = conn.execute(select(t.blobs.c.size, t.blobs.c.pages, t.blobs.c.uploaded_by)
                             .where(t.blobs.c.sha256 == sha)).first()
        return None if r is None else (int(r[0]), int(r[1]), str(r[2]))
