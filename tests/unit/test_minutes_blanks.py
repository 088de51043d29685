"""The first draft's blanks are filled from the meeting's data or dropped, never published."""

from __future__ import annotations

from meetingroom.domain.minutes_blanks import MinutesFacts, settle_blanks
from meetingroom.domain.minutes_draft import MinutesRecord, PollOutcome, draft_html
from meetingroom.domain.richtext import sanitize_html

RECORD = MinutesRecord(title="Họp", starts_at="2026-12-01T08:00", location="", chair="An",
                       secretary="Bình", attendance=(), items=(),
                       polls=(PollOutcome("Biểu quyết 1", "", "", (("Tán thành", 3),), ""),))

QT_STYLE = ('<p style="margin:0px;"><span style="font-weight:700">Kết luận:</span> …</p>\n'
            '<p><span style="font-style:italic">Cuộc họp kết thúc vào lúc … giờ … cùng ngày. '
            'Biên bản đã được thông qua trước các thành viên dự họp và được lập thành … '
            'bản.</span></p>')
"""What the editor's HTML looks like after a round trip through Qt (spans, styles)."""


def test_the_end_time_is_filled_and_unknown_phrases_and_blank_lines_dropped() -> None:
    html = settle_blanks(draft_html(RECORD), MinutesFacts(starts_at="2026-12-01T08:00",
                                                          ended_at="2026-12-01T11:30"))
    assert "…" not in html
    assert ("Cuộc họp kết thúc vào lúc 11 giờ 30 cùng ngày. Biên bản đã được thông qua "
            "trước các thành viên dự họp.") in html
    assert "Địa điểm" not in html  # "Địa điểm: …" had no data
    assert "Chủ trì:</b> An" in html and "Tán thành: 3" in html
    assert "Kết quả:" not in html  # the poll's blank outcome line, not the poll
    assert sanitize_html(html) == html


def test_qt_markup_copies_and_another_day() -> None:
    html = settle_blanks(QT_STYLE, MinutesFacts(starts_at="2026-12-01T08:00",
                                                ended_at="2026-12-02T00:15", copies=2))
    assert "Kết luận" not in html and "…" not in html
    assert "kết thúc vào lúc 00 giờ 15 ngày 02/12/2026." in html
    assert "được lập thành 02 bản." in html
    unknown = settle_blanks(QT_STYLE, MinutesFacts())
    assert "Cuộc họp kết thúc" not in unknown and "lập thành" not in unknown
    assert "Biên bản đã được thông qua trước các thành viên dự họp." in unknown


def test_english_draft_and_text_the_secretary_wrote_are_left_alone() -> None:
    html = settle_blanks(draft_html(RECORD, lang="en"), MinutesFacts(ended_at="2026-12-01T11:30"))
    assert "The meeting closed at 11:30." in html and "…" not in html
    own = "<p>Ý kiến: cần rà soát… sau đó báo cáo lại.</p><p>Kết luận: thông qua.</p>"
    assert settle_blanks(own, MinutesFacts()) == own
