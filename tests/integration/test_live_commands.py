"""The live session and polls over a raw websocket: flow, exactly-once ballots, who may do
what, secret-ballot storage, and the published record."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

import pytest
from test_minutes_commands import Raw, client

from meetingroom.domain.ballot_proofs import named_receipt
from meetingroom.domain.polls import PollRecord, new_receipt, verify_record

PARTICIPANTS = ("secretary", "chair", "delegate", "delegate2", "observer")


def motion(ballot_type: str = "secret", *, allow_change: bool = False,
           base: str = "votes_cast") -> dict[str, Any]:
    return {"title": "Thông qua Nghị quyết số 12", "options": [
        {"id": "yes", "label": "Tán thành", "kind": "yes"},
        {"id": "no", "label": "Không tán thành", "kind": "no"},
        {"id": "abstain", "label": "Không biểu quyết", "kind": "abstain"}],
        "min_choices": 1, "max_choices": 1, "ballot_type": ballot_type,
        "rule": {"base": base, "threshold": {"numerator": 1, "denominator": 2, "strict": True},
                 "abstentions_count": True},
        "quorum": {"min_present": None, "fraction_of_members": {
            "numerator": 1, "denominator": 2, "strict": True}},
        "allow_change": allow_change, "seats": None}


@pytest.fixture
def mid(room: Any) -> str:
    return str(room.published_meeting(participants=PARTICIPANTS)["meeting_id"])


def start(sec: Raw, mid: str, present: tuple[str, ...], room: Any) -> None:
    sec.ok("live.phase", {"meeting_id": mid, "phase": "in_session"})
    sec.ok("attendance.set", {"meeting_id": mid, "attendance": {
        room.users[u].id: "present" for u in present}})


def ballot(mid: str, pid: str, choice: str, **extra: Any) -> dict[str, Any]:
    return {"meeting_id": mid, "poll_id": pid, "ballot_id": "b" + new_receipt().lower(),
            "choices": [choice], "receipt": new_receipt(), **extra}


def named_ballot(mid: str, pid: str, choice: str, *, member: str, cast_by: str | None = None,
                 **extra: Any) -> dict[str, Any]:
    """A named poll's ballot as a tablet sends it: the receipt sealed with an opening."""
    opening = secrets.token_hex(32)
    receipt = named_receipt(pid, member, cast_by or member, [choice], opening)
    return ballot(mid, pid, choice, receipt=receipt, opening=opening, member_id=member,
                  **extra)


def test_secret_motion_counts_each_ballot_once_and_publishes_a_verifiable_record(
        room: Any, mid: str) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "delegate2") as d2, client(room, "chair") as ch:
        start(sec, mid, ("secretary", "chair", "delegate", "delegate2"), room)
        pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        assert d1.err("poll.open", {"meeting_id": mid, "poll_id": pid}) == ("forbidden", "")
        # a ballot before the poll opens is refused
        assert d1.err("ballot.cast", ballot(mid, pid, "yes")) == ("conflict", "poll_draft")
        opened = sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})["poll"]
        assert (opened["members"], opened["present_at_open"]) == (4, 4)

        mine = ballot(mid, pid, "yes")
        first = d1.ok("ballot.cast", mine)
        assert (first["status"], first["replayed"]) == ("received", False)
        again = d1.ok("ballot.cast", mine)  # the acknowledgement was lost: sent again
        assert (again["status"], again["replayed"]) == ("received", True)
        assert d1.err("ballot.cast", ballot(mid, pid, "no")) == ("conflict", "already_voted")
        assert d2.ok("ballot.cast", ballot(mid, pid, "no"))["replayed"] is False
        ch.ok("ballot.cast", ballot(mid, pid, "yes"))
        assert ch.err("ballot.cast", ballot(mid, pid, "maybe")) == ("bad_request",
                                                                    "unknown_option")
        closed = sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
        assert closed["status"] == "closed"
        assert closed["result"]["outcome"] == "adopted"
        assert dict(map(tuple, closed["result"]["counts"])) == {"yes": 2, "no": 1,
                                                                "abstain": 0}
        assert d1.err("ballot.cast", ballot(mid, pid, "yes")) == ("conflict", "poll_closed")
        assert sec.err("poll.close", {"meeting_id": mid, "poll_id": pid}) == (
            "conflict", "poll_closed")

        record = PollRecord.from_dict(d2.ok("poll.record", {"meeting_id": mid,
                                                            "poll_id": pid})["record"])
        assert sorted(r for r, _ in record.ballots) == [r for r, _ in record.ballots]
        assert len(record.ballots) == 3
        assert record.named == ()
        assert sorted(record.voters) == ["Chair", "Delegate", "Delegate2"]
        check = verify_record(record, receipt=mine["receipt"], choices=("yes",))
        assert check.ok, check.problems
        assert not verify_record(record, receipt=mine["receipt"], choices=("no",)).ok


