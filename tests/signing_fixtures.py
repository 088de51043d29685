"""Real keys and a real test CA for signing tests, made with ``cryptography``."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from meetingroom.pdf.samples import make_document
from meetingroom.signing.sources import Pkcs12Source

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PASSPHRASE = b"mat-khau-thu-nghiem"
NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Thử Nghiệm"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass(frozen=True)
class Identity:
    key: PrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_der(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def issue(cn: str, key: PrivateKey, issuer: Identity | None, *, ca: bool = False,
          eku: x509.ObjectIdentifier | None = None, days: int = 365) -> Identity:
    """A certificate for ``key`` signed by ``issuer`` (self-signed when None), valid from a
    day ago for ``days`` days."""
    return Identity(key, issue_for(cn, key.public_key(), issuer or key, ca=ca, eku=eku,
                                   days=days))


def issue_for(cn: str, public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
              issuer: Identity | PrivateKey, *, ca: bool = False,
              eku: x509.ObjectIdentifier | None = None, days: int = 365) -> x509.Certificate:
    """A certificate for ``public_key``, signed by ``issuer`` or self-signed by a key."""
    self_signed = not isinstance(issuer, Identity)
    signing_key = issuer.key if isinstance(issuer, Identity) else issuer
    builder = (x509.CertificateBuilder()
               .subject_name(_name(cn))
               .issuer_name(_name(cn) if self_signed else issuer.cert.subject)
               .public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW - dt.timedelta(days=1))
               .not_valid_after(NOW + dt.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                              critical=False)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=not ca, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                   crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    if isinstance(issuer, Identity):
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False)
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@dataclass(frozen=True)
class Pki:
    """A test CA with two signers (EC, RSA), a self-signed signer and an RSA TSA."""

    ca: Identity
    ec_signer: Identity
    rsa_signer: Identity
    self_signed: Identity
    tsa: Identity


def make_pki() -> Pki:
    ca = issue("CA Thử nghiệm Meetingroom", ec_key(), None, ca=True)
    return Pki(
        ca=ca,
        ec_signer=issue("Nguyễn Thị Hằng", ec_key(), ca),
        rsa_signer=issue("Trần Văn Đức", rsa.generate_private_key(65537, 2048), ca),
        self_signed=issue("Lê Tự Ký", ec_key(), None),
        tsa=issue("TSA Thử nghiệm", rsa.generate_private_key(65537, 2048), ca,
                  eku=ExtendedKeyUsageOID.TIME_STAMPING),
    )


def write_p12(path: Path, who: Identity, chain: list[x509.Certificate],
              passphrase: bytes = PASSPHRASE) -> Path:
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", who.key, who.cert, chain,
        serialization.BestAvailableEncryption(passphrase)))
    return path


@contextmanager
def tsa_server(tsa: Identity, ca: Identity) -> Iterator[str]:
    """pyHanko's DummyTimeStamper answering RFC 3161 requests on 127.0.0.1:<free port>."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    stamper = DummyTimeStamper(tsa_cert=asn1(tsa.cert),
                               tsa_key=keys.PrivateKeyInfo.load(tsa.key_der()),
                               certs_to_embed=SimpleCertificateStore.from_certs([asn1(ca.cert)]))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            req = tsp.TimeStampReq.load(body)
            resp = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(resp)))
            self.end_headers()
            self.wfile.write(resp)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def tool(name: str) -> str | None:
    return shutil.which(name)


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                          check=False)


def nss_db(directory: Path, ca_pem: Path) -> str:
    """An NSS database in ``directory`` that trusts ``ca_pem``; returns ``sql:DIR``."""
    directory.mkdir(parents=True, exist_ok=True)
    db = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "-d", db, "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-d", db, "-n", "ca", "-t", "CT,C,C", "-i", str(ca_pem)],
                   check=True, capture_output=True)
    return db


def pdfsig(path: Path, db: str) -> str:
    done = subprocess.run(["pdfsig", "-nssdir", db, str(path)], capture_output=True,
                          text=True, check=False)
    return done.stdout + done.stderr


MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
"""SoftHSM2's PKCS#11 module on Debian (``apt install softhsm2``)."""
LABEL = "meetingroom-test"
PIN = b"123456"
TOKEN_HOLDER = "Phạm Thị Chủ Tọa"


@dataclass(frozen=True)
class SoftToken:
    """A SoftHSM2 token with an EC key generated on it and its certificate from ``pki``."""

    pki: Pki
    module: Path
    label: str
    pin: bytes
    holder: str


# pytest fixtures (import them into a conftest or test module to use them)


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftToken]:
    """One token per test process (SoftHSM reads its configuration once per load)."""
    if not MODULE.exists() or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed")
    import os

    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    d = tmp_path_factory.mktemp("softhsm")
    (d / "tokens").mkdir()
    conf = d / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {d / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", LABEL,
                    "--so-pin", "87654321", "--pin", PIN.decode()],
                   check=True, capture_output=True)
    pki = make_pki()
    lib = pkcs11.lib(str(MODULE))
    lib.reinitialize()  # in case this process loaded SoftHSM before the token existed
    with lib.get_token(token_label=LABEL).open(rw=True, user_pin=PIN.decode()) as session:
        params = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True)
        public, _ = params.generate_keypair(store=True, label="chair-key", id=b"\x01")
        spki = serialization.load_der_public_key(encode_ec_public_key(public))
        cert = issue_for(TOKEN_HOLDER, spki, pki.ca)  # type: ignore[arg-type]
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: "chair-cert", Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        })
    try:
        yield SoftToken(pki, MODULE, LABEL, PIN, TOKEN_HOLDER)
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old


@pytest.fixture(scope="session")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def ec_source(pki: Pki, keys_dir: Path) -> Pkcs12Source:
    return Pkcs12Source(write_p12(keys_dir / "ec.p12", pki.ec_signer, [pki.ca.cert]),
                        PASSPHRASE)


@pytest.fixture(scope="session")
def rsa_source(pki: Pki, keys_dir: Path) -> Pkcs12Source:
    return Pkcs12Source(write_p12(keys_dir / "rsa.p12", pki.rsa_signer, [pki.ca.cert]),
                        PASSPHRASE)


@pytest.fixture(scope="session")
def self_signed_source(pki: Pki, keys_dir: Path) -> Pkcs12Source:
    return Pkcs12Source(write_p12(keys_dir / "self.p12", pki.self_signed, []), PASSPHRASE)


@pytest.fixture(scope="session")
def minutes_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_document(tmp_path_factory.mktemp("pdf") / "bien-ban.pdf",
                         title="Biên bản họp Ủy ban nhân dân tỉnh", pages=3)
