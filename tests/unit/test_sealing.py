"""The sealing primitives composed from cryptography (HPKE) and pycryptodome (Shamir):
ballots seal and open, shares rebuild the poll key k of n and not with fewer."""

from __future__ import annotations

import os
from itertools import combinations
from typing import Any

import pytest

from meetingroom.domain.model import Participant
from meetingroom.domain.polls import new_receipt, published_turnout
from meetingroom.domain.roles import Role
from meetingroom.domain.trustees import TrusteeError, choose_trustees
from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec
from meetingroom.sealing.box import (
    SealError,
    open_ballot,
    public_bytes,
    seal_ballot,
    seal_tag,
    sealed_length,
)
from meetingroom.sealing.keys import trustee_key
from meetingroom.sealing.opening import open_box
from meetingroom.sealing.shares import (
    deal,
    open_released,
    open_share,
    recover_poll_key,
    release,
)

SPEC = PollSpec("Bầu Ủy viên", tuple(PollOption(f"c{i}", f"Ứng viên {i}", OptionKind.CANDIDATE)
                                     for i in range(5)),
                min_choices=0, max_choices=3, seats=3, ballot_type=BallotType.SECRET).validate()
TRUSTEES = ("chair", "secretary", "member")


def dealt(threshold: int = 2) -> tuple[list[Any], Any]:
    devices = [trustee_key(os.urandom(32), u, "m1") for u in TRUSTEES]
    box = deal("p1", [(u, public_bytes(k)) for u, k in zip(TRUSTEES, devices, strict=True)],
               threshold)
    return devices, box


def test_every_sealed_ballot_of_a_poll_has_one_size_whatever_it_says() -> None:
    _, box = dealt()
    sizes = {len(seal_ballot(box.public_key, "p1", SPEC, new_receipt(), c))
             for c in ([], ["c1"], ["c0", "c3", "c4"])}
    assert sizes == {sealed_length(SPEC)}


def test_any_two_of_three_trustees_open_the_box_and_one_cannot() -> None:
    devices, box = dealt()
    shares = [open_share(k, "p1", u, s.sealed)
              for u, k, s in zip(TRUSTEES, devices, box.shares, strict=True)]
    receipt = new_receipt()
    sealed = seal_ballot(box.public_key, "p1", SPEC, receipt, ["c2", "c4"])
    for pair in combinations(shares, 2):
        key = recover_poll_key("p1", box.public_key, box.wrapped_key, list(pair), 2)
        assert open_ballot(key, "p1", sealed) == (receipt, ("c2", "c4"))
    for one in shares:
        with pytest.raises(SealError) as err:
            recover_poll_key("p1", box.public_key, box.wrapped_key, [one], 2)
        assert err.value.reason == "too_few_shares"


def test_a_share_opens_only_on_its_trustees_device_and_a_release_only_on_the_openers() -> None:
    devices, box = dealt()
    with pytest.raises(SealError):
        open_share(devices[1], "p1", "chair", box.shares[0].sealed)  # another device
    with pytest.raises(SealError):
        open_share(devices[0], "p2", "chair", box.shares[0].sealed)  # another poll
    mine = open_share(devices[1], "p1", "secretary", box.shares[1].sealed)
    to_chair = release(mine, public_bytes(devices[0]), "p1", "secretary", "chair")
    assert open_released(devices[0], "p1", "secretary", "chair", to_chair) == mine
    with pytest.raises(SealError):
        open_released(devices[2], "p1", "secretary", "chair", to_chair)


def test_a_wrong_share_is_skipped_when_enough_good_ones_remain() -> None:
    devices, box = dealt()
    good = [open_share(k, "p1", u, s.sealed)
            for u, k, s in zip(TRUSTEES, devices, box.shares, strict=True)]
    _, other = dealt()
    bad = open_share(devices[0], "p1", "chair", box.shares[0].sealed)
    bad = type(bad)(bad.index, bytes(16))
    key = recover_poll_key("p1", box.public_key, box.wrapped_key, [bad, good[1], good[2]], 2)
    assert public_bytes(key) == box.public_key
    with pytest.raises(SealError):  # a key from another poll's shares is refused
        recover_poll_key("p1", other.public_key, box.wrapped_key, good, 2)