def test_secret_ballot_rows_cannot_be_joined_back_to_voters(room: Any, mid: str) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "delegate2") as d2:
        start(sec, mid, ("secretary", "delegate", "delegate2"), room)
        pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        b1, b2 = (ballot(mid, pid, c, change_key=secrets.token_hex(32)) for c in ("yes", "no"))
        d1.ok("ballot.cast", b1)
        d2.ok("ballot.cast", b2)
        db = sqlite3.connect(room.data_dir / "server.sqlite")
        try:
            voter_cols = [r[1] for r in db.execute("PRAGMA table_info(poll_voters)")]
            ballot_cols = [r[1] for r in db.execute("PRAGMA table_info(poll_ballots)")]
            # shared columns: the poll id, and choices (always NULL on the voter side, below)
            assert set(voter_cols) & set(ballot_cols) == {"poll_id", "choices"}
            voters = db.execute("SELECT member_id, cast_by, ballot_id, choices, voter_lock,"
                                " opening FROM poll_voters WHERE poll_id = ?", (pid,)).fetchall()
            ballots = db.execute("SELECT receipt, choices, ballot_lock FROM poll_ballots"
                                 " WHERE poll_id = ?", (pid,)).fetchall()
            rowids = db.execute("SELECT count(*) FROM pragma_table_list "
                                "WHERE name IN ('poll_voters', 'poll_ballots') AND wr = 1"
                                ).fetchone()[0]
        finally:
            db.close()
        assert rowids == 2  # WITHOUT ROWID: no insertion order is kept
        assert {v[3] for v in voters} == {None}  # secret: no choice next to a voter
        assert {v[2] for v in voters} == {b1["ballot_id"], b2["ballot_id"]}
        # nothing of a ballot's identity (ballot id, receipt) is stored with the voter
        stored_voter_text = repr(voters)
        assert b1["receipt"] not in stored_voter_text and b2["receipt"] not in stored_voter_text
        assert all(b[0] not in stored_voter_text for b in ballots)
        # the change locks are different one-way hashes of keys the server never stores
        stored = repr(voters) + repr(ballots)
        assert b1["change_key"] not in stored and b2["change_key"] not in stored
        assert {v[4] for v in voters}.isdisjoint({b[2] for b in ballots})
        assert {v[5] for v in voters} == {None}  # no receipt opening for a secret ballot
        # the ballots table is ordered by the random receipt, not by arrival
        assert [b[0] for b in ballots] == sorted(b[0] for b in ballots)


def test_named_poll_records_who_voted_what_and_allows_a_change(room: Any, mid: str) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1:
        start(sec, mid, ("secretary", "delegate", "chair"), room)
        pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion(
            "named", allow_change=True)})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        me, s_id = room.users["delegate"].id, room.users["secretary"].id
        # a named ballot without the opening of its receipt is refused
        assert d1.err("ballot.cast", ballot(mid, pid, "no")) == ("bad_request", "bad_receipt")
        first = named_ballot(mid, pid, "no", member=me, change_key=secrets.token_hex(32))
        d1.ok("ballot.cast", first)
        # a change must name the receipt it replaces, and prove it is the sender's own
        assert d1.err("ballot.cast", named_ballot(mid, pid, "yes", member=me)) == (
            "conflict", "already_voted")
        assert d1.err("ballot.cast", named_ballot(mid, pid, "yes", member=me,
                                                  replaces=first["receipt"])) == (
            "conflict", "not_your_ballot")
        d1.ok("ballot.cast", named_ballot(mid, pid, "yes", member=me,
                                          replaces=first["receipt"],
                                          replaces_key=first["change_key"]))
        sec.ok("ballot.cast", named_ballot(mid, pid, "abstain", member=s_id))
        poll = sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
        assert dict(map(tuple, poll["result"]["counts"])) == {"yes": 1, "no": 0, "abstain": 1}
        record = PollRecord.from_dict(d1.ok("poll.record", {"meeting_id": mid,
                                                            "poll_id": pid})["record"])
        assert record.named == (("Delegate", ("yes",), "Delegate"),
                                ("Secretary", ("abstain",), "Secretary"))
        assert verify_record(record).ok


