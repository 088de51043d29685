"""Pure arithmetic of the voting benchmark: percentiles and the exactly-once audit."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0–100) of a non-empty sequence."""
    if not values:
        raise ValueError("no values")
    if not 0 <= pct <= 100:
        raise ValueError("pct must be within 0–100")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Audit:
    """How the ballots the delegates sent compare with the poll's published record."""

    sent: int
    """Ballots sent."""
    acknowledged: int
    """Ballots the server answered "received"."""
    lost: int
    """Acknowledged ballots whose receipt is not in the record with the choices sent."""
    extra: int
    """Record entries that match no ballot sent (a ballot counted twice shows here)."""
    tally_off: int
    """Sum over options of |published count - count of choices sent|."""

    @property
    def wrong(self) -> int:
        """Everything that is not "counted exactly once": unacknowledged, lost, extra, and
        tally differences."""
        return (self.sent - self.acknowledged) + self.lost + self.extra + self.tally_off


def audit(ballots: Iterable[Mapping[str, Any]], record: Sequence[tuple[str, Sequence[str]]],
          counts: Mapping[str, int]) -> Audit:
    """Compare what was sent (``receipt``, ``choices``, ``state`` per ballot) with the
    published ``(receipt, choices)`` list and the result's per-option ``counts``."""
    sent = list(ballots)
    acked = [b for b in sent if b["state"] == "received"]
    published = Counter((r, tuple(sorted(c))) for r, c in record)
    expected = Counter((str(b["receipt"]), tuple(sorted(b["choices"]))) for b in acked)
    lost = sum((expected - published).values())
    extra = sum((published - expected).values())
    chosen = Counter(c for b in acked for c in b["choices"])
    options = set(counts) | set(chosen)
    tally_off = sum(abs(counts.get(o, 0) - chosen.get(o, 0)) for o in options)
    return Audit(sent=len(sent), acknowledged=len(acked), lost=lost, extra=extra,
                 tally_off=tally_off)
