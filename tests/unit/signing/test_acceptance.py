"""Accepting an uploaded signed minutes file: our own signing passes, every attack from the
security review (/tmp/rev5, findings 1-10) is refused with its reason. Real PDFs rendered by
our composer, real keys from a test CA, real pyHanko signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from signing_fixtures import PASSPHRASE, Identity, Pki, issue, tsa_server, write_p12

from meetingroom.domain.minutes_draft import MinutesHeader
from meetingroom.domain.signatures import STAMP_BOXES, SignatureReport
from meetingroom.errors import SignatureInvalidError, SigningError
from meetingroom.pdf.minutes import render_minutes_pdf
from meetingroom.signing._signers import open_signer
from meetingroom.signing.acceptance import (
    MAX_ADDED_BYTES,
    MAX_REVISIONS_ADDED,
    check_added_signature,
)
from meetingroom.signing.loops import run_sync
from meetingroom.signing.sign import StampText, sign_pdf, sign_with_timestamper
from meetingroom.signing.sources import Pkcs12Source, Source
from meetingroom.signing.validate import validate_pdf

SECRETARY = StampText(role="Thư ký")
CHAIR = StampText(role="Chủ tọa", location="Hà Nội")
HTML = ("<h1>Biên bản họp</h1>"
        + "".join(f"<p>Mục {i}: thảo luận về ngân sách và kế hoạch năm sau.</p>"
                  for i in range(60))
        + "<p>Quyết định: PHÊ DUYỆT ngân sách 100 triệu đồng.</p>")


# -- fixtures and helpers -------------------------------------------------------------------
@pytest.fixture(scope="module")
def final() -> bytes:
    data = render_minutes_pdf(HTML, MinutesHeader("UBND tỉnh", "Họp Ủy ban", "01/12/2026"))
    assert _reader(data).root["/Pages"]["/Count"] >= 2  # attacks on page 1 and the last
    return data


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("accept")


def _sign(work: Path, data: bytes, source: Source, stamp: StampText = SECRETARY) -> bytes:
    src, dst = work / "in.pdf", work / "out.pdf"
    src.write_bytes(data)
    sign_pdf(src, dst, source, stamp)
    return dst.read_bytes()


def _plain_sign(data: bytes, source: Pkcs12Source, field: str) -> bytes:
    """An attacker's tool: plain pyHanko, PAdES, none of our checks."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(source.path, passphrase=source.passphrase)
    assert signer is not None
    meta = signers.PdfSignatureMetadata(field_name=field,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data), strict=False), output=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def s1(work: Path, final: bytes, ec_source: Pkcs12Source) -> bytes:
    return _sign(work, final, ec_source)


@pytest.fixture(scope="module")
def s2(work: Path, s1: bytes, rsa_source: Pkcs12Source) -> bytes:
    return _sign(work, s1, rsa_source, CHAIR)


@pytest.fixture(scope="module")
def extra_sources(pki: Pki, keys_dir: Path) -> list[Pkcs12Source]:
    """Three more signers from the test CA (EC: fast)."""
    out = []
    for n, name in enumerate(("Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em")):
        who = issue(name, ec.generate_private_key(ec.SECP256R1()), pki.ca)
        out.append(Pkcs12Source(write_p12(keys_dir / f"extra{n}.p12", who, [pki.ca.cert]),
                                PASSPHRASE))
    return out


def _reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(BytesIO(data), strict=False)


def _update(data: bytes, change: Callable[[Any], None]) -> bytes:
    """One incremental update made with pyHanko's writer, as an attacker would."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _pyhanko_sign(data: bytes, source: Source, *, box: tuple[int, int, int, int] | None = None,
                  on_page: int = -1, certify: bool = False,
                  subfilter: str = "pades", name: str = "Signature9") -> bytes:
    """A signature made with pyHanko directly, with the knobs our signer does not expose."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    with open_signer(source) as signer:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=name, certify=certify,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
            subfilter=(fields.SigSeedSubFilter.PADES if subfilter == "pades"
                       else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED))
        spec = fields.SigFieldSpec(sig_field_name=name, on_page=on_page, box=box)
        out = BytesIO()
        signers.PdfSigner(meta, signer, new_field_spec=spec).sign_pdf(writer, output=out)
    return out.getvalue()


