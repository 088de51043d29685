"""Exactly once with real engines: many delegates vote while connections are cut at random,
and a tablet that votes offline sends its ballot when the server is back."""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from test_live_commands import motion
from test_minutes_commands import Raw, client

from meetingroom.domain.polls import (
    BallotState,
    LocalBallot,
    PollRecord,
    PollStatus,
    new_receipt,
    verify_record,
)
from meetingroom.domain.roles import Role
from meetingroom.protocol import requests as rq
from meetingroom.sync import events as ev

N_DELEGATES = 20
CHOICES = ("yes", "no", "abstain")


def wait_until(cond: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def seed() -> int:
    s = int(os.environ.get("VOTE_SEED") or random.SystemRandom().randrange(2**32))
    print(f"random seed: VOTE_SEED={s}")  # shown on failure: replay with VOTE_SEED=…
    return s


def add_delegates(room: Any, n: int) -> list[str]:
    names = [f"dbieu{i:02d}" for i in range(n)]
    for name in names:
        room.users[name] = room.admin.add_user(name, room.password(name), role=Role.DELEGATE,
                                               display_name=f"Đại biểu {name[-2:]}")
    return names


def log_in(room: Any, engines: Any, name: str, mid: str) -> tuple[Any, Any]:
    eng, rec = engines(name)
    eng.login(room.url, name, room.password(name), remember=False).result(30)
    wait_until(lambda: eng.meetings.snapshot(mid) is not None, what=f"{name} sees the meeting")
    return eng, rec


def poll_status(eng: Any, mid: str, pid: str) -> PollStatus | None:
    snap = eng.meetings.snapshot(mid)
    poll = None if snap is None else snap.poll(pid)
    return None if poll is None else poll.status


def my_ballot(eng: Any, mid: str) -> LocalBallot:
    (b,) = eng.voting.ballots(mid)
    return b


def as_secretary(room: Any, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
    """One command from the secretary on a fresh raw connection (a fresh request id each
    time: the server remembers request ids per user across connections)."""
    with client(room, "secretary") as sec:
        return sec.ok(mtype, body, rid="s" + uuid.uuid4().hex)


def open_poll(room: Any, mid: str) -> str:
    pid = str(as_secretary(room, "poll.create", {"meeting_id": mid, "spec": motion()})
              ["poll"]["id"])
    as_secretary(room, "poll.open", {"meeting_id": mid, "poll_id": pid})
    return pid


def cut_connections(room: Any, usernames: set[str], rng: random.Random,
                    share: float) -> int:
    """Close (server side) the websockets of a random ``share`` of these users' connections."""

    async def cut() -> int:
        # Hub has no public list of every client; the test reaches in to play the network
        victims = [c for c in list(room.server.hub._clients)
                   if c.user is not None and c.user.username in usernames]
        victims.sort(key=lambda c: c.user.username)
        chosen = [c for c in victims if rng.random() < share]
        for c in chosen:
            c.out.disconnect(1012, "test: connection cut")
        return len(chosen)

    return int(room.thread.call(cut()))


def test_twenty_engines_vote_through_random_disconnects_and_each_counts_once(
        room: Any, engines: Any) -> None:
    rng = random.Random(seed())
    names = add_delegates(room, N_DELEGATES)
    mid = str(room.published_meeting(participants=("secretary", *names))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    fleet = {name: log_in(room, engines, name, mid) for name in names}
    checked_in = [eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True))
                  for eng, _ in fleet.values()]
    for f in checked_in:
        f.result(30)
    pid = open_poll(room, mid)
    for name, (eng, _) in fleet.items():
        wait_until(lambda e=eng: poll_status(e, mid, pid) is PollStatus.OPEN,
                   what=f"{name} sees the poll open")

    cast: dict[str, str] = {name: rng.choice(CHOICES) for name in names}
    order = list(names)
    rng.shuffle(order)
    futures = []
    cuts = 0
    # voters arrive in waves; between waves (and while a wave is in flight) connections
    # of random delegates, voted or not, are cut on the server side
    for start in range(0, len(order), 4):
        for name in order[start:start + 4]:
            futures.append(fleet[name][0].voting.cast_ballot(mid, pid, [cast[name]]))
        cuts += cut_connections(room, set(names), rng, share=0.3)
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0.0, 0.05))  # let some acknowledgements race the cuts
        cuts += cut_connections(room, set(names), rng, share=0.2)
    if rng.random() < 0.5:
        room.restart()  # the whole server goes away once, mid-poll, sometimes
    for f in futures:
        f.result(30)  # RECEIVED, or STORED while reconnecting: never an error
    assert cuts > 0

    for name, (eng, rec) in fleet.items():
        rec.wait_for(lambda e: isinstance(e, ev.BallotChanged)
                     and e.ballot.state is BallotState.RECEIVED, timeout=30)
        b = my_ballot(eng, mid)
        assert (b.state, b.choices) == (BallotState.RECEIVED, (cast[name],)), name

    closed = as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
    assert closed["result"]["ballots_cast"] == N_DELEGATES
    assert dict(map(tuple, closed["result"]["counts"])) == {
        c: Counter(cast.values())[c] for c in CHOICES}

    any_eng = next(iter(fleet.values()))[0]
    record = any_eng.voting.poll_record(mid, pid).result(30)
    assert len(record.ballots) == N_DELEGATES
    published = Counter(r for r, _ in record.ballots)
    assert verify_record(record).ok
    for name, (eng, _) in fleet.items():
        b = my_ballot(eng, mid)
        assert published[b.receipt] == 1, name
        assert dict(record.ballots)[b.receipt] == (cast[name],), name
        eng.voting.poll_record(mid, pid).result(30)
        assert my_ballot(eng, mid).state is BallotState.COUNTED, name


