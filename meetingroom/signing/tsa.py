"""The room server's own RFC 3161 timestamp authority: its key files and its replies.

Pure cryptography (asn1crypto + cryptography); the only I/O is reading or creating
the key and certificate in one directory. The HTTP endpoint that carries requests
and replies lives in ``meetingroom.server.tsa_http``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import cms, core, tsp, x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from meetingroom.atomic_files import private_dir, write_atomic
from meetingroom.errors import SigningError

log = logging.getLogger("meetingroom.signing.tsa")

POLICY_OID = "2.25.227574301701794975071892072764344433493"
"""Our timestamp policy (a ``2.25`` UUID OID, ab35375a-540a-4bc0-b33b-6fb81aa8fb55)."""
MAX_REQUEST_BYTES = 16 * 1024
"""A TimeStampReq is ~100 bytes; anything this large is not one."""
CERT_VALIDITY = timedelta(days=3650)
KEY_FILE = "tsa-key.pem"
CERT_FILE = "tsa-cert.pem"
_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}
"""Message imprints we accept, with their digest length in bytes."""
_BACKDATE = timedelta(days=1)
"""The certificate's notBefore is this much before creation (clients with a slow clock)."""


class TsaFailure(Exception):
    """A request we refuse; carries the RFC 3161 PKIFailureInfo bit (internal to this module)."""

    def __init__(self, fail_info: str, text: str) -> None:
        super().__init__(text)
        self.fail_info = fail_info
        self.text = text


@dataclass(frozen=True, slots=True)
class TimestampRequest:
    """What we read from a TimeStampReq."""

    hash_algorithm: str
    """``sha256``, ``sha384`` or ``sha512``."""
    hashed_message: bytes
    nonce: int | None
    cert_req: bool


