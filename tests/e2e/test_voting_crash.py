"""Durable before acknowledged: the server process is killed with SIGKILL in the middle of a
sealed secret poll; after a restart on the same data no acknowledged ballot is lost, the
poll is still open, the tablets finish sending on their own, every voter is counted
exactly once, and the trustees still open the box."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from room_life import CHOICES, MOTION, password
from server_process import RoomProcess

from meetingroom.domain.polls import BallotState, Poll, PollStatus, verify_record
from meetingroom.domain.roles import Role
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.server.admin import Admin
from meetingroom.sync import events as ev

N_DELEGATES = 16
FIRST_WAVE = 8


def wait_until(cond: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[RoomProcess, str, list[str]]]:
    """A data dir with a secretary, delegates and a published meeting; its server running."""
    data = tmp_path / "srv"
    admin = Admin.open(data)
    try:
        names = [f"dbieu{i:02d}" for i in range(N_DELEGATES)]
        sec = admin.add_user("thuky", password("thuky"), role=Role.SECRETARY,
                             display_name="Thư ký")
        for name in names:
            admin.add_user(name, password(name), role=Role.DELEGATE,
                           display_name=f"Đại biểu {name[-2:]}")
        mid = admin.create_meeting("Kỳ họp thứ 12", location="Hội trường A",
                                   starts_at="2026-12-01T08:00", created_by=sec.id)
        admin.set_participants(mid, ["thuky", *names])
        admin.add_item(mid, "Dự thảo Nghị quyết")
        admin.publish(mid)
    finally:
        admin.close()
    server = RoomProcess(data, tsa=False)
    server.start()
    try:
        yield server, mid, names
    finally:
        server.stop()
    tracebacks = [line for line in server.log if "Traceback" in line]
    assert not tracebacks, "".join(server.log)


def log_in(engines: Any, url: str, name: str, mid: str) -> tuple[Any, Any]:
    eng, rec = engines(name)
    eng.login(url, name, password(name), remember=False).result(30)
    wait_until(lambda: eng.meetings.snapshot(mid) is not None, what=f"{name} sees the meeting")
    return eng, rec


def received(rec: Any) -> dict[str, tuple[str, ...]]:
    """Receipt → choices of every acknowledgement this engine has reported so far."""
    return {e.ballot.receipt: e.ballot.choices for e in list(rec.events)
            if isinstance(e, ev.BallotChanged) and e.ballot.state is BallotState.RECEIVED}


def test_sigkill_mid_poll_loses_no_acknowledged_ballot_and_counts_each_voter_once(
        seeded: tuple[RoomProcess, str, list[str]], engines: Any) -> None:
    server, mid, names = seeded
    sec, _ = log_in(engines, server.url, "thuky", mid)
    sec.outbox.command(rq.LivePhase(meeting_id=mid, phase="in_session")).result(30)
    fleet = {name: log_in(engines, server.url, name, mid) for name in names}
    for f in [eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True))
              for eng, _ in fleet.values()]:
        f.result(30)
    pid = str(sec.outbox.command(prq.PollCreate(meeting_id=mid, spec=MOTION)).result(30)
              ["poll"]["id"])
    sec.voting.open_poll(mid, pid).result(30)  # the secretary's app deals the sealed box
    for name, (eng, _) in fleet.items():
        wait_until(lambda e=eng: (s := e.meetings.snapshot(mid)) is not None
                   and (p := s.poll(pid)) is not None and p.status is PollStatus.OPEN,
                   what=f"{name} sees the poll open")

    cast = {name: CHOICES[i % 3] for i, name in enumerate(names)}
    first, second = names[:FIRST_WAVE], names[FIRST_WAVE:]
    for name in first:
        fleet[name][0].voting.cast_ballot(mid, pid, [cast[name]])
    # some acknowledgements in ...
    wait_until(lambda: sum(bool(received(fleet[n][1])) for n in first) >= FIRST_WAVE // 2,
               what="the first acknowledgements")
    # ... others on their way: the rest vote, and the server dies under them
    for name in second:
        fleet[name][0].voting.cast_ballot(mid, pid, [cast[name]])
    acked_before_kill = {name: received(rec) for name, (_, rec) in fleet.items()}
    server.kill()
    acked = {r: c for acks in acked_before_kill.values() for r, c in acks.items()}
    assert len(acked) >= FIRST_WAVE // 2

    server.start()  # same data dir, same port: the engines find it by themselves
    for name, (eng, _) in fleet.items():
        wait_until(lambda e=eng: [b.state for b in e.voting.ballots(mid)] == [BallotState.RECEIVED],
                   timeout=60, what=f"{name}'s ballot acknowledged after the restart")

    # closing succeeds only on an open poll: the poll survived the crash open
    counting = sec.outbox.command(prq.PollClose(meeting_id=mid, poll_id=pid)).result(30)
    assert Poll.from_dict(counting["poll"]).status is PollStatus.COUNTING
    seal = sec.meetings.snapshot(mid).poll(pid).seal
    assert seal is not None and sec.user.id in seal.trustees
    opener = next(n for n in names if fleet[n][0].user.id in seal.trustees)
    fleet[opener][0].voting.box_claim(mid, pid).result(30)
    sec.voting.box_release(mid, pid).result(30)  # the opener's app opens the box by itself
    wait_until(lambda: sec.meetings.snapshot(mid).poll(pid).status is PollStatus.CLOSED,
               what="the box opened")
    closed = sec.meetings.snapshot(mid).poll(pid).to_dict()
    assert closed["result"]["ballots_cast"] == N_DELEGATES
    assert dict(map(tuple, closed["result"]["counts"])) == {
        c: sum(1 for v in cast.values() if v == c) for c in CHOICES}

    record = fleet[names[0]][0].voting.poll_record(mid, pid).result(30)
    published = dict(record.ballots)
    assert len(record.ballots) == len(published) == N_DELEGATES  # one per distinct voter
    assert len(record.voters) == N_DELEGATES
    assert verify_record(record).ok
    for receipt, choices in acked.items():  # nothing acknowledged before the kill is lost
        assert published.get(receipt) == choices
    for name, (eng, _) in fleet.items():
        wait_until(lambda e=eng: e.state is ev.ConnectionState.ONLINE, what=f"{name} online")
        eng.voting.poll_record(mid, pid).result(30)
        (b,) = eng.voting.ballots(mid)
        assert b.state is BallotState.COUNTED, (name, b.state, b.reason)
        assert published[b.receipt] == (cast[name],)
