"""Open a poll's ballot box: every sealed ballot opened, checked and sorted by receipt.

The opened list carries no arrival order (the server hands the box over sorted by seal
tag, a hash; the opened ballots are published sorted by receipt, a random code) and no
seal tag beside an opened ballot, so nothing published joins a ballot to the request
that brought it. A ballot that does not open, opens to something that is not a valid
ballot of this poll, or repeats another's receipt is listed as invalid, never dropped.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from meetingroom.domain.polls import is_receipt
from meetingroom.domain.voting import PollSpec, VotingError, check_ballot
from meetingroom.sealing.box import SealError, open_ballot, unb64
from meetingroom.sealing.shares import open_released, open_share, recover_poll_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OpenedBox:
    ballots: tuple[tuple[str, tuple[str, ...]], ...]
    """(receipt, choices) of every valid ballot, sorted by receipt."""
    invalid: tuple[tuple[str, str], ...]
    """(receipt, or seal tag when it did not open; reason), sorted."""

    def to_dict(self) -> dict[str, Any]:
        """What ``poll.box.publish`` carries besides the poll."""
        return {"ballots": [[r, list(c)] for r, c in self.ballots],
                "invalid": [list(i) for i in self.invalid]}


def open_box(private_key: X25519PrivateKey, poll_id: str, spec: PollSpec,
             sealed: Sequence[tuple[str, bytes]]) -> OpenedBox:
    """Open every (seal tag, sealed ballot) of the poll."""
    opened: list[tuple[str, tuple[str, ...]]] = []
    invalid: list[tuple[str, str]] = []
    for tag, blob in sealed:
        try:
            receipt, choices = open_ballot(private_key, poll_id, blob)
        except SealError as e:
            invalid.append((tag, e.reason))
            continue
        if not is_receipt(receipt):
            invalid.append((tag, "bad_receipt"))
            continue
        try:
            picked = tuple(sorted(check_ballot(spec, list(choices))))
        except VotingError:
            invalid.append((receipt, "bad_choice"))
            continue
        opened.append((receipt, picked))
    seen = Counter(r for r, _ in opened)
    invalid += [(r, "repeated_receipt") for r, _ in opened if seen[r] > 1]
    return OpenedBox(tuple(sorted((r, c) for r, c in opened if seen[r] == 1)),
                     tuple(sorted(invalid)))


def open_as_opener(device_key: X25519PrivateKey, *, poll_id: str, opener: str, spec: PollSpec,
                   my_share: str, released: Iterable[tuple[str, str]], wrapped_key: str,
                   sealed: Sequence[tuple[str, bytes]], poll_public: bytes,
                   threshold: int) -> OpenedBox:
    """What the opening trustee's device does with ``poll.box.get``'s answer: open its
    own share (``my_share``) and the shares ``released`` to it, (trustee, share) — one
    that does not open is skipped —, rebuild the poll key from ``wrapped_key`` and open
    every ``sealed`` ballot, (seal tag, bytes). Shares and key are base64."""
    shares = [open_share(device_key, poll_id, opener, unb64(my_share, "share"))]
    for from_user, share in released:
        try:
            shares.append(open_released(device_key, poll_id, from_user, opener,
                                        unb64(share, "share")))
        except SealError:
            log.warning("a released key share does not open; it is skipped")
    key = recover_poll_key(poll_id, poll_public, unb64(wrapped_key, "wrapped key"),
                           shares, threshold)
    return open_box(key, poll_id, spec, sealed)
