"""End to end: a real poll on the real server, voted from real engines, its record
exported, edited as an attacker would, and checked by ``meetingroom verify-poll`` as a
process (issue 13, item 2): every edit exits 1 and names the problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from meetingroom.domain.polls import BallotState, PollStatus, format_receipt
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.sync.poll_export import export_poll

CLI = [sys.executable, "-m", "meetingroom", "verify-poll"]
VOTES = {"delegate": "yes", "delegate2": "no", "chair": "yes", "secretary": "abstain"}
MOTION = {"title": "Thông qua Nghị quyết số 12", "options": [
    {"id": "yes", "label": "Tán thành", "kind": "yes"},
    {"id": "no", "label": "Không tán thành", "kind": "no"},
    {"id": "abstain", "label": "Không biểu quyết", "kind": "abstain"}],
    "min_choices": 1, "max_choices": 1,
    "rule": {"base": "votes_cast", "threshold": {"numerator": 1, "denominator": 2,
                                                 "strict": True}, "abstentions_count": True},
    "quorum": {"min_present": None, "fraction_of_members": {
        "numerator": 1, "denominator": 2, "strict": True}},
    "allow_change": False, "seats": None}


def verify(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, str(path), *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def wait_until(cond: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def run_poll(room: Any, engines: Any, tmp_path: Path, ballot_type: str,
             absent: str = "") -> tuple[Path, dict[str, Any]]:
    """Vote ``VOTES`` in a real poll (one member absent, if given, outside the vote) and
    export its record; the JSON's path and each voter's ballot."""
    names = ("secretary", "chair", "delegate", "delegate2", *((absent,) if absent else ()))
    mid = room.published_meeting(participants=names)["meeting_id"]
    eng = {}
    for name in VOTES:
        e, _ = engines(name)
        e.login(room.url, name, room.password(name), remember=False).result(30)
        wait_until(lambda e=e: e.meetings.snapshot(mid) is not None, f"{name} sees the meeting")
        eng[name] = e
    sec = eng["secretary"]
    sec.outbox.command(rq.LivePhase(meeting_id=mid, phase="in_session")).result(30)
    sec.outbox.command(rq.AttendanceSet(meeting_id=mid, attendance={
        room.users[n].id: "present" for n in VOTES})).result(30)
    pid = sec.outbox.command(prq.PollCreate(meeting_id=mid, spec={
        **MOTION, "ballot_type": ballot_type})).result(30)["poll"]["id"]
    sec.outbox.command(prq.PollOpen(meeting_id=mid, poll_id=pid)).result(30)
    mine = {}
    for name, choice in VOTES.items():
        e = eng[name]

        def is_open(e: Any = e) -> bool:
            snap = e.meetings.snapshot(mid)
            poll = None if snap is None else snap.poll(pid)
            return poll is not None and poll.status is PollStatus.OPEN
        wait_until(is_open, f"{name} sees the poll open")
        mine[name] = e.voting.cast_ballot(mid, pid, [choice]).result(30)
        assert mine[name].state is BallotState.RECEIVED, mine[name]
    sec.outbox.command(prq.PollClose(meeting_id=mid, poll_id=pid)).result(30)
    record = eng["delegate"].voting.poll_record(mid, pid).result(30)
    out = tmp_path / "export"
    out.mkdir()
    return export_poll(record, "Kỳ họp thứ 12", "2. Dự toán", out, "en").json, mine


def tampered(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    out = path.with_name("tampered.json")
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def entry(doc: dict[str, Any], member: str) -> list[Any]:
    return next(n for n in doc["named"] if n[0] == member)


def swap_choices_in_the_named_list(doc: dict[str, Any]) -> None:
    """(a) Delegate voted yes, Delegate2 no: the list shows them the other way round."""
    a, b = entry(doc, "Delegate"), entry(doc, "Delegate2")
    a[1], b[1] = b[1], a[1]


def swap_choices_everywhere(doc: dict[str, Any]) -> None:
    """(a) the same, and the two ballots' choices too, so that every list agrees."""
    swap_choices_in_the_named_list(doc)
    a_id = next(i for i, n in doc["names"] if n == "Delegate")
    b_id = next(i for i, n in doc["names"] if n == "Delegate2")
    ra = next(o[2] for o in doc["openings"] if o[0] == a_id)
    rb = next(o[2] for o in doc["openings"] if o[0] == b_id)
    ballots = {r: c for r, c in doc["ballots"]}
    ballots[ra], ballots[rb] = ballots[rb], ballots[ra]
    doc["ballots"] = [[r, ballots[r]] for r, _ in doc["ballots"]]


