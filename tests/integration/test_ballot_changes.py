"""Changing a vote replaces only the sender's own current ballot, and a refusal says
nothing about whether a receipt exists (issue 13, item 1)."""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any

import pytest
from test_live_commands import motion
from test_minutes_commands import client
from test_voting_exactly_once import as_secretary, log_in, poll_status, wait_until

from meetingroom.domain.ballot_proofs import named_receipt
from meetingroom.domain.polls import BallotState, PollRecord, PollStatus, new_receipt
from meetingroom.protocol import requests as rq


def attack(mid: str, pid: str, replaces: str, *, sealed_for: str | None = None,
           **extra: Any) -> dict[str, Any]:
    """A change naming ``replaces``; in a named poll (``sealed_for`` the sender's id) the
    receipt is properly sealed, so that only the ``replaces`` rule can refuse it."""
    receipt, more = new_receipt(), {}
    if sealed_for is not None:
        opening = secrets.token_hex(32)
        receipt = named_receipt(pid, sealed_for, sealed_for, ["yes"], opening)
        more = {"opening": opening}
    return {"meeting_id": mid, "poll_id": pid, "ballot_id": "x" + uuid.uuid4().hex,
            "choices": ["yes"], "receipt": receipt, "replaces": replaces, **more, **extra}


@pytest.mark.parametrize("ballot_type", ["secret", "named"])
def test_a_voter_cannot_replace_another_voters_ballot(room: Any, engines: Any,
                                                      ballot_type: str) -> None:
    mid = str(room.published_meeting(participants=("secretary", "delegate", "delegate2"))
              ["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    a, _ = log_in(room, engines, "delegate", mid)
    b, _ = log_in(room, engines, "delegate2", mid)
    for eng in (a, b):
        eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(30)
    pid = str(as_secretary(room, "poll.create", {"meeting_id": mid, "spec": motion(
        ballot_type, allow_change=True)})["poll"]["id"])
    as_secretary(room, "poll.open", {"meeting_id": mid, "poll_id": pid})
    for eng in (a, b):
        wait_until(lambda e=eng: poll_status(e, mid, pid) is PollStatus.OPEN, what="open")
    a_first = a.voting.cast_ballot(mid, pid, ["no"]).result(30)
    a_now = a.voting.cast_ballot(mid, pid, ["abstain"]).result(30)  # A changes their own vote
    b_ballot = b.voting.cast_ballot(mid, pid, ["no"]).result(30)
    assert (a_first.state, a_now.state, b_ballot.state) == (BallotState.RECEIVED,) * 3
    assert a_now.replaces == a_first.receipt

    with client(room, "delegate") as raw:  # A's own client, written from docs/protocol.md
        # A knows B's receipt (seen over B's shoulder) and A's own change key
        a_key = a.ballot_sender.derived("change", a_now.ballot_id)
        sealed = room.users["delegate"].id if ballot_type == "named" else None
        answers = {}
        for case, replaces in (("someone else's", b_ballot.receipt),
                               ("nonexistent", new_receipt()),
                               ("already replaced", a_first.receipt)):
            for key in (None, a_key):
                extra = {} if key is None else {"replaces_key": key}
                rid = f"r{len(answers)}"
                got = raw.call("ballot.cast", attack(mid, pid, replaces, sealed_for=sealed,
                                                     **extra), rid=rid)
                assert (got["type"], got["code"], got["reason"]) == (
                    "error", "conflict", "not_your_ballot"), (case, got)
                answers[(case, key is None)] = json.dumps(got).replace(f'"{rid}"', '"RID"')
        assert len(set(answers.values())) == 1, answers  # byte-identical but for the id

    poll = as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
    assert poll["result"]["ballots_cast"] == 2
    record = b.voting.poll_record(mid, pid).result(30)
    assert isinstance(record, PollRecord)
    assert dict(record.ballots) == {a_now.receipt: ("abstain",), b_ballot.receipt: ("no",)}
    states = {x.receipt: x.state for x in b.voting.ballots(mid)}
    assert states[b_ballot.receipt] is BallotState.COUNTED
    a.voting.poll_record(mid, pid).result(30)
    assert {x.receipt: x.state for x in a.voting.ballots(mid)}[a_now.receipt] is BallotState.COUNTED
