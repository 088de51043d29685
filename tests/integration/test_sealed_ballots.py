"""Sealed secret ballots end to end: sealed on the tablet, opened only by k of n trustees,
checked by every voter (issue 14). Real server, real engines, real keys."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from test_live_commands import motion
from test_minutes_commands import client
from test_voting_exactly_once import as_secretary, log_in, poll_status, wait_until

from meetingroom.domain.polls import (
    BallotState,
    PollRecord,
    PollStatus,
    new_receipt,
    verify_record,
)
from meetingroom.errors import ConflictError
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import BoxReply
from meetingroom.sealing.box import b64, seal_ballot, seal_tag, sealed_length, unb64
from meetingroom.sealing.opening import open_as_opener

VOTERS = ("chair", "delegate", "delegate2", "secretary2")


@pytest.fixture
def strict_room(room_factory: Any) -> Any:
    """A room as shipped: secret polls open only with a sealed box."""
    return room_factory(allow_unsealed_secret=False)


def session(room: Any, engines: Any) -> tuple[str, dict[str, Any]]:
    """A meeting in session: the secretary and the voters logged in and checked in."""
    mid = str(room.published_meeting(participants=("secretary", *VOTERS))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    engs = {name: log_in(room, engines, name, mid)[0] for name in ("secretary", *VOTERS)}
    for name in VOTERS:
        engs[name].outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)
                                  ).result(30)
    wait_until(lambda: len(room.admin.store.read(lambda tx: tx.trustee_keys(mid))) == 5,
               what="every app registered its trustee key")
    return mid, engs


def open_sealed(room: Any, engs: dict[str, Any], mid: str, **spec: Any) -> str:
    sec = engs["secretary"]
    pid = str(sec.outbox.command(prq.PollCreate(meeting_id=mid, spec=motion(**spec))
                                 ).result(30)["poll"]["id"])
    sec.voting.open_poll(mid, pid).result(30)
    for eng in engs.values():
        wait_until(lambda e=eng: poll_status(e, mid, pid) is PollStatus.OPEN, what="open")
    return pid


def db_bytes(room: Any) -> bytes:
    data = room.data_dir
    return b"".join(p.read_bytes() for p in sorted(data.glob("server.sqlite*")))


def test_a_sealed_poll_is_opened_by_two_of_three_trustees_and_checked_by_every_voter(
        strict_room: Any, engines: Any) -> None:
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    poll = engs["delegate"].meetings.snapshot(mid).poll(pid)
    assert poll.seal is not None and poll.seal.threshold == 2
    chair, sec = room.users["chair"].id, room.users["secretary"].id
    assert poll.seal.trustees[:2] == (chair, sec)  # the chair and the secretary, plus one
    assert len(poll.seal.trustees) == 3

    choices = {"chair": "yes", "delegate": "no", "delegate2": "yes", "secretary2": "abstain"}
    cast = {n: engs[n].voting.cast_ballot(mid, pid, [c]).result(30) for n, c in choices.items()}
    assert all(b.state is BallotState.RECEIVED and b.sealed and b.tag for b in cast.values())

    raw = db_bytes(room)  # while the poll is open: nothing readable about any ballot
    for b in cast.values():
        assert b.receipt.encode() not in raw
    rows = sqlite3.connect(room.data_dir / "server.sqlite").execute(
        "SELECT count(*) FROM poll_sealed").fetchone()
    assert rows == (4,)

    closed = as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
    # on the wire "closed" without a result (what an app before 0.3 understands), stage counting
    assert (closed["status"], closed["stage"], closed["result"]) == ("closed", "counting",
                                                                    None)
    with client(room, "delegate") as d:  # nobody reads a record before the box is opened
        got = d.call("poll.record", {"meeting_id": mid, "poll_id": pid}, rid="r1")
        assert got["reason"] == "poll_counting"

    third = poll.seal.trustees[2]
    third_name = next(n for n in VOTERS if room.users[n].id == third)
    # the third trustee's device is "lost": it never takes part
    engs["chair"].voting.box_claim(mid, pid).result(30)
    with pytest.raises(ConflictError, match="1 of the 2 key shares"):
        engs["chair"].voting.box_open(mid, pid).result(30)
    engs["secretary"].voting.box_release(mid, pid).result(30)  # the chair's app opens at once
    wait_until(lambda: poll_status(engs[third_name], mid, pid) is PollStatus.CLOSED,
               what="the box opened and the result published")

    record = engs["delegate"].voting.poll_record(mid, pid).result(30)
    assert isinstance(record, PollRecord)
    assert verify_record(record).ok, verify_record(record).problems
    assert sorted(record.ballots) == sorted((cast[n].receipt, (c,)) for n, c in choices.items())
    assert record.lists is not None and record.lists.opened_by == chair
    assert sorted(record.lists.sealed) == sorted(b.tag for b in cast.values())
    assert record.poll.result is not None and dict(record.poll.result.counts)["yes"] == 2
    for name, eng in engs.items():
        if name in choices:
            eng.voting.poll_record(mid, pid).result(30)
            (mine,) = eng.voting.ballots(mid)
            assert mine.state is BallotState.COUNTED and mine.sealed is None

    raw = db_bytes(room)  # the box is erased: no sealed ballot, no share is left
    for b in cast.values():
        assert b.sealed is not None and b.sealed[:40].encode() not in raw
    con = sqlite3.connect(room.data_dir / "server.sqlite")
    assert con.execute("SELECT count(*) FROM poll_sealed").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM poll_seals").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM poll_released").fetchone() == (0,)


def test_too_few_trustees_leave_the_box_unopened_and_nothing_is_published(
        strict_room: Any, engines: Any) -> None:
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    for n in ("delegate", "delegate2"):
        engs[n].voting.cast_ballot(mid, pid, ["yes"]).result(30)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    engs["chair"].voting.box_claim(mid, pid).result(30)
    with pytest.raises(ConflictError) as err:
        engs["chair"].voting.box_open(mid, pid).result(30)
    assert err.value.reason == "too_few_shares" and "waiting for: Secretary" in str(err.value)
    engs["secretary"].voting.box_abandon(mid, pid).result(30)
    wait_until(lambda: poll_status(engs["delegate"], mid, pid) is PollStatus.UNOPENED,
               what="the poll ends unopened")
    poll = engs["delegate"].meetings.snapshot(mid).poll(pid)
    assert poll.result is None and poll.seal is not None
    assert "1 of the 2" in poll.seal.reason
    with client(room, "delegate") as d:
        assert d.call("poll.record", {"meeting_id": mid, "poll_id": pid},
                      rid="r1")["reason"] == "poll_unopened"
    con = sqlite3.connect(room.data_dir / "server.sqlite")
    assert con.execute("SELECT count(*) FROM poll_sealed").fetchone() == (0,)


def test_a_secret_poll_without_a_sealed_box_is_refused(strict_room: Any) -> None:
    room = strict_room
    mid = str(room.published_meeting(participants=("secretary", *VOTERS))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    as_secretary(room, "attendance.set", {"meeting_id": mid, "attendance": {
        room.users[n].id: "present" for n in VOTERS}})
    pid = as_secretary(room, "poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
    with client(room, "secretary") as sec:
        got = sec.call("poll.open", {"meeting_id": mid, "poll_id": pid}, rid="o1")
    assert (got["code"], got["reason"]) == ("conflict", "seal_required")


def test_a_server_that_drops_alters_or_injects_sealed_ballots_is_caught_by_those_voters(
        strict_room: Any, engines: Any) -> None:
    """The server here is a double of itself that rewrites its own box before close: it
    swaps the chair's sealed ballot for one it sealed itself (drop + inject) and flips a
    byte of delegate's (alter). Those two tablets find their ballot MISSING; the others'
    are COUNTED; nothing is silently dropped from the record."""
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    cast = {n: engs[n].voting.cast_ballot(mid, pid, ["no"]).result(30) for n in VOTERS}
    poll = engs["secretary"].meetings.snapshot(mid).poll(pid)
    assert poll.seal is not None
    forged = seal_ballot(unb64(poll.seal.public_key, "key", size=32), pid, poll.spec,
                         new_receipt(), ["yes"])
    con = sqlite3.connect(room.data_dir / "server.sqlite")
    with con:
        con.execute("DELETE FROM poll_sealed WHERE tag = ?", (cast["chair"].tag,))
        con.execute("INSERT INTO poll_sealed (poll_id, tag, sealed) VALUES (?, ?, ?)",
                    (pid, seal_tag(forged), b64(forged)))
        blob = bytearray(unb64(cast["delegate"].sealed, "sealed"))
        blob[-1] ^= 0x01
        con.execute("UPDATE poll_sealed SET sealed = ? WHERE tag = ?",
                    (b64(bytes(blob)), cast["delegate"].tag))
    con.close()
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    engs["chair"].voting.box_claim(mid, pid).result(30)
    engs["secretary"].voting.box_release(mid, pid).result(30)
    wait_until(lambda: poll_status(engs["delegate2"], mid, pid) is PollStatus.CLOSED,
               what="the box opened")
    record = engs["delegate2"].voting.poll_record(mid, pid).result(30)
    assert record.lists is not None
    assert record.lists.invalid == ((cast["delegate"].tag, "does_not_open"),)
    assert verify_record(record).ok  # the counts agree: only the voters can tell
    states = {}
    for name in VOTERS:
        engs[name].voting.poll_record(mid, pid).result(30)
        (mine,) = engs[name].voting.ballots(mid)
        states[name] = mine.state
    assert states == {"chair": BallotState.MISSING, "delegate": BallotState.MISSING,
                      "delegate2": BallotState.COUNTED, "secretary2": BallotState.COUNTED}


def test_bad_sealed_ballots_are_listed_invalid_never_dropped(strict_room: Any,
                                                             engines: Any) -> None:
    """A ballot that does not open, one that opens to an option the poll lacks, and two
    that repeat one receipt: each is in the published record as invalid, with why."""
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    poll = engs["secretary"].meetings.snapshot(mid).poll(pid)
    assert poll.seal is not None
    key = unb64(poll.seal.public_key, "key", size=32)
    shared = new_receipt()
    junk = bytes(sealed_length(poll.spec))
    bodies = {"chair": seal_ballot(key, pid, poll.spec, new_receipt(), ["maybe"]),
              "delegate": junk,
              "delegate2": seal_ballot(key, pid, poll.spec, shared, ["yes"]),
              "secretary2": seal_ballot(key, pid, poll.spec, shared, ["no"])}
    for name, sealed in bodies.items():  # each voter's own client, written from the docs
        with client(room, name) as raw:
            got = raw.call("ballot.cast", {"meeting_id": mid, "poll_id": pid,
                                           "ballot_id": f"x{name}", "sealed": b64(sealed)},
                           rid="c1")
            assert got["type"] == "result" and got["body"]["tag"] == seal_tag(sealed), got
    with client(room, "delegate") as raw:  # a plain ballot is refused in a sealed poll
        got = raw.call("ballot.cast", {"meeting_id": mid, "poll_id": pid, "ballot_id": "y",
                                       "choices": ["yes"], "receipt": new_receipt()}, rid="c2")
        assert got["reason"] in ("seal_required", "already_voted"), got
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    engs["chair"].voting.box_claim(mid, pid).result(30)
    engs["secretary"].voting.box_release(mid, pid).result(30)
    wait_until(lambda: poll_status(engs["delegate2"], mid, pid) is PollStatus.CLOSED,
               what="the box opened")
    record = engs["delegate2"].voting.poll_record(mid, pid).result(30)
    assert record.ballots == ()
    assert record.lists is not None
    reasons = sorted(why for _, why in record.lists.invalid)
    assert reasons == ["bad_choice", "does_not_open", "repeated_receipt", "repeated_receipt"]
    assert (seal_tag(junk), "does_not_open") in record.lists.invalid
    assert (shared, "repeated_receipt") in record.lists.invalid
    check = verify_record(record, receipt=shared)
    assert not check.ok and "your ballot is listed as invalid: repeated_receipt" in (
        check.problems)
    assert verify_record(record).ok


def test_an_opener_who_alters_an_opened_ballot_is_caught_by_that_voter(
        strict_room: Any, engines: Any) -> None:
    """The chair's device, turned dishonest, opens the box and publishes one ballot with
    another choice (keeping the counts consistent): that voter's tablet says MISSING."""
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    cast = {n: engs[n].voting.cast_ballot(mid, pid, ["no"]).result(30) for n in VOTERS}
    device = engs["chair"].trustee.device_key(mid)
    engs["chair"].stop()  # from here on the chair's device is this test's own code
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    chair = room.users["chair"].id
    with client(room, "chair") as raw:
        assert raw.call("poll.box.claim", {"meeting_id": mid, "poll_id": pid},
                        rid="k1")["type"] == "result"
        engs["secretary"].voting.box_release(mid, pid).result(30)
        box = raw.ok("poll.box.get", {"meeting_id": mid, "poll_id": pid}, rid="g1")
        poll = engs["delegate"].meetings.snapshot(mid).poll(pid)
        got_box = BoxReply.from_wire(box)
        opened = open_as_opener(device, poll_id=pid, opener=chair, spec=poll.spec,
                                my_share=got_box.my_share, released=got_box.released,
                                wrapped_key=got_box.wrapped_key,
                                sealed=[(t, unb64(b, "sealed")) for t, b in got_box.sealed or ()],
                                poll_public=unb64(box["poll"]["seal"]["public_key"], "key"),
                                threshold=2)
        forged = [[r, ["yes"] if r == cast["delegate"].receipt else list(c)]
                  for r, c in opened.ballots]
        got = raw.call("poll.box.publish", {"meeting_id": mid, "poll_id": pid,
                                            "ballots": forged, "invalid": []}, rid="p1")
        assert got["type"] == "result", got
    wait_until(lambda: poll_status(engs["delegate2"], mid, pid) is PollStatus.CLOSED,
               what="the forged result published")
    states = {}
    for name in ("delegate", "delegate2", "secretary2"):
        engs[name].voting.poll_record(mid, pid).result(30)
        (mine,) = engs[name].voting.ballots(mid)
        states[name] = mine.state
    assert states == {"delegate": BallotState.MISSING, "delegate2": BallotState.COUNTED,
                      "secretary2": BallotState.COUNTED}


