"""Tampered files fail validation with a reason; independent tools accept our signatures."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from signing_fixtures import Pki, nss_db, pdfsig, qpdf_check, tool, tsa_server

from meetingroom.domain.signatures import SignatureReport
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.signing.validate import describe, validate_pdf


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, minutes_pdf: Path,
           ec_source: Pkcs12Source, rsa_source: Pkcs12Source, pki: Pki) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("tamper")
    once, twice, stamped = d / "once.pdf", d / "twice.pdf", d / "timestamped.pdf"
    sign_pdf(minutes_pdf, once, ec_source, StampText(role="Chủ tọa"))
    sign_pdf(once, twice, rsa_source, StampText(role="Thư ký"))
    with tsa_server(pki.tsa, pki.ca) as url:
        sign_pdf(minutes_pdf, stamped, ec_source, StampText(role="Chủ tọa"), tsa_url=url)
    return {"once": once, "twice": twice, "timestamped": stamped}


def _invalid(report: SignatureReport) -> str:
    """Assert the report is not acceptable and return its reasons."""
    assert not report.all_valid
    reasons = report.error + " ".join(s.problem for s in report.signatures)
    assert reasons.strip(), report
    assert "NOT" in "\n".join(describe(report)) or report.error
    return reasons


def test_trailing_garbage_is_rejected(signed: dict[str, Path]) -> None:
    reasons = _invalid(validate_pdf(signed["once"].read_bytes() + b"\n% appended\n"))
    assert "added after" in reasons


def test_content_change_inside_the_signed_range_is_rejected(signed: dict[str, Path]) -> None:
    data = bytearray(signed["once"].read_bytes())
    at = data.index(b"/MediaBox[0 0 595 842]") + len(b"/MediaBox[0 0 59")
    data[at: at + 1] = b"4"  # same length, different page geometry
    report = validate_pdf(bytes(data))
    _invalid(report)
    assert report.error or not report.signatures[0].intact


def test_changed_byte_in_a_page_stream_is_rejected(signed: dict[str, Path]) -> None:
    data = bytearray(signed["once"].read_bytes())
    at = data.index(b"stream", len(data) // 4) + 40
    data[at] ^= 0x20
    report = validate_pdf(bytes(data))
    _invalid(report)


def test_flipped_bit_in_the_signature_value_is_rejected(signed: dict[str, Path]) -> None:
    data = bytearray(signed["once"].read_bytes())
    start = data.index(b"<", data.rindex(b"/Contents")) + 1
    end = data.index(b">", start)
    used = bytes(data[start:end]).rstrip(b"0")
    at = start + len(used) - 20  # inside the signature value at the end of the CMS blob
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    report = validate_pdf(bytes(data))
    _invalid(report)
    assert report.error or not report.signatures[0].valid


@pytest.mark.parametrize("which", ["once", "twice"])
def test_annotation_added_in_an_incremental_update_is_rejected(
        signed: dict[str, Path], tmp_path: Path, which: str) -> None:
    target = tmp_path / "annotated.pdf"
    target.write_bytes(signed[which].read_bytes())
    with pymupdf.open(target) as doc:
        doc[0].add_text_annot((100, 100), "sửa sau khi ký")
        doc.saveIncr()
    report = validate_pdf(target.read_bytes())
    _invalid(report)
    assert all(not s.ok for s in report.signatures)
    assert all(s.modified_after_signing or not s.covers_whole_file for s in report.signatures)


def test_garbage_and_empty_input_never_raise() -> None:
    for data in (b"", b"%PDF-1.7\n garbage", b"\x00" * 1000):
        report = validate_pdf(data)
        assert not report.all_valid
    assert validate_pdf(b"x", trust_roots=[b"not a cert"]).error


def test_unsigned_pdf_is_not_valid(minutes_pdf: Path) -> None:
    report = validate_pdf(minutes_pdf.read_bytes())
    assert not report.all_valid and report.signatures == ()
    assert describe(report)[0] == "No signatures."


def test_qpdf_finds_no_structural_errors(signed: dict[str, Path]) -> None:
    if tool("qpdf") is None:
        pytest.skip("qpdf is not installed")
    for path in signed.values():
        done = qpdf_check(path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "No syntax or stream encoding errors" in done.stdout


def test_poppler_pdfsig_accepts_every_signature(signed: dict[str, Path], pki: Pki,
                                                tmp_path: Path) -> None:
    if tool("pdfsig") is None or tool("certutil") is None:
        pytest.skip("pdfsig or certutil is not installed")
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(pki.ca.pem)
    db = nss_db(tmp_path / "nss", ca_pem)
    for name, path in signed.items():
        out = pdfsig(path, db)
        count = {"once": 1, "twice": 2, "timestamped": 1}[name]
        assert out.count("Signature is Valid.") == count, out
        assert "Total document signed" in out, out
        assert "Certificate is Trusted." in out, out
        assert "ETSI.CAdES.detached" in out, out
