"""Seal a ballot to its poll's public key on the tablet, and open it with the poll's key.

A sealed ballot is HPKE (RFC 9180, base mode: X25519, HKDF-SHA-256, ChaCha20-Poly1305,
single shot, as the ``cryptography`` documentation shows) of a small JSON plaintext —
the receipt and the choices — padded with spaces to one length per poll, so that the size
of a sealed ballot says nothing about how many choices it holds. HPKE's ``info`` binds it
to its poll: a sealed ballot copied into another poll does not open there.

The server stores and counts sealed ballots without being able to read them; it names
each by its *seal tag* (a hash of the sealed bytes), which the tablet can compute too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from meetingroom.domain.voting import PollSpec

SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.CHACHA20_POLY1305)
"""The one HPKE suite of sealed ballots and key shares."""
_BALLOT_INFO = b"meetingroom sealed ballot 1\x00"
_ENC_LEN = 32
"""X25519's encapsulated key, first in every HPKE ciphertext."""
_TAG_LEN = 16
"""ChaCha20-Poly1305's authentication tag."""
TAG_CHARS = 20
"""Characters of a seal tag (base32 of SHA-256, 100 bits, like a receipt)."""
MAX_SEALED_BYTES = 48 * 1024
"""Largest sealed ballot a server accepts (500 choices of 64-character ids fit)."""


class SealError(ValueError):
    """A key, share or sealed ballot that is malformed or does not open."""

    def __init__(self, message: str, reason: str = "bad_seal") -> None:
        super().__init__(message)
        self.reason = reason


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, what: str, *, size: int | None = None,
          limit: int = MAX_SEALED_BYTES) -> bytes:
    """Decode standard base64 text, refusing anything else (``SealError``)."""
    if not isinstance(text, str) or len(text) > (limit * 4) // 3 + 4:
        raise SealError(f"{what} must be base64 text")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise SealError(f"{what} must be base64 text") from None
    if size is not None and len(raw) != size:
        raise SealError(f"{what} must be {size} bytes")
    return raw


def public_key(raw: bytes) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise SealError("not an X25519 public key") from None


def public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return pub.public_bytes_raw()


def padded_length(spec: PollSpec) -> int:
    """The plaintext length of every ballot of a poll: its longest possible ballot, rounded
    up to 64 bytes."""
    longest = max((len(o.id.encode()) for o in spec.options), default=1)
    most = max(spec.max_choices, 1)
    worst = json.dumps({"receipt": "A" * 20, "choices": ["x" * longest] * most},
                       separators=(",", ":"))
    return -(-len(worst.encode()) // 64) * 64


def sealed_length(spec: PollSpec) -> int:
    """Bytes of every sealed ballot of this poll."""
    return _ENC_LEN + padded_length(spec) + _TAG_LEN


def _info(poll_id: str) -> bytes:
    return _BALLOT_INFO + poll_id.encode()


def seal_ballot(poll_key: bytes, poll_id: str, spec: PollSpec, receipt: str,
                choices: Sequence[str]) -> bytes:
    """The sealed ballot: only the holder of the poll's private key can read it."""
    plain = json.dumps({"receipt": receipt, "choices": list(choices)},
                       separators=(",", ":")).encode()
    size = padded_length(spec)
    if len(plain) > size:
        raise SealError("the ballot is longer than this poll allows")
    return SUITE.encrypt(plain.ljust(size, b" "), public_key(poll_key), info=_info(poll_id))


def open_ballot(private_key: X25519PrivateKey, poll_id: str,
                sealed: bytes) -> tuple[str, tuple[str, ...]]:
    """(receipt, choices) of a sealed ballot; ``SealError`` if it does not open or is not
    a ballot. The choices are not checked against the poll here."""
    try:
        plain = SUITE.decrypt(sealed, private_key, info=_info(poll_id))
    except Exception:  # InvalidTag, or a malformed encapsulated key
        raise SealError("the sealed ballot does not open", reason="does_not_open") from None
    try:
        data = json.loads(plain.decode("utf-8"))
        receipt, choices = data["receipt"], data["choices"]
        if (not isinstance(receipt, str) or not isinstance(choices, list)
                or not all(isinstance(c, str) for c in choices) or set(data) != {
                    "receipt", "choices"}):
            raise ValueError("bad fields")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise SealError("the sealed ballot opens to something that is not a ballot",
                        reason="not_a_ballot") from None
    return receipt, tuple(choices)


def seal_tag(sealed: bytes) -> str:
    """The name of a sealed ballot (server, tablet and record agree on it)."""
    digest = hashlib.sha256(b"meetingroom seal tag 1\x00" + sealed).digest()
    return base64.b32encode(digest).decode("ascii")[:TAG_CHARS]