def test_a_trustee_on_two_devices_can_release_from_either(strict_room: Any,
                                                          engines: Any) -> None:
    """The secretary works on a laptop and a tablet: the share is sealed to both, so the
    device that did not deal still releases it (and the other's key is no longer the
    only one that counts)."""
    room = strict_room
    mid, engs = session(room, engines)
    tablet, _ = engines("secretary-tablet")  # the secretary's second device
    tablet.login(room.url, "secretary", room.password("secretary"), remember=False).result(30)
    wait_until(lambda: tablet.trustee.is_registered(mid), what="the tablet's trustee key")
    keys = room.admin.store.read(lambda tx: tx.trustee_keys(mid))
    assert len(keys[room.users["secretary"].id]) == 2
    pid = open_sealed(room, engs, mid)  # dealt on the laptop
    engs["delegate"].voting.cast_ballot(mid, pid, ["yes"]).result(30)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    engs["chair"].voting.box_claim(mid, pid).result(30)
    tablet.voting.box_release(mid, pid).result(30)  # from the device that did not deal
    wait_until(lambda: poll_status(engs["delegate"], mid, pid) is PollStatus.CLOSED,
               what="the box opened")
    engs["delegate"].voting.poll_record(mid, pid).result(30)
    (mine,) = engs["delegate"].voting.ballots(mid)
    assert mine.state is BallotState.COUNTED


