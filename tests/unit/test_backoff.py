"""Reconnect backoff grows, is capped, and is jittered so tablets do not reconnect in step."""

from __future__ import annotations

import random

import pytest

from meetingroom.sync.backoff import Backoff


def test_backoff_grows_and_caps() -> None:
    b = Backoff(initial=0.5, factor=2, maximum=8, jitter=0)
    assert [b.delay(n) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    assert b.delay(10_000) == 8


def test_jitter_spreads_a_room_of_tablets_and_only_shortens() -> None:
    b = Backoff(initial=1, maximum=1, jitter=0.5)
    rng = random.Random(1)
    delays = [b.delay(0, rng) for _ in range(200)]
    assert min(delays) >= 0.5 and max(delays) <= 1.0
    assert max(delays) - min(delays) > 0.4


def test_the_room_default_never_waits_more_than_a_second() -> None:
    """The server is on the LAN: after an outage a delegate is back within a second of the
    link returning (issue 17), not after the 4.4 s measured on a shaped link."""
    b = Backoff()
    rng = random.Random(7)
    late = [b.delay(n, rng) for n in range(2, 40) for _ in range(20)]
    assert max(late) <= b.maximum == 1.0
    assert min(late) >= b.maximum * (1 - b.jitter)  # capped, still spread
    assert max(late) - min(late) > 0.4  # a room of tablets does not retry in step
    assert [round(Backoff(jitter=0).delay(n), 2) for n in range(5)] == [0.25, 0.5, 1, 1, 1]


def test_a_backoff_that_cannot_work_is_refused() -> None:
    for bad in ({"initial": 0}, {"initial": 5, "maximum": 1}, {"jitter": 1.0},
                {"factor": 0.5}):
        with pytest.raises(ValueError):
            Backoff(**bad)  # type: ignore[arg-type]
