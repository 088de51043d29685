"""A real poll on the real server, its record fetched and exported: PDF, CSV, JSON that
check out (Vietnamese intact, counts right, qpdf happy, the record recounts)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pymupdf
from test_live_commands import ballot, motion, named_ballot, start
from test_minutes_commands import client

from meetingroom.domain.poll_csv import BOM
from meetingroom.domain.polls import BallotState, PollRecord, PollStatus, verify_record
from meetingroom.domain.roles import Role
from meetingroom.sync import events as ev
from meetingroom.sync.poll_export import RECORD_FORMAT, export_poll

NAMES = {"an": "Nguyễn Văn An", "binh": "Trần Thị Bình, \"Phó Chủ tịch\"",
         "cuong": "Lê Văn Cường"}


def pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text() for page in doc).split())


def poppler_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def qpdf_check(path: Path) -> None:
    r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(raw.decode("utf-8")[1:], newline="")))


def test_named_poll_with_a_proxy_exports_who_voted_what(room: Any, tmp_path: Path) -> None:
    users = {name: room.admin.add_user(name, room.password(name), role=Role.DELEGATE,
                                       display_name=display) for name, display in NAMES.items()}
    room.users.update(users)
    m = room.published_meeting(title="Kỳ họp thứ 12 HĐND tỉnh",
                               participants=("secretary", "an", "binh", "cuong"))
    mid, item = m["meeting_id"], m["items"][1]
    with client(room, "secretary") as sec, client(room, "an") as an, \
            client(room, "cuong") as cuong:
        start(sec, mid, ("secretary", "an", "cuong"), room)
        sec.ok("attendance.set", {"meeting_id": mid, "attendance": {
            users["binh"].id: "excused"}})
        sec.ok("proxies.set", {"meeting_id": mid, "proxies": {
            users["binh"].id: users["cuong"].id}})
        pid = sec.ok("poll.create", {"meeting_id": mid, "item_id": item.id,
                                     "spec": motion("named")})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        c_id = users["cuong"].id
        an.ok("ballot.cast", named_ballot(mid, pid, "yes", member=users["an"].id))
        cuong.ok("ballot.cast", named_ballot(mid, pid, "yes", member=c_id))
        cuong.ok("ballot.cast", named_ballot(mid, pid, "no", member=users["binh"].id,
                                             cast_by=c_id))
        sec.ok("ballot.cast", named_ballot(mid, pid, "abstain",
                                           member=room.users["secretary"].id))
        sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})
        record = PollRecord.from_dict(an.ok("poll.record", {"meeting_id": mid,
                                                            "poll_id": pid})["record"])

    out = tmp_path / "export"
    out.mkdir()
    files = export_poll(record, "Kỳ họp thứ 12 HĐND tỉnh", f"2. {item.title}", out, "vi")
    # the four files and nothing else (no temporary file left behind)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in (files.pdf, files.csv, files.json, files.summary_csv))
    assert files.pdf.name.startswith("thong-qua-nghi-quyet-so-12-")

    assert csv_rows(files.csv) == [
        ["STT", "Thành viên", "Lựa chọn", "Người bỏ phiếu"],
        ["1", "Lê Văn Cường", "Tán thành", "Lê Văn Cường"],
        ["2", "Nguyễn Văn An", "Tán thành", "Nguyễn Văn An"],
        ["3", "Secretary", "Không biểu quyết", "Secretary"],
        ["4", NAMES["binh"], "Không tán thành", "Lê Văn Cường (ủy quyền)"],
    ]
    summary = {r[0]: r[1:] for r in csv_rows(files.summary_csv)}
    assert summary["Tán thành"] == ["2", "50,0 %"]
    assert summary["Nội dung"] == ["2. Dự thảo Nghị quyết", ""]

    qpdf_check(files.pdf)
    for text in (pdf_text(files.pdf), poppler_text(files.pdf)):
        assert "KẾT QUẢ BIỂU QUYẾT" in text and "Thông qua Nghị quyết số 12" in text
        assert "Kỳ họp thứ 12 HĐND tỉnh" in text and "Dự thảo Nghị quyết" in text
        assert "Danh sách biểu quyết" in text
        assert "Trần Thị Bình" in text and "(ủy quyền)" in text
        # 2 of 4 votes cast is not more than half
        assert "Không thông qua: 2/4 phiếu tán thành (50,0 %)" in text

    doc = json.loads(files.json.read_text(encoding="utf-8"))
    assert doc["format"] == RECORD_FORMAT.format(version=2)
    assert doc["meeting_title"] == "Kỳ họp thứ 12 HĐND tỉnh"
    again = PollRecord.from_dict(doc)
    assert again == record and verify_record(again).ok


def test_secret_poll_through_the_engine_exports_the_receipt_list(
        room: Any, engines: Any, tmp_path: Path) -> None:
    m = room.published_meeting(participants=("secretary", "chair", "delegate", "delegate2"))
    mid = m["meeting_id"]
    engine, rec = engines("delegate")
    engine.login(room.url, "delegate", room.password("delegate"), remember=False).result(20)
    with client(room, "secretary") as sec, client(room, "chair") as ch, \
            client(room, "delegate2") as d2:
        start(sec, mid, ("secretary", "chair", "delegate", "delegate2"), room)
        pid = sec.ok("poll.create", {"meeting_id": mid, "item_id": m["items"][0].id,
                                     "spec": motion("secret")})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                     and e.snapshot.poll(pid) is not None
                     and e.snapshot.poll(pid).status is PollStatus.OPEN)
        mine = engine.voting.cast_ballot(mid, pid, ["no"]).result(20)
        assert mine.state is BallotState.RECEIVED
        ch.ok("ballot.cast", ballot(mid, pid, "yes"))
        d2.ok("ballot.cast", ballot(mid, pid, "yes"))
        sec.ok("ballot.cast", ballot(mid, pid, "yes"))
        sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})
    record = engine.voting.poll_record(mid, pid).result(20)
    assert [b.state for b in engine.voting.ballots(mid)] == [BallotState.COUNTED]

    snap = engine.meetings.snapshot(mid)
    assert snap is not None
    out = tmp_path / "export"
    out.mkdir()
    files = export_poll(record, snap.meeting.title, m["items"][0].title, out, "en")
    rows = csv_rows(files.csv)
    assert rows[0] == ["No.", "Receipt", "Choices"]
    assert len(rows) == 5
    assert [mine.receipt, "Không tán thành"] in [[r[1].replace("-", ""), r[2]] for r in rows]
    assert sorted(r[2] for r in rows[1:]) == ["Không tán thành"] + ["Tán thành"] * 3
    qpdf_check(files.pdf)
    text = pdf_text(files.pdf)
    assert "Ballots by receipt code" in text and "Secret ballot" in text
    assert "Adopted: 3/4 votes in favour (75.0 %)" in text
    assert mine.receipt[:4] + "-" + mine.receipt[4:8] in text
    # no name of a voter in a secret poll's files
    for path in (files.pdf, files.csv):
        body = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        assert "Delegate" not in body and "Chair" not in body
