"""export_poll: the four files, complete or not at all, and a clear error when it cannot."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from poll_fixtures import closed, motion

from meetingroom.domain.polls import PollRecord, PollStatus
from meetingroom.domain.voting import BallotType, VotingError
from meetingroom.errors import StorageError
from meetingroom.sync.poll_export import export_poll, file_stem


def record() -> PollRecord:
    return closed(motion(BallotType.SECRET, title="Điều chỉnh dự toán: đợt 2/2026 ../../x"),
                  [("yes",), ("no",)], present=2, members=3, poll_id="../p-1")


def test_files_are_named_safely_and_replace_older_ones(tmp_path: Path) -> None:
    rec = record()
    assert file_stem(rec) == "dieu-chinh-du-toan-dot-2-2026-x-p1"
    (tmp_path / f"{file_stem(rec)}.json").write_text("old")
    files = export_poll(rec, "Kỳ họp", None, tmp_path, "vi")
    assert {p.parent for p in (files.pdf, files.csv, files.json, files.summary_csv)} == {
        tmp_path}
    assert json.loads(files.json.read_text(encoding="utf-8"))["poll"]["id"] == "../p-1"
    assert files.pdf.read_bytes().startswith(b"%PDF-")
    assert len(list(tmp_path.iterdir())) == 4


def test_a_missing_folder_or_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    rec = record()
    with pytest.raises(StorageError) as e:
        export_poll(rec, "Kỳ họp", None, tmp_path / "nope", "vi")
    assert e.value.reason == "export_failed"
    (tmp_path / f"{file_stem(rec)}.pdf").mkdir()  # the first rename fails
    with pytest.raises(StorageError) as e:
        export_poll(rec, "Kỳ họp", None, tmp_path, "vi")
    assert e.value.reason == "export_failed"
    # no temporary file and no other file left behind
    assert [p.name for p in tmp_path.iterdir()] == [f"{file_stem(rec)}.pdf"]


def test_an_open_poll_is_not_exported(tmp_path: Path) -> None:
    rec = record()
    with pytest.raises(VotingError):
        export_poll(replace(rec, poll=replace(rec.poll, status=PollStatus.OPEN, result=None)),
                    "Kỳ họp", None, tmp_path, "vi")
    assert list(tmp_path.iterdir()) == []
