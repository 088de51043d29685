"""The sync engine against a real server: login, listing, downloads, offline, reconnect."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from meetingroom.errors import AuthError
from meetingroom.protocol import requests as rq
from meetingroom.sync import events as ev


def _login(engine: Any, room: Any, name: str, *, remember: bool = True) -> Any:
    return engine.login(room.url, name, room.password(name), remember=remember).result(20)


def _has_doc(sha: str) -> Any:
    return lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == sha


def test_wrong_password_gives_clear_error_and_stores_no_token(room: Any, engines: Any,
                                                              file_keyring: Any) -> None:
    engine, _rec = engines("d")
    with pytest.raises(AuthError) as info:
        engine.login(room.url, "delegate", "not-the-password", remember=True).result(20)
    assert "wrong username or password" in str(info.value)
    assert file_keyring._load() == {}
    assert engine.user is None
    assert engine.state is ev.ConnectionState.LOGGED_OUT


def test_participant_receives_meeting_and_verified_document(room: Any, engines: Any,
                                                            file_keyring: Any) -> None:
    m = room.published_meeting()
    engine, rec = engines("d")
    user = _login(engine, room, "delegate")
    assert user.username == "delegate"
    assert len(file_keyring._load()) == 1  # remembered token, in the keyring only
    rec.wait_for(_has_doc(m["document"].sha256))
    path = engine.documents.verified_path(m["document"].sha256)
    assert path is not None
    assert path.read_bytes() == Path(m["pdf"]).read_bytes()
    snap = engine.meetings.snapshot(m["meeting_id"])
    assert snap is not None and any(i.title.startswith("Báo cáo") for i in snap.items)
    final = rec.wait_for(lambda e: isinstance(e, ev.SyncProgress) and e.docs_done == 1)
    assert final.done_bytes == final.total_bytes == m["document"].size


def test_non_participant_never_sees_the_meeting(room: Any, engines: Any) -> None:
    secret = room.published_meeting(title="Họp kín")
    own = room.published_meeting(title="Họp của tôi", participants=("secretary", "outsider"))
    engine, rec = engines("o")
    _login(engine, room, "outsider")
    # wait until the meeting the outsider does take part in has arrived in full...
    rec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable)
                 and e.sha256 == own["document"].sha256)
    # ...by then the listing is complete, and the other meeting is not in it
    assert [c.meeting.id for c in engine.meetings.cached()] == [own["meeting_id"]]
    assert engine.meetings.snapshot(secret["meeting_id"]) is None
    assert engine.documents.verified_path(secret["document"].sha256) is None


def test_live_changes_reach_subscribed_delegate(room: Any, engines: Any) -> None:
    m = room.published_meeting()
    delegate, drec = engines("d")
    secretary, _ = engines("s")
    _login(delegate, room, "delegate")
    _login(secretary, room, "secretary")
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated))
    res = secretary.outbox.command(rq.AgendaAdd(meeting_id=m["meeting_id"], title="Mục mới",
                                                parent_id=m["items"][0].id)).result(20)
    assert res["item"]["parent_id"] == m["items"][0].id
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                  and any(i.title == "Mục mới" for i in e.snapshot.items))


def test_delegate_cannot_change_the_agenda(room: Any, engines: Any) -> None:
    from meetingroom.errors import ForbiddenError

    m = room.published_meeting()
    delegate, _ = engines("d")
    _login(delegate, room, "delegate")
    with pytest.raises(ForbiddenError):
        delegate.outbox.command(rq.AgendaAdd(meeting_id=m["meeting_id"], title="x")).result(20)
    assert len(room.admin.store.read(lambda tx: tx.items(m["meeting_id"]))) == 2


def test_offline_since_does_not_creep_while_retrying(room: Any, engines: Any,
                                                     tmp_path: Path) -> None:
    data = tmp_path / "tablet"
    engine, _rec = engines("a", data_dir=data)
    _login(engine, room, "delegate", remember=True)
    engine.stop()
    room.thread.stop()
    engine2, rec2 = engines("b", data_dir=data)
    engine2.resume().result(10)
    for n in range(3):  # three failed attempts
        rec2.wait_for(lambda e, n=n: sum(isinstance(x, ev.ConnectionChanged)
                                         and x.retry_in is not None
                                         for x in rec2.events) > n)
    offline = [e for e in rec2.events if isinstance(e, ev.ConnectionChanged)
               and e.state is ev.ConnectionState.OFFLINE]
    assert len(offline) >= 3
    assert len({e.since for e in offline}) == 1
    assert not any(isinstance(e, ev.ConnectionChanged) and e.state is ev.ConnectionState.CONNECTING
                   for e in rec2.events[rec2.events.index(offline[0]):])


def test_client_starts_offline_from_cache(room: Any, engines: Any, tmp_path: Path) -> None:
    m = room.published_meeting()
    data = tmp_path / "tablet"
    engine, rec = engines("first", data_dir=data)
    _login(engine, room, "delegate", remember=True)
    rec.wait_for(_has_doc(m["document"].sha256))
    engine.stop()
    room.thread.stop()

    engine2, rec2 = engines("second", data_dir=data)
    listed = rec2.wait_for(lambda e: isinstance(e, ev.MeetingsChanged))
    assert [c.meeting.id for c in listed.meetings] == [m["meeting_id"]]
    assert listed.meetings[0].synced_at is not None  # the cache's age is known
    user = engine2.resume().result(10)
    assert user is not None and user.username == "delegate"
    rec2.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                  and e.state is ev.ConnectionState.OFFLINE)
    path = engine2.documents.verified_path(m["document"].sha256)
    assert path is not None and path.read_bytes() == Path(m["pdf"]).read_bytes()


def test_reconnects_and_catches_up_after_server_restart(room: Any, engines: Any) -> None:
    m = room.published_meeting()
    engine, rec = engines("d")
    _login(engine, room, "delegate")
    rec.wait_for(_has_doc(m["document"].sha256))
    room.thread.stop()
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.RECONNECTING)
    item = room.admin.add_item(m["meeting_id"], "Thêm khi máy chủ tắt")  # while down
    rec.clear()
    room.thread.start()  # same port
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.ONLINE)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                 and any(i.id == item.id for i in e.snapshot.items))


def test_corrupt_blob_on_disk_is_detected_and_fetched_again(room: Any, engines: Any) -> None:
    m = room.published_meeting()
    sha = m["document"].sha256
    engine, rec = engines("d")
    _login(engine, room, "delegate")
    rec.wait_for(_has_doc(sha))
    path = engine.blobs.path(sha)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    rec.clear()
    assert engine.documents.verified_path(sha) is None  # detected, never shown
    rec.wait_for(_has_doc(sha))
    fixed = engine.documents.verified_path(sha)
    assert fixed is not None
    assert hashlib.sha256(fixed.read_bytes()).hexdigest() == sha


def test_secretary_uploads_and_attaches_a_pdf(room: Any, engines: Any, tmp_path: Path) -> None:
    from meetingroom.pdf.samples import make_document

    m = room.published_meeting()
    secretary, _ = engines("s")
    delegate, drec = engines("d")
    _login(secretary, room, "secretary")
    _login(delegate, room, "delegate")
    pdf = make_document(tmp_path / "to-trinh.pdf", title="Tờ trình", pages=5, images=True, seed=7)
    doc = secretary.uploads.document(m["meeting_id"], m["items"][1].id, pdf).result(60)
    assert doc.pages == 5 and doc.name == "to-trinh.pdf"
    drec.wait_for(_has_doc(doc.sha256), timeout=30)
    got = delegate.documents.verified_path(doc.sha256)
    assert got is not None and got.read_bytes() == pdf.read_bytes()


def test_upload_of_a_non_pdf_is_refused_and_changes_nothing(room: Any, engines: Any,
                                                            tmp_path: Path) -> None:
    from meetingroom.errors import InvalidDocumentError

    m = room.published_meeting()
    secretary, _ = engines("s")
    _login(secretary, room, "secretary")
    fake = tmp_path / "virus.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is not a pdf" * 100)
    with pytest.raises(InvalidDocumentError):
        secretary.uploads.document(m["meeting_id"], m["items"][1].id, fake).result(60)
    docs = room.admin.store.read(lambda tx: tx.documents(m["meeting_id"]))
    assert len(docs) == 1
    stored = [p.name for p in room.server.blobs.root.glob("??/*")]
    assert stored == [m["document"].sha256]


def test_a_proxy_set_for_the_internet_never_carries_the_room_link(
        room: Any, engines: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A laptop set up with an internet proxy (HTTP_PROXY and friends, which websockets
    would follow) still reaches the room's server directly: at login and on reconnect."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://10.255.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    engine, rec = engines("tablet")
    user = _login(engine, room, "delegate")
    assert user.username == "delegate"
    room.restart()  # the link drops: the engine comes back by itself
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.RECONNECTING)
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.ONLINE and e is not rec.events[0]
                 and any(isinstance(x, ev.ConnectionChanged)
                         and x.state is ev.ConnectionState.RECONNECTING
                         for x in rec.events[:rec.events.index(e)]), timeout=30)