def test_a_ballot_cast_offline_stays_stored_and_is_counted_once_when_the_server_returns(
        room: Any, engines: Any) -> None:
    names = add_delegates(room, 2)
    mid = str(room.published_meeting(participants=("secretary", *names))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    (eng, rec), (other, _) = (log_in(room, engines, n, mid) for n in names)
    for e in (eng, other):
        e.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(30)
    pid = open_poll(room, mid)
    wait_until(lambda: poll_status(eng, mid, pid) is PollStatus.OPEN, what="poll open")
    assert other.voting.cast_ballot(mid, pid, ["no"]).result(30).state is BallotState.RECEIVED

    room.thread.stop()
    wait_until(lambda: eng.link is None, what="the engine notices the server is gone")
    stored = eng.voting.cast_ballot(mid, pid, ["yes"]).result(30)
    assert stored.state is BallotState.STORED
    assert my_ballot(eng, mid).state is BallotState.STORED  # kept on the device
    rec.clear()

    room.thread.start()
    rec.wait_for(lambda e: isinstance(e, ev.BallotChanged)
                 and e.ballot.state is BallotState.RECEIVED, timeout=30)
    closed = as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
    assert dict(map(tuple, closed["result"]["counts"])) == {"yes": 1, "no": 1, "abstain": 0}
    record = eng.voting.poll_record(mid, pid).result(30)
    assert [r for r, _ in record.ballots].count(stored.receipt) == 1
    assert dict(record.ballots)[stored.receipt] == ("yes",)
    assert len(record.ballots) == 2
    assert my_ballot(eng, mid).state is BallotState.COUNTED
    # a BallotChanged for every step the voter sees: stored → received → counted
    steps = [e.ballot.state for e in rec.events if isinstance(e, ev.BallotChanged)]
    assert BallotState.RECEIVED in steps and steps[-1] is BallotState.COUNTED


def test_a_server_that_drops_the_handshake_does_not_end_the_tablets_reconnecting(
        room: Any, engines: Any) -> None:
    """Seen when the server was killed mid-poll: a reconnect attempt met a socket that
    closed before the HTTP answer (InvalidMessage); the engine's connection loop ended
    and the tablet never sent its stored ballot."""
    names = add_delegates(room, 1)
    mid = str(room.published_meeting(participants=("secretary", *names))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    eng, rec = log_in(room, engines, names[0], mid)
    eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(30)
    as_secretary(room, "attendance.set", {"meeting_id": mid, "attendance": {
        room.users["secretary"].id: "present"}})
    pid = open_poll(room, mid)
    wait_until(lambda: poll_status(eng, mid, pid) is PollStatus.OPEN, what="poll open")

    room.thread.stop()
    # something on the room's port that accepts connections and drops them at once
    dropped = threading.Event()
    listener = socket.create_server(("127.0.0.1", room.thread.port))

    def drop_all() -> None:
        listener.settimeout(0.1)
        while not stop_dropping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.close()
            dropped.set()

    stop_dropping = threading.Event()
    dropper = threading.Thread(target=drop_all, daemon=True)
    dropper.start()
    try:
        stored = eng.voting.cast_ballot(mid, pid, ["yes"]).result(30)
        assert stored.state is BallotState.STORED
        assert dropped.wait(20)
        rec.clear()
        # the engine keeps trying after a dropped handshake
        rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                     and e.retry_in is not None, timeout=20)
    finally:
        stop_dropping.set()
        dropper.join(10)
        listener.close()
    room.thread.start()
    wait_until(lambda: my_ballot(eng, mid).state is BallotState.RECEIVED,
               what="the stored ballot is sent once the server is back")


# -- who may do what (beyond tests/integration/test_live_commands.py) -----------------------

PARTICIPANTS = ("secretary", "chair", "delegate", "delegate2", "observer")


def new_ballot(mid: str, pid: str, choice: str, **extra: Any) -> dict[str, Any]:
    return {"meeting_id": mid, "poll_id": pid, "ballot_id": "b" + uuid.uuid4().hex,
            "choices": [choice], "receipt": new_receipt(), **extra}


def running_meeting(room: Any, sec: Raw, present: tuple[str, ...]) -> dict[str, Any]:
    meeting = room.published_meeting(participants=PARTICIPANTS)
    mid = meeting["meeting_id"]
    sec.ok("live.phase", {"meeting_id": mid, "phase": "in_session"})
    sec.ok("attendance.set", {"meeting_id": mid, "attendance": {
        room.users[u].id: "present" for u in present}})
    return dict(meeting)


def test_a_delegate_cannot_run_the_session_and_their_attempts_change_nothing(
        room: Any) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1:
        meeting = running_meeting(room, sec, ("secretary", "chair", "delegate"))
        mid = meeting["meeting_id"]
        draft = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        opened = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": opened})
        d2_id = room.users["delegate2"].id
        d1.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})
        d1.ok("speakers.request", {"meeting_id": mid, "request": True})
        refused = {
            "poll.create": {"meeting_id": mid, "spec": motion()},
            "poll.update": {"meeting_id": mid, "poll_id": draft, "spec": motion("named")},
            "poll.open": {"meeting_id": mid, "poll_id": draft},
            "poll.close": {"meeting_id": mid, "poll_id": opened},
            "poll.cancel": {"meeting_id": mid, "poll_id": opened},
            "attendance.set": {"meeting_id": mid, "attendance": {d2_id: "present"}},
            "proxies.set": {"meeting_id": mid, "proxies": {d2_id: room.users["delegate"].id}},
            "speakers.grant": {"meeting_id": mid},
            "speakers.end": {"meeting_id": mid},
            "speakers.order": {"meeting_id": mid, "queue": [room.users["delegate"].id]},
            "speakers.limit": {"meeting_id": mid, "seconds": 60},
            "live.current_item": {"meeting_id": mid, "item_id": meeting["items"][1].id},
            "live.quorum": {"meeting_id": mid, "quorum": {"min_present": 1,
                                                          "fraction_of_members": None}},
            "presenter.show": {"meeting_id": mid, "document_id": meeting["document"].id,
                               "page": 1, "zoom": 100},
            "presenter.stop": {"meeting_id": mid},
        }
        got = {mtype: d1.err(mtype, body)[0] for mtype, body in refused.items()}
        assert got == dict.fromkeys(refused, "forbidden")
        # nothing happened: the draft is a draft, the open poll still takes ballots,
        # delegate2 is not present, nobody holds the floor, nothing is presented
        snap = sec.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})
        polls = {p["id"]: p for p in snap["snapshot"]["polls"]}
        assert (polls[draft]["status"], polls[opened]["status"]) == ("draft", "open")
        assert len(polls) == 2
        live = snap["snapshot"]["live"]
        assert d2_id not in live["attendance"] and live["proxies"] == {}
        assert live["speakers"]["speaking"] is None and live["speakers"]["limit"] == 0
        assert snap.get("presenter") is None
        assert d1.ok("ballot.cast", new_ballot(mid, opened, "yes"))["status"] == "received"


