"""The certificates a signer can choose from: on a token, or with a key file."""

from __future__ import annotations

from pathlib import Path

from meetingroom.signing import _p12
from meetingroom.signing.sources import (
    CertInfo,
    Pkcs12Source,
    Source,
    TokenInfo,
    cert_info,
)


def list_tokens(module: Path) -> list[TokenInfo]:
    """The tokens present in ``module``'s slots; ``SigningError(reason="module")`` if the
    library cannot be loaded."""
    from meetingroom.signing import _p11  # python-pkcs11: loaded only for a token

    return [TokenInfo(label=t.label, manufacturer=t.manufacturer_id, model=t.model,
                      serial=_p11.serial_text(t.serial))
            for t in _p11.load(module).get_tokens()]


def list_certificates(module: Path, token_label: str, pin: bytes) -> list[CertInfo]:
    """The certificates on a token (after logging in with ``pin``)."""
    from meetingroom.signing import _p11  # python-pkcs11: loaded only for a token

    with _p11.session(module, token_label, pin) as session:
        return [cert_info(cert, label) for label, cert in _p11.certificates(session)]


def certificate_of(source: Source) -> CertInfo:
    """Who would sign with ``source``: the certificate that goes with its key.

    Raises :class:`SigningError` with the same reasons as signing (``bad_passphrase``,
    ``bad_pin``, ``token_not_found``, ``no_key``, ``module``).
    """
    if isinstance(source, Pkcs12Source):
        return cert_info(_p12.load(source).certificate, source.path.name)
    from meetingroom.signing import _p11  # python-pkcs11: loaded only for a token

    with _p11.session(source.module, source.token_label, source.pin) as session:
        key = _p11.signing_key(session, source.key_label)
        label, cert = _p11.certificate_for(session, key)
        return cert_info(cert, label)
