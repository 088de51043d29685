"""Notes backed up under the user's account: private to the author on every device, shared
notes seen by everyone, deletions and un-sharing reach the others, offline edits kept."""

from __future__ import annotations

import json
from typing import Any

from test_minutes_commands import client

from meetingroom.domain.notes import Note, NoteKind, Point, Rect, Stroke
from meetingroom.sync import events as ev

PARTICIPANTS = ("secretary", "delegate", "delegate2")


def _note(note_id: str, sha: str, author: str, *, shared: bool = False, at: int = 1,
          text: str = "") -> Note:
    stroke = Stroke((Point(50, 60, 0.7), Point(120, 90, 0.9)), 3.0, "#d00000")
    kind = NoteKind.STICKY if text else NoteKind.INK
    extra: dict[str, Any] = ({"rect": Rect(40, 40, 60, 60), "text": text} if text
                             else {"strokes": (stroke,)})
    return Note(id=note_id, document_sha256=sha, page=0, kind=kind, color="#d00000",
                created_at=1_764_000_000_000, updated_at=1_764_000_000_000 + at,
                author_id=author, shared=shared, **extra)


def _login(engines: Any, name: str, room: Any, **kw: Any) -> tuple[Any, Any]:
    eng, rec = engines(name, **kw)
    eng.login(room.url, name, room.password(name), remember=False).result(20)
    return eng, rec


def test_private_notes_follow_the_author_and_nobody_else(room: Any, engines: Any,
                                                        tmp_path: Any) -> None:
    m = room.published_meeting(participants=PARTICIPANTS)
    mid, sha = m["meeting_id"], m["document"].sha256
    me = room.users["delegate"].id
    tablet, rec = _login(engines, "delegate", room)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    ink = _note("n-ink-1", sha, me)
    tablet.notes.save(mid, ink).result(10)
    assert tablet.notes.visible(mid) == [ink]  # stored locally at once
    other, orec = _login(engines, "delegate2", room)
    orec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    # the same user on a second tablet gets it from the server
    laptop, lrec = engines("delegate-laptop")
    laptop.login(room.url, "delegate", room.password("delegate"), remember=False).result(20)
    lrec.wait_for(lambda e: isinstance(e, ev.NotesChanged) and laptop.notes.visible(mid) == [ink])
    # a second user never receives it: not by listing, not by a push
    with client(room, "delegate2") as raw:
        listed = raw.ok("notes.list", {"meeting_id": mid, "since": 0})
        assert listed["notes"] == [] and listed["gone"] == []
        assert raw.err("notes.put", {"meeting_id": mid, "note": ink.to_dict()}) == (
            "forbidden", "not_yours")
    assert other.notes.visible(mid) == []
    assert not any(isinstance(e, ev.NotesChanged) for e in orec.events)


def test_shared_notes_reach_everyone_and_unsharing_or_deleting_takes_them_back(
        room: Any, engines: Any) -> None:
    m = room.published_meeting(participants=PARTICIPANTS)
    mid, sha = m["meeting_id"], m["document"].sha256
    sec_id = room.users["secretary"].id
    sec, srec = _login(engines, "secretary", room)
    srec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    dele, drec = _login(engines, "delegate", room)
    drec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    marking = _note("n-sec-1", sha, sec_id, shared=True, text="Lưu ý: số liệu quý III")
    sec.notes.save(mid, marking).result(10)
    drec.wait_for(lambda e: isinstance(e, ev.NotesChanged) and dele.notes.visible(mid) == [marking])
    # made private again: gone from the others
    private = _note("n-sec-1", sha, sec_id, shared=False, at=2, text="Lưu ý: số liệu quý III")
    drec.clear()
    sec.notes.save(mid, private).result(10)
    drec.wait_for(lambda e: isinstance(e, ev.NotesChanged) and dele.notes.visible(mid) == [])
    assert sec.notes.visible(mid) == [private]
    # shared again, then deleted: gone everywhere, and the server keeps no content
    shared = _note("n-sec-1", sha, sec_id, shared=True, at=3, text="Lưu ý: số liệu quý III")
    sec.notes.save(mid, shared).result(10)
    drec.wait_for(lambda e: isinstance(e, ev.NotesChanged) and dele.notes.visible(mid) == [shared])
    sec.notes.delete(mid, "n-sec-1", shared.updated_at + 1).result(10)
    drec.wait_for(lambda e: isinstance(e, ev.NotesChanged) and dele.notes.visible(mid) == [])
    srec.wait_for(lambda _e: sec.notes.visible(mid) == [] and not sec.cache.note_rows(
        mid, dirty_only=True))
    import sqlite3
    db = sqlite3.connect(room.data_dir / "server.sqlite")
    try:
        assert db.execute("SELECT deleted, data FROM notes WHERE id = 'n-sec-1'"
                          ).fetchone() == (1, "")
    finally:
        db.close()


def test_a_note_drawn_offline_is_kept_and_backed_up_later(room: Any, engines: Any) -> None:
    m = room.published_meeting(participants=PARTICIPANTS)
    mid, sha = m["meeting_id"], m["document"].sha256
    me = room.users["delegate"].id
    tablet, rec = _login(engines, "delegate", room)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    room.thread.stop()
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is not ev.ConnectionState.ONLINE)
    ink = _note("n-off-1", sha, me, at=5)
    tablet.notes.save(mid, ink).result(10)
    assert [r.dirty for r in tablet.cache.note_rows(mid)] == [True]
    room.thread.start()
    rec.wait_for(lambda _e: not tablet.cache.note_rows(mid, dirty_only=True), timeout=30)
    with client(room, "delegate") as raw:
        listed = raw.ok("notes.list", {"meeting_id": mid, "since": 0})
    assert [Note.from_dict(n) for n in listed["notes"]] == [ink]
    # an older version arriving late does not overwrite the newer one
    with client(room, "delegate") as raw:
        older = json.loads(json.dumps(_note("n-off-1", sha, me, at=1).to_dict()))
        assert raw.ok("notes.put", {"meeting_id": mid, "note": older})["kept"] == "newer"
