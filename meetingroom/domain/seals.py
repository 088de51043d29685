"""What every screen knows about a sealed poll's ballot box (never a key or a share).

A secret poll is *sealed*: the tablets encrypt their ballots to the poll's public key,
and the private key exists only as shares held by the meeting's trustees, ``threshold``
of whom must release their share to one opening trustee after the poll closes
(docs/voting.md, "Sealed secret ballots"). The cryptography is in ``meetingroom.sealing``;
this is the public state the server publishes with the poll.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PollSeal:
    """The public side of a poll's ballot box."""

    public_key: str
    """The poll's X25519 public key, base64: tablets seal their ballots to it."""
    threshold: int
    """Trustees' shares needed to open the box."""
    trustees: tuple[str, ...]
    """User ids of the trustees, each holding one share."""
    opener: str | None = None
    """The trustee who asked to open the box after close (None until one does)."""
    released: tuple[str, ...] = ()
    """Trustees whose share has reached the opener (the opener's own counts without
    releasing)."""
    reason: str = ""
    """Why the box was not opened (a poll that ended ``unopened``)."""
    opener_key: str | None = None
    """The public trustee key of the device the opener claimed the box on: the others'
    shares are released to it."""

    @property
    def shares_in_hand(self) -> int:
        """Shares the opener holds: its own and those released to it."""
        if self.opener is None:
            return 0
        return len({self.opener, *self.released} & set(self.trustees))

    def missing(self) -> tuple[str, ...]:
        """Trustees whose share the opener still lacks, in the trustees' order."""
        have = {self.opener, *self.released}
        return tuple(t for t in self.trustees if t not in have)

    def to_dict(self) -> dict[str, Any]:
        return {"public_key": self.public_key, "threshold": self.threshold,
                "trustees": list(self.trustees), "opener": self.opener,
                "released": list(self.released), "reason": self.reason,
                "opener_key": self.opener_key}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PollSeal:
        opener = d.get("opener")
        return cls(public_key=str(d["public_key"]), threshold=int(d["threshold"]),
                   trustees=tuple(str(t) for t in d["trustees"]),
                   opener=None if opener is None else str(opener),
                   released=tuple(str(t) for t in d.get("released", ())),
                   reason=str(d.get("reason", "")),
                   opener_key=None if d.get("opener_key") is None else str(d["opener_key"]))
