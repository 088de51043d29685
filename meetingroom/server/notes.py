"""Backing up delegates' notes: private to their author unless shared with the meeting.

Notes are not meeting events: the event log goes to every participant, and a private
note must reach nobody but its author. ``notes.put``/``notes.delete`` are idempotent
commands (last writer wins by the note's own ``updated_at``); ``notes.list`` returns what
changed since a sequence number, filtered per reader. After a change the server sends a
content-free ``notes.changed`` notice to whoever may see it, and they list again.
"""

from __future__ import annotations

import json
from typing import Any

from meetingroom.domain.model import User
from meetingroom.domain.notes import Note, NoteError, check_note_id
from meetingroom.errors import ForbiddenError, NotFoundError, ProtocolError
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import (
    NotesDelete,
    NotesList,
    NotesPut,
)
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx

MAX_LIST = 500
"""Changes per ``notes.list`` answer; the client asks again from the last ``seq``."""


def _readable_shas(tx: Tx, meeting_id: str) -> set[str]:
    shas = {d.sha256 for d in tx.documents(meeting_id)}
    minutes = tx.minutes_status(meeting_id)
    if minutes is not None:
        shas.update(f.sha256 for f in (minutes.pdf, minutes.signed.file if minutes.signed
                                       else None) if f is not None)
    return shas


def notes_put(tx: Tx, user: User, body: NotesPut) -> Reply:
    mid = body.meeting_id
    visible(tx, user, mid)
    try:
        note = Note.from_dict(body.note)
    except NoteError as e:
        raise ProtocolError(f"note: {e}", reason=e.reason) from None
    if note.author_id != user.id:
        raise ForbiddenError("a note is saved by its author only", reason="not_yours")
    existing = tx.note_row(note.id)
    if existing is not None and (existing.author_id != user.id
                                 or existing.meeting_id != mid):
        raise ForbiddenError("a note is saved by its author only", reason="not_yours")
    if note.document_sha256 not in _readable_shas(tx, mid):
        raise NotFoundError("no such document in this meeting")
    if existing is not None and existing.updated_at > note.updated_at:
        # a later edit (or the deletion) already arrived
        return {"seq": existing.seq, "kept": "newer", "deleted": bool(existing.deleted)}
    seq = tx.put_note(mid, note, existing=existing)
    return {"seq": seq, "shared": note.shared or bool(existing and existing.ever_shared)}


def notes_delete(tx: Tx, user: User, body: NotesDelete) -> Reply:
    mid = body.meeting_id
    visible(tx, user, mid)
    try:
        note_id = check_note_id(body.note_id)
    except NoteError as e:
        raise ProtocolError(f"note: {e}", reason=e.reason) from None
    existing = tx.note_row(note_id)
    if existing is None:  # never backed up: remember the deletion all the same
        return {"seq": tx.bury_note(mid, note_id, user.id, body.updated_at),
                "shared": False}
    if existing.meeting_id != mid:
        raise ForbiddenError("a note is deleted by its author only", reason="not_yours")
    if existing.author_id != user.id:
        raise ForbiddenError("a note is deleted by its author only", reason="not_yours")
    if existing.deleted or existing.updated_at > body.updated_at:
        return {"seq": existing.seq, "shared": bool(existing.ever_shared)}
    seq = tx.delete_note(existing.id, body.updated_at)
    return {"seq": seq, "shared": bool(existing.ever_shared)}


def notes_list(tx: Tx, user: User, body: NotesList) -> Reply:
    """``{"notes": [Note], "gone": [note id], "seq": int, "more": bool}`` since ``since``."""
    mid = body.meeting_id
    visible(tx, user, mid)
    rows = tx.notes_since(mid, user.id, body.since, MAX_LIST)
    notes: list[Any] = []
    gone: list[str] = []
    for r in rows:
        if not r.deleted and (r.author_id == user.id or r.shared):
            notes.append(json.loads(r.data))
        else:
            gone.append(r.id)
    seq = rows[-1].seq if rows else body.since
    return {"notes": notes, "gone": gone, "seq": seq, "more": len(rows) == MAX_LIST}