def _pushes_until_result(raw: Any, pid: str) -> list[dict[str, Any]]:
    """What the server pushed to ``raw`` until the poll's result arrived."""
    seen: list[dict[str, Any]] = list(raw.pushed)
    while True:
        m = json.loads(raw.ws.recv(timeout=20))
        seen.append(m)
        poll = (m.get("event") or {}).get("data", {}).get("poll") or {}
        if poll.get("id") == pid and poll.get("status") == "closed" and "stage" not in poll:
            return seen


def test_the_last_share_is_handed_to_the_opener_alone_and_opens_the_box_at_once(
        strict_room: Any, engines: Any) -> None:
    """A release reaches the opener's connections as a notice before the room hears of
    it; the opener's app, which fetched the box at its claim, opens and publishes
    without asking the server for anything more. Nobody else gets the share."""
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    engs["delegate"].voting.cast_ballot(mid, pid, ["yes"]).result(30)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    chair = engs["chair"]
    chair.voting.box_claim(mid, pid).result(30)
    asked: list[str] = []
    reads = chair.trustee._request

    async def counted(mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        asked.append(mtype)
        return await reads(mtype, body)

    chair.trustee._request = counted  # the real read, counted
    with client(room, "chair") as opener, client(room, "delegate") as other:
        for raw in (opener, other):
            raw.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})
        engs["secretary"].voting.box_release(mid, pid).result(30)
        to_opener = _pushes_until_result(opener, pid)
        to_other = _pushes_until_result(other, pid)
    wait_until(lambda: poll_status(chair, mid, pid) is PollStatus.CLOSED, what="published")
    assert asked == []  # no poll.box.get: the claim's box and the handed share sufficed

    kinds = [m.get("kind") or m["event"]["kind"] for m in to_opener]
    assert kinds.count("poll.box.share") == 1
    handed = next(m["data"] for m in to_opener if m.get("kind") == "poll.box.share")
    sec = room.users["secretary"].id
    assert (handed["meeting_id"], handed["poll_id"], handed["from"]) == (mid, pid, sec)
    assert len(unb64(handed["share"], "share")) > 32  # sealed to the chair's device
    released_at = next(i for i, m in enumerate(to_opener) if m.get("type") == "event"
                       and sec in ((m["event"]["data"]["poll"].get("seal") or {})
                                   .get("released", ())))
    assert kinds.index("poll.box.share") < released_at  # before the room hears of it
    assert all(m.get("kind") != "poll.box.share" for m in to_other)
    engs["delegate"].voting.poll_record(mid, pid).result(30)
    (mine,) = engs["delegate"].voting.ballots(mid)
    assert mine.state is BallotState.COUNTED


def test_an_opener_that_missed_the_handed_share_reads_it_from_the_box(
        strict_room: Any, engines: Any, tmp_path: Any) -> None:
    """The opener's app restarted after its claim (the handed share and the claim's box
    are gone from memory): it reads the box again and still opens it."""
    room = strict_room
    mid, engs = session(room, engines)
    pid = open_sealed(room, engs, mid)
    engs["delegate"].voting.cast_ballot(mid, pid, ["no"]).result(30)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    engs["chair"].voting.box_claim(mid, pid).result(30)
    engs["chair"].stop()  # the chair's laptop goes away before the share comes
    engs["secretary"].voting.box_release(mid, pid).result(30)
    again, _ = engines("chair-again", data_dir=tmp_path / "client-chair")
    again.login(room.url, "chair", room.password("chair"), remember=False).result(30)
    wait_until(lambda: poll_status(engs["delegate"], mid, pid) is PollStatus.CLOSED,
               what="the box opened by the restarted app")
