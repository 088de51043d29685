"""Voting rules by example: spec and ballot checks, every majority boundary, ties, sentences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from meetingroom.domain.minutes_draft import MinutesRecord, draft_html
from meetingroom.domain.voting import (
    ANY_VOTE,
    SIMPLE_MAJORITY,
    THREE_QUARTERS,
    TWO_THIRDS,
    BallotType,
    MajorityBase,
    MajorityRule,
    OptionKind,
    PollKind,
    PollOption,
    PollSpec,
    QuorumRule,
    Threshold,
    VotingError,
    check_ballot,
)
from meetingroom.domain.voting_tally import Outcome, PollResult, quorum_met, tally
from meetingroom.domain.voting_text import describe_result, describe_rule, to_poll_outcome

Y, N, A = (PollOption("y", "Tán thành", OptionKind.YES),
           PollOption("n", "Không tán thành", OptionKind.NO),
           PollOption("a", "Không biểu quyết", OptionKind.ABSTAIN))


def motion(rule: MajorityRule | None = None, quorum: QuorumRule | None = None) -> PollSpec:
    return PollSpec("Nghị quyết số 1", (Y, N, A), rule=rule or MajorityRule(),
                    quorum=quorum or QuorumRule()).validate()


def election(names: str, seats: int, *, max_choices: int | None = None,
             rule: MajorityRule | None = None) -> PollSpec:
    opts = tuple(PollOption(c, f"Ứng viên {c.upper()}", OptionKind.CANDIDATE) for c in names)
    return PollSpec("Bầu Ban kiểm tra", (*opts, A), max_choices=max_choices or seats,
                    seats=seats, rule=rule or MajorityRule(threshold=ANY_VOTE)).validate()


def votes(yes: int = 0, no: int = 0, abstain: int = 0) -> list[list[str]]:
    return [["y"]] * yes + [["n"]] * no + [["a"]] * abstain


# -- spec validation -----------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "reason"), [
    (PollSpec("", (Y, N)), "no_title"),
    (PollSpec("t", ()), "no_options"),
    (PollSpec("t", (Y,)), "mixed_kinds"),
    (PollSpec("t", (Y, N, A, replace(A, id="a2"))), "duplicate_option"),
    (PollSpec("t", (Y, replace(N, id="y"))), "duplicate_option"),
    (PollSpec("t", (Y, N, PollOption("c", "C", OptionKind.CUSTOM))), "mixed_kinds"),
    (PollSpec("t", (PollOption("c", "C", OptionKind.CANDIDATE),
                    PollOption("d", "D", OptionKind.CUSTOM)), seats=1), "mixed_kinds"),
    (PollSpec("t", (PollOption("c", "C", OptionKind.CUSTOM), A)), "no_options"),
    (PollSpec("t", (Y, N), min_choices=2, max_choices=1), "bad_choices"),
    (PollSpec("t", (Y, N), max_choices=2), "bad_choices"),
    (PollSpec("t", (Y, N), max_choices=0), "bad_choices"),
    (PollSpec("t", (Y, N), seats=1), "bad_seats"),
    (PollSpec("t", (PollOption("c", "C", OptionKind.CANDIDATE),)), "bad_seats"),
    (PollSpec("t", (PollOption("c", "C", OptionKind.CANDIDATE),), seats=2), "bad_seats"),
    (PollSpec("t", (PollOption("c", "C", OptionKind.CANDIDATE),
                    PollOption("d", "D", OptionKind.CANDIDATE)), seats=1, max_choices=2),
     "bad_choices"),
    (PollSpec("t", (Y, PollOption("n", " ", OptionKind.NO))), "bad_option"),
    (PollSpec("t", (Y, PollOption("", "x", OptionKind.NO))), "bad_option"),
])
def test_inconsistent_specs_are_refused_with_a_reason(spec: PollSpec, reason: str) -> None:
    with pytest.raises(VotingError) as e:
        spec.validate()
    assert e.value.reason == reason


@pytest.mark.parametrize(("make", "reason"), [
    (lambda: Threshold(3, 2, strict=False), "bad_threshold"),
    (lambda: Threshold(1, 0, strict=False), "bad_threshold"),
    (lambda: Threshold(0, 1, strict=False), "bad_threshold"),
    (lambda: Threshold(1, 1, strict=True), "bad_threshold"),
    (lambda: Threshold(True, 2, strict=True), "bad_threshold"),
    (lambda: MajorityRule(MajorityBase.PRESENT, abstentions_count=False), "bad_rule"),
    (lambda: QuorumRule(min_present=0), "bad_quorum"),
])
def test_bad_rules_cannot_be_built(make: object, reason: str) -> None:
    with pytest.raises(VotingError) as e:
        make()  # type: ignore[operator]  # each case is a zero-argument callable
    assert e.value.reason == reason


def test_poll_kind_follows_the_options() -> None:
    assert motion().kind is PollKind.MOTION
    assert election("bc", 1).kind is PollKind.ELECTION
    choice = PollSpec("t", (PollOption("p", "P", OptionKind.CUSTOM),
                            PollOption("q", "Q", OptionKind.CUSTOM))).validate()
    assert choice.kind is PollKind.CHOICE


def test_spec_round_trips_and_from_dict_refuses_junk() -> None:
    spec = replace(election("bcd", 2, rule=MajorityRule(MajorityBase.MEMBERS, TWO_THIRDS)),
                   ballot_type=BallotType.SECRET, allow_change=True,
                   quorum=QuorumRule(3, SIMPLE_MAJORITY))
    assert PollSpec.from_dict(spec.to_dict()) == spec
    bad = spec.to_dict() | {"extra": 1}
    with pytest.raises(VotingError, match="unknown keys") as e:
        PollSpec.from_dict(bad)
    assert e.value.reason == "bad_spec"
    for key, value in [("min_choices", "1"), ("allow_change", 1), ("ballot_type", "open"),
                       ("seats", 5), ("options", "abc"), ("rule", None)]:
        with pytest.raises(VotingError):
            PollSpec.from_dict(spec.to_dict() | {key: value})


# -- ballots -------------------------------------------------------------------------------

@pytest.mark.parametrize(("choices", "reason"), [
    (["zzz"], "unknown_option"),
    ("b", "unknown_option"),  # a bare string is not a ballot of its letters
    ([1], "unknown_option"),
    (["b", "b"], "duplicate_choice"),
    (["a", "b"], "abstain_with_others"),
    (["b", "c", "d"], "too_many"),
    ([], "too_few"),
])
def test_bad_ballots_are_refused(choices: list[str], reason: str) -> None:
    with pytest.raises(VotingError) as e:
        check_ballot(election("bcd", 2), choices)
    assert e.value.reason == reason


def test_abstain_alone_is_a_valid_ballot_even_when_a_minimum_is_set() -> None:
    spec = replace(election("bcd", 2), min_choices=2).validate()
    assert check_ballot(spec, ["a"]) == {"a"}
    with pytest.raises(VotingError):
        check_ballot(spec, ["b"])
    assert check_ballot(spec, iter(["c", "b"])) == {"b", "c"}


def test_blank_ballot_only_when_min_is_zero_and_weighs_like_an_abstention() -> None:
    with pytest.raises(VotingError):
        check_ballot(motion(), [])
    spec = replace(motion(), min_choices=0).validate()
    assert check_ballot(spec, []) == frozenset()
    # 5 yes, 4 no, 1 blank: counted in the base → 5/10 is not more than half.
    r = tally(spec, [*votes(5, 4), []], present=10, members=10)
    assert (r.blank, r.abstentions, r.ballots_cast, r.base_count) == (1, 0, 10, 10)
    assert r.outcome is Outcome.REJECTED
    out = replace(spec, rule=MajorityRule(abstentions_count=False))
    assert tally(out, [*votes(5, 4), []], present=10, members=10).outcome is Outcome.ADOPTED


def test_a_bad_ballot_stops_the_tally() -> None:
    with pytest.raises(VotingError) as e:
        tally(motion(), [*votes(3), ["y", "n"]], present=5, members=5)
    assert e.value.reason == "too_many"


# -- majority boundaries -------------------------------------------------------------------

def test_exactly_half_is_not_a_simple_majority() -> None:
    assert tally(motion(), votes(5, 5), present=10, members=10).outcome is Outcome.REJECTED
    r = tally(motion(), votes(6, 4), present=10, members=10)
    assert (r.outcome, r.required) == (Outcome.ADOPTED, 6)


@pytest.mark.parametrize(("strict", "yes", "adopted"), [
    (False, 20, True), (True, 20, False), (True, 21, True), (False, 19, False),
])
def test_exactly_two_thirds_strict_and_not(strict: bool, yes: int, adopted: bool) -> None:
    spec = motion(MajorityRule(MajorityBase.PRESENT, Threshold(2, 3, strict=strict)))
    r = tally(spec, votes(yes, 30 - yes), present=30, members=40)
    assert r.outcome is (Outcome.ADOPTED if adopted else Outcome.REJECTED)
    assert r.required == (21 if strict else 20)


def test_three_quarters_of_all_members_counts_absent_members_against() -> None:
    spec = motion(MajorityRule(MajorityBase.MEMBERS, THREE_QUARTERS))
    r = tally(spec, votes(30), present=30, members=41)  # 30/41 < 3/4, unanimous present
    assert (r.outcome, r.required, r.base_count) == (Outcome.REJECTED, 31, 41)


def test_abstentions_counted_or_not() -> None:
    ballots = votes(6, 4, 3)
    counted = tally(motion(), ballots, present=13, members=13)
    assert (counted.outcome, counted.base_count, counted.required) == (Outcome.REJECTED, 13, 7)
    left_out = tally(motion(MajorityRule(abstentions_count=False)), ballots, present=13,
                     members=13)
    assert (left_out.outcome, left_out.base_count, left_out.required) == (
        Outcome.ADOPTED, 10, 6)
    assert left_out.abstentions == 3 and left_out.count("a") == 3


def test_zero_votes_never_adopt_even_at_least_zero_of_nothing() -> None:
    r = tally(motion(MajorityRule(threshold=TWO_THIRDS)), [], present=10, members=10)
    assert (r.outcome, r.ballots_cast, r.base_count, r.required) == (Outcome.REJECTED, 0, 0, 1)
    only_abstain = tally(motion(MajorityRule(abstentions_count=False)), votes(abstain=4),
                         present=4, members=4)
    assert (only_abstain.outcome, only_abstain.base_count) == (Outcome.REJECTED, 0)


# -- quorum --------------------------------------------------------------------------------

def test_quorum_just_met_and_just_missed() -> None:
    q = QuorumRule(fraction_of_members=Threshold(1, 2, strict=True))
    spec = motion(quorum=q)
    assert quorum_met(spec, 31, 60) and not quorum_met(spec, 30, 60)
    missed = tally(spec, votes(30), present=30, members=60)
    assert (missed.outcome, missed.quorum_met, missed.elected) == (Outcome.NO_QUORUM, False, ())
    assert missed.count("y") == 30  # counts are still reported
    assert tally(spec, votes(30), present=31, members=60).outcome is Outcome.ADOPTED
    both = motion(quorum=QuorumRule(min_present=40, fraction_of_members=SIMPLE_MAJORITY))
    assert not quorum_met(both, 39, 60) and quorum_met(both, 40, 60)
    assert quorum_met(motion(), 0, 1)  # no quorum rule: always met


@pytest.mark.parametrize(("present", "members", "ballots"), [
    (11, 10, 0), (-1, 10, 0), (5, 0, 0), (3, 3, 4),
])
def test_impossible_head_counts_are_refused(present: int, members: int, ballots: int) -> None:
    with pytest.raises(VotingError) as e:
        tally(motion(), votes(ballots), present=present, members=members)
    assert e.value.reason == "bad_counts"


# -- elections and custom choices ----------------------------------------------------------

def test_election_best_first_up_to_the_seats() -> None:
    r = tally(election("bcde", 2), [["b", "c"], ["c"], ["c", "d"], ["b"], ["e"], ["a"]],
              present=6, members=9)
    assert (r.outcome, r.elected, r.tied) == (Outcome.ELECTED, ("c", "b"), ())


def test_election_tie_at_the_last_seat_is_reported_not_broken() -> None:
    r = tally(election("bcde", 2), [["b", "c"], ["b", "d"], ["b"], ["c"], ["d"]],
              present=5, members=5)
    assert (r.outcome, r.elected, r.tied) == (Outcome.TIE, ("b",), ("c", "d"))
    text = describe_result(election("bcde", 2), r, "vi")
    assert text.startswith("Trúng cử: Ứng viên B (3 phiếu, 60,0 %); Hòa phiếu: Ứng viên C, "
                           "Ứng viên D cùng 2 phiếu")


def test_election_tie_for_every_seat_elects_nobody_silently() -> None:
    r = tally(election("bcd", 1), [["b"], ["c"], ["d"]], present=3, members=3)
    assert (r.outcome, r.elected, r.tied) == (Outcome.TIE, (), ("b", "c", "d"))


def test_tie_below_the_seats_is_no_tie() -> None:
    r = tally(election("bcd", 2), [["b"], ["b"], ["c"], ["d"]], present=4, members=4)
    assert r.outcome is Outcome.TIE  # c and d tie for the 2nd seat
    r = tally(election("bcd", 3), [["b"], ["b"], ["c"], ["d"]], present=4, members=4)
    assert (r.outcome, r.elected) == (Outcome.ELECTED, ("b", "c", "d"))


def test_election_with_a_majority_rule_elects_only_those_reaching_it() -> None:
    spec = election("bcd", 2, rule=MajorityRule())
    r = tally(spec, [["b", "c"], ["b"], ["d"], ["d", "c"], ["b", "d"]], present=5, members=5)
    assert (r.outcome, r.elected, r.required) == (Outcome.ELECTED, ("b", "d"), 3)
    r = tally(spec, [["b"], ["c"], ["d"]], present=3, members=3)
    assert (r.outcome, r.elected) == (Outcome.REJECTED, ())
    assert describe_result(spec, r, "en") == (
        "Nobody elected. Each person elected needed at least 2 votes, that is more than 1/2 "
        "of all ballots cast, abstentions and blank ballots included.")


def test_custom_single_choice_adopts_the_option_meeting_the_rule() -> None:
    opts = tuple(PollOption(k, k.upper(), OptionKind.CUSTOM) for k in "pqr")
    spec = PollSpec("Chọn ngày", opts, rule=MajorityRule(threshold=Threshold(1, 3, False)))
    ballots = [["p"]] * 4 + [["q"]] * 4 + [["r"]] * 2
    assert tally(spec, ballots, present=10, members=10).outcome is Outcome.TIE
    r = tally(spec, [*ballots, ["p"]], present=11, members=11)
    assert (r.outcome, r.elected) == (Outcome.ADOPTED, ("p",))
    strict = replace(spec, rule=MajorityRule())
    assert tally(strict, ballots, present=10, members=10).outcome is Outcome.REJECTED
    multi = replace(spec, max_choices=3, rule=MajorityRule())
    r = tally(multi, [["p", "q"], ["p"], ["q", "r"]], present=3, members=3)
    assert (r.outcome, r.elected) == (Outcome.ADOPTED, ("p", "q"))


# -- integers, not floats ------------------------------------------------------------------

def test_huge_counts_are_decided_exactly_where_floats_are_wrong() -> None:
    base = 3 * 10**17 + 1
    two_thirds = TWO_THIRDS.required(base)
    assert two_thirds == 2 * 10**17 + 1
    assert float(2 * 10**17) >= 2 / 3 * base  # the float comparison would say "met"…
    assert not TWO_THIRDS.met_by(2 * 10**17, base)  # …but 3·2e17 < 2·(3e17 + 1)
    spec = motion(MajorityRule(MajorityBase.MEMBERS, SIMPLE_MAJORITY))
    r = tally(spec, votes(3), present=10**12, members=10**12 + 1)
    assert (r.required, r.outcome) == (5 * 10**11 + 1, Outcome.REJECTED)


# -- results, sentences and the minutes ----------------------------------------------------

def test_result_round_trips_and_refuses_junk() -> None:
    r = tally(election("bcde", 2), [["b", "c"], ["b", "d"], ["b"], ["c"], ["d"]],
              present=5, members=7)
    assert PollResult.from_dict(r.to_dict()) == r
    for key, value in [("counts", [["b", "1"]]), ("tied", [1]), ("outcome", "won"),
                       ("quorum_met", "yes")]:
        with pytest.raises(VotingError):
            PollResult.from_dict(r.to_dict() | {key: value})


def test_the_chairs_sentence_in_vietnamese_and_english() -> None:
    spec = motion(MajorityRule(MajorityBase.PRESENT, TWO_THIRDS), QuorumRule(30))
    r = tally(spec, votes(31, 10, 4), present=45, members=60)
    assert describe_result(spec, r) == (
        "Thông qua: 31/45 phiếu tán thành (68,9 %). Cần ít nhất 30 phiếu tán thành, tức là "
        "ít nhất 2/3 số đại biểu có mặt.")
    assert describe_result(spec, r, "en") == (
        "Adopted: 31/45 votes in favour (68.9 %). It needed at least 30 votes in favour, "
        "that is at least 2/3 of the members present.")
    cast = motion(MajorityRule(MajorityBase.VOTES_CAST, SIMPLE_MAJORITY,
                               abstentions_count=False))
    three = tally(cast, votes(3, 1, 1), present=5, members=5)
    assert describe_result(cast, three) == (  # no bare "(3)", no "votes cast (not …)"
        "Thông qua: 3/4 phiếu tán thành (75,0 %). Cần ít nhất 3 phiếu tán thành, tức là "
        "quá 1/2 số phiếu tán thành và không tán thành.")
    assert describe_result(cast, three, "en") == (
        "Adopted: 3/4 votes in favour (75.0 %). It needed at least 3 votes in favour, "
        "that is more than 1/2 of the votes for and against.")
    lost = tally(spec, votes(29, 10, 6), present=45, members=60)
    assert describe_result(spec, lost).startswith("Không thông qua: 29/45 phiếu tán thành")
    assert describe_rule(spec.rule, spec.quorum) == (
        "ít nhất 2/3 số đại biểu có mặt; túc số: có mặt ít nhất 30 thành viên")
    no_q = tally(spec, votes(20), present=20, members=60)
    assert describe_result(spec, no_q) == (
        "Không đủ túc số: có mặt 20/60, cần có mặt ít nhất 30 thành viên")
    with pytest.raises(ValueError, match="language"):
        describe_result(spec, r, "fr")


def test_poll_outcome_prints_in_the_minutes_draft() -> None:
    spec = motion(MajorityRule(MajorityBase.MEMBERS, SIMPLE_MAJORITY))
    r = tally(spec, votes(7, 2, 1), present=10, members=12)
    po = to_poll_outcome(spec, r, "Mục 2: Dự toán", "vi")
    assert po.counts == (("Tán thành", 7), ("Không tán thành", 2), ("Không biểu quyết", 1))
    assert po.rule == "quá 1/2 tổng số thành viên"
    assert po.outcome.startswith("Thông qua: 7/12 phiếu tán thành (58,3 %)")
    record = MinutesRecord(title="Họp", starts_at="", location="", chair="", secretary="",
                           attendance=(), items=(), polls=(po,))
    html = draft_html(record)
    assert "Thông qua: 7/12 phiếu tán thành" in html and "Mục 2: Dự toán" in html