def edit_cast_by(doc: dict[str, Any]) -> None:
    """(b) Delegate's vote shown as cast by the Chair (as if by proxy)."""
    entry(doc, "Delegate")[2] = "Chair"


def repeat_a_voter(doc: dict[str, Any]) -> None:
    """(c) Delegate2 replaced by a second Delegate among the voters and the named list."""
    doc["voters"] = sorted("Delegate" if v == "Delegate2" else v for v in doc["voters"])
    for n in doc["named"]:
        if n[0] == "Delegate2":
            n[0] = "Delegate"
    doc["named"].sort()


def inflate_members(doc: dict[str, Any]) -> None:
    """(d) the result claims a million members and present."""
    doc["poll"]["result"]["members"] = 10**6
    doc["poll"]["result"]["present"] = 10**6


def inflate_members_only(doc: dict[str, Any]) -> None:
    """(d) the members alone: the absent member is left out of the count."""
    doc["poll"]["result"]["members"] -= 1


@pytest.mark.parametrize(("change", "problem"), [
    (swap_choices_in_the_named_list,
     "PROBLEM: the named list shows what no sealed ballot says: Delegate — no — cast by "
     "Delegate"),
    (swap_choices_everywhere,
     "PROBLEM: a named ballot does not open its receipt (its member, who cast it or its "
     "choices were changed): Delegate"),
    (edit_cast_by,
     "PROBLEM: the named list shows what no sealed ballot says: Delegate — yes — cast by "
     "Chair"),
    (repeat_a_voter, "PROBLEM: a voter is listed more often than they voted: Delegate"),
    (inflate_members, "PROBLEM: the published number of members differs from the member "
                      "list: 1000000 published, 5 listed"),
    (inflate_members_only, "PROBLEM: the published number of members differs from the "
                           "member list: 4 published, 5 listed"),
])
def test_an_edited_named_record_exits_1_naming_the_problem(
        room: Any, engines: Any, tmp_path: Path, change: Any, problem: str) -> None:
    exported, _ = run_poll(room, engines, tmp_path, "named", absent="outsider")
    clean = verify(exported)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    r = verify(tampered(exported, change))
    assert r.returncode == 1, r.stdout + r.stderr
    assert problem in r.stdout, r.stdout
    assert "OK:" not in r.stdout


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["voters"].__setitem__(1, d["voters"][0]),
     "PROBLEM: a voter is listed more often than they voted: "),
    (inflate_members, "PROBLEM: the published number of members differs from the member "
                      "list: 1000000 published, 4 listed"),
])
def test_an_edited_secret_record_exits_1_naming_the_problem(
        room: Any, engines: Any, tmp_path: Path, change: Any, problem: str) -> None:
    exported, mine = run_poll(room, engines, tmp_path, "secret")
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["openings"] == []  # nothing in a secret record ties a member to a ballot
    r = verify(exported, "--receipt", format_receipt(mine["delegate"].receipt),
               "--choice", "yes")
    assert r.returncode == 0, r.stdout + r.stderr
    r = verify(tampered(exported, change))
    assert r.returncode == 1, r.stdout + r.stderr
    assert problem in r.stdout, r.stdout


def test_a_voter_sees_whom_their_named_receipt_is_sealed_for(
        room: Any, engines: Any, tmp_path: Path) -> None:
    exported, mine = run_poll(room, engines, tmp_path, "named")
    code = format_receipt(mine["delegate2"].receipt)
    r = verify(exported, "--receipt", code, "--choice", "no")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Receipt {code}: sealed for Delegate2, cast by Delegate2" in r.stdout
    assert "Members: 4; present or represented: 4" in r.stdout


def test_a_version_1_record_exits_3_and_says_what_it_could_not_check(
        room: Any, engines: Any, tmp_path: Path) -> None:
    exported, _ = run_poll(room, engines, tmp_path, "named")

    def as_version_1(doc: dict[str, Any]) -> None:  # also what a downgrading attacker does
        for key in ("version", "names", "members", "present", "voted", "openings"):
            del doc[key]
        doc["format"] = "meetingroom.poll-record/1"
    r = verify(tampered(exported, as_version_1))
    assert r.returncode == 3, r.stdout + r.stderr
    assert "Version-1 record: cannot check who voted what, and who cast each named " \
           "ballot." in r.stdout
    assert "INCOMPLETE:" in r.stdout and "OK:" not in r.stdout
    r = verify(tampered(exported, lambda d: (as_version_1(d), edit_cast_by(d))))
    assert r.returncode == 3  # exactly the edit a version-1 record cannot show
