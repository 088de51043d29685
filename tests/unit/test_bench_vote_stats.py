"""The voting benchmark's arithmetic: nearest-rank percentiles and the exactly-once audit."""

from __future__ import annotations

from typing import Any

import pytest

from meetingroom.bench.vote_stats import audit, percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile(values, 0) == 1.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([1.0, 2.0, 3.0, 1000.0], 99) == 1000.0


def test_percentile_refuses_nothing_and_bad_ranks() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def sent(receipt: str, choice: str, state: str = "received") -> dict[str, Any]:
    return {"receipt": receipt, "choices": [choice], "state": state}


BALLOTS = [sent("AAAA", "yes"), sent("BBBB", "no"), sent("CCCC", "yes")]
RECORD = [("AAAA", ("yes",)), ("BBBB", ("no",)), ("CCCC", ("yes",))]
COUNTS = {"yes": 2, "no": 1, "abstain": 0}


def test_a_record_with_every_ballot_once_is_clean() -> None:
    a = audit(BALLOTS, RECORD, COUNTS)
    assert (a.sent, a.acknowledged, a.lost, a.extra, a.tally_off, a.wrong) == (3, 3, 0, 0, 0, 0)


def test_a_ballot_missing_from_the_record_is_lost() -> None:
    a = audit(BALLOTS, RECORD[:2], {"yes": 1, "no": 1})
    assert (a.lost, a.extra, a.tally_off, a.wrong) == (1, 0, 1, 2)


def test_a_ballot_counted_twice_shows_as_extra_and_in_the_tally() -> None:
    a = audit(BALLOTS, [*RECORD, RECORD[0]], {"yes": 3, "no": 1})
    assert (a.lost, a.extra, a.tally_off) == (0, 1, 1)
    assert a.wrong == 2


def test_a_ballot_recorded_with_another_choice_is_lost_and_extra() -> None:
    record = [("AAAA", ("no",)), *RECORD[1:]]
    a = audit(BALLOTS, record, {"yes": 1, "no": 2})
    assert (a.lost, a.extra, a.tally_off) == (1, 1, 2)


def test_an_unacknowledged_ballot_is_not_counted_exactly_once() -> None:
    ballots = [*BALLOTS, sent("DDDD", "no", state="stored")]
    a = audit(ballots, RECORD, COUNTS)
    assert (a.sent, a.acknowledged, a.wrong) == (4, 3, 1)
