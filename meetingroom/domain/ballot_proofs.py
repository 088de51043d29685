"""What ties a ballot to its voter without the server storing the link.

Every ballot carries a **change key**: 32 random bytes (64 hex digits) that only the
voter's tablet knows. The server never stores the key; it stores two one-way *locks* made
from it, one beside the voter (``poll_voters``) and one beside the ballot
(``poll_ballots``). Different hashes of a secret key cannot be matched to each other by
anyone who lacks the key, so the locks do not link a secret ballot to its voter; but a
change that sends the old key proves at once "this voter's current ballot" (the voter's
lock matches) and "this ballot" (the ballot's lock matches). See docs/voting.md,
"Changing a vote".

Named ballots also carry an **opening**: their receipt is a commitment to (poll, member,
who cast it, choices) under that random opening, published with the record, so that
``verify-poll`` can tell a named entry from an edited one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

KEY_HEX = 64
"""Hex digits of a change key and of an opening (32 bytes)."""
_KEY_RE = re.compile(rf"^[0-9a-f]{{{KEY_HEX}}}$")
_RECEIPT_LEN = 20


def is_key(value: object) -> bool:
    """A change key or an opening as sent: 64 lowercase hex digits."""
    return isinstance(value, str) and bool(_KEY_RE.match(value))


def _h(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def voter_lock(poll_id: str, key: str) -> str:
    """What the server keeps beside the voter for the ballot made with ``key``."""
    return _h("meetingroom voter lock 1", poll_id, key)


def ballot_lock(poll_id: str, key: str) -> str:
    """What the server keeps beside the ballot made with ``key``."""
    return _h("meetingroom ballot lock 1", poll_id, key)


def named_receipt(poll_id: str, member_id: str, cast_by: str, choices: Iterable[str],
                  opening: str) -> str:
    """The receipt of a named ballot: a commitment to who voted what, and who cast it."""
    digest = hashlib.sha256("\x00".join(
        ("meetingroom named receipt 1", poll_id, member_id, cast_by,
         "\x1f".join(sorted(choices)), opening)).encode()).digest()
    return base64.b32encode(digest).decode()[:_RECEIPT_LEN]
