"""Talk to a PKCS#11 module: find a token by label, log in, find the key and its certificate."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pkcs11
from cryptography import x509
from pkcs11 import Attribute, ObjectClass

from meetingroom.errors import SigningError

log = logging.getLogger(__name__)

_PIN_ERRORS = (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinInvalid,
               pkcs11.exceptions.PinLenRange)


def load(module: Path) -> Any:
    """The loaded PKCS#11 library (python-pkcs11 keeps one per path)."""
    if not Path(module).is_file():
        raise SigningError(f"PKCS#11 module not found: {module}", reason="module")
    try:
        return pkcs11.lib(str(module))
    except (pkcs11.exceptions.PKCS11Error, OSError) as e:
        raise SigningError(f"cannot load the PKCS#11 module {module}: {e}",
                           reason="module") from None


def serial_text(serial: bytes | str) -> str:
    return serial.decode("ascii", "replace").strip() if isinstance(serial, bytes) else serial


@contextmanager
def session(module: Path, token_label: str, pin: bytes) -> Iterator[Any]:
    """A logged-in session on the token labelled ``token_label``; closed on exit."""
    lib = load(module)
    try:
        token = lib.get_token(token_label=token_label)
    except (pkcs11.exceptions.NoSuchToken, pkcs11.exceptions.MultipleTokensReturned) as e:
        found = ", ".join(repr(t.label) for t in lib.get_tokens()) or "none"
        problem = "no" if isinstance(e, pkcs11.exceptions.NoSuchToken) else "more than one"
        raise SigningError(f"{problem} token labelled {token_label!r} (present: {found})",
                           reason="token_not_found") from None
    try:
        opened = token.open(user_pin=pin.decode("utf-8"))
    except _PIN_ERRORS:
        raise SigningError("wrong PIN for the token", reason="bad_pin") from None
    except pkcs11.exceptions.PinLocked:
        raise SigningError("the token's PIN is locked", reason="bad_pin") from None
    except UnicodeDecodeError:
        raise SigningError("the PIN is not valid text", reason="bad_pin") from None
    except pkcs11.exceptions.PKCS11Error as e:
        raise SigningError(f"cannot open the token: {type(e).__name__}",
                           reason="module") from None
    try:
        yield opened
    finally:
        opened.close()


def certificates(session: Any) -> list[tuple[str, x509.Certificate]]:
    """Every X.509 certificate on the token with its label."""
    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            out.append((str(obj[Attribute.LABEL]),
                        x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))))
        except (ValueError, pkcs11.exceptions.PKCS11Error):
            log.info("skipping an unreadable certificate object on the token")
    return out


def signing_key(session: Any, key_label: str | None) -> Any:
    """The one private signing key: by label when given — the key's own label, or the
    label of the certificate the user picked (the key is then the one with the
    certificate's CKA_ID, as tokens pair them) — else the only key on the token."""
    query: dict[Attribute, Any] = {Attribute.CLASS: ObjectClass.PRIVATE_KEY}
    if key_label is not None:
        query[Attribute.LABEL] = key_label
    keys = list(session.get_objects(query))
    if not keys and key_label is not None:
        ids = {cert_id for label, _, cert_id in _certs_with_ids(session)
               if label == key_label and cert_id}
        if len(ids) == 1:
            keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                                             Attribute.ID: ids.pop()}))
    if len(keys) == 1:
        return keys[0]
    if not keys:
        what = f"labelled {key_label!r}" if key_label is not None else "at all"
        raise SigningError(f"no private key {what} on the token", reason="no_key")
    labels = ", ".join(repr(str(k[Attribute.LABEL])) for k in keys)
    raise SigningError(f"several private keys on the token ({labels}); choose one by label",
                       reason="no_key")


def certificate_for(session: Any, key: Any) -> tuple[str, x509.Certificate]:
    """The certificate whose CKA_ID (or else label) matches ``key``'s."""
    key_id, key_label = _attr(key, Attribute.ID), _attr(key, Attribute.LABEL)
    for label, cert, cert_id in _certs_with_ids(session):
        if key_id and cert_id == key_id:
            return label, cert
    for label, cert, _ in _certs_with_ids(session):
        if key_label is not None and label == key_label:
            return label, cert
    raise SigningError(f"no certificate on the token for key {key_label!r}", reason="no_key")


def _certs_with_ids(session: Any) -> Iterator[tuple[str, x509.Certificate, bytes | None]]:
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            cert = x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))
        except ValueError:
            continue
        raw_id = _attr(obj, Attribute.ID)
        yield str(_attr(obj, Attribute.LABEL) or ""), cert, raw_id


def _attr(obj: Any, attribute: Attribute) -> Any:
    try:
        return obj[attribute]
    except (pkcs11.exceptions.PKCS11Error, KeyError):
        return None