def test_a_ballot_sealed_for_one_poll_does_not_open_in_another() -> None:
    devices, box = dealt()
    shares = [open_share(k, "p1", u, s.sealed)
              for u, k, s in zip(TRUSTEES, devices, box.shares, strict=True)]
    key = recover_poll_key("p1", box.public_key, box.wrapped_key, shares, 2)
    sealed = seal_ballot(box.public_key, "p1", SPEC, new_receipt(), ["c1"])
    with pytest.raises(SealError) as err:
        open_ballot(key, "p2", sealed)
    assert err.value.reason == "does_not_open"


def test_opening_lists_every_bad_ballot_as_invalid_and_sorts_the_rest_by_receipt() -> None:
    devices, box = dealt()
    shares = [open_share(k, "p1", u, s.sealed)
              for u, k, s in zip(TRUSTEES, devices, box.shares, strict=True)]
    key = recover_poll_key("p1", box.public_key, box.wrapped_key, shares, 2)
    good = [(new_receipt(), ("c1",)) for _ in range(5)]
    twice = new_receipt()
    blobs = [seal_ballot(box.public_key, "p1", SPEC, r, c) for r, c in good]
    blobs += [seal_ballot(box.public_key, "p1", SPEC, twice, ["c0"]),
              seal_ballot(box.public_key, "p1", SPEC, twice, ["c1"]),
              seal_ballot(box.public_key, "p1", SPEC, new_receipt(), ["c9"]),
              seal_ballot(box.public_key, "p1", SPEC, "not a receipt", ["c1"]),
              bytes(sealed_length(SPEC))]
    opened = open_box(key, "p1", SPEC, sorted((seal_tag(b), b) for b in blobs))
    assert opened.ballots == tuple(sorted(good))
    assert sorted(why for _, why in opened.invalid) == [
        "bad_choice", "bad_receipt", "does_not_open", "repeated_receipt", "repeated_receipt"]


def test_the_default_trustees_are_the_chair_the_secretary_and_one_more() -> None:
    people = [Participant("d2", "Bùi Văn B", Role.DELEGATE, True),
              Participant("o", "Quan sát", Role.OBSERVER, False),
              Participant("s", "Thư ký", Role.SECRETARY, False),
              Participant("d1", "An Thị A", Role.DELEGATE, True),
              Participant("c", "Chủ tọa", Role.CHAIR, True)]
    choice = choose_trustees(people, {"d1", "d2", "s", "c", "o"})
    assert (choice.trustees, choice.threshold) == (("c", "s", "d1"), 2)
    assert choose_trustees(people, {"s", "d2"}).trustees == ("s", "d2")
    with pytest.raises(TrusteeError):
        choose_trustees(people, {"c", "o"})


@pytest.mark.parametrize(("count", "present", "secret", "shown"), [
    (7, 20, False, 7), (7, 20, True, 6), (19, 20, True, 18), (20, 20, True, 20),
    (3, 5, True, 3), (499, 500, True, 450), (49, 500, True, 0)])
def test_a_secret_polls_turnout_is_shown_in_steps_until_everyone_has_voted(
        count: int, present: int, secret: bool, shown: int) -> None:
    assert published_turnout(count, present, secret=secret) == shown


def test_a_box_waiting_for_its_trustees_travels_as_a_closed_poll_without_a_result() -> None:
    """What a 0.2 app reads (closed, no result; then the result), and what 0.3 reads."""
    from meetingroom.domain.polls import Poll, PollStatus
    from meetingroom.domain.seals import PollSeal

    seal = PollSeal(public_key="k", threshold=2, trustees=("a", "b", "c"))
    for status, wire in ((PollStatus.COUNTING, "closed"), (PollStatus.UNOPENED, "cancelled"),
                         (PollStatus.CLOSED, "closed"), (PollStatus.OPEN, "open")):
        poll = Poll(id="p1", item_id=None, spec=SPEC, status=status, seal=seal)
        d = poll.to_dict()
        assert d["status"] == wire
        assert ("stage" in d) == (status in (PollStatus.COUNTING, PollStatus.UNOPENED))
        assert Poll.from_dict(d) == poll
    with pytest.raises(ValueError):
        Poll.from_dict({**Poll(id="p1", item_id=None, spec=SPEC).to_dict(),
                        "status": "open", "stage": "counting"})
