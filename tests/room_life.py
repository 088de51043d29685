"""A room that has lived a little — an upload, a poll, minutes signed with the room's own
timestamp — through real engines, for the backup and private-files tests; and the checks
those tests share."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.domain.roles import Role
from meetingroom.pdf.samples import make_document
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.server.admin import Admin
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.sync import events as ev

HTML = ("<h2>BIÊN BẢN KỲ HỌP</h2><p>Chủ tọa: <b>Nguyễn Thị Hằng</b></p>"
        "<p>Kết luận: thông qua Nghị quyết về kế hoạch đầu tư công năm 2027.</p>")
MOTION = {"title": "Thông qua Nghị quyết số 12", "options": [
    {"id": "yes", "label": "Tán thành", "kind": "yes"},
    {"id": "no", "label": "Không tán thành", "kind": "no"},
    {"id": "abstain", "label": "Không biểu quyết", "kind": "abstain"}],
    "min_choices": 1, "max_choices": 1, "ballot_type": "secret",
    "rule": {"base": "votes_cast", "threshold": {"numerator": 1, "denominator": 2,
                                                 "strict": True},
             "abstentions_count": True},
    "quorum": {"min_present": None, "fraction_of_members": {
        "numerator": 1, "denominator": 2, "strict": True}},
    "allow_change": False, "seats": None}
CHOICES = ("yes", "no", "abstain")


def password(name: str) -> str:
    return f"password-{name}"


def seed_room(data: Path, *, delegates: int, trust: Path | None = None,
              document: Path | None = None) -> tuple[str, list[str]]:
    """A data folder with a secretary ``thuky``, a chair ``chutich``, ``delegates``
    delegates and a published meeting with a document (``document``, or a generated one;
    and ``trust`` as a trusted root); returns the meeting id and the delegates' names."""
    admin = Admin.open(data)
    try:
        names = [f"dbieu{i:02d}" for i in range(delegates)]
        sec = admin.add_user("thuky", password("thuky"), role=Role.SECRETARY,
                             display_name="Thư ký")
        admin.add_user("chutich", password("chutich"), role=Role.CHAIR,
                       display_name="Chủ tịch")
        for name in names:
            admin.add_user(name, password(name), role=Role.DELEGATE,
                           display_name=f"Đại biểu {name[-2:]}")
        mid = admin.create_meeting("Kỳ họp thứ 12", location="Hội trường A",
                                   starts_at="2026-12-01T08:00", created_by=sec.id)
        admin.set_participants(mid, ["thuky", "chutich", *names])
        item = admin.add_item(mid, "Dự thảo Nghị quyết")
        pdf = document or make_document(data.parent / "nghi-quyet.pdf", title="Nghị quyết",
                                        pages=3)
        admin.attach(mid, item.id, pdf, name="nghi-quyet.pdf")
        admin.publish(mid)
        if trust is not None:
            admin.trust_add(trust, label="CA Thử nghiệm")
    finally:
        admin.close()
    return mid, names


def log_in(engines: Any, url: str, name: str, mid: str, *,
           data_dir: Path | None = None) -> tuple[Any, Any]:
    """A started engine logged in as ``name`` that has the meeting's snapshot."""
    eng, rec = engines(name, data_dir=data_dir)
    eng.login(url, name, password(name), remember=False).result(30)
    wait_until(lambda: eng.meetings.snapshot(mid) is not None, what=f"{name} sees the meeting")
    return eng, rec


def wait_until(cond: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def minutes_in(rec: Any, mid: str, state: MinutesState) -> MinutesStatus:
    seen = rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                        and e.snapshot.meeting.id == mid and e.snapshot.minutes is not None
                        and e.snapshot.minutes.state is state, timeout=60)
    status: MinutesStatus = seen.snapshot.minutes
    return status


def document_file(engine: Any, rec: Any, sha: str) -> Path:
    rec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == sha, timeout=60)
    path = engine.documents.verified_path(sha)
    assert path is not None
    return Path(path)


