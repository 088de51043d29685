"""A secretary replaces a document with a new version: the old one stays readable, and each
delegate's notes are carried to the new version where their text still is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pymupdf
from notes_fixtures import (
    OTHER,
    PARAGRAPH,
    PHRASE,
    PageSpec,
    highlight_note,
    ink_note,
    make_pdf,
    phrase_rects,
    sha256_of,
)
from test_minutes_commands import client

from meetingroom.domain.model import MeetingSnapshot
from meetingroom.pdf.anchors import anchor_for_selection
from meetingroom.pdf.carry import carried_id
from meetingroom.sync import events as ev

PARTICIPANTS = ("secretary", "delegate", "delegate2")
GONE = "hạn chế tối đa việc điều chuyển vốn giữa các dự án"


def _meeting(room: Any, tmp_path: Path) -> tuple[str, str, Path]:
    v1 = make_pdf(tmp_path / "v1.pdf", [
        OTHER, PARAGRAPH + " Đề nghị " + GONE + ".", OTHER + " Trang cuối."])
    mid = room.admin.create_meeting("Kỳ họp thứ 13", location="Hội trường B",
                                    starts_at="2026-12-02T08:00",
                                    created_by=room.users["secretary"].id)
    room.admin.set_participants(mid, list(PARTICIPANTS))
    item = room.admin.add_item(mid, "Báo cáo giải ngân vốn đầu tư công")
    doc = room.admin.attach(mid, item.id, v1, name="bao-cao-giai-ngan.pdf")
    room.admin.publish(mid)
    return mid, doc.id, v1


def _v2(tmp_path: Path) -> Path:
    """A new first page; the paragraph moved to page 3 and re-wrapped; GONE deleted."""
    return make_pdf(tmp_path / "v2.pdf", [
        "Trang bìa mới: báo cáo bổ sung.", OTHER,
        PageSpec("Phần mở đầu mới. " + PARAGRAPH, width=300, top=200),
        OTHER + " Trang cuối."])


def _login(engines: Any, name: str, room: Any, *, as_user: str | None = None) -> Any:
    eng, rec = engines(name)
    eng.login(room.url, as_user or name, room.password(as_user or name),
              remember=False).result(20)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    return eng, rec


def _snap(eng: Any, mid: str) -> MeetingSnapshot:
    snap = eng.meetings.snapshot(mid)
    assert snap is not None
    return snap


def test_replacing_keeps_the_old_version_and_carries_the_notes(
        room: Any, engines: Any, tmp_path: Path) -> None:
    mid, doc_id, v1 = _meeting(room, tmp_path)
    v2 = _v2(tmp_path)
    sha1, sha2 = sha256_of(v1), sha256_of(v2)
    me = room.users["delegate"].id
    tablet, rec = _login(engines, "delegate", room)
    rec.wait_for(lambda _e: tablet.documents.ready_path(sha1) is not None)
    with pymupdf.open(v1) as doc:
        kept = anchor_for_selection(doc[1], phrase_rects(v1, 1))
        lost = anchor_for_selection(doc[1], phrase_rects(v1, 1, GONE))
    highlight = replace(highlight_note("h-kept", sha1, 1, kept, text="Hỏi Sở Tài chính"),
                        author_id=me)
    doomed = replace(highlight_note("h-lost", sha1, 1, lost), author_id=me)
    ink = replace(ink_note("ink-p1", sha1, 0, [(100, 100), (200, 150)]), author_id=me)
    for n in (highlight, doomed, ink):
        tablet.notes.save(mid, n).result(10)
    other, _orec = _login(engines, "delegate2", room)

    secretary, _srec = _login(engines, "secretary", room)
    new = secretary.uploads.document(mid, "", v2, name="bao-cao-giai-ngan.pdf",
                                     replaces=doc_id).result(30)
    assert (new.version, new.replaces, new.sha256) == (2, doc_id, sha2)

    # every client sees two versions: the new one current, the old one still there
    rec.wait_for(lambda e: isinstance(e, ev.NotesCarried) and e.document_id == new.id,
                 timeout=60)
    snap = _snap(tablet, mid)
    old = snap.document(doc_id)
    assert old is not None and old.replaced_by == new.id and not old.current
    assert [d.id for d in snap.documents_of(new.item_id)] == [new.id]
    assert [d.id for d in snap.versions_of(old)] == [doc_id, new.id]
    assert tablet.documents.ready_path(sha1) is not None  # the old version stays readable

    # the highlight moved to page index 2 (the same words), the ink on the unchanged page
    # came along (to page 2), the highlight of the deleted sentence is listed as unplaced
    carried = {n.id: n for n in tablet.notes.visible(mid, sha2)}
    assert set(carried) == {carried_id("h-kept", sha2), carried_id("ink-p1", sha2)}
    moved = carried[carried_id("h-kept", sha2)]
    assert moved.page == 2 and moved.anchor is not None and moved.anchor.quote == PHRASE
    assert moved.text == "Hỏi Sở Tài chính" and moved.author_id == me
    assert carried[carried_id("ink-p1", sha2)].page == 1
    outcome = tablet.notes.carry.outcome(new.id)
    assert outcome is not None and outcome.from_document_id == doc_id
    assert outcome.unplaced == ("h-lost",) and outcome.error == ""
    assert {n.id for n in tablet.notes.visible(mid, sha1)} == {"h-kept", "h-lost", "ink-p1"}

    # backed up under the author's account only
    rec.wait_for(lambda _e: not tablet.cache.note_rows(mid, dirty_only=True))
    with client(room, "delegate") as raw:
        listed = raw.ok("notes.list", {"meeting_id": mid, "since": 0})
    assert {n["id"] for n in listed["notes"]} >= set(carried)
    with client(room, "delegate2") as raw:
        assert raw.ok("notes.list", {"meeting_id": mid, "since": 0})["notes"] == []
    assert other.notes.visible(mid) == []
    assert other.notes.carry.outcome(new.id) in (None, type(outcome)(doc_id, (), (), ()))


def test_a_deleted_carried_note_is_not_carried_again_on_another_tablet(
        room: Any, engines: Any, tmp_path: Path) -> None:
    mid, doc_id, v1 = _meeting(room, tmp_path)
    v2 = _v2(tmp_path)
    sha1, sha2 = sha256_of(v1), sha256_of(v2)
    me = room.users["delegate"].id
    tablet, rec = _login(engines, "delegate", room)
    with pymupdf.open(v1) as doc:
        kept = anchor_for_selection(doc[1], phrase_rects(v1, 1))
    tablet.notes.save(mid, replace(highlight_note("h-kept", sha1, 1, kept),
                                   author_id=me)).result(10)
    rec.wait_for(lambda _e: not tablet.cache.note_rows(mid, dirty_only=True))
    secretary, _srec = _login(engines, "secretary", room)
    new = secretary.uploads.document(mid, "", v2, name="v2.pdf", replaces=doc_id).result(30)
    cid = carried_id("h-kept", sha2)
    rec.wait_for(lambda _e: [n.id for n in tablet.notes.visible(mid, sha2)] == [cid], timeout=60)
    # the delegate removes the carried copy on the tablet; it stays removed
    copy = tablet.notes.visible(mid, sha2)[0]
    tablet.notes.delete(mid, cid, copy.updated_at + 10).result(10)
    rec.wait_for(lambda _e: not tablet.cache.note_rows(mid, dirty_only=True))
    # a laptop of the same delegate carries the old note itself — and learns it was deleted
    laptop, lrec = _login(engines, "delegate-laptop", room, as_user="delegate")
    lrec.wait_for(lambda e: isinstance(e, ev.NotesCarried) and e.document_id == new.id,
                  timeout=60)
    lrec.wait_for(lambda _e: not laptop.cache.note_rows(mid, dirty_only=True))
    assert laptop.notes.visible(mid, sha2) == []
    assert [n.id for n in laptop.notes.visible(mid, sha1)] == ["h-kept"]
    assert tablet.notes.visible(mid, sha2) == []


def test_replace_is_refused_for_delegates_stale_versions_and_the_same_file(
        room: Any, tmp_path: Path) -> None:
    mid, doc_id, v1 = _meeting(room, tmp_path)
    v2 = _v2(tmp_path)
    snap = room.admin.store.read(lambda tx: tx.snapshot(mid))
    item_id = snap.documents[0].item_id
    other = room.admin.attach(mid, item_id, v2, name="phu-luc.pdf")  # puts v2's bytes there
    body = {"meeting_id": mid, "document_id": doc_id, "sha256": other.sha256}
    with client(room, "delegate") as dele:
        assert dele.err("document.replace", body)[0] == "forbidden"
    with client(room, "secretary") as sec:
        assert sec.err("document.replace", body | {"sha256": sha256_of(v1)}) == (
            "conflict", "unchanged")
        assert sec.err("document.replace", body | {"sha256": "0" * 64})[0] == "not_found"
        new = sec.ok("document.replace", body)["document"]
        assert (new["version"], new["replaces"], new["name"]) == (2, doc_id,
                                                                  "bao-cao-giai-ngan.pdf")
        assert sec.err("document.replace", body) == ("conflict", "stale")
        # removing the document removes every version of it
        gone = sec.ok("document.remove", {"meeting_id": mid, "document_id": new["id"]})
        assert sorted(gone["versions"]) == sorted([doc_id, new["id"]])
    after = room.admin.store.read(lambda tx: tx.snapshot(mid))
    assert [d.id for d in after.documents] == [other.id]


def test_a_note_deleted_before_it_was_backed_up_stays_deleted(room: Any, tmp_path: Path
                                                               ) -> None:
    """A tablet may delete a carried note before pushing it; the server still keeps the
    deletion, so the same note carried by another tablet is refused as older."""
    mid, _doc_id, v1 = _meeting(room, tmp_path)
    sha1 = sha256_of(v1)
    me = room.users["delegate"].id
    note = replace(ink_note("never-pushed", sha1, 0, [(100, 100), (200, 150)]), author_id=me)
    with client(room, "delegate") as raw:
        raw.ok("notes.delete", {"meeting_id": mid, "note_id": note.id,
                                "updated_at": note.updated_at + 10})
        answer = raw.ok("notes.put", {"meeting_id": mid, "note": note.to_dict()})
        assert (answer["kept"], answer["deleted"]) == ("newer", True)
        assert raw.ok("notes.list", {"meeting_id": mid, "since": 0})["notes"] == []
        assert raw.err("notes.delete", {"meeting_id": mid, "note_id": "../x",
                                        "updated_at": 1})[0] == "bad_request"
    with client(room, "delegate2") as other:  # nobody else can take the id over
        theirs = replace(note, author_id=room.users["delegate2"].id,
                         updated_at=note.updated_at + 20)
        assert other.err("notes.put", {"meeting_id": mid, "note": theirs.to_dict()}) == (
            "forbidden", "not_yours")
