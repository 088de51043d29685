"""The minutes through real sync engines: live status, catch-up, draft reads, minutes PDFs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from meetingroom.domain.minutes import MinutesFile, MinutesState, SignedMinutes
from meetingroom.domain.signatures import SignatureReport
from meetingroom.errors import ForbiddenError
from meetingroom.pdf.samples import make_document
from meetingroom.sync import events as ev


def _login(engine: Any, room: Any, name: str) -> None:
    engine.login(room.url, name, room.password(name), remember=True).result(20)


def _minutes_state(mid: str, state: MinutesState, versions: int) -> Any:
    return lambda e: (isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid
                      and e.snapshot.minutes is not None
                      and e.snapshot.minutes.state is state
                      and e.snapshot.minutes.latest_version == versions)


def test_status_reaches_a_second_client_live_and_the_writer_reads_the_text(
        room: Any, engines: Any) -> None:
    m = room.published_meeting()
    mid = m["meeting_id"]
    delegate, drec = engines("d")
    secretary, srec = engines("s")
    _login(delegate, room, "delegate")
    _login(secretary, room, "secretary")
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    srec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    res = secretary.command("minutes.save", {"meeting_id": mid, "html": "<p>Kết luận</p>",
                                             "base_version": 0}).result(20)
    assert res["version"] == 1
    seen = drec.wait_for(_minutes_state(mid, MinutesState.DRAFT, 1))
    assert seen.snapshot.minutes.versions[0].author_name == "Secretary"
    assert [c.kind.value for c in seen.events] == ["minutes.updated"]
    version = secretary.minutes_get(mid).result(20)
    assert (version.info.number, version.html) == (1, "<p>Kết luận</p>")
    with pytest.raises(ForbiddenError):
        delegate.minutes_get(mid).result(20)


def test_a_reconnecting_client_catches_up_the_minutes_status(
        room: Any, engines: Any, tmp_path: Path) -> None:
    m = room.published_meeting()
    mid = m["meeting_id"]
    data = tmp_path / "tablet"
    delegate, drec = engines("d1", data_dir=data)
    _login(delegate, room, "delegate")
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    rev_before = delegate.snapshot(mid).rev
    delegate.stop()
    secretary, _ = engines("s")
    _login(secretary, room, "secretary")
    secretary.command("minutes.save", {"meeting_id": mid, "html": "<p>a</p>",
                                       "base_version": 0}).result(20)
    secretary.command("minutes.submit", {"meeting_id": mid}).result(20)
    again, rec = engines("d2", data_dir=data)
    again.resume().result(20)
    caught = rec.wait_for(_minutes_state(mid, MinutesState.IN_REVIEW, 1))
    # caught up through the two missed events, not a fresh snapshot
    assert [c.rev for c in caught.events] == [rev_before + 1, rev_before + 2]
    assert again.snapshot(mid).minutes.state is MinutesState.IN_REVIEW


def _accepted_blob(room: Any, pdf: Path) -> MinutesFile:
    """Put a PDF into the server's blob store as an accepted upload would."""
    sha = room.admin.blobs.put_file(pdf)
    size = pdf.stat().st_size
    with room.admin.store.transaction() as tx:
        tx.add_blob(sha, size, 1, "system")
    return MinutesFile(sha256=sha, size=size, pages=1)


def test_minutes_pdfs_are_downloaded_for_participants_and_hidden_from_others(
        room: Any, engines: Any, tmp_path: Path) -> None:
    m = room.published_meeting()
    mid = m["meeting_id"]
    secretary, _ = engines("s")
    _login(secretary, room, "secretary")
    secretary.command("minutes.save", {"meeting_id": mid, "html": "<p>x</p>",
                                       "base_version": 0}).result(20)
    # the finalise and sign-upload steps are the integrator's; record their outcome directly
    final = _accepted_blob(room, make_document(tmp_path / "final.pdf", title="Biên bản",
                                               pages=1, seed=7))
    signed = _accepted_blob(room, make_document(tmp_path / "signed.pdf", title="Đã ký",
                                                pages=1, seed=8))
    with room.admin.store.transaction() as tx:
        assert tx.set_minutes_pdf(mid, final).state is MinutesState.FINAL
    report = SignatureReport(signatures=(), error="storage test: not a validation result")
    with room.admin.store.transaction() as tx:
        status = tx.set_signed_minutes(mid, SignedMinutes(
            file=signed, report=report, uploaded_by=room.users["chair"].id,
            uploaded_at="2026-12-01T10:00:00+00:00"))
    assert status.state is MinutesState.SIGNED and status.pdf == final
    delegate, drec = engines("d")
    _login(delegate, room, "delegate")
    for f in (final, signed):
        drec.wait_for(lambda e, f=f: isinstance(e, ev.DocumentAvailable)
                      and e.sha256 == f.sha256)
        path = delegate.document_path(f.sha256)
        assert path is not None and path.stat().st_size == f.size
    snap = delegate.snapshot(mid)
    assert snap.minutes.signed is not None and snap.minutes.signed.report == report
    with connect(room.url, compression=None) as ws:  # an outsider cannot read them
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
            "username": "outsider", "password": room.password("outsider")}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "result"
        ws.send(json.dumps({"v": 1, "type": "blob.get", "id": "g", "body": {
            "sha256": final.sha256, "offset": 0, "length": 1024}}))
        answer = json.loads(ws.recv(timeout=10))
        assert (answer["re"], answer["code"]) == ("g", "not_found")
