"""End to end: ``meetingroom verify-poll`` started as a process on an exported record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from poll_fixtures import closed, motion

from meetingroom.domain.polls import format_receipt
from meetingroom.domain.voting import BallotType
from meetingroom.sync.poll_export import export_poll

CLI = [sys.executable, "-m", "meetingroom", "verify-poll"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}


def verify(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, str(path), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, env=ENV, check=False)


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    rec = closed(motion(BallotType.SECRET),
                 [("yes",)] * 5 + [("no",)] * 2 + [("abstain",)], present=8, members=9)
    return export_poll(rec, "Kỳ họp thứ 12 HĐND tỉnh", "2. Dự toán", tmp_path, "vi").json


def tampered(path: Path, change: Any) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    out = path.with_name("tampered.json")
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def test_a_clean_record_checks_with_exit_0_and_the_counts(exported: Path) -> None:
    r = verify(exported, "--lang", "vi")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "  Tán thành: 5 (62,5 %)" in r.stdout
    assert "  Không tán thành: 2 (25,0 %)" in r.stdout
    assert "  Không biểu quyết: 1 (12,5 %)" in r.stdout
    assert "Kết quả: Thông qua: 5/8 phiếu tán thành (62,5 %)" in r.stdout
    assert "Cuộc họp: Kỳ họp thứ 12 HĐND tỉnh" in r.stdout


def change_one_choice(doc: dict[str, Any]) -> None:
    ballot = next(b for b in doc["ballots"] if b[1] == ["yes"])
    ballot[1] = ["no"]


def duplicate_a_receipt(doc: dict[str, Any]) -> None:
    doc["ballots"].append(list(doc["ballots"][0]))


def edit_the_result(doc: dict[str, Any]) -> None:
    doc["poll"]["result"]["outcome"] = "rejected"


@pytest.mark.parametrize(("change", "problem"), [
    (change_one_choice, "PROBLEM: the recomputed result differs from the published result"),
    (duplicate_a_receipt, "PROBLEM: a receipt code appears twice"),
    (edit_the_result, "PROBLEM: the recomputed result differs from the published result"),
])
def test_a_tampered_record_fails_and_names_the_problem(exported: Path, change: Any,
                                                       problem: str) -> None:
    r = verify(tampered(exported, change))
    assert r.returncode == 1, r.stdout + r.stderr
    assert problem in r.stdout
    assert "OK:" not in r.stdout


def test_a_receipt_is_looked_up(exported: Path) -> None:
    doc = json.loads(exported.read_text(encoding="utf-8"))
    code, choices = doc["ballots"][0]
    r = verify(exported, "--receipt", format_receipt(code).lower(), *(
        a for c in choices for a in ("--choice", c)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Receipt {format_receipt(code)}: in the record" in r.stdout
    r = verify(exported, "--receipt", "AAAA-AAAA-AAAA-AAAA-AAAA")
    assert r.returncode == 1
    assert "NOT in the record" in r.stdout


def test_unreadable_input_and_bad_arguments_exit_2(exported: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"poll": 1}', encoding="utf-8")
    r = verify(bad)
    assert r.returncode == 2 and "not a poll record" in r.stderr
    r = verify(tmp_path / "missing.json")
    assert r.returncode == 2 and "missing.json" in r.stderr
    r = verify(exported, "--choice", "yes")
    assert r.returncode == 2 and "--choice needs --receipt" in r.stderr


def test_problems_are_named_in_vietnamese_with_lang_vi(exported: Path) -> None:
    r = verify(tampered(exported, duplicate_a_receipt), "--lang", "vi")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "SAI: một mã biên nhận xuất hiện hai lần" in r.stdout
    assert "phiếu nhưng" in r.stdout  # "9 ballots but 8 voters", counted in Vietnamese
    assert "appears twice" not in r.stdout and "ĐÚNG" not in r.stdout
