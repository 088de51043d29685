"""The first draft of the minutes: what it states, in which language, and that it is safe."""

from __future__ import annotations

import pytest

from meetingroom.domain.minutes_draft import (
    AttendanceEntry,
    MinutesHeader,
    PollOutcome,
    draft_html,
    header_for,
    record_from_snapshot,
)
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    Participant,
)
from meetingroom.domain.richtext import sanitize_html
from meetingroom.domain.roles import Role


def snapshot(*, starts_at: str = "2026-12-01T08:30") -> MeetingSnapshot:
    meeting = Meeting(id="m1", title="Họp UBND tỉnh <quý IV> & tổng kết", location="Phòng họp số 2",
                      starts_at=starts_at, status=MeetingStatus.PUBLISHED, created_by="u0")
    people = (
        Participant("u1", "Nguyễn Văn An", Role.CHAIR, True),
        Participant("u2", "Trần Thị Bình", Role.SECRETARY, True),
        Participant("u3", "Lê Văn Cường <script>", Role.DELEGATE, True),
    )
    items = (
        AgendaItem("i2", None, 1, "Dự toán ngân sách 2027", notes="Sở Tài chính trình bày.\n\n"
                   "Đại biểu đề nghị <b>giảm</b> chi thường xuyên."),
        AgendaItem("i1", None, 0, "Báo cáo kinh tế – xã hội"),
        AgendaItem("i21", "i2", 0, "Chi đầu tư công"),
    )
    docs = (Document("d1", "i2", "Tờ trình số 12.pdf", "a" * 64, 100, 14, 0),
            Document("d2", "i2", "Phụ lục & bảng biểu.pdf", "b" * 64, 100, 3, 1))
    return MeetingSnapshot(meeting=meeting, rev=7, participants=people, items=items,
                           documents=docs)


def test_record_numbers_items_in_display_order_with_their_documents() -> None:
    rec = record_from_snapshot(snapshot())
    assert [(i.number, i.title) for i in rec.items] == [
        ("1", "Báo cáo kinh tế – xã hội"), ("2", "Dự toán ngân sách 2027"),
        ("2.1", "Chi đầu tư công")]
    assert [(d.name, d.pages) for d in rec.items[1].documents] == [
        ("Tờ trình số 12.pdf", 14), ("Phụ lục & bảng biểu.pdf", 3)]
    assert rec.chair == "Nguyễn Văn An" and rec.secretary == "Trần Thị Bình"
    assert [(a.name, a.role, a.status) for a in rec.attendance] == [
        ("Nguyễn Văn An", "chair", ""), ("Trần Thị Bình", "secretary", ""),
        ("Lê Văn Cường <script>", "delegate", "")]


def test_vietnamese_draft_states_the_meeting_and_escapes_user_text() -> None:
    html = draft_html(record_from_snapshot(snapshot()))
    assert "BIÊN BẢN CUỘC HỌP" in html
    assert "Họp UBND tỉnh &lt;quý IV&gt; &amp; tổng kết" in html
    assert "08 giờ 30, ngày 01 tháng 12 năm 2026" in html
    assert "<b>Địa điểm:</b> Phòng họp số 2" in html
    assert "<b>Chủ trì:</b> Nguyễn Văn An" in html and "<b>Thư ký:</b> Trần Thị Bình" in html
    assert "<td>Lê Văn Cường &lt;script&gt;</td><td>Đại biểu</td><td></td>" in html
    assert "<h3>2. Dự toán ngân sách 2027</h3>" in html and "<h4>2.1. Chi đầu tư công</h4>" in html
    assert "<li>Phụ lục &amp; bảng biểu.pdf (3 trang)</li>" in html
    assert "Sở Tài chính trình bày.<br>Đại biểu đề nghị &lt;b&gt;giảm&lt;/b&gt;" in html
    assert html.count("<b>Kết luận:</b>") == 3
    assert "Cuộc họp kết thúc" in html
    assert "<script>" not in html


def test_english_draft_uses_english_labels() -> None:
    html = draft_html(record_from_snapshot(snapshot()), lang="en")
    assert "MINUTES OF THE MEETING" in html and "<b>Chair:</b>" in html
    assert "08:30, 01/12/2026" in html and "(14 pages)" in html and "Decision" in html
    assert "Biên" not in html and "Kết luận" not in html
    with pytest.raises(ValueError):
        draft_html(record_from_snapshot(snapshot()), lang="fr")


def test_recorded_attendance_and_polls_are_stated() -> None:
    attendance = [AttendanceEntry("Nguyễn Văn An", "chair", "present"),
                  AttendanceEntry("Trần Thị Bình", "Phó Giám đốc Sở", "excused"),
                  AttendanceEntry("Lê Văn Cường", "delegate", "present",
                                  proxy_for="Phạm Thị Dung"),
                  AttendanceEntry("Phạm Thị Dung", "delegate", "absent")]
    polls = [PollOutcome("Thông qua dự toán", "Dự toán ngân sách 2027",
                         "quá 1/2 tổng số thành viên",
                         (("Tán thành", 3), ("Không tán thành", 0), ("Không biểu quyết", 1)),
                         "Thông qua")]
    html = draft_html(record_from_snapshot(snapshot(), attendance=attendance, polls=polls))
    assert "<td>Phó Giám đốc Sở</td><td>Vắng có lý do</td>" in html
    assert "<td>Có mặt (ủy quyền cho Phạm Thị Dung)</td>" in html
    assert "Có mặt 2/4; vắng 1; vắng có lý do 1." in html
    assert "<h2>Kết quả biểu quyết</h2>" in html
    assert "Quy tắc: quá 1/2 tổng số thành viên" in html
    assert "Tán thành: 3; Không tán thành: 0; Không biểu quyết: 1" in html
    assert "<b>Kết quả:</b> Thông qua" in html


def test_unknown_attendance_status_is_refused() -> None:
    with pytest.raises(ValueError, match="attendance status"):
        record_from_snapshot(snapshot(), attendance=[AttendanceEntry("A", "delegate", "late")])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_draft_passes_the_sanitiser_unchanged(lang: str) -> None:
    polls = [PollOutcome("P <1>", "I & J", "", (("Có", 1),), "")]
    html = draft_html(record_from_snapshot(snapshot(), polls=polls), lang=lang)
    assert sanitize_html(html) == html


def test_missing_time_place_and_roles_leave_placeholders() -> None:
    bare = MeetingSnapshot(meeting=Meeting(id="m", title="T", location="", starts_at="",
                                           status=MeetingStatus.DRAFT, created_by=""), rev=1)
    html = draft_html(record_from_snapshot(bare))
    assert "<b>Thời gian:</b> …" in html and "<b>Chủ trì:</b> …" in html
    assert "<tbody>\n</tbody>" in html


def test_header_carries_title_and_date() -> None:
    assert header_for(snapshot()) == MinutesHeader(
        organisation="", title="Họp UBND tỉnh <quý IV> & tổng kết", meeting_date="01/12/2026")
    assert header_for(snapshot(starts_at="")).meeting_date == ""
