"""The secretary's first draft starts from the meeting as held: attendance and closed polls."""

from __future__ import annotations

from poll_fixtures import held_meeting

from meetingroom.domain.minutes_draft import draft_html
from meetingroom.domain.minutes_session import session_attendance, session_record
from meetingroom.domain.richtext import sanitize_html


def test_attendance_comes_from_the_live_state_with_proxies_held() -> None:
    entries = {a.name: a for a in session_attendance(held_meeting())}
    assert {n: a.status for n, a in entries.items()} == {
        "Nguyễn Văn An": "present", "Trần Thị Bình": "present", "Lê Văn Cường": "present",
        "Phạm Thị Dung": "excused", "Hoàng Văn Em": "absent", "Võ Khách Mời": ""}
    assert entries["Lê Văn Cường"].proxy_for == "Phạm Thị Dung"
    assert [a.proxy_for for n, a in entries.items() if n != "Lê Văn Cường"] == [""] * 5


def test_every_closed_poll_is_in_the_record_in_closing_order() -> None:
    record = session_record(held_meeting())
    assert [p.title for p in record.polls] == ["Điều chỉnh dự toán",
                                               "Thông qua Nghị quyết số 12/NQ-HĐND"]
    rejected, adopted = record.polls
    assert adopted.item_title == "2. Dự toán 2027"
    assert rejected.item_title == ""
    assert adopted.counts == (("Tán thành", 3), ("Không tán thành", 1),
                              ("Không biểu quyết", 0))
    assert adopted.outcome.startswith("Thông qua: 3/4 phiếu tán thành (75,0 %)")
    assert rejected.outcome.startswith("Không thông qua: 1/3 phiếu tán thành")


def test_draft_states_who_was_there_and_the_outcome_in_vietnamese() -> None:
    html = draft_html(session_record(held_meeting()))
    assert html == sanitize_html(html)
    assert "<td>Phạm Thị Dung</td><td>Đại biểu</td><td>Vắng có lý do</td>" in html
    assert "<td>Hoàng Văn Em</td><td>Đại biểu</td><td>Vắng</td>" in html
    assert "<td>Lê Văn Cường</td><td>Đại biểu</td><td>Có mặt (ủy quyền cho Phạm Thị Dung)" \
           "</td>" in html
    assert "Có mặt 3/6; vắng 1; vắng có lý do 1." in html
    assert "Kết quả biểu quyết" in html
    assert "Thông qua: 3/4 phiếu tán thành (75,0 %). Cần ít nhất 3 phiếu tán thành" in html
    assert "Nội dung: 2. Dự toán 2027" in html


def test_english_draft_uses_english_sentences() -> None:
    html = draft_html(session_record(held_meeting(), "en"), lang="en")
    assert "Adopted: 3/4 votes in favour (75.0 %)" in html
    assert "Rejected: 1/3 votes in favour" in html
