"""Open a PKCS#12 file: its private key, certificate and chain (errors mapped to ours)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from meetingroom.errors import SigningError
from meetingroom.signing.sources import Pkcs12Source, require_file

log = logging.getLogger(__name__)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True, slots=True)
class P12Key:
    """What a PKCS#12 file holds, parsed once."""

    key: PrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def load(source: Pkcs12Source) -> P12Key:
    """Parse ``source``; ``bad_passphrase``, ``no_key`` (missing file, no key or cert,
    unsupported key type) as :class:`SigningError` reasons."""
    require_file(source.path)
    try:
        data = source.path.read_bytes()
    except OSError as e:
        raise SigningError(f"cannot read the key file {source.path.name}: {e.strerror}",
                           reason="no_key") from None
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, source.passphrase)
    except ValueError:
        # cryptography reports a wrong passphrase and a corrupt file alike
        log.debug("PKCS#12 file %s did not open with the given passphrase", source.path.name)
        raise SigningError("wrong passphrase for the key file (or not a PKCS#12 file)",
                           reason="bad_passphrase") from None
    if key is None or cert is None:
        raise SigningError(f"{source.path.name} holds no private key with its certificate",
                           reason="no_key")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError(f"unsupported key type {type(key).__name__}", reason="no_key")
    return P12Key(key=key, certificate=cert, chain=tuple(others))