def test_two_ballots_of_one_member_sent_at_once_from_two_connections_count_once(
        room: Any) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as a, \
            client(room, "delegate") as b:
        mid = running_meeting(room, sec, ("secretary", "chair", "delegate"))["meeting_id"]
        for round_ in range(6):
            pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
            sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
            first, second = new_ballot(mid, pid, "yes"), new_ballot(mid, pid, "no")
            if round_ % 2:  # the same ballot (same id) resent on two connections at once
                second = dict(first)
            replies = []
            for raw, body, rid in ((a, first, f"x{round_}a"), (b, second, f"x{round_}b")):
                raw.ws.send(json.dumps({"v": 1, "type": "ballot.cast", "id": rid,
                                        "body": body}))
            for raw, rid in ((a, f"x{round_}a"), (b, f"x{round_}b")):
                while True:
                    m = json.loads(raw.ws.recv(timeout=10))
                    if m.get("re") == rid:
                        replies.append(m)
                        break
            ok = [m for m in replies if m["type"] == "result"]
            if round_ % 2:
                assert len(ok) == 2  # both answered "received", one as a replay
                assert sorted(m["body"]["replayed"] for m in ok) == [False, True]
            else:
                assert len(ok) == 1, replies
                (bad,) = [m for m in replies if m["type"] == "error"]
                assert (bad["code"], bad.get("reason")) == ("conflict", "already_voted")
            poll = sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
            assert poll["result"]["ballots_cast"] == 1
            record = PollRecord.from_dict(sec.ok("poll.record", {
                "meeting_id": mid, "poll_id": pid})["record"])
            assert len(record.ballots) == 1 and record.voters == ("Delegate",)


