"""Backed-up notes inside a server transaction (mixed into ``Tx``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from meetingroom.domain.notes import Note
from meetingroom.storage import schema as t


class NotesTx:
    """Reads and writes of ``notes``; the caller (``server/notes.py``) checked access."""

    conn: Connection

    def note_row(self, note_id: str) -> Any:
        return self.conn.execute(select(t.notes).where(t.notes.c.id == note_id)).first()

    def _next_note_seq(self) -> int:
        return int(self.conn.execute(select(func.coalesce(func.max(t.notes.c.seq), 0)))
                   .scalar_one()) + 1

    def put_note(self, meeting_id: str, note: Note, *, existing: Any) -> int:
        """Insert or replace ``note``; returns its new sequence number."""
        seq = self._next_note_seq()
        values = {"meeting_id": meeting_id, "document_sha256": note.document_sha256,
                  "author_id": note.author_id, "shared": note.shared,
                  "ever_shared": note.shared or bool(existing is not None
                                                     and existing.ever_shared),
                  "deleted": False, "updated_at": note.updated_at, "seq": seq,
                  "data": json.dumps(note.to_dict(), ensure_ascii=False,
                                     separators=(",", ":"))}
        if existing is None:
            self.conn.execute(insert(t.notes).values(id=note.id, **values))
        else:
            self.conn.execute(update(t.notes).where(t.notes.c.id == note.id).values(**values))
        return seq

    def delete_note(self, note_id: str, updated_at: int) -> int:
        """Keep a tombstone (no content) so other devices learn of the deletion."""
        seq = self._next_note_seq()
        self.conn.execute(update(t.notes).where(t.notes.c.id == note_id).values(
            deleted=True, shared=False, data="", updated_at=updated_at, seq=seq))
        return seq

    def bury_note(self, meeting_id: str, note_id: str, author_id: str, updated_at: int
                  ) -> int:
        """A tombstone for a note this server never had (deleted on a device before it
        was backed up): a later copy of it from another device is then older than its
        deletion. Carried notes have derived ids, so another device can make the same
        one."""
        seq = self._next_note_seq()
        self.conn.execute(insert(t.notes).values(
            id=note_id, meeting_id=meeting_id, document_sha256="", author_id=author_id,
            shared=False, ever_shared=False, deleted=True, updated_at=updated_at, seq=seq,
            data=""))
        return seq

    def notes_since(self, meeting_id: str, user_id: str, since: int, limit: int
                    ) -> list[Any]:
        """Changes after ``since`` that ``user_id`` may learn of: their own notes, notes
        shared now, and notes that were shared once (to learn they are gone)."""
        n = t.notes
        q = (select(n).where(and_(
            n.c.meeting_id == meeting_id, n.c.seq > since,
            or_(n.c.author_id == user_id, n.c.shared.is_(True), n.c.ever_shared.is_(True))))
            .order_by(n.c.seq).limit(limit))
        return list(self.conn.execute(q))
