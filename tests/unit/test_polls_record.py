"""Polls, ballots and the published record: round trips and what verify_record catches."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meetingroom.domain.polls import (
    RECEIPT_LEN,
    BallotState,
    LocalBallot,
    Poll,
    PollRecord,
    PollStatus,
    format_receipt,
    is_receipt,
    new_receipt,
    verify_record,
)
from meetingroom.domain.voting import (
    BallotType,
    MajorityBase,
    MajorityRule,
    OptionKind,
    PollOption,
    PollSpec,
    QuorumRule,
    Threshold,
    VotingError,
)
from meetingroom.domain.voting_tally import tally
from meetingroom.sync.ballots import cast_body

MOTION = (PollOption("yes", "Tán thành", OptionKind.YES),
          PollOption("no", "Không tán thành", OptionKind.NO),
          PollOption("abstain", "Không biểu quyết", OptionKind.ABSTAIN))


def spec(ballot_type: BallotType = BallotType.SECRET) -> PollSpec:
    return PollSpec("Thông qua Nghị quyết", MOTION, ballot_type=ballot_type).validate()


def record_of(s: PollSpec, ballots: list[tuple[str, ...]], *, members: int | None = None,
              names: list[str] | None = None) -> PollRecord:
    """The record a server would publish for ``ballots`` (receipts made fresh)."""
    members = members if members is not None else max(1, len(ballots))
    result = tally(s, ballots, present=members, members=members)
    poll = Poll(id="p1", item_id="i1", spec=s, status=PollStatus.CLOSED, created_at=1.0,
                opened_at=2.0, closed_at=3.0, members=members, present_at_open=members,
                turnout=len(ballots), result=result)
    pairs = sorted((new_receipt(), tuple(sorted(c))) for c in ballots)
    names = names or [f"Đại biểu {i:03d}" for i in range(len(ballots))]
    named: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    if s.ballot_type is BallotType.NAMED:
        named = tuple(sorted((n, tuple(sorted(c)), n) for n, c in zip(names, ballots,
                                                                       strict=True)))
    return PollRecord(poll=poll, ballots=tuple(pairs), voters=tuple(sorted(names)),
                      named=named)


def test_receipts_are_random_readable_codes() -> None:
    codes = {new_receipt() for _ in range(200)}
    assert len(codes) == 200
    assert all(is_receipt(c) and len(c) == RECEIPT_LEN for c in codes)
    assert not is_receipt("abcdefghijklmnopqrst") and not is_receipt("A" * 19)
    assert not is_receipt("0" * RECEIPT_LEN)  # 0, 1, 8, 9 are not base32
    assert format_receipt("ABCDEFGHIJKLMNOPQRST") == "ABCD-EFGH-IJKL-MNOP-QRST"


def test_poll_and_record_round_trip_through_dicts() -> None:
    rec = record_of(spec(BallotType.NAMED), [("yes",), ("no",), ("yes",)])
    again = PollRecord.from_dict(rec.to_dict())
    assert again == rec
    assert Poll.from_dict(rec.poll.to_dict()) == rec.poll
    draft = Poll(id="p2", item_id=None, spec=spec())
    assert Poll.from_dict(draft.to_dict()) == draft


def test_a_malformed_record_is_a_voting_error_with_a_reason() -> None:
    d = record_of(spec(), [("yes",)]).to_dict()
    del d["voters"]
    with pytest.raises(VotingError) as e:
        PollRecord.from_dict(d)
    assert e.value.reason == "bad_record"


def test_local_ballot_request_body_names_the_replaced_receipt_only_when_changing() -> None:
    b = LocalBallot(ballot_id="b1", meeting_id="m", poll_id="p", member_id="u",
                    choices=("yes",), receipt=new_receipt(), replaces=None,
                    state=BallotState.STORED)
    assert "replaces" not in cast_body(b).wire()
    r = cast_body(replace(b, replaces=b.receipt)).wire()
    assert r["replaces"] == b.receipt and r["choices"] == ["yes"]
    sealed = cast_body(replace(b, sealed="c2VhbGVk")).wire()
    assert sealed["sealed"] == "c2VhbGVk" and not {"choices", "receipt"} & sealed.keys()


def test_an_honest_record_verifies_and_confirms_my_ballot() -> None:
    rec = record_of(spec(), [("yes",), ("no",), ("yes",), ("abstain",)], members=6)
    mine = rec.ballots[0]
    check = verify_record(rec, receipt=mine[0], choices=mine[1])
    assert check.ok, check.problems
    assert check.recomputed == rec.poll.result
    assert not verify_record(rec, receipt=new_receipt()).ok
    other = next(c for c in (("yes",), ("no",)) if c != mine[1])
    assert "other choices" in " ".join(verify_record(rec, receipt=mine[0],
                                                     choices=other).problems)


def test_an_open_poll_has_no_record_to_verify() -> None:
    rec = record_of(spec(), [("yes",)])
    opened = replace(rec, poll=replace(rec.poll, status=PollStatus.OPEN))
    assert verify_record(opened).problems == ("the poll is not closed",)


def test_a_duplicated_receipt_is_caught() -> None:
    rec = record_of(spec(), [("yes",), ("no",), ("no",)])
    (r0, _), (_, c1), rest = rec.ballots[0], rec.ballots[1], rec.ballots[2]
    forged = replace(rec, ballots=(rec.ballots[0], (r0, c1), rest))
    assert "a receipt code appears twice" in verify_record(forged).problems


def test_a_changed_choice_is_caught() -> None:
    rec = record_of(spec(), [("yes",), ("yes",), ("no",)])
    r, c = rec.ballots[0]
    flipped = ("no",) if c == ("yes",) else ("yes",)
    forged = replace(rec, ballots=((r, flipped), *rec.ballots[1:]))
    check = verify_record(forged)
    assert "the recomputed result differs from the published result" in check.problems


def test_an_edited_stored_result_is_caught() -> None:
    rec = record_of(spec(), [("yes",), ("no",), ("no",)])
    assert rec.poll.result is not None
    edited = replace(rec.poll.result, counts=(("yes", 2), ("no", 1), ("abstain", 0)))
    forged = replace(rec, poll=replace(rec.poll, result=edited))
    assert "the recomputed result differs from the published result" in verify_record(
        forged).problems


def test_more_ballots_than_voters_is_caught() -> None:
    rec = record_of(spec(), [("yes",), ("no",)])
    forged = replace(rec, voters=rec.voters[:1])
    assert "2 ballots but 1 voters" in verify_record(forged).problems


def test_a_named_list_that_does_not_match_the_ballots_is_caught() -> None:
    rec = record_of(spec(BallotType.NAMED), [("yes",), ("no",)])
    assert verify_record(rec).ok
    short = replace(rec, named=rec.named[:1])
    assert "the named list does not match the ballots" in verify_record(short).problems
    n, _, by = rec.named[0]
    other = ("no",) if rec.named[0][1] == ("yes",) else ("yes",)
    swapped = replace(rec, named=((n, other, by), *rec.named[1:]))
    assert "the named list's choices differ from the ballots" in verify_record(
        swapped).problems


def test_an_uncountable_ballot_is_caught() -> None:
    rec = record_of(spec(), [("yes",), ("no",)])
    r, _ = rec.ballots[0]
    forged = replace(rec, ballots=((r, ("maybe",)), *rec.ballots[1:]))
    assert any(p.startswith("the ballots cannot be counted")
               for p in verify_record(forged).problems)


def test_a_malformed_receipt_is_caught() -> None:
    rec = record_of(spec(), [("yes",)])
    forged = replace(rec, ballots=(("not-a-receipt", ("yes",)),))
    assert "a receipt code is malformed" in verify_record(forged).problems


# -- properties ----------------------------------------------------------------------------

@st.composite
def specs(draw: st.DrawFn) -> PollSpec:
    """A motion (yes/no/abstain), custom options, or an election, with any rule."""
    kind = draw(st.sampled_from(["motion", "custom", "election"]))
    btype = draw(st.sampled_from(BallotType))
    base = draw(st.sampled_from(MajorityBase))
    d = draw(st.integers(1, 6))
    strict = draw(st.booleans())
    n = draw(st.integers(0, d - 1) if strict else st.integers(1, d))
    rule = MajorityRule(base, Threshold(n, d, strict),
                        draw(st.booleans()) if base is MajorityBase.VOTES_CAST else True)
    if kind == "motion":
        return PollSpec("m", MOTION, min_choices=draw(st.integers(0, 1)), ballot_type=btype,
                        rule=rule, quorum=QuorumRule()).validate()
    k = draw(st.integers(2, 5))
    okind = OptionKind.CANDIDATE if kind == "election" else OptionKind.CUSTOM
    opts = tuple(PollOption(f"o{i}", f"Lựa chọn {i}", okind) for i in range(k))
    mx = draw(st.integers(1, k))
    mn = draw(st.integers(0, mx))
    seats = draw(st.integers(mx, k)) if kind == "election" else None
    return PollSpec("c", (*opts, MOTION[2]), min_choices=mn, max_choices=mx,
                    ballot_type=btype, rule=rule, quorum=QuorumRule(), seats=seats).validate()


@st.composite
def valid_ballots(draw: st.DrawFn, s: PollSpec) -> tuple[str, ...]:
    abstain = s.id_of(OptionKind.ABSTAIN)
    if abstain is not None and draw(st.integers(0, 4)) == 0:
        return (abstain,)
    ids = [o.id for o in s.options if o.kind is not OptionKind.ABSTAIN]
    picked = draw(st.lists(st.sampled_from(ids), min_size=s.min_choices,
                           max_size=s.max_choices, unique=True))
    return tuple(sorted(picked))


@st.composite
def cases(draw: st.DrawFn) -> tuple[PollSpec, list[tuple[str, ...]], int]:
    s = draw(specs())
    ballots = draw(st.lists(valid_ballots(s), min_size=1, max_size=25))
    members = draw(st.integers(len(ballots), len(ballots) + 10))
    return s, ballots, members


@settings(max_examples=150, deadline=None)
@given(case=cases(), data=st.data())
def test_an_honest_record_verifies_and_any_count_changing_edit_of_one_ballot_is_caught(
        case: tuple[PollSpec, list[tuple[str, ...]], int], data: st.DataObject) -> None:
    s, ballots, members = case
    rec = record_of(s, ballots, members=members)
    for receipt, choices in rec.ballots:
        check = verify_record(rec, receipt=receipt, choices=choices)
        assert check.ok, check.problems
    # mutate one ballot's choices into any other valid ballot
    i = data.draw(st.integers(0, len(rec.ballots) - 1))
    receipt, old = rec.ballots[i]
    new = data.draw(valid_ballots(s))
    assume(sorted(new) != sorted(old))
    forged = replace(rec, ballots=tuple((r, new if j == i else c)
                                        for j, (r, c) in enumerate(rec.ballots)))
    before = Counter(x for _, c in rec.ballots for x in c)
    after = Counter(x for _, c in forged.ballots for x in c)
    check = verify_record(forged)
    if before != after or (len(old) == 0) != (len(new) == 0):
        assert not check.ok
        assert "the recomputed result differs from the published result" in check.problems
    # and the voter whose ballot was changed always sees it, counts changed or not
    assert not verify_record(forged, receipt=receipt, choices=old).ok
