"""A trustee's key kept on their PKCS#11 token (USB token, smart card) instead of derived
from the device's secret.

The X25519 trustee key is made on the computer and stored on the token as a *private data
object* (``CKO_DATA`` with ``CKA_PRIVATE``): the token gives it out only after the user's
PIN, and nothing on the computer's disk can rebuild it. To open or release a key share
the app reads it with the PIN, uses it in memory and drops it (the opener keeps it in
memory from claiming the box until the box is opened, so that the last share opens the box
at once). Signing tokens rarely do X25519 themselves, which is why the key is stored rather
than used on the token; see docs/voting.md, "Threat model".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pkcs11
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pkcs11 import Attribute, ObjectClass

from meetingroom.sealing.box import SealError, public_bytes

APPLICATION = "Meetingroom"
_PIN_ERRORS = (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinInvalid,
               pkcs11.exceptions.PinLenRange)


@dataclass(frozen=True, slots=True)
class TrusteeToken:
    """Where a trustee's key lives: a PKCS#11 module and the token's label (no PIN)."""

    module: Path
    token_label: str


def _label(user_id: str) -> str:
    return f"meetingroom trustee {user_id}"


@contextmanager
def _session(token: TrusteeToken, pin: bytes, *, rw: bool = False) -> Iterator[Any]:
    if not Path(token.module).is_file():
        raise SealError(f"PKCS#11 module not found: {token.module}", reason="token_module")
    try:
        lib = pkcs11.lib(str(token.module))
        found = lib.get_token(token_label=token.token_label)
    except pkcs11.exceptions.NoSuchToken:
        raise SealError(f"no token labelled {token.token_label!r} is plugged in",
                        reason="token_not_found") from None
    except (pkcs11.exceptions.PKCS11Error, OSError) as e:
        raise SealError(f"cannot use the PKCS#11 module: {type(e).__name__}",
                        reason="token_module") from None
    try:
        opened = found.open(rw=rw, user_pin=pin.decode("utf-8"))
    except (*_PIN_ERRORS, UnicodeDecodeError):
        raise SealError("wrong PIN for the token", reason="bad_pin") from None
    except pkcs11.exceptions.PinLocked:
        raise SealError("the token's PIN is locked", reason="bad_pin") from None
    except pkcs11.exceptions.PKCS11Error as e:
        raise SealError(f"cannot open the token: {type(e).__name__}",
                        reason="token_module") from None
    try:
        yield opened
    finally:
        opened.close()


def _objects(session: Any, user_id: str) -> list[Any]:
    return list(session.get_objects({Attribute.CLASS: ObjectClass.DATA,
                                     Attribute.LABEL: _label(user_id)}))


def put_trustee_key(token: TrusteeToken, pin: bytes, user_id: str) -> bytes:
    """Make a new trustee key for ``user_id``, keep it on the token (replacing an older
    one) and return its public key."""
    key = X25519PrivateKey.generate()
    with _session(token, pin, rw=True) as session:
        for old in _objects(session, user_id):
            old.destroy()
        session.create_object({
            Attribute.CLASS: ObjectClass.DATA, Attribute.TOKEN: True,
            Attribute.PRIVATE: True, Attribute.LABEL: _label(user_id),
            Attribute.APPLICATION: APPLICATION, Attribute.VALUE: key.private_bytes_raw()})
    return public_bytes(key)


def trustee_key(token: TrusteeToken, pin: bytes, user_id: str) -> X25519PrivateKey:
    """The trustee key of ``user_id`` read from the token with the PIN."""
    with _session(token, pin) as session:
        found = _objects(session, user_id)
        if not found:
            raise SealError("this token holds no Meetingroom trustee key for you",
                            reason="no_token_key")
        raw = bytes(found[0][Attribute.VALUE])
    try:
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        raise SealError("the trustee key on the token is damaged",
                        reason="no_token_key") from None
