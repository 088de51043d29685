"""Properties of the tally and rule engine, checked by hypothesis against exact fractions."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meetingroom.domain.voting import (
    MajorityBase,
    MajorityRule,
    OptionKind,
    PollOption,
    PollSpec,
    QuorumRule,
    Threshold,
)
from meetingroom.domain.voting_tally import Outcome, PollResult, tally

MOTION_OPTIONS = (PollOption("y", "Yes", OptionKind.YES), PollOption("n", "No", OptionKind.NO),
                  PollOption("a", "Abstain", OptionKind.ABSTAIN))


@st.composite
def thresholds(draw: st.DrawFn, max_den: int = 12) -> Threshold:
    d = draw(st.integers(1, max_den))
    strict = draw(st.booleans())
    n = draw(st.integers(0, d - 1) if strict else st.integers(1, d))
    return Threshold(n, d, strict)


@st.composite
def rules(draw: st.DrawFn) -> MajorityRule:
    base = draw(st.sampled_from(MajorityBase))
    counted = draw(st.booleans()) if base is MajorityBase.VOTES_CAST else True
    return MajorityRule(base, draw(thresholds()), counted)


@st.composite
def quorums(draw: st.DrawFn) -> QuorumRule:
    return QuorumRule(draw(st.none() | st.integers(1, 30)), draw(st.none() | thresholds()))


@dataclass(frozen=True)
class Case:
    spec: PollSpec
    ballots: list[list[str]]
    present: int
    members: int


@st.composite
def motion_cases(draw: st.DrawFn) -> Case:
    spec = PollSpec("m", MOTION_OPTIONS, min_choices=draw(st.integers(0, 1)),
                    rule=draw(rules()), quorum=draw(quorums())).validate()
    choices = [[], ["y"], ["n"], ["a"]] if spec.min_choices == 0 else [["y"], ["n"], ["a"]]
    ballots = draw(st.lists(st.sampled_from(choices), max_size=40))
    members = draw(st.integers(max(1, len(ballots)), 60))
    return Case(spec, ballots, draw(st.integers(0, members)), members)


@st.composite
def election_cases(draw: st.DrawFn) -> Case:
    k = draw(st.integers(1, 6))
    opts = tuple(PollOption(f"c{i}", f"C{i}", OptionKind.CANDIDATE) for i in range(k))
    seats = draw(st.integers(1, k))
    mx = draw(st.integers(1, seats))
    mn = draw(st.integers(0, mx))
    spec = PollSpec("e", (*opts, MOTION_OPTIONS[2]), min_choices=mn, max_choices=mx,
                    seats=seats, rule=draw(rules()), quorum=draw(quorums())).validate()
    ids = [o.id for o in opts]
    ballot = st.one_of(st.just(["a"]),
                       st.lists(st.sampled_from(ids), min_size=mn, max_size=mx, unique=True))
    ballots = draw(st.lists(ballot, max_size=30))
    members = draw(st.integers(max(1, len(ballots)), 40))
    return Case(spec, ballots, draw(st.integers(0, members)), members)


any_case = motion_cases() | election_cases()


def run(case: Case, ballots: list[list[str]] | None = None) -> PollResult:
    return tally(case.spec, case.ballots if ballots is None else ballots,
                 present=case.present, members=case.members)


@settings(max_examples=150, deadline=None)
@given(any_case, st.randoms(use_true_random=False))
def test_the_order_of_ballots_never_changes_the_result(case: Case, rnd: random.Random) -> None:
    shuffled = [list(b) for b in case.ballots]
    rnd.shuffle(shuffled)
    for b in shuffled:
        rnd.shuffle(b)
    assert run(case, shuffled) == run(case)


@settings(max_examples=150, deadline=None)
@given(any_case)
def test_counts_sum_to_the_choices_made(case: Case) -> None:
    r = run(case)
    assert sum(n for _, n in r.counts) == sum(len(b) for b in case.ballots)
    assert r.ballots_cast == len(case.ballots)
    assert r.blank == sum(1 for b in case.ballots if not b)
    assert r.abstentions == sum(1 for b in case.ballots if b == ["a"])


@settings(max_examples=150, deadline=None)
@given(any_case)
def test_results_survive_a_json_round_trip(case: Case) -> None:
    r = run(case)
    assert PollResult.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert PollSpec.from_dict(json.loads(json.dumps(case.spec.to_dict()))) == case.spec


@settings(max_examples=200, deadline=None)
@given(motion_cases())
def test_one_more_yes_never_rejects_and_one_less_never_adopts(case: Case) -> None:
    before = run(case)
    if len(case.ballots) < case.members:
        after = run(case, [*case.ballots, ["y"]])
        assert not (before.outcome is Outcome.ADOPTED and after.outcome is Outcome.REJECTED)
    if ["y"] in case.ballots:
        fewer = list(case.ballots)
        fewer.remove(["y"])
        after = run(case, fewer)
        assert not (before.outcome is Outcome.REJECTED and after.outcome is Outcome.ADOPTED)


@settings(max_examples=200, deadline=None)
@given(motion_cases())
def test_required_is_exactly_the_boundary(case: Case) -> None:
    assume(case.spec.quorum.met(case.present, case.members))
    others = [b for b in case.ballots if b != ["y"]]
    room = case.members - len(others)

    def adopted(yes: int) -> bool:
        return run(case, [*others, *[["y"]] * yes]).outcome is Outcome.ADOPTED

    smallest = next((v for v in range(room + 1) if adopted(v)), None)
    if smallest is None:  # not reachable with the members there are
        assert run(case, [*others, *[["y"]] * room]).required > room
        return
    assert smallest >= 1
    assert run(case, [*others, *[["y"]] * smallest]).required == smallest
    assert all(adopted(v) for v in range(smallest, room + 1))  # and it stays adopted


@settings(max_examples=300, deadline=None)
@given(thresholds(max_den=1000), st.integers(0, 10**30), st.data())
def test_thresholds_are_exact_fractions_at_any_size(t: Threshold, base: int,
                                                   data: st.DataObject) -> None:
    frac = Fraction(t.numerator, t.denominator)

    def oracle(v: int) -> bool:
        return Fraction(v) > frac * base if t.strict else Fraction(v) >= frac * base

    need = t.required(base)
    assert oracle(need) and (need == 0 or not oracle(need - 1))
    v = data.draw(st.integers(0, base + 1))
    assert t.met_by(v, base) is oracle(v)


@settings(max_examples=400, deadline=None)
@given(election_cases())
def test_elections_never_break_a_tie_silently(case: Case) -> None:
    r = run(case)
    seats = case.spec.seats
    assert seats is not None
    counts = dict(r.counts)
    candidates = [o.id for o in case.spec.options if o.kind is OptionKind.CANDIDATE]
    qualified = {c for c in candidates if counts[c] >= r.required}
    assert set(r.elected) <= qualified and len(r.elected) <= seats
    if r.outcome is Outcome.ELECTED:
        assert r.elected and not r.tied
        floor = min(counts[c] for c in r.elected)
        assert all(counts[c] < floor for c in qualified - set(r.elected))
        assert len(r.elected) == min(seats, len(qualified))
    elif r.outcome is Outcome.TIE:
        level = counts[r.tied[0]]
        assert all(counts[c] == level for c in r.tied) and len(r.tied) >= 2
        assert len(r.elected) < seats < len(r.elected) + len(r.tied)
        assert all(counts[c] > level for c in r.elected)
    elif r.outcome is Outcome.REJECTED:
        assert not qualified
    else:
        assert r.outcome is Outcome.NO_QUORUM and not r.quorum_met


@settings(max_examples=150, deadline=None)
@given(quorums(), st.integers(1, 200), st.data())
def test_quorum_is_monotone_in_presence(q: QuorumRule, members: int,
                                        data: st.DataObject) -> None:
    present = data.draw(st.integers(0, members))
    if q.met(present, members) and present < members:
        assert q.met(present + 1, members)
    assert q.met(present, members) is (present >= q.required(members))