class TimestampAuthority:
    """Answers DER ``TimeStampReq``s with DER ``TimeStampResp``s signed by its own EC key.

    Build it with :meth:`load_or_create`. ``respond`` never raises: bad requests get
    a ``rejection`` reply with the matching failInfo, and an internal failure a
    ``systemFailure`` reply. It keeps no mutable state, so it is safe on any thread.
    """

    def __init__(self, key: ec.EllipticCurvePrivateKey, cert: cx509.Certificate, *,
                 clock: Callable[[], float] = time.time) -> None:
        self._key = key
        self._cert = cert
        self._clock = clock
        self._cert_der = cert.public_bytes(serialization.Encoding.DER)
        self._asn1_cert = x509.Certificate.load(self._cert_der)
        self._hash = "sha384" if key.curve.key_size >= 384 else "sha256"
        self._ess = self._signing_certificate_v2()

    # -- key files -----------------------------------------------------------------
    @classmethod
    def load_or_create(cls, directory: Path, *,
                       clock: Callable[[], float] = time.time) -> TimestampAuthority:
        """Load the key and certificate from ``directory``, creating them the first time.

        Raises ``SigningError(reason="tsa_files")`` when the files exist but are
        unreadable, do not match, or are not a timestamping certificate.
        """
        key_path, cert_path = directory / KEY_FILE, directory / CERT_FILE
        if key_path.exists() and cert_path.exists():
            key, cert = _load(key_path, cert_path)
            return cls(key, cert, clock=clock)
        if cert_path.exists():  # a published certificate whose key is gone: never replace
            raise SigningError(f"the timestamp key in {directory} is missing; restore it from "
                               "a backup (or move the directory away to start a new "
                               "authority)", reason="tsa_files")
        existing = None
        if key_path.exists():  # a first start interrupted between the two files
            log.warning("the timestamp certificate in %s is missing; issuing it again for "
                        "the existing key", directory)
            existing = _load_key(key_path)
        key, cert = _create(clock(), existing)
        private_dir(directory)
        os.chmod(directory, 0o700)  # also an existing one: it is about to hold the key
        write_atomic(key_path, key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()), mode=0o600)
        # public (served at /tsa.crt), yet private on disk like every file of the data dir
        write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM), mode=0o600)
        log.info("created the timestamp authority key in %s", directory)
        return cls(key, cert, clock=clock)

    def certificate_pem(self) -> bytes:
        """The TSA certificate (self-signed; trust it as the root for our timestamps)."""
        return self._cert.public_bytes(serialization.Encoding.PEM)

    @property
    def certificate(self) -> cx509.Certificate:
        return self._cert

    # -- requests ------------------------------------------------------------------
    def respond(self, query_der: bytes) -> bytes:
        """Answer one DER TimeStampReq with a DER TimeStampResp (granted or rejection)."""
        try:
            req = parse_request(query_der)
            now = datetime.fromtimestamp(int(self._clock()), UTC)
            if not (self._cert.not_valid_before_utc <= now <= self._cert.not_valid_after_utc):
                log.error("the clock (%s) is outside the TSA certificate's validity", now)
                raise TsaFailure("time_not_available", "the timestamp authority's time is "
                                 "outside its certificate's validity")
            return self._grant(req, now)
        except TsaFailure as e:
            return _rejection(e.fail_info, e.text)
        except Exception:
            log.exception("timestamping failed")
            return _rejection("system_failure", "internal error")

    def _grant(self, req: TimestampRequest, now: datetime) -> bytes:
        tst_info = tsp.TSTInfo({
            "version": "v1",
            "policy": POLICY_OID,
            "message_imprint": {"hash_algorithm": {"algorithm": req.hash_algorithm},
                                "hashed_message": req.hashed_message},
            "serial_number": secrets.randbits(127) | (1 << 126),
            "gen_time": now,
            "accuracy": {"seconds": 1},
            "nonce": req.nonce,
            "tsa": x509.GeneralName(name="directory_name", value=self._asn1_cert.subject),
        })
        content = tst_info.dump()
        attrs = [
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest",
                              "values": [hashlib.new(self._hash, content).digest()]}),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [self._ess]}),
        ]
        # DER: a SET OF is sorted by encoding; verifiers (OpenSSL) re-encode before checking
        signed_attrs = cms.CMSAttributes(sorted(attrs, key=lambda a: a.dump()))
        signature = self._key.sign(signed_attrs.dump(), ec.ECDSA(_HASHES[self._hash]()))
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier(name="issuer_and_serial_number", value={
                "issuer": self._asn1_cert.issuer,
                "serial_number": self._asn1_cert.serial_number}),
            "digest_algorithm": {"algorithm": self._hash},
            "signed_attrs": signed_attrs,
            "signature_algorithm": {"algorithm": f"{self._hash}_ecdsa"},
            "signature": signature,
        })
        signed_data = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [{"algorithm": self._hash}],
            "encap_content_info": {"content_type": "tst_info",
                                   "content": core.ParsableOctetString(content)},
            "certificates": [self._asn1_cert] if req.cert_req else None,
            "signer_infos": [signer],
        })
        log.info("timestamp granted at %s", now.isoformat())
        reply: bytes = tsp.TimeStampResp({
            "status": {"status": "granted"},
            "time_stamp_token": {"content_type": "signed_data", "content": signed_data},
        }).dump()
        return reply

    def _signing_certificate_v2(self) -> tsp.SigningCertificateV2:
        """ESSCertIDv2 (RFC 5035) naming our certificate by its SHA-256 (the default hash)."""
        return tsp.SigningCertificateV2({"certs": [{
            "cert_hash": hashlib.sha256(self._cert_der).digest(),
            "issuer_serial": {
                "issuer": [x509.GeneralName(name="directory_name",
                                            value=self._asn1_cert.issuer)],
                "serial_number": self._asn1_cert.serial_number},
        }]})


_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


