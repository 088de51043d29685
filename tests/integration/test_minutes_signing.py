"""Minutes from approval to co-signed PDF through the real server, engines and signer."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from signing_fixtures import PASSPHRASE, Pki, nss_db, pdfsig, qpdf_check, tool, write_p12
from websockets.sync.client import connect

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.domain.signatures import Trust
from meetingroom.errors import ConflictError, ForbiddenError, SignatureInvalidError
from meetingroom.protocol import requests as rq
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.sync import events as ev

HTML = ("<h2>BIÊN BẢN KỲ HỌP</h2><p>Chủ tọa: <b>Nguyễn Thị Hằng</b></p>"
        "<p>Kết luận: thông qua Nghị quyết về kế hoạch đầu tư công năm 2027.</p>")


def _login(engine: Any, room: Any, name: str) -> None:
    engine.login(room.url, name, room.password(name), remember=True).result(20)


def _status(rec: Any, mid: str, state: MinutesState) -> MinutesStatus:
    seen = rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                        and e.snapshot.meeting.id == mid and e.snapshot.minutes is not None
                        and e.snapshot.minutes.state is state)
    status = seen.snapshot.minutes
    assert status is not None
    return status


def _approved(room: Any, engines: Any) -> tuple[str, Any, Any, Any, Any]:
    m = room.published_meeting()
    mid = m["meeting_id"]
    secretary, srec = engines("s")
    chair, crec = engines("c")
    _login(secretary, room, "secretary")
    _login(chair, room, "chair")
    secretary.outbox.command(rq.MinutesSave(meeting_id=mid, html=HTML, base_version=0)).result(20)
    secretary.outbox.command(rq.MinutesSubmit(meeting_id=mid)).result(20)
    _status(crec, mid, MinutesState.IN_REVIEW)
    chair.outbox.command(rq.MinutesReview(
        meeting_id=mid, approve=True, comment="Đồng ý")).result(20)
    _status(srec, mid, MinutesState.APPROVED)
    return mid, secretary, srec, chair, crec


def _file(engine: Any, rec: Any, sha: str) -> Path:
    rec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == sha)
    path = engine.documents.verified_path(sha)
    assert path is not None
    return Path(path)


def _source(pki: Pki, keys_dir: Path, who: str) -> Pkcs12Source:
    identity = pki.ec_signer if who == "secretary" else pki.rsa_signer
    return Pkcs12Source(write_p12(keys_dir / f"{who}.p12", identity, [pki.ca.cert]),
                        PASSPHRASE)


def test_finalise_sign_and_cosign_reach_every_participant_as_valid(
        room: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    mid, secretary, srec, chair, crec = _approved(room, engines)
    room.admin.trust_add(_pem(tmp_path, pki))
    final = secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)
    status = MinutesStatus.from_dict(final["minutes"])
    assert status.state is MinutesState.FINAL and status.pdf is not None
    assert status.pdf.pages >= 1
    final_sha = status.pdf.sha256
    pdf = _file(secretary, srec, final_sha)
    assert pdf.read_bytes().startswith(b"%PDF-")

    first = tmp_path / "signed-1.pdf"
    sign_pdf(pdf, first, _source(pki, keys_dir, "secretary"), StampText(role="Thư ký"))
    status = secretary.minutes.upload_signed(mid, first).result(60)
    assert status.state is MinutesState.SIGNED and status.signed is not None
    report = status.signed.report
    assert report.all_valid and len(report.signatures) == 1
    assert report.signatures[0].trust is Trust.TRUSTED
    assert report.signatures[0].role == "Thư ký"

    # the chair co-signs the file the server now holds
    signed_1 = _file(chair, crec, status.signed.file.sha256)
    second = tmp_path / "signed-2.pdf"
    sign_pdf(signed_1, second, _source(pki, keys_dir, "chair"), StampText(role="Chủ tọa"))
    status = chair.minutes.upload_signed(mid, second).result(60)
    assert status.signed is not None
    names = [s.signer_name for s in status.signed.report.signatures]
    assert names == ["Nguyễn Thị Hằng", "Trần Văn Đức"]
    assert status.signed.report.all_valid
    if tool("pdfsig") and tool("certutil"):  # an independent validator agrees
        out = pdfsig(second, nss_db(tmp_path / "nss", _pem(tmp_path, pki)))
        assert out.count("Signature is Valid.") == 2, out
        assert "Total document signed" in out and "ETSI.CAdES.detached" in out, out
    if tool("qpdf"):
        assert qpdf_check(second).returncode == 0

    delegate, drec = engines("d")
    _login(delegate, room, "delegate")
    got = _file(delegate, drec, status.signed.file.sha256)
    assert got.read_bytes() == second.read_bytes()
    snap = delegate.meetings.snapshot(mid)
    assert snap is not None and snap.minutes is not None and snap.minutes.signed is not None
    assert snap.minutes.signed.report.all_valid
    assert [s.role for s in snap.minutes.signed.report.signatures] == ["Thư ký", "Chủ tọa"]
    # the unsigned PDF reaches the delegate too (its download may finish after the signed
    # one's: waiting on its own event, not asserting at once, which failed on a loaded run)
    assert _file(delegate, drec, final_sha).read_bytes().startswith(b"%PDF-")

    with connect(room.url, compression=None) as ws:  # an outsider cannot read either file
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
            "username": "outsider", "password": room.password("outsider")}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "result"
        for n, sha in enumerate((final_sha, status.signed.file.sha256)):
            ws.send(json.dumps({"v": 1, "type": "blob.get", "id": f"g{n}", "body": {
                "sha256": sha, "offset": 0, "length": 1024}}))
            answer = json.loads(ws.recv(timeout=10))
            assert (answer["re"], answer["code"]) == (f"g{n}", "not_found")


def _pem(tmp_path: Path, pki: Pki) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding

    path = tmp_path / "ca.pem"
    path.write_bytes(pki.ca.cert.public_bytes(Encoding.PEM))
    return path


def test_tampered_or_foreign_signed_files_are_refused_and_change_nothing(
        room: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    mid, secretary, srec, _chair, _crec = _approved(room, engines)
    final = MinutesStatus.from_dict(
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    assert final.pdf is not None
    pdf = _file(secretary, srec, final.pdf.sha256)
    signed = tmp_path / "signed.pdf"
    sign_pdf(pdf, signed, _source(pki, keys_dir, "secretary"), StampText(role="Thư ký"))

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(signed.read_bytes() + b"\n% appended after signing\n")
    with pytest.raises(SignatureInvalidError) as bad:
        secretary.minutes.upload_signed(mid, tampered).result(60)
    assert bad.value.reason == "invalid"

    data = bytearray(signed.read_bytes())
    tail = data.rindex(b"/Contents <") + 40  # a flipped bit inside the signature value
    data[tail] = ord("0") if data[tail] != ord("0") else ord("1")
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    with pytest.raises(SignatureInvalidError):
        secretary.minutes.upload_signed(mid, flipped).result(60)

    other = tmp_path / "other.pdf"  # a validly signed PDF, but not these minutes
    from meetingroom.pdf.samples import make_document

    make_document(tmp_path / "unrelated.pdf", title="Khác", pages=1, seed=3)
    sign_pdf(tmp_path / "unrelated.pdf", other, _source(pki, keys_dir, "secretary"),
             StampText(role="Thư ký"))
    with pytest.raises(SignatureInvalidError) as foreign:
        secretary.minutes.upload_signed(mid, other).result(60)
    assert foreign.value.reason == "not_incremental"

    unsigned_copy = tmp_path / "copy.pdf"  # the final PDF itself adds no signature
    shutil.copy(pdf, unsigned_copy)
    with pytest.raises(SignatureInvalidError):
        secretary.minutes.upload_signed(mid, unsigned_copy).result(60)

    status = secretary.meetings.snapshot(mid).minutes
    assert status is not None and status.state is MinutesState.FINAL and status.signed is None


def test_only_writers_finalise_and_only_signers_upload(
        room: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    mid, secretary, srec, chair, _crec = _approved(room, engines)
    with pytest.raises(ForbiddenError):
        chair.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(30)
    final = MinutesStatus.from_dict(
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    with pytest.raises(ConflictError) as again:  # a second finalise is a state error
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(30)
    assert again.value.reason == "wrong_state"
    assert final.pdf is not None
    pdf = _file(secretary, srec, final.pdf.sha256)
    signed = tmp_path / "signed.pdf"
    sign_pdf(pdf, signed, _source(pki, keys_dir, "secretary"), StampText(role="Thư ký"))
    status = secretary.minutes.upload_signed(mid, signed).result(60)
    sha = status.signed.file.sha256
    assert status.signed.signed_by == (room.users["secretary"].id,)
    twice = tmp_path / "twice.pdf"  # one signature per account, even with another key
    sign_pdf(signed, twice, _source(pki, keys_dir, "chair"), StampText(role="Chủ tọa"))
    with pytest.raises(ConflictError) as again_signed:
        secretary.minutes.upload_signed(mid, twice).result(60)
    assert again_signed.value.reason == "already_signed"
    # a delegate may neither upload nor submit someone else's signed file by its hash
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
            "username": "delegate", "password": room.password("delegate")}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "result"
        ws.send(json.dumps({"v": 1, "type": "minutes.sign_upload", "id": "u", "body": {
            "meeting_id": mid, "sha256": sha}}))
        answer = json.loads(ws.recv(timeout=10))
        assert (answer["re"], answer["code"]) == ("u", "forbidden")


def test_a_resent_sign_upload_is_answered_from_the_stored_result(
        room: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    """A tablet that lost the acknowledgement re-sends the same request id: the server
    replays the stored result instead of validating again (the file is no longer an
    update of the current one, so a second validation would refuse it)."""
    from sqlalchemy import select

    from meetingroom.storage import schema

    mid, secretary, srec, _chair, _crec = _approved(room, engines)
    final = MinutesStatus.from_dict(
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    assert final.pdf is not None
    signed = tmp_path / "signed.pdf"
    sign_pdf(_file(secretary, srec, final.pdf.sha256), signed,
             _source(pki, keys_dir, "secretary"), StampText(role="Thư ký"))
    accepted = secretary.minutes.upload_signed(mid, signed).result(60)
    assert accepted.signed is not None
    with room.admin.store.engine.connect() as conn:
        rid = conn.execute(select(schema.requests.c.request_id).where(
            schema.requests.c.type == "minutes.sign_upload")).scalar_one()
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l", "body": {
            "username": "secretary", "password": room.password("secretary")}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "result"
        ws.send(json.dumps({"v": 1, "type": "minutes.sign_upload", "id": rid, "body": {
            "meeting_id": mid, "sha256": accepted.signed.file.sha256}}))
        answer = json.loads(ws.recv(timeout=30))
    assert answer["type"] == "result" and answer["body"]["replayed"] is True
    assert MinutesStatus.from_dict(answer["body"]["minutes"]) == accepted


def test_a_signature_that_changes_the_approved_text_is_refused(
        room: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    """The attack a security review found: append a revision that adds text to page 1,
    then sign; the file is the final PDF plus one valid signature, yet not the minutes
    the chair approved."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    mid, secretary, srec, _chair, _crec = _approved(room, engines)
    final = MinutesStatus.from_dict(
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    assert final.pdf is not None
    pdf = _file(secretary, srec, final.pdf.sha256)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    extra = writer.add_object(generic.StreamObject(
        stream_data=b"BT /Helv 14 Tf 90 740 Td (KET LUAN: KHONG THONG QUA) Tj ET"))
    contents = page.raw_get("/Contents")
    page["/Contents"] = generic.ArrayObject(
        [*(contents if isinstance(contents, generic.ArrayObject) else [contents]), extra])
    writer.update_container(page)
    changed = tmp_path / "changed.pdf"
    with changed.open("wb") as f:
        writer.write(f)
    signed = tmp_path / "signed.pdf"
    sign_pdf(changed, signed, _source(pki, keys_dir, "secretary"), StampText(role="Thư ký"))
    with pytest.raises(SignatureInvalidError) as refused:
        secretary.minutes.upload_signed(mid, signed).result(60)
    assert refused.value.reason == "modified"
    status = secretary.meetings.snapshot(mid).minutes
    assert status is not None and status.state is MinutesState.FINAL and status.signed is None


def _page_text(pdf: Path) -> tuple[str, list[str]]:
    """(the text of every page, the text of each signature stamp), as PyMuPDF extracts
    them; a stamp is its field's appearance, read once baked into the page."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        text = "".join(page.get_text() for page in doc)
        rects = [w.rect for w in doc[-1].widgets()]
        doc.bake(annots=True, widgets=True)
        stamps = [doc[-1].get_text(clip=r) for r in rects]
    return text, stamps


@contextlib.contextmanager
def _time_zone(name: str) -> Iterator[None]:
    """This process's local time zone is ``name`` meanwhile (POSIX ``TZ``)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_final_pdf_has_no_draft_blanks_and_its_stamp_shows_local_time(
        room_factory: Any, engines: Any, pki: Pki, keys_dir: Path, tmp_path: Path) -> None:
    """The first draft's "… giờ …" and "… bản" never reach the signed PDF: the end time
    comes from when the session was ended, the unknown number of copies is dropped; the
    stamp shows the signing time with its UTC offset, not a bare UTC time."""
    from meetingroom.domain.minutes_draft import draft_html
    from meetingroom.domain.minutes_session import session_record

    base, started = datetime(2026, 12, 1, 11, 30).timestamp(), time.time()
    room = room_factory(clock=lambda: base + (time.time() - started))
    mid = room.published_meeting()["meeting_id"]
    secretary, srec = engines("s")
    chair, crec = engines("c")
    _login(secretary, room, "secretary")
    _login(chair, room, "chair")
    for phase in ("in_session", "ended"):
        secretary.outbox.command(rq.LivePhase(meeting_id=mid, phase=phase)).result(20)
    snap = srec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                         and e.snapshot.meeting.id == mid
                         and e.snapshot.live.phase.value == "ended").snapshot
    draft = draft_html(session_record(snap))
    assert "vào lúc … giờ … cùng ngày" in draft and "lập thành … bản" in draft
    secretary.outbox.command(rq.MinutesSave(meeting_id=mid, html=draft, base_version=0)).result(20)
    secretary.outbox.command(rq.MinutesSubmit(meeting_id=mid)).result(20)
    _status(crec, mid, MinutesState.IN_REVIEW)
    chair.outbox.command(rq.MinutesReview(meeting_id=mid, approve=True, comment="")).result(20)
    _status(srec, mid, MinutesState.APPROVED)
    final = MinutesStatus.from_dict(
        secretary.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    assert final.pdf is not None
    pdf = _file(secretary, srec, final.pdf.sha256)
    signed = tmp_path / "signed.pdf"
    with _time_zone("Asia/Ho_Chi_Minh"):  # the signer's computer is in Vietnam
        check = sign_pdf(pdf, signed, _source(pki, keys_dir, "secretary"),
                         StampText(role="Thư ký"))

    text, stamps = _page_text(signed)
    flat = " ".join(text.split())
    assert "Cuộc họp kết thúc vào lúc 11 giờ 30 cùng ngày." in flat, flat
    assert "Biên bản đã được thông qua trước các thành viên dự họp." in flat, flat
    assert "…" not in text and "..." not in text, text
    assert "Kết luận" not in flat  # an unfilled "Kết luận: …" line is dropped, not printed
    assert "Địa điểm: Hội trường A" in flat  # lines with data stay
    at = datetime.fromisoformat(check.signing_time).astimezone(timezone(timedelta(hours=7)))
    assert len(stamps) == 1
    stamp = " ".join(stamps[0].split())
    assert f"Thời gian: {at:%H:%M} +07:00, {at:%d/%m/%Y}" in stamp, stamp
    assert "UTC" not in stamp and "Vai trò: Thư ký" in stamp
