"""Signing through PKCS#11 with a real SoftHSM2 token initialised by the test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from signing_fixtures import LABEL, MODULE, PIN, Pki, SoftToken

from meetingroom.errors import SigningError
from meetingroom.pdf.samples import make_document
from meetingroom.signing.certificates import certificate_of, list_certificates, list_tokens
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs11Source
from meetingroom.signing.validate import validate_pdf

pytestmark = pytest.mark.skipif(not MODULE.exists() or shutil.which("softhsm2-util") is None,
                                reason="SoftHSM2 is not installed")


@dataclass(frozen=True)
class Token:
    pki: Pki
    pdf: Path


@pytest.fixture(scope="module")
def token(softhsm_token: SoftToken, tmp_path_factory: pytest.TempPathFactory) -> Token:
    pdf = make_document(tmp_path_factory.mktemp("pdf") / "minutes.pdf", title="Biên bản họp",
                        pages=2)
    return Token(softhsm_token.pki, pdf)


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


def test_the_key_is_found_through_the_certificate_the_user_picked(
        token: Token, tmp_path: Path) -> None:
    """The sign dialog names the certificate; the key is the one with its CKA_ID."""
    source = Pkcs11Source(MODULE, LABEL, PIN, key_label="chair-cert")
    assert certificate_of(source).subject_name == "Phạm Thị Chủ Tọa"
    out = tmp_path / "signed.pdf"
    check = sign_pdf(token.pdf, out, source, StampText(role="Chủ tọa"))
    assert check.valid and check.signer_name == "Phạm Thị Chủ Tọa"