def parse_request(der: bytes) -> TimestampRequest:
    """Read and check a DER TimeStampReq; raises ``TsaFailure`` with the failInfo to send."""
    if len(der) > MAX_REQUEST_BYTES:
        raise TsaFailure("bad_request", "the request is too large")
    try:
        fields = tsp.TimeStampReq.load(der, strict=True).native  # parses every field
        imprint = fields["message_imprint"]
        version = fields["version"]
        algorithm = imprint["hash_algorithm"]["algorithm"]
        digest = imprint["hashed_message"]
        policy = fields["req_policy"]
        nonce = fields["nonce"]
        cert_req = bool(fields["cert_req"])
        extensions = fields["extensions"]
    except Exception as e:  # asn1crypto reports bad encodings with several exception types
        raise TsaFailure("bad_request", "the request is not a DER TimeStampReq") from e
    if version != "v1":
        raise TsaFailure("bad_request", "only version 1 requests are supported")
    if algorithm not in _DIGEST_SIZES:
        raise TsaFailure("bad_alg", "the message imprint must use SHA-256, SHA-384 or SHA-512")
    if not isinstance(digest, bytes) or len(digest) != _DIGEST_SIZES[algorithm]:
        raise TsaFailure("bad_data_format", "the message imprint has the wrong length")
    if policy is not None and policy != POLICY_OID:
        raise TsaFailure("unaccepted_policy", "this authority has a single policy")
    if extensions:
        raise TsaFailure("unaccepted_extensions", "request extensions are not supported")
    return TimestampRequest(algorithm, digest, nonce, cert_req)


class _TimeStampResp(core.Sequence):  # type: ignore[misc]  # asn1crypto is untyped
    """RFC 3161 TimeStampResp; asn1crypto's own wrongly makes the token mandatory."""

    _fields = [  # noqa: RUF012  # asn1crypto's declaration style
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def _rejection(fail_info: str, text: str) -> bytes:
    reply: bytes = _TimeStampResp({"status": {
        "status": "rejection",
        "status_string": [text],
        "fail_info": tsp.PKIFailureInfo({fail_info}),
    }}).dump()
    return reply


# -- key files -------------------------------------------------------------------------
def _create(now_ts: float, key: ec.EllipticCurvePrivateKey | None = None
            ) -> tuple[ec.EllipticCurvePrivateKey, cx509.Certificate]:
    key = key or ec.generate_private_key(ec.SECP256R1())
    host = socket.gethostname() or "localhost"
    name = cx509.Name([
        cx509.NameAttribute(NameOID.COMMON_NAME, f"Meetingroom TSA {host}"[:64]),
        cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Meetingroom"),
    ])
    now = datetime.fromtimestamp(int(now_ts), UTC)
    public = key.public_key()
    cert = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + CERT_VALIDITY)
        .add_extension(cx509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(cx509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                       critical=True)
        .add_extension(cx509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _load_key(key_path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as e:
        raise SigningError(f"cannot read the timestamp key in {key_path.parent}",
                           reason="tsa_files") from e
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SigningError("the timestamp key is not an EC key", reason="tsa_files")
    return key


def _load(key_path: Path, cert_path: Path) -> tuple[ec.EllipticCurvePrivateKey,
                                                    cx509.Certificate]:
    mode = stat.S_IMODE(key_path.stat().st_mode)
    if mode & 0o077:
        log.warning("the timestamp key %s is readable by others (mode %o)", key_path, mode)
    key = _load_key(key_path)
    try:
        cert = cx509.load_pem_x509_certificate(cert_path.read_bytes())
    except (ValueError, TypeError, OSError) as e:
        raise SigningError(f"cannot read the timestamp certificate in {cert_path.parent}",
                           reason="tsa_files") from e
    if cert.public_key() != key.public_key():
        raise SigningError("the timestamp certificate does not match its key",
                           reason="tsa_files")
    try:
        eku = cert.extensions.get_extension_for_class(cx509.ExtendedKeyUsage)
    except cx509.ExtensionNotFound:
        eku = None
    if eku is None or not eku.critical or list(eku.value) != [ExtendedKeyUsageOID.TIME_STAMPING]:
        raise SigningError("the timestamp certificate lacks the critical timeStamping usage",
                           reason="tsa_files")
    return key, cert
