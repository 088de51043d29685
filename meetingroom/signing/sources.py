"""Where a signing key lives (PKCS#12 file or PKCS#11 token) and who it would sign as."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from meetingroom.errors import SigningError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pkcs12Source:
    """A key and certificate in a PKCS#12 (.p12/.pfx) file."""

    path: Path
    passphrase: bytes
    """Never logged, never shown; asked for each time."""

    def __repr__(self) -> str:
        return f"Pkcs12Source(path={str(self.path)!r}, passphrase=***)"


@dataclass(frozen=True, slots=True)
class Pkcs11Source:
    """A key on a PKCS#11 token (USB token, smart card, SoftHSM)."""

    module: Path
    """The vendor's PKCS#11 library (.so/.dll)."""
    token_label: str
    pin: bytes
    """The user PIN; never logged, asked for each time."""
    key_label: str | None = None
    """The private key's label; None when the token holds exactly one signing key."""

    def __repr__(self) -> str:
        return (f"Pkcs11Source(module={str(self.module)!r}, token_label={self.token_label!r}, "
                f"pin=***, key_label={self.key_label!r})")


Source = Pkcs12Source | Pkcs11Source


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One token present in a PKCS#11 module's slots."""

    label: str
    manufacturer: str
    model: str
    serial: str


@dataclass(frozen=True, slots=True)
class CertInfo:
    """A certificate as the signing dialog shows it."""

    label: str
    """The object's label on the token, or the PKCS#12 file name."""
    subject_name: str
    """The subject's common name (or the whole subject when it has none)."""
    issuer_name: str
    not_after: str
    """ISO 8601 UTC."""


def common_name(name: x509.Name) -> str:
    """The CN of ``name``, or its RFC 4514 form when there is no CN."""
    cns = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if cns:
        value = cns[0].value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return name.rfc4514_string()


def cert_info(cert: x509.Certificate, label: str) -> CertInfo:
    """Describe ``cert`` for a person choosing a signing certificate."""
    return CertInfo(label=label, subject_name=common_name(cert.subject),
                    issuer_name=common_name(cert.issuer),
                    not_after=cert.not_valid_after_utc.isoformat().replace("+00:00", "Z"))


def require_file(path: Path) -> None:
    """``SigningError(reason="no_key")`` when a key file is missing."""
    if not path.is_file():
        raise SigningError(f"key file not found: {path}", reason="no_key")
