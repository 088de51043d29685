"""A trustee's device key for one meeting, derived from the device's own secret.

Each participant's app holds, per (user, meeting), an X25519 key pair derived with HKDF
from the device's random ballot secret (kept in its private cache, never sent): nothing
more has to be stored, and another device or user derives a different key. The public
half is registered with the server (``trustee.key``) so that the device that opens a
secret poll can seal each trustee's share of the poll key to it.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"meetingroom trustee key 1\x00"


def trustee_key(device_secret: bytes, user_id: str, meeting_id: str) -> X25519PrivateKey:
    """This device's key as ``user_id``'s trustee key in ``meeting_id``."""
    if len(device_secret) < 32:
        raise ValueError("the device secret must be at least 32 bytes")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=_INFO + user_id.encode() + b"\x00" + meeting_id.encode()
               ).derive(device_secret)
    return X25519PrivateKey.from_private_bytes(raw)