def test_eligibility_proxies_and_quorum(room: Any, mid: str) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "observer") as obs, client(room, "delegate2") as d2:
        sec.ok("live.phase", {"meeting_id": mid, "phase": "in_session"})
        pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        # nobody present: no quorum, the poll stays a draft
        assert sec.err("poll.open", {"meeting_id": mid, "poll_id": pid}) == ("conflict",
                                                                             "no_quorum")
        d1.ok("attendance.check_in", {"meeting_id": mid, "present": True})
        sec.ok("attendance.set", {"meeting_id": mid, "attendance": {
            room.users["secretary"].id: "present", room.users["delegate2"].id: "excused"}})
        # the excused delegate2 gives their proxy to delegate
        assert d1.err("proxies.set", {"meeting_id": mid, "proxies": {}}) == ("forbidden", "")
        sec.ok("proxies.set", {"meeting_id": mid, "proxies": {
            room.users["delegate2"].id: room.users["delegate"].id}})
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        assert obs.err("ballot.cast", ballot(mid, pid, "yes")) == ("forbidden", "not_a_voter")
        assert d2.err("ballot.cast", ballot(mid, pid, "yes")) == ("forbidden", "not_present")
        # the chair did not check in
        with client(room, "chair") as ch:
            assert ch.err("ballot.cast", ballot(mid, pid, "yes")) == ("forbidden",
                                                                      "not_present")
        d1.ok("ballot.cast", ballot(mid, pid, "yes"))
        d1.ok("ballot.cast", ballot(mid, pid, "no", member_id=room.users["delegate2"].id))
        assert sec.err("ballot.cast", ballot(mid, pid, "no",
                                             member_id=room.users["delegate2"].id)) == (
            "forbidden", "no_proxy")
        poll = sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
        assert poll["result"]["ballots_cast"] == 2
        assert poll["result"]["present"] == 3  # secretary, delegate, delegate2 by proxy
        # the outsider sees nothing
        with client(room, "outsider") as out:
            assert out.err("poll.record", {"meeting_id": mid, "poll_id": pid})[0] == "not_found"
            assert out.err("ballot.cast", ballot(mid, pid, "yes"))[0] == "not_found"


def test_session_phases_current_item_and_speakers(room: Any) -> None:
    meeting = room.published_meeting(participants=PARTICIPANTS)
    mid = meeting["meeting_id"]
    first = meeting["items"][0].id
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "delegate2") as d2:
        assert d1.err("speakers.request", {"meeting_id": mid, "request": True}) == (
            "conflict", "not_in_session")
        sec.ok("live.phase", {"meeting_id": mid, "phase": "in_session"})
        assert d1.err("live.phase", {"meeting_id": mid, "phase": "ended"}) == ("forbidden", "")
        assert sec.err("live.phase", {"meeting_id": mid, "phase": "not_started"}) == (
            "conflict", "bad_phase")
        sec.ok("live.current_item", {"meeting_id": mid, "item_id": first})
        d1.ok("speakers.request", {"meeting_id": mid, "request": True})
        d2.ok("speakers.request", {"meeting_id": mid, "request": True})
        queue = sec.ok("speakers.order", {"meeting_id": mid, "queue": [
            room.users["delegate2"].id, room.users["delegate"].id]})["speakers"]["queue"]
        assert queue == [room.users["delegate2"].id, room.users["delegate"].id]
        granted = sec.ok("speakers.grant", {"meeting_id": mid})["speakers"]
        assert granted["speaking"] == room.users["delegate2"].id
        assert granted["since"] is not None
        d1.ok("speakers.request", {"meeting_id": mid, "request": False})
        ended = sec.ok("speakers.end", {"meeting_id": mid})["speakers"]
        assert ended == {"queue": [], "speaking": None, "since": None, "limit": 0}
        sec.ok("live.phase", {"meeting_id": mid, "phase": "ended"})
        assert d1.err("attendance.check_in", {"meeting_id": mid, "present": True}) == (
            "conflict", "meeting_ended")
        snap = d1.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})["snapshot"]
        assert snap["live"]["phase"] == "ended"
        assert snap["live"]["current_item_id"] == first


def test_fanned_out_frames_reach_every_subscriber_intact(room: Any, mid: str) -> None:
    """Events to idle subscribers are framed once and written straight to each transport:
    every subscriber must still parse every event, in order, as a normal text frame."""
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "delegate2") as d2:
        for c in (d1, d2):
            c.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})
        for n in range(5):
            sec.ok("live.current_item", {"meeting_id": mid, "item_id": None if n % 2 else
                                         room.admin.store.read(lambda tx: tx.items(mid))[0].id})
        for c in (d1, d2):
            c.ok("ping", {})  # everything pushed before this answer has been read
            kinds = [m["event"]["kind"] for m in c.pushed if m["type"] == "event"]
            revs = [m["event"]["rev"] for m in c.pushed if m["type"] == "event"]
            assert kinds == ["live.updated"] * 5
            assert revs == sorted(revs) and len(set(revs)) == 5
