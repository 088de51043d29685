"""Turn a key source into a pyHanko ``Signer`` for the length of one signing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from meetingroom.errors import SigningError
from meetingroom.signing import _p11, _p12
from meetingroom.signing.sources import Pkcs11Source, Pkcs12Source, Source

log = logging.getLogger(__name__)

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class LoadedKeySigner(SimpleSigner):
    """A ``SimpleSigner`` that signs with a key parsed once.

    pyHanko's ``SimpleSigner.sign_raw`` re-parses its key from DER on every call
    (~120 ms for RSA, and signing calls it twice: size estimate + signature).
    """

    def __init__(self, loaded: _p12.P12Key) -> None:
        der = loaded.key.private_bytes(serialization.Encoding.DER,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
        super().__init__(
            signing_cert=asn1_cert(loaded.certificate),
            signing_key=asn1_keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_cert(c) for c in loaded.chain]),
        )
        self._key = loaded.key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        algo = mechanism.signature_algo
        digest = _HASHES.get(digest_algorithm)
        if digest is None:  # pragma: no cover - we always ask for sha256
            raise SigningError(f"unsupported digest {digest_algorithm}", reason="no_key")
        key = self._key
        if algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), digest())
        if algo == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(digest()))
        return bytes(super().sign_raw(data, digest_algorithm))


@contextmanager
def open_signer(source: Source) -> Iterator[Signer]:
    """A ready signer for ``source``; a PKCS#11 session stays open until exit."""
    if isinstance(source, Pkcs12Source):
        yield LoadedKeySigner(_p12.load(source))
        return
    assert isinstance(source, Pkcs11Source)
    yield from _pkcs11_signer(source)


def _pkcs11_signer(source: Pkcs11Source) -> Iterator[Signer]:
    # only a token signing loads python-pkcs11 and pyHanko's PKCS#11 signer (and through
    # them the token's driver library); a PKCS#12 signing never does
    from pkcs11 import KeyType
    from pyhanko.sign.pkcs11 import PKCS11Signer

    with _p11.session(source.module, source.token_label, source.pin) as session:
        key: Any = _p11.signing_key(session, source.key_label)
        label, cert = _p11.certificate_for(session, key)
        chain = [asn1_cert(c) for lbl, c in _p11.certificates(session)
                 if c != cert]
        key_id = _key_id(key)
        log.info("signing with key %r on token %r", label, source.token_label)
        yield PKCS11Signer(
            session, signing_cert=asn1_cert(cert), ca_chain=chain,
            key_id=key_id, key_label=None if key_id else _label(key),
            # SoftHSM2 (and many tokens) only offer raw ECDSA
            use_raw_mechanism=key.key_type == KeyType.EC,
        )


def _key_id(key: Any) -> bytes | None:
    from pkcs11 import Attribute

    try:
        value = key[Attribute.ID]
    except Exception:
        return None
    return bytes(value) if value else None


def _label(key: Any) -> str | None:
    from pkcs11 import Attribute

    try:
        return str(key[Attribute.LABEL])
    except Exception:
        return None
