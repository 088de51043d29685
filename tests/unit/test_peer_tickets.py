"""Tickets for peers: what the room server signs, a peer reads, and every way one is not
good enough — another key, tampered with, expired, malformed."""

from __future__ import annotations

import time

import pytest

from meetingroom.errors import ForbiddenError, ProtocolError
from meetingroom.protocol.peer_link import PeerFindReply, PeerHeldReply, PeerSource, Ticket
from meetingroom.sync.peer_fetch import HEDGE_AFTER, HEDGE_FACTOR, HEDGE_MIN, PeerPool

KEY = bytes(range(32))
SHA = "ab" * 32


def ticket(**kw: object) -> Ticket:
    base: dict[str, object] = {"peer": "p1", "meeting_id": "m1", "sha256": SHA,
                               "user_id": "u1", "expires": time.time() + 60}
    base.update(kw)
    return Ticket(**base)  # type: ignore[arg-type]


def test_a_signed_ticket_reads_back_as_it_was() -> None:
    t = ticket()
    got = Ticket.read(t.sign(KEY), KEY, now=time.time())
    assert (got.peer, got.meeting_id, got.sha256, got.user_id) == ("p1", "m1", SHA, "u1")


@pytest.mark.parametrize("text, why", [
    (ticket().sign(b"\x01" * 32), "not issued for this peer"),
    (ticket(expires=time.time() - 1).sign(KEY), "expired"),
    ("not a ticket", "malformed"),
    ("", "malformed|not issued"),
    ("e30." + ticket().sign(KEY).split(".")[1], "not issued for this peer"),
], ids=["another key", "expired", "not a ticket", "empty", "empty payload"])  # stable ids:
# the tickets hold the time, so ids made from them differ between two collections
def test_a_ticket_that_is_not_good_is_forbidden(text: str, why: str) -> None:
    with pytest.raises(ForbiddenError, match=why):
        Ticket.read(text, KEY, now=time.time())


def test_a_tampered_payload_fails_its_signature() -> None:
    head, mac = ticket().sign(KEY).split(".")
    other_head = ticket(meeting_id="m2").sign(KEY).split(".")[0]
    assert other_head != head
    with pytest.raises(ForbiddenError, match="not issued"):
        Ticket.read(f"{other_head}.{mac}", KEY, now=time.time())


def test_replies_about_peers_are_checked_where_they_arrive() -> None:
    good = {"chunk": 1024, "hashes": [SHA], "peers": [{
        "peer": "p1", "address": "10.0.0.2", "port": 4000, "cert_sha256": None,
        "ticket": "t", "meeting_id": "m1"}]}
    found = PeerFindReply.from_wire(good)
    assert found.peers[0].port == 4000 and found.hashes == (SHA,)
    for bad in ({**good, "chunk": 0}, {**good, "hashes": ["zz"]},
                {**good, "peers": [{**good["peers"][0], "port": 70000}]},  # type: ignore[index]
                {"chunk": 1024}):
        with pytest.raises(ProtocolError):
            PeerFindReply.from_wire(bad)
    assert PeerHeldReply.from_wire({"held": {SHA: 2}, "next": SHA}).held == {SHA: 2}
    with pytest.raises(ProtocolError):
        PeerHeldReply.from_wire({"held": {SHA: "2"}, "next": None})


def test_a_peers_patience_follows_its_speed_and_a_slow_one_is_left_alone() -> None:
    pool = PeerPool(tls=lambda: False)
    mib = 2**20
    assert pool.patience("a", mib) == HEDGE_AFTER  # nothing seen yet
    pool.delivered("a", mib, 0.1)  # 10 MiB/s
    assert pool.patience("a", mib) == HEDGE_MIN  # 4 × 0.1 s, but not below the floor
    assert pool.patience("a", 10 * mib) == pytest.approx(HEDGE_FACTOR * 1.0)
    assert pool.patience("a", 100 * mib) == HEDGE_AFTER  # and not above the most
    assert pool.patience("b", mib) == HEDGE_MIN  # unknown: as the peers seen so far
    pool.delivered("b", mib, 1.0)
    pool.delivered("b", mib, 1.0)  # slower than "a": asked after it among equals
    assert pool.preference("a") < pool.preference("b")
    src = PeerSource(peer="a", address="10.0.0.2", port=9, cert_sha256=None, ticket="t",
                     meeting_id="m")
    assert pool.usable(src)
    pool.too_slow("a")
    assert not pool.usable(src) and pool.allowed(src)  # not asked, but not broken either
    assert pool.patience("a", mib) == pytest.approx(HEDGE_FACTOR * 1.0)  # speed forgotten
