"""Reading root certificates an administrator wants the server to trust for signed minutes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from meetingroom.domain.trust import TrustRoot
from meetingroom.errors import ProtocolError

MAX_CERT_FILE = 1024 * 1024
"""Largest certificate file read (a bundle of roots is a few KiB)."""
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ParsedRoot:
    """A certificate that passed the checks: its metadata and DER bytes."""

    root: TrustRoot
    der: bytes


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    value = names[0].value if names else ""
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def parse_roots(data: bytes, *, label: str | None, now: datetime) -> list[ParsedRoot]:
    """Every certificate in ``data`` (PEM, one or more; or a single DER certificate).

    Each must be a CA certificate (basic constraints ``ca=true``) valid at ``now``.
    Raises ``ProtocolError`` with reason ``not_certificate``, ``not_ca`` or ``expired``.
    """
    if len(data) > MAX_CERT_FILE:
        raise ProtocolError("the certificate file is too large", reason="not_certificate")
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ProtocolError("the file does not hold a readable X.509 certificate (PEM or DER)",
                            reason="not_certificate") from None
    out = []
    for cert in certs:
        subject = cert.subject.rfc4514_string()
        try:
            bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
            is_ca = bc.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            raise ProtocolError(f"{subject} is not a certificate authority (basic constraints "
                                "ca=true); trust the CA that issued it instead", reason="not_ca")
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise ProtocolError(f"{subject} is not valid now (valid "
                                f"{cert.not_valid_before_utc:%Y-%m-%d} to "
                                f"{cert.not_valid_after_utc:%Y-%m-%d})", reason="expired")
        der = cert.public_bytes(Encoding.DER)
        name = (label or _common_name(cert) or subject).strip()[:200]
        out.append(ParsedRoot(TrustRoot(
            fingerprint=hashlib.sha256(der).hexdigest(), label=name, subject=subject[:1000],
            not_after=cert.not_valid_after_utc.isoformat(timespec="seconds")), der))
    return out


def normalise_fingerprint(value: str) -> str:
    """A SHA-256 fingerprint as 64 lowercase hex characters (colons and spaces dropped)."""
    fp = re.sub(r"[\s:]", "", value).lower()
    if not _FINGERPRINT.fullmatch(fp):
        raise ProtocolError("a fingerprint is the SHA-256 of the certificate: 64 hex characters",
                            reason="bad_fingerprint")
    return fp