def _cosign(data: bytes, source: Source) -> bytes:
    """An attacker's co-signature: plain pyHanko, PAdES, the stamp in its proper place, none
    of our signer's checks (which refuse to sign such files)."""
    existing = len(_reader(data).embedded_signatures)
    box = tuple(round(v) for v in STAMP_BOXES[existing])
    return _pyhanko_sign(data, source, box=box, name=f"Signature{existing + 1}")


def _refused(previous: bytes, new: bytes, pki: Pki) -> str:
    with pytest.raises(SignatureInvalidError) as e:
        check_added_signature(previous, new, trust_roots=[pki.ca.pem])
    assert e.value.message
    return e.value.reason


def _accepted(previous: bytes, new: bytes, pki: Pki, **kw: Any) -> SignatureReport:
    report = check_added_signature(previous, new, trust_roots=[pki.ca.pem], **kw)
    assert report.all_valid, report
    return report


def _g(name: str) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.NameObject(name)


def _overlay(w: Any) -> Any:
    """A white box with new text: what an attacker paints over the decision line."""
    from pyhanko.pdf_utils import generic

    return w.add_object(generic.StreamObject(
        {_g("/Type"): _g("/XObject"), _g("/Subtype"): _g("/Form"),
         _g("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, 450, 60)])},
        stream_data=b"1 1 1 rg 0 0 450 60 re f 0 0 0 rg BT /Helv 14 Tf 5 20 Td "
                    b"(QUYET DINH: BAC BO) Tj ET"))


def _page(w: Any, index: int) -> Any:
    return w.root["/Pages"]["/Kids"][index].get_object()


# -- our own signing passes ---------------------------------------------------------------
def test_our_first_signature_on_rendered_minutes_is_accepted(final: bytes, s1: bytes,
                                                              pki: Pki) -> None:
    report = _accepted(final, s1, pki)
    assert [s.role for s in report.signatures] == ["Thư ký"]


def test_our_co_signature_is_accepted(s1: bytes, s2: bytes, pki: Pki) -> None:
    report = _accepted(s1, s2, pki)
    assert [s.role for s in report.signatures] == ["Thư ký", "Chủ tọa"]


def test_timestamped_signatures_are_accepted_and_the_time_counts_only_from_a_trusted_tsa(
        work: Path, final: bytes, ec_source: Pkcs12Source, rsa_source: Pkcs12Source,
        pki: Pki) -> None:
    with tsa_server(pki.tsa, pki.ca) as url:
        (work / "t0.pdf").write_bytes(final)
        sign_pdf(work / "t0.pdf", work / "t1.pdf", ec_source, SECRETARY, tsa_url=url)
        sign_pdf(work / "t1.pdf", work / "t2.pdf", rsa_source, CHAIR, tsa_url=url)
    t1, t2 = (work / "t1.pdf").read_bytes(), (work / "t2.pdf").read_bytes()
    assert _accepted(final, t1, pki).signatures[0].timestamped
    assert all(s.timestamped for s in _accepted(t1, t2, pki).signatures)
    # the TSA's own certificate as the only timestamp root is enough
    tsa_only = check_added_signature(t1, t2, timestamp_roots=[pki.tsa.pem])
    assert tsa_only.all_valid and all(s.timestamped for s in tsa_only.signatures)
    # no root for the TSA: still valid, but the time is only the signer's claim
    untrusted = check_added_signature(t1, t2)
    assert untrusted.all_valid and not any(s.timestamped for s in untrusted.signatures)


def test_fifth_signature_without_a_stamp_place_is_accepted_invisible(
        work: Path, s2: bytes, extra_sources: list[Pkcs12Source], pki: Pki) -> None:
    s3 = _sign(work, s2, extra_sources[0])
    s4 = _sign(work, s3, extra_sources[1])
    s5 = _sign(work, s4, extra_sources[2])
    _accepted(s2, s3, pki)
    _accepted(s3, s4, pki)
    report = _accepted(s4, s5, pki)
    assert len(report.signatures) == len(STAMP_BOXES) + 1


# -- finding 4: forged, backdated timestamp -------------------------------------------------
def test_self_made_backdated_timestamp_is_not_reported_as_timestamped(
        work: Path, final: bytes, ec_source: Pkcs12Source, pki: Pki) -> None:
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    fake = issue("Totally Official TSA", rsa.generate_private_key(65537, 2048), None,
                 eku=ExtendedKeyUsageOID.TIME_STAMPING)
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(fake.cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(fake.key_der()),
        fixed_dt=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    (work / "f0.pdf").write_bytes(final)
    run_sync(sign_with_timestamper(work / "f0.pdf", work / "f1.pdf", ec_source, SECRETARY,
                                   timestamper=stamper))
    report = _accepted(final, (work / "f1.pdf").read_bytes(), pki)
    (check,) = report.signatures
    assert check.ok and not check.timestamped
    assert not check.signing_time.startswith("2020")


# -- finding 1: content changed in the first signature's own update -------------------------
@pytest.mark.parametrize("page", [0, -1])
def test_content_changed_before_the_first_signature_is_modified(
        work: Path, final: bytes, ec_source: Pkcs12Source, pki: Pki, page: int) -> None:
    from pyhanko.pdf_utils import generic

    def paint(w: Any) -> None:
        target = _page(w, page)
        ref = w.add_object(generic.StreamObject(
            stream_data=b"q 1 1 1 rg 80 700 450 60 re f Q BT /Helv 14 Tf 90 740 Td "
                        b"(KET LUAN: KHONG THONG QUA) Tj ET"))
        old = target.raw_get("/Contents")
        items = list(old) if isinstance(old, generic.ArrayObject) else [old]
        target["/Contents"] = generic.ArrayObject([*items, ref])
        w.update_container(target)

    signed = _sign(work, _update(final, paint), ec_source)
    assert validate_pdf(signed).all_valid  # what the old server check relied on
    assert _refused(final, signed, pki) == "modified"


# -- findings 2, 3, 7 and what was already refused (t2, t6) ---------------------------------
def test_dropping_the_earlier_signature_and_signing_twice_is_refused(
        work: Path, s1: bytes, rsa_source: Pkcs12Source, keys_dir: Path, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic

    def hide(w: Any) -> None:
        form = w.root["/AcroForm"]
        form["/Fields"] = generic.ArrayObject([])
        w.update_container(form)
        target = _page(w, -1)
        extra = w.add_object(generic.StreamObject(stream_data=b"q 1 1 1 rg 80 690 450 80 re f Q"))
        old = target.raw_get("/Contents")
        target["/Contents"] = generic.ArrayObject(
            [*old, extra] if isinstance(old, generic.ArrayObject) else [old, extra])
        w.update_container(target)

    impostor = issue("Nguyễn Thị Hằng", ec.generate_private_key(ec.SECP256R1()), None)
    fake = Pkcs12Source(write_p12(keys_dir / "impostor.p12", impostor, []), PASSPHRASE)
    hidden = _update(s1, hide)
    with pytest.raises(SigningError, match="not part of the document's form"):
        _sign(work, hidden, fake)  # our own signer will not sign such a file
    forged = _plain_sign(_plain_sign(hidden, fake, "Forged1"), rsa_source, "Forged2")
    report = validate_pdf(forged)  # the dropped signature's stamp still shows on the page
    assert len(report.signatures) == 2 and not report.all_valid
    assert "not part of the document's form" in report.error
    assert _refused(s1, forged, pki) == "earlier_signature_changed"


def test_annotation_added_after_the_first_signature_is_refused(
        work: Path, s1: bytes, rsa_source: Pkcs12Source, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic

    def annotate(w: Any) -> None:
        target = _page(w, 0)
        annot = w.add_object(generic.DictionaryObject({
            _g("/Type"): _g("/Annot"), _g("/Subtype"): _g("/FreeText"),
            _g("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (80, 700, 530, 760)]),
            _g("/Contents"): generic.TextStringObject("BAC BO"),
            _g("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g"),
            _g("/AP"): generic.DictionaryObject({_g("/N"): _overlay(w)})}))
        target["/Annots"] = generic.ArrayObject([annot])
        w.update_container(target)

    signed = _cosign(_update(s1, annotate), rsa_source)
    assert not validate_pdf(signed).all_valid  # the offline verifier is as strict
    assert _refused(s1, signed, pki) == "extra_field"


@pytest.mark.parametrize("page", [0, -1])
def test_empty_signature_field_with_an_overlay_is_refused(
        work: Path, s1: bytes, rsa_source: Pkcs12Source, pki: Pki, page: int) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    def overlay_field(w: Any) -> None:
        fields.append_signature_field(
            w, fields.SigFieldSpec("Overlay", on_page=page, box=(80, 700, 530, 760)))
        for name, _, ref in fields.enumerate_sig_fields(w, filled_status=False):
            if name == "Overlay":
                field = ref.get_object()
                field["/AP"] = generic.DictionaryObject({_g("/N"): _overlay(w)})
                w.update_container(field)

    signed = _cosign(_update(s1, overlay_field), rsa_source)
    assert not validate_pdf(signed).all_valid  # the offline verifier is as strict
    assert _refused(s1, signed, pki) == "extra_field"


def test_changed_document_information_is_refused(work: Path, s1: bytes,
                                                 rsa_source: Pkcs12Source, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic

    def retitle(w: Any) -> None:
        info = w.trailer["/Info"]
        info["/Title"] = generic.TextStringObject("Biên bản khác")
        w.update_container(info)

    signed = _cosign(_update(s1, retitle), rsa_source)
    assert not validate_pdf(signed).all_valid
    assert _refused(s1, signed, pki) == "modified"


def test_replaced_xmp_metadata_is_refused(work: Path, s1: bytes, rsa_source: Pkcs12Source,
                                          pki: Pki) -> None:
    from pyhanko.pdf_utils import generic

    def replace(w: Any) -> None:
        stream = generic.StreamObject(
            {_g("/Type"): _g("/Metadata"), _g("/Subtype"): _g("/XML")},
            stream_data=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
        w.root["/Metadata"] = w.add_object(stream)
        w.update_root()

    signed = _cosign(_update(s1, replace), rsa_source)
    assert not validate_pdf(signed).all_valid
    assert _refused(s1, signed, pki) == "modified"


def test_replaced_page_trailing_bytes_and_updates_after_the_signature_are_invalid(
        work: Path, s1: bytes, s2: bytes, rsa_source: Pkcs12Source, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic

    def replace_page(w: Any) -> None:
        target = _page(w, 0)
        target["/Contents"] = w.add_object(generic.StreamObject(stream_data=b"BT ET"))
        w.update_container(target)

    replaced = _cosign(_update(s1, replace_page), rsa_source)
    assert _refused(s1, replaced, pki) == "modified"
    assert _refused(s1, s2 + b"\n%garbage\n", pki) == "invalid"
    assert _refused(s1, _update(s2, lambda w: w.update_root()), pki) == "invalid"


# -- findings 6, 8, 9, 10 --------------------------------------------------------------------
def test_the_same_certificate_or_key_cannot_sign_twice(
        work: Path, s1: bytes, ec_source: Pkcs12Source, pki: Pki, keys_dir: Path) -> None:
    with pytest.raises(SigningError, match="already signed"):
        _sign(work, s1, ec_source, CHAIR)  # our own signer will not sign twice
    again = _cosign(s1, ec_source)
    assert not validate_pdf(again).all_valid
    assert _refused(s1, again, pki) == "certificate_reused"
    reissued = Identity(pki.ec_signer.key, issue("Nguyễn Thị Hằng", pki.ec_signer.key,
                                                 pki.ca).cert)
    other = Pkcs12Source(write_p12(keys_dir / "reissued.p12", reissued, [pki.ca.cert]),
                         PASSPHRASE)
    assert _refused(s1, _cosign(s1, other), pki) == "certificate_reused"


def test_certification_signature_is_refused(final: bytes, ec_source: Pkcs12Source,
                                            pki: Pki) -> None:
    certified = _pyhanko_sign(final, ec_source, certify=True, name="Signature1")
    assert _refused(final, certified, pki) == "certification"


def test_non_pades_signature_is_refused(final: bytes, ec_source: Pkcs12Source,
                                        pki: Pki) -> None:
    pkcs7 = _pyhanko_sign(final, ec_source, subfilter="pkcs7", name="Signature1")
    report = validate_pdf(pkcs7)  # one policy for both: the verifier refuses it too
    assert not report.all_valid and "adbe.pkcs7.detached" in report.signatures[0].problem
    assert _refused(final, pkcs7, pki) == "not_pades"


def test_signature_with_an_unknown_subfilter_cannot_hide(
        work: Path, s1: bytes, rsa_source: Pkcs12Source, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    def hidden(w: Any) -> None:
        fields.append_signature_field(w, fields.SigFieldSpec("Hidden", on_page=-1))
        sig = w.add_object(generic.DictionaryObject({
            _g("/Type"): _g("/Sig"), _g("/Filter"): _g("/Adobe.PPKLite"),
            _g("/SubFilter"): _g("/x.unknown"),
            _g("/ByteRange"): generic.ArrayObject([generic.NumberObject(0)] * 4),
            _g("/Contents"): generic.ByteStringObject(b"\x00" * 64)}))
        for name, _, ref in fields.enumerate_sig_fields(w, filled_status=False):
            if name == "Hidden":
                field = ref.get_object()
                field["/V"] = sig
                w.update_container(field)

    signed = _cosign(_update(s1, hidden), rsa_source)
    assert len(validate_pdf(signed).signatures) == 2  # pyHanko skips the unknown one
    assert _refused(s1, signed, pki) == "hidden_signature"


def test_size_and_revision_limits(work: Path, s1: bytes, rsa_source: Pkcs12Source,
                                  pki: Pki) -> None:
    assert _refused(s1, s1 + b"%" + b"x" * MAX_ADDED_BYTES + b"\n", pki) == "too_large"
    data = s1
    for _ in range(MAX_REVISIONS_ADDED):
        data = _update(data, lambda w: w.update_root())
    assert _refused(s1, _cosign(data, rsa_source), pki) == "not_incremental"


# -- the other structural rules --------------------------------------------------------------
def test_not_the_current_file_is_not_incremental(final: bytes, s1: bytes, s2: bytes,
                                                 pki: Pki) -> None:
    assert _refused(s2, s1, pki) == "not_incremental"
    assert _refused(s1, s1, pki) == "not_incremental"
    assert _refused(final, b"X" + s1, pki) == "not_incremental"


def test_two_new_signatures_or_none_is_the_wrong_count(final: bytes, s1: bytes, s2: bytes,
                                                       pki: Pki) -> None:
    assert _refused(final, s2, pki) == "signature_count"
    assert _refused(s1, _update(s1, lambda w: w.update_root()), pki) == "signature_count"


def test_stamp_outside_its_place_is_refused(s1: bytes, rsa_source: Pkcs12Source,
                                            pki: Pki) -> None:
    x0, y0, x1, y1 = (round(v) for v in STAMP_BOXES[1])
    assert _refused(s1, _pyhanko_sign(s1, rsa_source, box=(80, 700, 530, 760)),
                    pki) == "stamp_position"
    assert _refused(s1, _pyhanko_sign(s1, rsa_source, box=(x0, y0, x1, y1), on_page=0),
                    pki) == "stamp_position"
    assert _refused(s1, _pyhanko_sign(s1, rsa_source, box=tuple(round(v) for v in STAMP_BOXES[0])),
                    pki) == "stamp_position"  # the first signer's place, not the second's
    inside = _pyhanko_sign(s1, rsa_source, box=(x0, y0, x1, y1))
    assert len(_accepted(s1, inside, pki).signatures) == 2


def test_mutants_outside_the_signature_value_are_refused_and_nothing_else_escapes(
        s1: bytes, s2: bytes, pki: Pki) -> None:
    import re

    # The CMS blob in /Contents is not covered by the byte range, and its unsigned parts
    # (e.g. the CA certificate carried along) may change without changing what is signed:
    # mutants there must either verify (same signed content) or be refused cleanly.
    contents = re.search(rb"/Contents\s*<([0-9A-Fa-f]*)>", s2[len(s1):])
    assert contents is not None
    lo, hi = len(s1) + contents.start(1), len(s1) + contents.end(1)
    outside = [o for o in range(len(s1), len(s2), 997) if not lo <= o < hi][:10]
    inside = list(range(lo, hi, (hi - lo) // 6))
    for offset in outside + inside:
        data = bytearray(s2)
        data[offset] ^= 0x5A
        try:
            report = check_added_signature(s1, bytes(data), trust_roots=[pki.ca.pem])
        except SignatureInvalidError:
            continue
        assert lo <= offset < hi and report.all_valid, offset
    with pytest.raises(SignatureInvalidError):
        check_added_signature(s1, s1 + b"\x00garbage" * 100)


def test_a_timestamp_root_that_does_not_parse_is_reported_not_raised(s1: bytes) -> None:
    report = validate_pdf(s1, timestamp_roots=[b"not a certificate"])
    assert report.error and not report.all_valid
