"""Signing through PKCS#11 with a real SoftHSM2 token initialised by the test."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from signing_fixtures import Pki, issue_for, make_pki

from meetingroom.errors import SigningError
from meetingroom.pdf.samples import make_document
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import (
    Pkcs11Source,
    certificate_of,
    list_certificates,
    list_tokens,
)
from meetingroom.signing.validate import validate_pdf

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
LABEL = "meetingroom-test"
PIN = b"123456"

pytestmark = pytest.mark.skipif(not MODULE.exists() or shutil.which("softhsm2-util") is None,
                                reason="SoftHSM2 is not installed")


@dataclass(frozen=True)
class Token:
    pki: Pki
    pdf: Path


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    """One token per test process: SoftHSM reads its configuration once per load."""
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
        cert = issue_for("Phạm Thị Chủ Tọa", spki, pki.ca)  # type: ignore[arg-type]
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: "chair-cert", Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        })
    pdf = make_document(d / "minutes.pdf", title="Biên bản họp", pages=2)
    try:
        yield Token(pki, pdf)
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old


def test_token_and_certificate_listing(token: Token) -> None:
    assert LABEL in [t.label for t in list_tokens(MODULE)]
    certs = list_certificates(MODULE, LABEL, PIN)
    assert [(c.label, c.subject_name) for c in certs] == [("chair-cert", "Phạm Thị Chủ Tọa")]
    who = certificate_of(Pkcs11Source(MODULE, LABEL, PIN))
    assert who.subject_name == "Phạm Thị Chủ Tọa"


def test_sign_with_the_token_key(token: Token, tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    check = sign_pdf(token.pdf, out, Pkcs11Source(MODULE, LABEL, PIN, key_label="chair-key"),
                     StampText(role="Chủ tọa"), trust_roots=[token.pki.ca.pem])
    assert check.ok and check.signer_name == "Phạm Thị Chủ Tọa" and check.role == "Chủ tọa"
    report = validate_pdf(out.read_bytes(), trust_roots=[token.pki.ca.pem])
    assert report.all_valid


def test_wrong_pin_unknown_token_and_unknown_key(token: Token, tmp_path: Path) -> None:
    out = tmp_path / "never.pdf"
    cases = [(Pkcs11Source(MODULE, LABEL, b"000000"), "bad_pin"),
             (Pkcs11Source(MODULE, "no-such-token", PIN), "token_not_found"),
             (Pkcs11Source(MODULE, LABEL, PIN, key_label="nope"), "no_key"),
             (Pkcs11Source(tmp_path / "missing.so", LABEL, PIN), "module")]
    for source, reason in cases:
        with pytest.raises(SigningError) as e:
            sign_pdf(token.pdf, out, source, StampText(role="Chủ tọa"))
        assert e.value.reason == reason, (source, e.value)
        assert not out.exists()
    assert "000000" not in repr(cases[0][0]) and "123456" not in repr(cases[1][0])
