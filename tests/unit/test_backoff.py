"""Reconnect backoff grows, is capped, and is jittered so tablets do not reconnect in step."""

from __future__ import annotations

import random

from meetingroom.sync.backoff import Backoff


def test_backoff_grows_and_caps() -> None:
    b = Backoff(initial=0.5, factor=2, maximum=8, jitter=0)
    assert [b.delay(n) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    assert b.delay(10_000) == 8


def test_jitter_spreads_a_room_of_tablets() -> None:
    b = Backoff(initial=1, maximum=1, jitter=0.5)
    rng = random.Random(1)
    delays = [b.delay(0, rng) for _ in range(200)]
    assert min(delays) >= 0.5 and max(delays) <= 1.5
    assert max(delays) - min(delays) > 0.5
