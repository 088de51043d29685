"""Large ballot batches (the box reads a poll's voters and receipts once per batch): still
exactly once — replays answered, second votes and taken receipts refused, within one
batch and across batches. Real store (SQLite in tmp_path), real database thread."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import Any

import pytest

from meetingroom.bench.vote_room import motion, seed
from meetingroom.domain.model import User
from meetingroom.domain.polls import new_receipt
from meetingroom.domain.roles import Role
from meetingroom.errors import ConflictError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.poll_requests import BallotCast
from meetingroom.server.admin import Admin
from meetingroom.server.ballots import PREFETCH_MIN, BallotBox
from meetingroom.server.dbthread import DbThread
from meetingroom.server.live import attendance_set, live_phase
from meetingroom.server.polls import poll_create, poll_open
from meetingroom.storage.server_store import ServerStore


def command(store: ServerStore, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
    """One command as the system; polls open unsealed (these tests are about batching the
    plain ballots of apps before 0.3; sealed boxes: test_sealed_ballots.py)."""
    system = User(id="system", username="system", display_name="System", role=Role.ADMIN)
    handler: Any = {"live.phase": live_phase, "attendance.set": attendance_set,
                    "poll.create": poll_create,
                    "poll.open": functools.partial(poll_open, unsealed_secret=True)}[mtype]
    typed = msg.validate_body(mtype, body)
    result, _, _ = store.run_command("system", f"t-{new_receipt()}", mtype,
                                     lambda tx: handler(tx, system, typed))
    return result


def ballot(mid: str, pid: str, member: str, choice: str = "yes", **extra: Any) -> dict[str, Any]:
    return {"meeting_id": mid, "poll_id": pid, "ballot_id": "b" + new_receipt().lower(),
            "choices": [choice], "receipt": new_receipt(), "member_id": member, **extra}


def cast_body(body: dict[str, Any]) -> BallotCast:
    """``body`` as the server's session decodes it."""
    typed = msg.validate_body("ballot.cast", body)
    assert isinstance(typed, BallotCast)
    return typed


async def cast_all(box: BallotBox, casts: list[tuple[User, dict[str, Any]]]
                   ) -> list[dict[str, Any] | BaseException]:
    """Queue every cast before the box's flusher runs: one batch."""
    return list(await asyncio.gather(*(box.cast(u, cast_body(b)) for u, b in casts),
                                     return_exceptions=True))


def reason(outcome: object) -> str:
    assert isinstance(outcome, ConflictError), outcome
    return outcome.reason


def test_large_batches_count_each_member_once(tmp_path: Path) -> None:
    room = seed(tmp_path / "server", delegates=40)
    admin = Admin.open(room.data_dir)
    store = admin.store
    try:
        users = [store.user_by_username(n) for n in room.delegates]
        mid = room.meeting_id
        command(store, "live.phase", {"meeting_id": mid, "phase": "in_session"})
        command(store, "attendance.set", {"meeting_id": mid,
                                          "attendance": {u.id: "present" for u in users}})
        pid = command(store, "poll.create", {"meeting_id": mid,
                                             "spec": motion("Lô phiếu lớn")})["poll"]["id"]
        command(store, "poll.open", {"meeting_id": mid, "poll_id": pid})
        db = DbThread()

        async def published() -> None:
            return None

        box = BallotBox(store, db, published)
        first = [(u, ballot(mid, pid, u.id)) for u in users[:30]]
        repeat = first[0]
        second_vote = (users[1], ballot(mid, pid, users[1].id, "no"))
        stolen = (users[30], {**ballot(mid, pid, users[30].id), "receipt": first[2][1]["receipt"]})
        batch1 = [*first, repeat, second_vote, stolen]
        assert len(batch1) >= PREFETCH_MIN
        got1 = asyncio.run(cast_all(box, batch1))
        assert [o["replayed"] for o in got1[:30]] == [False] * 30  # type: ignore[index]
        assert got1[30]["replayed"] is True  # type: ignore[index]
        assert reason(got1[31]) == "already_voted"
        assert reason(got1[32]) == "receipt_taken"

        replays = first[:PREFETCH_MIN]
        again = [(u, ballot(mid, pid, u.id)) for u in users[:4]]
        taken = [(u, {**ballot(mid, pid, u.id), "receipt": first[10 + i][1]["receipt"]})
                 for i, u in enumerate(users[30:34])]
        fresh = [(u, ballot(mid, pid, u.id, "abstain")) for u in users[34:40]]
        got2 = asyncio.run(cast_all(box, [*replays, *again, *taken, *fresh]))
        assert all(o["replayed"] is True for o in got2[:PREFETCH_MIN])  # type: ignore[index]
        assert [reason(o) for o in got2[PREFETCH_MIN:PREFETCH_MIN + 4]] == ["already_voted"] * 4
        assert [reason(o) for o in got2[PREFETCH_MIN + 4:PREFETCH_MIN + 8]] == [
            "receipt_taken"] * 4
        assert [o["replayed"] for o in got2[-6:]] == [False] * 6  # type: ignore[index]
        with store.transaction() as tx:
            assert tx.count_voters(pid) == 36
            stored = dict(tx.ballots_of(pid))
        assert len(stored) == 36
        assert stored[first[5][1]["receipt"]] == ("yes",)
        assert stored[fresh[0][1]["receipt"]] == ("abstain",)
        db.close()
    finally:
        admin.close()


@pytest.mark.parametrize("n", [PREFETCH_MIN - 1])
def test_small_batches_still_refuse_a_second_vote(tmp_path: Path, n: int) -> None:
    room = seed(tmp_path / "server", delegates=n)
    admin = Admin.open(room.data_dir)
    store = admin.store
    try:
        users = [store.user_by_username(u) for u in room.delegates]
        mid = room.meeting_id
        command(store, "live.phase", {"meeting_id": mid, "phase": "in_session"})
        command(store, "attendance.set", {"meeting_id": mid,
                                          "attendance": {u.id: "present" for u in users}})
        pid = command(store, "poll.create", {"meeting_id": mid,
                                             "spec": motion("Lô nhỏ")})["poll"]["id"]
        command(store, "poll.open", {"meeting_id": mid, "poll_id": pid})
        db = DbThread()

        async def published() -> None:
            return None

        box = BallotBox(store, db, published)
        first = [(u, ballot(mid, pid, u.id)) for u in users]
        assert all(o["replayed"] is False  # type: ignore[index]
                   for o in asyncio.run(cast_all(box, first)))
        again = asyncio.run(cast_all(box, [(users[0], ballot(mid, pid, users[0].id, "no"))]))
        assert reason(again[0]) == "already_voted"
        db.close()
    finally:
        admin.close()
