"""Reconnect delays: exponential backoff with jitter so a room of tablets does not stampede."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before reconnect attempt ``n`` (0-based): initial × factor^n, capped, jittered.

    The defaults suit a meeting room: the server is on the LAN, so an outage is usually a
    server restart or a Wi-Fi hiccup, and a delegate must be back within a second of the
    link returning (``sync/redial.py`` starts a fresh attempt at every step while earlier
    ones still wait). Delays grow 0.25, 0.5, 1, 1, … s and each is shortened by up to
    half at random, never lengthened: the cap is the longest wait, and a room of tablets
    dials over half a second, not all at once.
    """

    initial: float = 0.25
    """First delay in seconds."""
    factor: float = 2.0
    maximum: float = 1.0
    """Longest delay (jitter only shortens)."""
    jitter: float = 0.5
    """Each delay is multiplied by a random value in [1 - jitter, 1]."""

    def __post_init__(self) -> None:
        if not (0 < self.initial <= self.maximum and self.factor >= 1
                and 0 <= self.jitter < 1):
            raise ValueError("backoff needs 0 < initial <= maximum, factor >= 1 and "
                             "0 <= jitter < 1")

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 30))
        r = (rng or random).uniform(1 - self.jitter, 1)
        return max(0.05, base * r)
