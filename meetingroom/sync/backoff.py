"""Reconnect delays: exponential backoff with jitter so a room of tablets does not stampede."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before reconnect attempt ``n`` (0-based): initial × factor^n, capped, jittered."""

    initial: float = 0.5
    """First delay in seconds."""
    factor: float = 2.0
    maximum: float = 30.0
    """Longest delay before jitter."""
    jitter: float = 0.5
    """Each delay is multiplied by a random value in [1 - jitter, 1 + jitter]."""

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 30))
        r = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return max(0.05, base * r)
