"""Demo signing certificates: a throw-away CA and one PKCS#12 file per signer.

So that the demo's secretary and chair can sign the minutes without a real
certificate. The CA is trusted by the demo server only; nothing here is ever
meant to sign a real document (the CA's name says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CA_NAME = "CA Demo Meetingroom – chỉ để thử"
"""Says on every certificate it issues that it is not for real documents."""


@dataclass(frozen=True, slots=True)
class DemoCertificates:
    """Where the demo's certificates were written."""

    ca_pem: Path
    p12: dict[str, Path]
    """username -> PKCS#12 file (passphrase: the demo password)."""


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Meetingroom Demo"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str,
                 issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365 * (10 if ca else 2)))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def make_demo_certificates(directory: Path, signers: dict[str, str],
                           passphrase: str) -> DemoCertificates:
    """A demo CA and, for each ``username -> display name``, a PKCS#12 file."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate(CA_NAME, ca_key, CA_NAME, ca_key, ca=True)
    ca_pem = directory / "demo-ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files: dict[str, Path] = {}
    for username, display_name in signers.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(display_name, key, CA_NAME, ca_key, ca=False)
        path = directory / f"{username}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            display_name.encode(), key, cert, [ca_cert],
            serialization.BestAvailableEncryption(passphrase.encode())))
        path.chmod(0o600)
        files[username] = path
    return DemoCertificates(ca_pem=ca_pem, p12=files)
