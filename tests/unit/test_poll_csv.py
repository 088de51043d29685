"""The exported CSV: one row per ballot (named and secret), the summary, BOM, quoting."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC

import pytest
from poll_fixtures import closed, election, motion

from meetingroom.domain.poll_csv import BOM, ballots_csv, summary_csv
from meetingroom.domain.polls import PollStatus
from meetingroom.domain.voting import BallotType, VotingError


def rows(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):], newline="")))


def test_named_csv_has_a_row_per_ballot_with_labels_and_visible_proxies() -> None:
    rec = closed(motion(BallotType.NAMED),
                 [("yes",), ("no",), ("abstain",)], present=3, members=4,
                 named=[("Nguyễn Văn An, \"Bí thư\"", "Nguyễn Văn An, \"Bí thư\""),
                        ("Trần Thị Bình", "Lê Văn Cường"),
                        ("Lê Văn Cường", "Lê Văn Cường")])
    text = ballots_csv(rec)
    # Excel needs the BOM; the csv module's quoting doubles the quotes inside a name
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert '"Nguyễn Văn An, ""Bí thư"""' in text
    assert text.endswith("\r\n")
    assert rows(text) == [
        ["STT", "Thành viên", "Lựa chọn", "Người bỏ phiếu"],
        ["1", "Lê Văn Cường", "Không biểu quyết", "Lê Văn Cường"],
        ["2", "Nguyễn Văn An, \"Bí thư\"", "Tán thành", "Nguyễn Văn An, \"Bí thư\""],
        ["3", "Trần Thị Bình", "Không tán thành", "Lê Văn Cường (ủy quyền)"],
    ]


def test_secret_csv_lists_receipts_and_choices_only() -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",), ("yes",), ("no",)], present=3,
                 members=3)
    table = rows(ballots_csv(rec, "en"))
    assert table[0] == ["No.", "Receipt", "Choices"]
    assert [r[1].replace("-", "") for r in table[1:]] == [r for r, _ in rec.ballots]
    # option labels are the poll's own (Vietnamese here), whatever the export language
    assert [r[2] for r in table[1:]] == [
        {("yes",): "Tán thành", ("no",): "Không tán thành"}[c] for _, c in rec.ballots]
    # nobody's name in a secret ballot's file
    assert "Đại biểu" not in ballots_csv(rec, "en")


def test_multiple_choice_and_blank_ballots_in_ballot_order() -> None:
    rec = closed(election(), [("c3", "c1"), (), ("c2",)], present=3, members=5)
    table = rows(ballots_csv(rec))
    choices = sorted(r[2] for r in table[1:])
    assert choices == ["(phiếu trắng)", "Nguyễn Thị Hoà; Lê, \"Bé\" Út", "Trần Đức Lương"]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused() -> None:
    rec = closed(motion(BallotType.NAMED, yes="=HYPERLINK(\"http://x\")"), [("yes",)],
                 present=1, members=1, named=[("@SUM(A1)", "@SUM(A1)")])
    table = rows(ballots_csv(rec))
    assert table[1][1:] == ["'@SUM(A1)", "'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]


def test_summary_states_counts_shares_rule_and_outcome() -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",)] * 31 + [("no",)] * 10 + [("abstain",)] * 4,
                 present=45, members=50)
    table = rows(summary_csv(rec, meeting_title="Kỳ họp thứ 12, HĐND tỉnh",
                             item_title="2. Dự toán", tz=UTC))
    as_map = {r[0]: r[1:] for r in table}
    assert table[0] == ["Mục", "Giá trị", "Tỷ lệ (trên số phiếu biểu quyết)"]
    assert as_map["Cuộc họp"] == ["Kỳ họp thứ 12, HĐND tỉnh", ""]
    assert as_map["Tán thành"] == ["31", "68,9 %"]
    assert as_map["Không tán thành"] == ["10", "22,2 %"]
    assert as_map["Không biểu quyết"] == ["4", "8,9 %"]
    assert as_map["Có mặt"] == ["45/50", ""]
    assert as_map["Số phiếu"] == ["45", ""]
    assert as_map["Hình thức"] == ["Bỏ phiếu kín", ""]
    assert as_map["Kết quả"][0].startswith("Thông qua: 31/45 phiếu tán thành (68,9 %)")
    assert as_map["Kết thúc lúc"] == ["08:00 ngày 01/12/2026 (UTC+00:00)", ""]


def test_only_a_closed_poll_is_exported() -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",)], present=1, members=1)
    still_open = replace(rec, poll=replace(rec.poll, status=PollStatus.OPEN, result=None))
    with pytest.raises(VotingError) as e:
        ballots_csv(still_open)
    assert e.value.reason == "not_closed"
    with pytest.raises(ValueError, match="language"):
        ballots_csv(rec, "fr")
