"""Reconnect delays: exponential backoff with jitter so a room of tablets does not stampede."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before reconnect attempt ``n`` (0-based): initial × factor^n, capped, jittered.

    The defaults suit a meeting room: the server is on the LAN, so an outage is usually a
    server restart or a Wi-Fi hiccup, and a delegate must not sit out half a minute after
    it ends. Delays grow 0.5, 1, 2, 3, 3, … s and each is spread by ±50 %, so the longest
    wait is 4.5 s and a room of tablets reconnects over a few seconds, not all at once.
    """

    initial: float = 0.5
    """First delay in seconds."""
    factor: float = 2.0
    maximum: float = 3.0
    """Longest delay before jitter (with jitter, at most ``maximum × (1 + jitter)``)."""
    jitter: float = 0.5
    """Each delay is multiplied by a random value in [1 - jitter, 1 + jitter]."""

    def __post_init__(self) -> None:
        if not (0 < self.initial <= self.maximum and self.factor >= 1
                and 0 <= self.jitter < 1):
            raise ValueError("backoff needs 0 < initial <= maximum, factor >= 1 and "
                             "0 <= jitter < 1")

    @property
    def longest(self) -> float:
        """The longest delay this backoff ever waits (the cap with full jitter)."""
        return self.maximum * (1 + self.jitter)

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 30))
        r = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return max(0.05, base * r)