def test_a_delegate_cannot_vote_in_a_poll_of_another_meeting(room: Any) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1:
        mine = running_meeting(room, sec, ("secretary", "chair", "delegate"))["meeting_id"]
        other = room.published_meeting(participants=("secretary", "chair", "delegate2"))
        oid = other["meeting_id"]
        sec.ok("live.phase", {"meeting_id": oid, "phase": "in_session"})
        sec.ok("attendance.set", {"meeting_id": oid, "attendance": {
            room.users[u].id: "present" for u in ("secretary", "chair", "delegate2")}})
        pid = sec.ok("poll.create", {"meeting_id": oid, "spec": motion()})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": oid, "poll_id": pid})
        assert d1.err("ballot.cast", new_ballot(oid, pid, "yes"))[0] == "not_found"
        # nor by naming their own meeting with the other meeting's poll
        assert d1.err("ballot.cast", new_ballot(mine, pid, "yes"))[0] == "not_found"
        poll = sec.ok("poll.close", {"meeting_id": oid, "poll_id": pid})["poll"]
        assert poll["result"]["ballots_cast"] == 0


def test_nobody_sees_a_secret_ballots_choices_before_the_poll_closes(room: Any) -> None:
    with client(room, "secretary") as sec, client(room, "delegate") as d1, \
            client(room, "delegate2") as d2, client(room, "chair") as ch:
        mid = running_meeting(room, sec, ("secretary", "chair", "delegate", "delegate2")
                              )["meeting_id"]
        for c in (d1, d2, ch):
            c.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})
        pid = sec.ok("poll.create", {"meeting_id": mid, "spec": motion()})["poll"]["id"]
        sec.ok("poll.open", {"meeting_id": mid, "poll_id": pid})
        cast = [new_ballot(mid, pid, "no"), new_ballot(mid, pid, "no"),
                new_ballot(mid, pid, "yes")]
        for c, b in zip((d1, d2, ch), cast, strict=True):
            c.ok("ballot.cast", b)
        secret_values = [b["receipt"] for b in cast] + [b["ballot_id"] for b in cast]

        # the record is refused while the poll is open, to voters and to the secretary
        for c in (d1, sec):
            assert c.err("poll.record", {"meeting_id": mid, "poll_id": pid}) == (
                "conflict", "poll_open")
        # the turnout reaches subscribers as a bare number
        deadline = time.monotonic() + 20
        while not any(m.get("type") == "event" and m["event"]["kind"] == "poll.turnout"
                      and m["event"]["data"]["turnout"] == 3 for m in d1.pushed):
            assert time.monotonic() < deadline, "no turnout of 3 seen"
            d1.ok("ping", {})
        turnouts = [m["event"] for c in (d1, d2, ch) for m in c.pushed
                    if m.get("type") == "event" and m["event"]["kind"] == "poll.turnout"]
        assert turnouts and all(set(e["data"]) == {"poll_id", "turnout"} for e in turnouts)
        # snapshots (fresh and resumed) and every pushed message carry no choice, no result,
        # no receipt and no ballot id of anyone
        texts = [json.dumps(c.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0}),
                            ensure_ascii=False) for c in (d1, d2, ch, sec)]
        texts += [json.dumps(c.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 1}),
                             ensure_ascii=False) for c in (d1, sec)]
        texts += [json.dumps(m, ensure_ascii=False) for c in (d1, d2, ch, sec)
                  for m in c.pushed]
        assert len(texts) > 6
        for t in texts:
            assert not [v for v in secret_values if v in t], t[:300]
            assert '"choices"' not in t and '"counts"' not in t, t[:300]
        open_poll_json = [p for p in json.loads(texts[0])["snapshot"]["polls"]
                          if p["id"] == pid]
        assert open_poll_json[0]["result"] is None and open_poll_json[0]["turnout"] == 3

        sec.ok("poll.close", {"meeting_id": mid, "poll_id": pid})
        record = d2.ok("poll.record", {"meeting_id": mid, "poll_id": pid})["record"]
        assert sorted(r for r, _ in record["ballots"]) == sorted(b["receipt"] for b in cast)


