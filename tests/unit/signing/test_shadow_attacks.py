"""Shadow attacks between two signers (issue 13, item 4) and the old PKCS#7 sub-filter (item 6):
the offline verifier applies the server's acceptance rule to every signature, so both refuse
the same files. Real rendered minutes, real keys, real pyHanko signatures and updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from shadow_pdfs import add_overlay_signature_field, add_text_field, fill_text_field, plain_cosign
from signing_fixtures import Pki

from meetingroom.domain.minutes_draft import MinutesHeader
from meetingroom.errors import SignatureInvalidError
from meetingroom.pdf.minutes import render_minutes_pdf
from meetingroom.signing.acceptance import check_added_signature
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source, Source
from meetingroom.signing.validate import validate_pdf

HTML = "<h1>Biên bản họp</h1><p>Quyết định: PHÊ DUYỆT ngân sách 100 triệu đồng.</p>"


@pytest.fixture(scope="module")
def final() -> bytes:
    return render_minutes_pdf(HTML, MinutesHeader("UBND tỉnh", "Họp Ủy ban", "01/12/2026"))


def _sign(tmp_path: Path, data: bytes, source: Source, role: str) -> bytes:
    (tmp_path / "in.pdf").write_bytes(data)
    sign_pdf(tmp_path / "in.pdf", tmp_path / "out.pdf", source, StampText(role=role))
    return (tmp_path / "out.pdf").read_bytes()


def _refusal(previous: bytes, new: bytes, pki: Pki) -> str:
    with pytest.raises(SignatureInvalidError) as e:
        check_added_signature(previous, new, trust_roots=[pki.ca.pem])
    return e.value.reason


def test_overlay_signature_field_between_signers_fails_verify_and_acceptance(
        tmp_path: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        pki: Pki) -> None:
    s1 = _sign(tmp_path, final, ec_source, "Thư ký")
    attacked = plain_cosign(add_overlay_signature_field(s1), rsa_source)
    report = validate_pdf(attacked, trust_roots=[pki.ca.pem])
    secretary, chair = report.signatures
    assert not report.all_valid
    assert secretary.modified_after_signing and "beyond adding signatures" in secretary.problem
    assert "adds form fields besides the signature" in chair.problem
    assert _refusal(s1, attacked, pki) == "extra_field"


def test_filled_text_field_between_signers_fails_verify_and_acceptance(
        tmp_path: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        pki: Pki) -> None:
    s1 = _sign(tmp_path, add_text_field(final), ec_source, "Thư ký")
    assert validate_pdf(s1, trust_roots=[pki.ca.pem]).all_valid  # a form in the base is fine
    attacked = plain_cosign(fill_text_field(s1), rsa_source)
    report = validate_pdf(attacked, trust_roots=[pki.ca.pem])
    assert not report.all_valid
    secretary = report.signatures[0]
    assert secretary.modified_after_signing and "rewrites object" in secretary.problem
    assert _refusal(s1, attacked, pki) == "modified"


def test_the_attack_in_a_revision_of_its_own_is_caught_too(
        tmp_path: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        pki: Pki) -> None:
    """The filled field in the same revision as the chair's signature (one update)."""
    s1 = _sign(tmp_path, add_text_field(final), ec_source, "Thư ký")
    filled = fill_text_field(s1)
    attacked = plain_cosign(filled, rsa_source)
    # the previous file of the chair's signature is the secretary's, not the filled one
    assert not validate_pdf(attacked).all_valid
    assert not validate_pdf(filled).all_valid  # and the filled file alone is refused


def test_our_co_signer_refuses_to_sign_a_shadowed_file(
        tmp_path: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source
) -> None:
    from meetingroom.errors import SigningError

    s1 = _sign(tmp_path, final, ec_source, "Thư ký")
    with pytest.raises(SigningError, match="will not be co-signed") as e:
        _sign(tmp_path, add_overlay_signature_field(s1), rsa_source, "Chủ tọa")
    assert e.value.reason == "earlier_invalid"
    assert not (tmp_path / "out.pdf").exists() or (tmp_path / "out.pdf").read_bytes() == s1


def test_honest_co_signing_and_a_later_document_timestamp_stay_valid(
        tmp_path: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        pki: Pki) -> None:
    from io import BytesIO

    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.timestamps import DummyTimeStamper

    s1 = _sign(tmp_path, final, ec_source, "Thư ký")
    s2 = _sign(tmp_path, s1, rsa_source, "Chủ tọa")
    assert validate_pdf(s2, trust_roots=[pki.ca.pem]).all_valid
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.cert.public_bytes(
            serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key_der()))
    out = BytesIO()
    PdfTimeStamper(stamper).timestamp_pdf(IncrementalPdfFileWriter(BytesIO(s2), strict=False),
                                         "sha256", output=out)
    report = validate_pdf(out.getvalue(), trust_roots=[pki.ca.pem])
    assert report.all_valid, report


def test_pkcs7_detached_is_refused_by_verify_as_by_the_server(
        final: bytes, ec_source: Pkcs12Source, pki: Pki) -> None:
    pkcs7 = plain_cosign(final, ec_source, subfilter="pkcs7")
    report = validate_pdf(pkcs7, trust_roots=[pki.ca.pem])
    assert not report.all_valid
    assert "not a PAdES signature" in report.signatures[0].problem
    assert _refusal(final, pkcs7, pki) == "not_pades"
