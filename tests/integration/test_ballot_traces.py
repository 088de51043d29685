"""What a voting action leaves behind: the tablet forgets a counted secret ballot's
choices, bytes and all; the server's log never puts a client address beside a voting
action (issue 13, item 3)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from test_live_commands import motion
from test_minutes_commands import client
from test_voting_exactly_once import as_secretary, log_in, poll_status, wait_until

from meetingroom.domain.polls import BallotState, PollStatus, new_receipt
from meetingroom.protocol import requests as rq

VOTING_WORDS = ("ballot", "vote", "poll", "receipt")


def secret_poll(room: Any, engines: Any, allow_change: bool = False) -> tuple[Any, str, str]:
    mid = str(room.published_meeting(participants=("secretary", "delegate"))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    as_secretary(room, "attendance.set", {"meeting_id": mid, "attendance": {
        room.users["secretary"].id: "present"}})
    eng, _ = log_in(room, engines, "delegate", mid)
    eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(30)
    pid = str(as_secretary(room, "poll.create", {"meeting_id": mid, "spec": motion(
        "secret", allow_change=allow_change)})["poll"]["id"])
    as_secretary(room, "poll.open", {"meeting_id": mid, "poll_id": pid})
    wait_until(lambda: poll_status(eng, mid, pid) is PollStatus.OPEN, what="poll open")
    return eng, mid, pid


def test_a_counted_secret_ballot_leaves_no_choice_in_the_cache_files(
        room: Any, engines: Any) -> None:
    eng, mid, pid = secret_poll(room, engines, allow_change=True)
    first = eng.voting.cast_ballot(mid, pid, ["yes"]).result(30)
    final = eng.voting.cast_ballot(mid, pid, ["no"]).result(30)  # the vote changed once
    assert (first.state, final.state) == (BallotState.RECEIVED, BallotState.RECEIVED)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    wait_until(lambda: {b.receipt: b.state for b in eng.voting.ballots(mid)}.get(final.receipt)
               is BallotState.COUNTED, what="the ballot is checked as counted")
    kept = {b.receipt: b for b in eng.voting.ballots(mid)}
    assert kept[final.receipt].choices == () and kept[first.receipt].choices == ()
    assert kept[final.receipt].poll_id == pid  # receipt, poll and state stay
    db = Path(str(eng.cache.engine.url.database))
    files = [db, db.with_name(db.name + "-wal")]
    data = b"".join(f.read_bytes() for f in files if f.exists())
    assert final.receipt.encode() in data
    for choice in (b'["yes"]', b'["no"]'):
        assert choice not in data, choice


def test_the_server_log_never_ties_a_client_address_to_a_voting_action(
        room: Any, engines: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    eng, mid, pid = secret_poll(room, engines)
    eng.voting.cast_ballot(mid, pid, ["yes"]).result(30)
    with client(room, "delegate") as raw:  # voting again, and refused
        got = raw.call("ballot.cast", {"meeting_id": mid, "poll_id": pid,
                                       "ballot_id": "b" + uuid.uuid4().hex,
                                       "choices": ["no"], "receipt": new_receipt()})
        assert (got["type"], got["reason"]) == ("error", "already_voted")
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    eng.voting.poll_record(mid, pid).result(30)
    server_lines = [r.getMessage() for r in caplog.records
                    if r.name.startswith(("meetingroom.server", "websockets"))]
    assert any("127.0.0.1" in line for line in server_lines)  # addresses are logged…
    tied = [line for line in server_lines if "127.0.0.1" in line
            and any(w in line.lower() for w in VOTING_WORDS)]
    assert tied == []  # …but never beside a voting action
