"""The poll result PDF: Vietnamese text intact, counts and shares right, a real bar chart,
the ballot lists, a file qpdf accepts; and the minutes PDF carrying the session's results."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest
from poll_fixtures import closed, election, held_meeting, motion

from meetingroom.domain.minutes_draft import MinutesHeader, draft_html
from meetingroom.domain.minutes_session import session_record
from meetingroom.domain.polls import PollStatus, format_receipt
from meetingroom.domain.voting import BallotType, VotingError
from meetingroom.pdf.minutes import render_minutes_pdf
from meetingroom.pdf.poll_report import BAR_COLOUR, WINNER_COLOUR, render_poll_report


def text_of(pdf: bytes) -> str:
    with pymupdf.open("pdf", pdf) as doc:
        return "\n".join(page.get_text() for page in doc)


def qpdf_ok(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_secret_report_states_result_and_lists_every_receipt(tmp_path: Path) -> None:
    rec = closed(motion(BallotType.SECRET),
                 [("yes",)] * 31 + [("no",)] * 10 + [("abstain",)] * 4, present=45, members=50)
    pdf = render_poll_report(rec, meeting_title="Kỳ họp thứ 12 HĐND tỉnh",
                             item_title="2. Dự toán ngân sách năm 2027", tz=UTC)
    qpdf_ok(pdf, tmp_path)
    text = text_of(pdf)
    for phrase in ("KẾT QUẢ BIỂU QUYẾT", "Thông qua Nghị quyết số 12/NQ-HĐND",
                   "Kỳ họp thứ 12 HĐND tỉnh", "2. Dự toán ngân sách năm 2027", "Bỏ phiếu kín",
                   "45/50 thành viên có quyền biểu quyết; đủ túc số",
                   "08:00 ngày 01/12/2026", "Không tán thành", "68,9 %", "22,2 %", "8,9 %",
                   "Danh sách phiếu theo mã biên nhận", "Trang 1/2", "Trang 2/2"):
        assert phrase in text, phrase
    assert "Thông qua: 31/45 phiếu tán thành (68,9 %)" in " ".join(text.split())
    # every receipt, as the voter's tablet shows it, is in the list
    assert all(format_receipt(r) in text for r, _ in rec.ballots)
    # the same record gives the same bytes
    assert pdf == render_poll_report(rec, meeting_title="Kỳ họp thứ 12 HĐND tỉnh",
                                     item_title="2. Dự toán ngân sách năm 2027", tz=UTC)


def test_the_bar_chart_is_drawn_to_scale() -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",)] * 3 + [("no",)], present=4, members=4)
    pdf = render_poll_report(rec, meeting_title="Họp", item_title=None)
    with pymupdf.open("pdf", pdf) as doc:
        bars = [d["rect"] for d in doc[0].get_drawings()
                if d.get("fill") is not None and d["rect"].height > 3]
        fills = [tuple(round(c, 2) for c in d["fill"]) for d in doc[0].get_drawings()
                 if d.get("fill") is not None and d["rect"].height > 3]
    assert len(bars) == 2  # yes and no; the abstain bar is empty
    yes, no = bars
    assert yes.width == pytest.approx(3 * no.width, rel=1e-3)
    assert fills == [tuple(round(c, 2) for c in WINNER_COLOUR),
                     tuple(round(c, 2) for c in BAR_COLOUR)]


def test_named_report_lists_who_voted_what_and_proxies(tmp_path: Path) -> None:
    rec = closed(motion(BallotType.NAMED), [("yes",), ("no",), ("yes",)], present=3,
                 members=4, named=[("Nguyễn Văn An", "Nguyễn Văn An"),
                                   ("Phạm Thị Dung", "Lê Văn Cường"),
                                   ("Lê Văn Cường", "Lê Văn Cường")])
    pdf = render_poll_report(rec, meeting_title="Kỳ họp thứ 12", item_title="Dự toán",
                             lang="en", tz=UTC)
    qpdf_ok(pdf, tmp_path)
    text = " ".join(text_of(pdf).split())
    assert "How each member voted" in text and "Named (recorded) vote" in text
    assert "Adopted: 2/3 votes in favour (66.7 %)" in text
    assert "Lê Văn Cường (proxy)" in text
    assert text.index("Phạm Thị Dung") < text.index("Lê Văn Cường (proxy)")
    assert "Receipt" not in text


def test_election_with_blank_ballots(tmp_path: Path) -> None:
    rec = closed(election(), [("c1", "c2"), ("c1",), (), ("c3", "c1")], present=4, members=5)
    pdf = render_poll_report(rec, meeting_title="Đại hội", item_title="Bầu cử")
    qpdf_ok(pdf, tmp_path)
    text = " ".join(text_of(pdf).split())
    assert "Nguyễn Thị Hoà" in text and "Lê, \"Bé\" Út" in text
    assert "(phiếu trắng)" in text and "Phiếu trắng: 1" in text
    assert "Trúng cử: Nguyễn Thị Hoà" in text


def test_an_open_poll_has_no_report() -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",)], present=1, members=1)
    with pytest.raises(VotingError) as e:
        render_poll_report(replace(rec, poll=replace(rec.poll, status=PollStatus.OPEN,
                                                     result=None)),
                           meeting_title="Họp", item_title=None)
    assert e.value.reason == "not_closed"


def test_minutes_pdf_shows_attendance_and_poll_outcome(tmp_path: Path) -> None:
    html = draft_html(session_record(held_meeting()))
    pdf = render_minutes_pdf(html, MinutesHeader("", "Kỳ họp thứ 12", "01/12/2026"),
                             created=datetime(2026, 12, 1, tzinfo=UTC))
    qpdf_ok(pdf, tmp_path)
    text = " ".join(text_of(pdf).split())
    for phrase in ("Phạm Thị Dung", "Vắng có lý do", "Hoàng Văn Em",
                   "Có mặt (ủy quyền cho Phạm Thị Dung)", "Kết quả biểu quyết",
                   "Thông qua: 3/4 phiếu tán thành (75,0 %)", "Tán thành: 3"):
        assert phrase in text, phrase
