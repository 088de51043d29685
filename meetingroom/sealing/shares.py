"""The poll key: made at open, wrapped, its wrapping key split k of n among the trustees.

Dealing (on the device that opens a secret poll, ``deal``): a fresh X25519 poll key pair;
a fresh 16-byte wrapping key that encrypts the poll's private key (AES-128-GCM); the
wrapping key split with Shamir's scheme (pycryptodome, 16-byte secrets) into one share
per trustee, any ``threshold`` of which rebuild it; each share sealed with HPKE to that
trustee's device key. The dealer then drops the private key and the wrapping key: the
server receives the public key, the wrapped private key and the sealed shares, none of
which opens a ballot. This is the moment a single device holds the whole key
(docs/voting.md, "Threat model").

Opening: each trustee opens its own share and re-seals it to the opening trustee's device
key (``release``); the opener rebuilds the wrapping key from any ``threshold`` shares
(``recover_poll_key``), unwraps the private key and checks it against the public one.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from Crypto.Protocol.SecretSharing import Shamir
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from meetingroom.sealing.box import SUITE, SealError, b64, public_bytes, public_key

_WRAP_AAD = b"meetingroom poll key 1\x00"
_SHARE_INFO = b"meetingroom key share 1\x00"
_RELEASE_INFO = b"meetingroom released share 1\x00"
_NONCE = 12
SHARE_BYTES = 17
"""A share's plaintext: its index (one byte) and Shamir's 16 bytes."""
MAX_TRUSTEES = 9


@dataclass(frozen=True, slots=True)
class Share:
    """One trustee's part of the wrapping key (secret)."""

    index: int
    value: bytes

    def to_bytes(self) -> bytes:
        return bytes([self.index]) + self.value

    @classmethod
    def from_bytes(cls, raw: bytes) -> Share:
        if len(raw) != SHARE_BYTES or not 1 <= raw[0] <= MAX_TRUSTEES:
            raise SealError("not a key share", reason="bad_share")
        return cls(raw[0], raw[1:])


@dataclass(frozen=True, slots=True)
class SealedShare:
    """A trustee's share sealed to their device key, as the dealer hands it over."""

    user_id: str
    trustee_key: bytes
    """The trustee's device public key the share is sealed to."""
    sealed: bytes


@dataclass(frozen=True, slots=True)
class Dealt:
    """What the dealer sends with ``poll.open``: nothing here opens a ballot alone."""

    public_key: bytes
    wrapped_key: bytes
    threshold: int
    shares: tuple[SealedShare, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``seal`` of ``poll.open`` (docs/protocol.md, "Sealed secret polls")."""
        return {"public_key": b64(self.public_key), "wrapped_key": b64(self.wrapped_key),
                "threshold": self.threshold,
                "shares": [{"user_id": s.user_id, "trustee_key": b64(s.trustee_key),
                            "share": b64(s.sealed)} for s in self.shares]}


def _share_info(poll_id: str, user_id: str) -> bytes:
    return _SHARE_INFO + poll_id.encode() + b"\x00" + user_id.encode()


def _release_info(poll_id: str, from_user: str, to_user: str) -> bytes:
    return (_RELEASE_INFO + poll_id.encode() + b"\x00" + from_user.encode() + b"\x00"
            + to_user.encode())


def deal(poll_id: str, trustees: Sequence[tuple[str, bytes | Sequence[bytes]]],
         threshold: int) -> Dealt:
    """Make the poll key and split it among ``trustees``: (user id, the public key of each
    of their devices — one, or several); each trustee's one share is sealed to every one
    of their devices, so that any of them opens it."""
    n = len(trustees)
    if not 2 <= threshold <= n <= MAX_TRUSTEES:
        raise SealError(f"need 2 ≤ threshold ≤ trustees ≤ {MAX_TRUSTEES}: "
                        f"{threshold} of {n}", reason="bad_trustees")
    if len({u for u, _ in trustees}) != n:
        raise SealError("a trustee is listed twice", reason="bad_trustees")
    poll_key = X25519PrivateKey.generate()
    wrap = os.urandom(16)
    nonce = os.urandom(_NONCE)
    wrapped = nonce + AESGCM(wrap).encrypt(nonce, poll_key.private_bytes_raw(),
                                           _WRAP_AAD + poll_id.encode())
    parts = Shamir.split(threshold, n, wrap)
    sealed = tuple(
        SealedShare(user, key, SUITE.encrypt(Share(index, value).to_bytes(), public_key(key),
                                             info=_share_info(poll_id, user)))
        for (index, value), (user, keys) in zip(parts, trustees, strict=True)
        for key in ([keys] if isinstance(keys, bytes) else keys))
    out = Dealt(public_bytes(poll_key), wrapped, threshold, sealed)
    del poll_key, wrap, parts  # the whole key existed only here (best effort in Python)
    return out


def open_share(device_key: X25519PrivateKey, poll_id: str, user_id: str,
               sealed: bytes) -> Share:
    """The dealer's share for ``user_id``, opened with that trustee's device key."""
    try:
        raw = SUITE.decrypt(sealed, device_key, info=_share_info(poll_id, user_id))
    except Exception:
        raise SealError("this device's key does not open the key share (another device "
                        "was registered as the trustee?)", reason="share_does_not_open") from None
    return Share.from_bytes(raw)


def release(share: Share, opener_key: bytes, poll_id: str, from_user: str,
            to_user: str) -> bytes:
    """``share`` sealed to the opening trustee's device key."""
    return SUITE.encrypt(share.to_bytes(), public_key(opener_key),
                         info=_release_info(poll_id, from_user, to_user))


def open_released(device_key: X25519PrivateKey, poll_id: str, from_user: str, to_user: str,
                  sealed: bytes) -> Share:
    try:
        raw = SUITE.decrypt(sealed, device_key, info=_release_info(poll_id, from_user, to_user))
    except Exception:
        raise SealError("a released key share does not open on this device",
                        reason="share_does_not_open") from None
    return Share.from_bytes(raw)


def recover_poll_key(poll_id: str, poll_public: bytes, wrapped: bytes,
                     shares: Sequence[Share], threshold: int) -> X25519PrivateKey:
    """The poll's private key from ``threshold`` good shares (a bad share is skipped by
    trying the combinations; a key that does not match ``poll_public`` is refused)."""
    distinct = list({s.index: s for s in shares}.values())
    if len(distinct) < threshold:
        raise SealError(f"{len(distinct)} of the {threshold} key shares needed",
                        reason="too_few_shares")
    if len(wrapped) <= _NONCE:
        raise SealError("the wrapped poll key is malformed")
    for combo in itertools.islice(itertools.combinations(distinct, threshold), 200):
        wrap = Shamir.combine([(s.index, s.value) for s in combo])
        try:
            raw = AESGCM(wrap).decrypt(wrapped[:_NONCE], wrapped[_NONCE:],
                                       _WRAP_AAD + poll_id.encode())
        except InvalidTag:
            continue
        key = X25519PrivateKey.from_private_bytes(raw)
        if public_bytes(key) == poll_public:
            return key
    raise SealError("the key shares do not open this poll's key", reason="bad_share")