def sign_the_minutes(mid: str, *, secretary: tuple[Any, Any], chair: tuple[Any, Any],
                     source: Pkcs12Source, tsa_url: str | None, workdir: Path
                     ) -> MinutesStatus:
    """Write, approve, finalise and sign the minutes (timestamped by ``tsa_url``); the
    server has accepted the signed file when this returns."""
    (sec, srec), (ch, crec) = secretary, chair
    sec.outbox.command(rq.MinutesSave(meeting_id=mid, html=HTML, base_version=0)).result(30)
    sec.outbox.command(rq.MinutesSubmit(meeting_id=mid)).result(30)
    minutes_in(crec, mid, MinutesState.IN_REVIEW)
    ch.outbox.command(rq.MinutesReview(meeting_id=mid, approve=True, comment="Đồng ý")).result(30)
    minutes_in(srec, mid, MinutesState.APPROVED)
    final = MinutesStatus.from_dict(
        sec.outbox.command(rq.MinutesFinalise(meeting_id=mid)).result(60)["minutes"])
    assert final.pdf is not None
    pdf = document_file(sec, srec, final.pdf.sha256)
    signed = workdir / "bien-ban-da-ky.pdf"
    sign_pdf(pdf, signed, source, StampText(role="Thư ký"), tsa_url=tsa_url)
    status: MinutesStatus = sec.minutes.upload_signed(mid, signed).result(60)
    assert status.state is MinutesState.SIGNED and status.signed is not None
    report = status.signed.report
    assert report.all_valid
    # the server counts a timestamp only from a TSA it trusts: its own
    assert report.signatures[-1].timestamped == (tsa_url is not None)
    return status


def open_poll(mid: str, *, secretary: Any, voters: list[Any]) -> str:
    """Put the meeting in session, check every voter in, and open a secret motion (sealed:
    at least two of these apps are its trustees)."""
    secretary.outbox.command(rq.LivePhase(meeting_id=mid, phase="in_session")).result(30)
    for f in [v.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True))
              for v in voters]:
        f.result(30)
    pid = str(secretary.outbox.command(prq.PollCreate(meeting_id=mid, spec=MOTION))
              .result(30)["poll"]["id"])
    for app in voters:  # trustees are picked among the apps that registered their key
        wait_until(lambda a=app: a.trustee.is_registered(mid), what="a trustee key")
    secretary.voting.open_poll(mid, pid).result(30)  # the secretary's app deals the sealed box
    for v in voters:
        wait_until(lambda e=v: (s := e.meetings.snapshot(mid)) is not None
                   and (p := s.poll(pid)) is not None and p.status is PollStatus.OPEN,
                   what="a voter sees the poll open")
    return pid


def received(rec: Any) -> dict[str, tuple[str, ...]]:
    """Receipt -> choices of every ballot this engine has seen acknowledged so far."""
    return {e.ballot.receipt: e.ballot.choices for e in list(rec.events)
            if isinstance(e, ev.BallotChanged) and e.ballot.state is BallotState.RECEIVED}


def open_to_others(*roots: Path) -> list[str]:
    """Every file or folder under ``roots`` (themselves included) that the group or others
    may read, write or enter, as "path mode" lines."""
    found: list[str] = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):  # every folder comes once as ``folder``
            for p in [Path(folder), *(Path(folder) / n for n in files)]:
                try:
                    mode = stat.S_IMODE(p.lstat().st_mode)
                except FileNotFoundError:  # a temporary file, gone meanwhile
                    continue
                if mode & 0o077:
                    found.append(f"{p} {oct(mode)}")
    return found


def count_files(*roots: Path) -> int:
    return sum(len(files) for root in roots for _, _, files in os.walk(root))


def close_poll(mid: str, pid: str, *, secretary: Any, trustees: list[Any]) -> dict[str, Any]:
    """Close a poll; a sealed one is then opened as the trustees' apps do it (one claims
    the box, the others release their share until enough are there); returns the closed
    poll with its result."""
    secretary.outbox.command(prq.PollClose(meeting_id=mid, poll_id=pid)).result(30)
    wait_until(lambda: secretary.meetings.snapshot(mid).poll(pid).status is not PollStatus.OPEN,
               what="the poll closes")
    poll = secretary.meetings.snapshot(mid).poll(pid)
    if poll.seal is not None:
        apps = {e.user.id: e for e in [secretary, *trustees] if e.user.id in poll.seal.trustees}
        opener, *others = sorted(apps.values(), key=lambda e: e is secretary)
        opener.voting.box_claim(mid, pid).result(30)
        for other in others[:poll.seal.threshold - 1]:
            other.voting.box_release(mid, pid).result(30)  # the opener's app then opens the box
        wait_until(lambda: secretary.meetings.snapshot(mid).poll(pid).status is PollStatus.CLOSED,
                   what="the trustees open the box")
    return dict(secretary.meetings.snapshot(mid).poll(pid).to_dict())
