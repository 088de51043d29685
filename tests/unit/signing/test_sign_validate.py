"""Signing and strict validation with real keys, a real test CA and real PDFs."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pymupdf
import pytest
from signing_fixtures import PASSPHRASE, Pki, tsa_server, write_p12

from meetingroom.domain.signatures import STAMP_BOXES, SignatureCheck, Trust
from meetingroom.errors import SigningError
from meetingroom.signing.certificates import certificate_of
from meetingroom.signing.sign import SignStep, StampText, async_sign_pdf, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.signing.validate import describe, validate_pdf

CHAIR = StampText(role="Chủ tọa", location="Hà Nội", reason="Phê duyệt biên bản")
SECRETARY = StampText(role="Thư ký")


@pytest.fixture(scope="module")
def signed_once(tmp_path_factory: pytest.TempPathFactory, minutes_pdf: Path,
                ec_source: Pkcs12Source) -> Path:
    out = tmp_path_factory.mktemp("signed") / "once.pdf"
    sign_pdf(minutes_pdf, out, ec_source, CHAIR)
    return out


@pytest.fixture(scope="module")
def signed_twice(tmp_path_factory: pytest.TempPathFactory, signed_once: Path,
                 rsa_source: Pkcs12Source) -> Path:
    out = tmp_path_factory.mktemp("signed") / "twice.pdf"
    sign_pdf(signed_once, out, rsa_source, SECRETARY)
    return out


def test_signed_file_validates_with_role_name_and_trust(signed_once: Path, pki: Pki) -> None:
    report = validate_pdf(signed_once.read_bytes(), trust_roots=[pki.ca.pem])
    assert report.all_valid, report
    (check,) = report.signatures
    assert check.signer_name == "Nguyễn Thị Hằng"
    assert check.role == "Chủ tọa"
    assert check.trust is Trust.TRUSTED
    assert not check.timestamped
    assert check.signing_time.endswith("Z")


def test_trust_is_unknown_issuer_without_roots_but_still_valid(signed_once: Path) -> None:
    report = validate_pdf(signed_once.read_bytes())
    assert report.all_valid
    assert report.signatures[0].trust is Trust.UNKNOWN_ISSUER


def test_der_root_is_accepted(signed_once: Path, pki: Pki) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    der = pki.ca.cert.public_bytes(Encoding.DER)
    assert validate_pdf(signed_once.read_bytes(), trust_roots=[der]).signatures[0].trust \
        is Trust.TRUSTED


def test_self_signed_signer(tmp_path: Path, minutes_pdf: Path,
                            self_signed_source: Pkcs12Source, pki: Pki) -> None:
    check = sign_pdf(minutes_pdf, tmp_path / "s.pdf", self_signed_source, SECRETARY,
                     trust_roots=[pki.ca.pem])
    assert check.ok and check.trust is Trust.SELF_SIGNED


def test_signature_is_pades_with_the_reason_and_location(signed_once: Path) -> None:
    data = signed_once.read_bytes()
    assert b"/ETSI.CAdES.detached" in data
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(BytesIO(data)).embedded_signatures[0].sig_object
    assert sig["/Reason"] == "Phê duyệt biên bản"
    assert sig["/Location"] == "Hà Nội"


def test_co_signing_keeps_the_first_signature_valid(signed_twice: Path, pki: Pki) -> None:
    report = validate_pdf(signed_twice.read_bytes(), trust_roots=[pki.ca.pem])
    assert report.all_valid, describe(report)
    first, second = report.signatures
    assert (first.signer_name, first.role) == ("Nguyễn Thị Hằng", "Chủ tọa")
    assert (second.signer_name, second.role) == ("Trần Văn Đức", "Thư ký")
    assert first.covers_whole_file and not first.modified_after_signing


def test_stamps_sit_in_their_boxes_on_the_last_page(signed_twice: Path) -> None:
    with pymupdf.open(signed_twice) as doc:
        last = doc[-1]
        height = last.rect.height
        rects = {w.field_name: tuple(round(v) for v in w.rect) for w in last.widgets()}
        assert all(not list(doc[i].widgets()) for i in range(doc.page_count - 1))
    for n, name in enumerate(("Signature1", "Signature2")):
        x0, y0, x1, y1 = STAMP_BOXES[n]
        assert rects[name] == (round(x0), round(height - y1), round(x1), round(height - y0))


def test_stamp_shows_the_vietnamese_name_in_the_embedded_font(signed_twice: Path) -> None:
    with pymupdf.open(signed_twice) as doc:
        doc.bake()  # widget appearances into page content, so text extraction sees them
        text = doc[-1].get_text()
        fonts = {f[3] for f in doc[-1].get_fonts(full=True)}
    assert "Ký bởi: Nguyễn Thị Hằng" in text
    assert "Vai trò: Thư ký" in text
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_stamp_text_is_not_letter_spaced(signed_once: Path) -> None:
    """The signer line is as wide as DejaVu Sans 10 pt makes it (pyHanko font-unit bug)."""
    with pymupdf.open(signed_once) as doc:
        doc.bake()
        lines = [ln for b in doc[-1].get_text("dict")["blocks"] for ln in b.get("lines", ())
                 if "".join(s["text"] for s in ln["spans"]).startswith("Ký bởi")]
    assert lines
    width = lines[0]["bbox"][2] - lines[0]["bbox"][0]
    expected = pymupdf.Font(fontfile=str(_font())).text_length("Ký bởi: Nguyễn Thị Hằng", 10)
    assert abs(width - expected) < 0.1 * expected


def _font() -> Path:
    from meetingroom.paths import font_path

    return font_path()


def test_wrong_passphrase_raises_and_writes_nothing(tmp_path: Path, minutes_pdf: Path,
                                                    ec_source: Pkcs12Source) -> None:
    bad = Pkcs12Source(ec_source.path, b"sai-mat-khau")
    with pytest.raises(SigningError) as e:
        sign_pdf(minutes_pdf, tmp_path / "out.pdf", bad, CHAIR)
    assert e.value.reason == "bad_passphrase"
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "keep.pdf"
    existing.write_bytes(b"old")
    with pytest.raises(SigningError):
        sign_pdf(minutes_pdf, existing, bad, CHAIR)
    assert existing.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.pdf"]


def test_missing_key_file_and_non_pdf_input(tmp_path: Path, minutes_pdf: Path,
                                            ec_source: Pkcs12Source) -> None:
    with pytest.raises(SigningError) as e:
        sign_pdf(minutes_pdf, tmp_path / "o.pdf", Pkcs12Source(tmp_path / "no.p12", b"x"), CHAIR)
    assert e.value.reason == "no_key"
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is not a PDF")
    with pytest.raises(SigningError) as e:
        sign_pdf(junk, tmp_path / "o.pdf", ec_source, CHAIR)
    assert e.value.reason == "not_pdf"
    assert not (tmp_path / "o.pdf").exists()


def test_certificate_of_names_the_signer(ec_source: Pkcs12Source) -> None:
    info = certificate_of(ec_source)
    assert info.subject_name == "Nguyễn Thị Hằng"
    assert info.issuer_name == "CA Thử nghiệm Meetingroom"
    with pytest.raises(SigningError) as e:
        certificate_of(Pkcs12Source(ec_source.path, b"wrong"))
    assert e.value.reason == "bad_passphrase"


def test_progress_steps_in_order(tmp_path: Path, minutes_pdf: Path,
                                 ec_source: Pkcs12Source) -> None:
    steps: list[SignStep] = []
    sign_pdf(minutes_pdf, tmp_path / "o.pdf", ec_source, CHAIR, progress=steps.append)
    assert steps == [SignStep.LOADING_KEY, SignStep.PREPARING, SignStep.SIGNING,
                     SignStep.WRITING, SignStep.DONE]


def test_sign_in_place_replaces_the_file(tmp_path: Path, minutes_pdf: Path,
                                         ec_source: Pkcs12Source) -> None:
    target = tmp_path / "b.pdf"
    target.write_bytes(minutes_pdf.read_bytes())
    sign_pdf(target, target, ec_source, CHAIR)
    assert validate_pdf(target.read_bytes()).all_valid
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_works_from_a_worker_thread_and_refuses_a_running_loop(
        tmp_path: Path, minutes_pdf: Path, ec_source: Pkcs12Source) -> None:
    results: list[SignatureCheck] = []
    worker = threading.Thread(target=lambda: results.append(
        sign_pdf(minutes_pdf, tmp_path / "t.pdf", ec_source, CHAIR)))
    worker.start()
    worker.join()
    assert results and results[0].ok

    async def inside_loop() -> SignatureCheck:
        with pytest.raises(RuntimeError, match="running event loop"):
            sign_pdf(minutes_pdf, tmp_path / "x.pdf", ec_source, CHAIR)
        return await async_sign_pdf(minutes_pdf, tmp_path / "a.pdf", ec_source, CHAIR)

    assert asyncio.run(inside_loop()).ok
    assert not (tmp_path / "x.pdf").exists()


def test_rsa_key_signs_and_validates(tmp_path: Path, minutes_pdf: Path,
                                     rsa_source: Pkcs12Source, pki: Pki) -> None:
    check = sign_pdf(minutes_pdf, tmp_path / "r.pdf", rsa_source, SECRETARY,
                     trust_roots=[pki.ca.pem])
    assert check.ok and check.trust is Trust.TRUSTED and check.signer_name == "Trần Văn Đức"


def test_timestamped_signature_is_pades_b_t(tmp_path: Path, minutes_pdf: Path,
                                            ec_source: Pkcs12Source, pki: Pki) -> None:
    steps: list[SignStep] = []
    with tsa_server(pki.tsa, pki.ca) as url:
        check = sign_pdf(minutes_pdf, tmp_path / "ts.pdf", ec_source, CHAIR, tsa_url=url,
                         progress=steps.append, trust_roots=[pki.ca.pem])  # the TSA's CA
    assert check.ok and check.timestamped
    assert SignStep.TIMESTAMPING in steps
    report = validate_pdf((tmp_path / "ts.pdf").read_bytes(), trust_roots=[pki.ca.pem])
    assert report.all_valid and report.signatures[0].timestamped
    assert "(timestamped)" in "\n".join(describe(report))


def test_unreachable_tsa_fails_cleanly(tmp_path: Path, minutes_pdf: Path,
                                       ec_source: Pkcs12Source, pki: Pki) -> None:
    with tsa_server(pki.tsa, pki.ca) as url:
        pass  # the server is gone again: nothing listens on that port now
    with pytest.raises(SigningError) as e:
        sign_pdf(minutes_pdf, tmp_path / "o.pdf", ec_source, CHAIR, tsa_url=url)
    assert e.value.reason == "timestamp"
    assert not (tmp_path / "o.pdf").exists()


def test_p12_without_chain_still_signs(tmp_path: Path, minutes_pdf: Path, pki: Pki) -> None:
    p12 = write_p12(tmp_path / "bare.p12", pki.ec_signer, [])
    check = sign_pdf(minutes_pdf, tmp_path / "o.pdf", Pkcs12Source(p12, PASSPHRASE), CHAIR,
                     trust_roots=[pki.ca.pem])
    assert check.ok and check.trust is Trust.TRUSTED


def test_the_stamp_time_is_local_time_with_its_offset() -> None:
    import os
    import time
    from datetime import UTC, datetime

    from meetingroom.signing.stamp import TIME_FORMAT, stamp_time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Ho_Chi_Minh"
    time.tzset()
    try:
        moment = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
        assert stamp_time(moment) == "09:30 +07:00, 01/12/2026"
        # what pyHanko hands the stamp (TIME_FORMAT, in whatever zone it took) reads back
        assert stamp_time(datetime.strptime(moment.strftime(TIME_FORMAT), TIME_FORMAT)) == (
            "09:30 +07:00, 01/12/2026")
        os.environ["TZ"] = "America/St_Johns"  # a negative, half-hour offset
        time.tzset()
        assert stamp_time(moment) == "23:00 -03:30, 30/11/2026"
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
