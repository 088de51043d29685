"""Password hashing with scrypt (memory-hard, in the standard library) and session tokens."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """Cost parameters; the defaults use 16 MiB and ~50 ms per hash."""

    n: int = 2**14
    """CPU/memory cost (power of two)."""
    r: int = 8
    """Block size."""
    p: int = 1
    """Parallelism."""


DEFAULT_PARAMS = ScryptParams()


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, params: ScryptParams = DEFAULT_PARAMS) -> str:
    """Return ``scrypt$n$r$p$salt$hash`` for storage."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=params.n, r=params.r,
                            p=params.p, maxmem=128 * params.n * params.r * 2, dklen=32)
    return f"scrypt${params.n}${params.r}${params.p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a stored hash; malformed hashes fail."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), maxmem=128 * int(n) * int(r) * 2,
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@functools.cache
def dummy_hash() -> str:
    """Checked against when a username is unknown, so timing does not reveal which users exist."""
    return hash_password(secrets.token_hex(8))


def new_token() -> str:
    """A fresh session token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores instead of the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
