"""A trustee who keeps their trustee key on a PKCS#11 token (SoftHSM here): the key lives
on the token behind the PIN, the share is sealed to it, and the box opens only with the
PIN (issue 14, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from signing_fixtures import SoftToken, softhsm_token
from test_minutes_commands import client
from test_sealed_ballots import VOTERS, open_sealed, session, strict_room
from test_voting_exactly_once import as_secretary, poll_status, wait_until

from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.errors import ConflictError
from meetingroom.sealing.box import SealError
from meetingroom.sealing.token import TrusteeToken, put_trustee_key, trustee_key

__all__ = ["softhsm_token", "strict_room"]  # fixtures


def test_the_key_on_the_token_opens_only_with_its_pin(softhsm_token: SoftToken) -> None:
    t = TrusteeToken(softhsm_token.module, softhsm_token.label)
    public = put_trustee_key(t, softhsm_token.pin, "u-token-test")
    key = trustee_key(t, softhsm_token.pin, "u-token-test")
    assert key.public_key().public_bytes_raw() == public
    with pytest.raises(SealError) as err:
        trustee_key(t, b"000000", "u-token-test")
    assert err.value.reason == "bad_pin"
    with pytest.raises(SealError) as err:
        trustee_key(t, softhsm_token.pin, "somebody-else")
    assert err.value.reason == "no_token_key"
    again = put_trustee_key(t, softhsm_token.pin, "u-token-test")  # a new key replaces it
    assert again != public
    assert trustee_key(t, softhsm_token.pin, "u-token-test").public_key(
        ).public_bytes_raw() == again


def test_a_chair_with_a_token_opens_the_box_with_the_pin(
        strict_room: Any, engines: Any, softhsm_token: SoftToken) -> None:
    room = strict_room
    mid, engs = session(room, engines)
    chair = engs["chair"]
    token = TrusteeToken(softhsm_token.module, softhsm_token.label)
    public = chair.voting.use_trustee_token(token, softhsm_token.pin).result(30)
    chair_id = room.users["chair"].id
    wait_until(lambda: room.admin.store.read(lambda tx: tx.trustee_keys(mid))[chair_id][0]
               == public, what="the token's key registered")
    pid = open_sealed(room, engs, mid)  # the chair's share is sealed to the token's key
    for name in VOTERS:
        engs[name].voting.cast_ballot(mid, pid, ["yes"]).result(30)
    as_secretary(room, "poll.close", {"meeting_id": mid, "poll_id": pid})
    with pytest.raises(ConflictError) as err:  # nothing without the PIN
        chair.voting.box_claim(mid, pid).result(30)
    assert err.value.reason == "pin_needed"
    with pytest.raises(ConflictError) as err:
        chair.voting.box_claim(mid, pid, b"000000").result(30)
    assert err.value.reason == "bad_pin"
    chair.voting.box_claim(mid, pid, softhsm_token.pin).result(30)
    engs["secretary"].voting.box_release(mid, pid).result(30)  # the chair's app opens the box
    wait_until(lambda: poll_status(engs["delegate"], mid, pid) is PollStatus.CLOSED,
               what="the box opened with the token's key")
    engs["delegate"].voting.poll_record(mid, pid).result(30)
    (mine,) = engs["delegate"].voting.ballots(mid)
    assert mine.state is BallotState.COUNTED
    with client(room, "delegate") as d:  # and the record is there for everyone
        assert d.call("poll.record", {"meeting_id": mid, "poll_id": pid},
                      rid="r1")["type"] == "result"
