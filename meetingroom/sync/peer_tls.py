"""TLS between peers: each device serves with a certificate of its own, made at start, and a
requester trusts exactly the certificate the room server named for that peer.

No CA is involved: the room server, reached over its own verified wss://, is the one that
says "peer X at this address has the certificate with this SHA-256", and the requester
compares the certificate the peer presents with it (the TLS handshake proves the peer
holds its key). A certificate lives as long as the engine; it names no person.
"""

from __future__ import annotations

import datetime as dt
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from meetingroom.atomic_files import private_dir, write_atomic
from meetingroom.protocol.peer_link import cert_fingerprint


@dataclass(frozen=True, slots=True)
class PeerIdentity:
    """This device's serving certificate: a TLS context for serving, and its SHA-256."""

    context: ssl.SSLContext
    fingerprint: str


def make_identity(directory: Path) -> PeerIdentity:
    """A new self-signed EC P-256 certificate (valid a week), its key kept in
    ``directory`` (private) only for as long as ``ssl`` needs a file to load it from."""
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Meetingroom peer")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=7))
            .sign(key, hashes.SHA256()))
    private_dir(directory)
    cert_file, key_file = directory / "peer-cert.pem", directory / "peer-key.pem"
    write_atomic(cert_file, cert.public_bytes(serialization.Encoding.PEM), mode=0o600)
    write_atomic(key_file, key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()), mode=0o600)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert_file, key_file)
    finally:
        key_file.unlink(missing_ok=True)
    return PeerIdentity(context, cert_fingerprint(cert.public_bytes(serialization.Encoding.DER)))


def pinned_context() -> ssl.SSLContext:
    """A client context that takes any certificate: the caller compares the one presented
    with the fingerprint the room server gave (``ServerLink.peer_certificate``) before it
    sends anything."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