def test_a_ballot_waiting_for_the_disk_when_the_server_stops_is_answered_and_sent_again(
        room: Any, engines: Any) -> None:
    """Seen with the random-disconnect test: the ballot box's shutdown left queued ballots
    unanswered, their handlers waited forever and the server never finished stopping."""
    names = add_delegates(room, 2)
    mid = str(room.published_meeting(participants=("secretary", *names))["meeting_id"])
    as_secretary(room, "live.phase", {"meeting_id": mid, "phase": "in_session"})
    (eng, _), (other, _) = (log_in(room, engines, n, mid) for n in names)
    for e in (eng, other):
        e.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(30)
    pid = open_poll(room, mid)
    wait_until(lambda: poll_status(eng, mid, pid) is PollStatus.OPEN, what="poll open")

    # the database thread is busy (a slow disk) while the ballot arrives
    busy, release = threading.Event(), threading.Event()

    def slow_disk() -> None:
        busy.set()
        release.wait(30)

    server, thread = room.server, room.thread
    asyncio.run_coroutine_threadsafe(server.db.run(slow_disk), thread.loop)
    assert busy.wait(10)
    cast = eng.voting.cast_ballot(mid, pid, ["yes"])
    # the box holds it: its flusher waits for the database (no public view of the queue)
    wait_until(lambda: server.ballots._flusher is not None, what="the ballot is queued")
    stopper = threading.Thread(target=thread.stop)
    stopper.start()
    try:
        # answered (storage error) or cut off: either way not acknowledged, still on the tablet
        assert cast.result(30).state is BallotState.STORED
    finally:
        release.set()
    stopper.join(60)
    assert not stopper.is_alive()
    assert thread._thread is not None and not thread._thread.is_alive(), \
        "the server did not finish stopping"

    thread.start()
    wait_until(lambda: my_ballot(eng, mid).state is BallotState.RECEIVED,
               what="the ballot is sent again")
    closed = as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})["poll"]
    assert closed["result"]["ballots_cast"] == 1
    eng.voting.poll_record(mid, pid).result(30)
    assert my_ballot(eng, mid).state is BallotState.COUNTED
