"""The timestamp authority: replies to real DER requests, verified with cryptography."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms, core, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingroom.errors import SigningError
from meetingroom.signing.tsa import CERT_FILE, KEY_FILE, POLICY_OID, TimestampAuthority

NOW = 1_795_000_000.75  # 2026-11-18, with a fraction the reply must drop


def request(data: bytes = b"minutes", *, algorithm: str = "sha256", nonce: int | None = 42,
            cert_req: bool = True, digest: bytes | None = None, **extra: Any) -> bytes:
    if digest is None:
        digest = hashlib.new(algorithm, data).digest()
    fields: dict[str, Any] = {
        "version": "v1",
        "message_imprint": {"hash_algorithm": {"algorithm": algorithm},
                            "hashed_message": digest},
        "nonce": nonce,
        "cert_req": cert_req,
        **extra,
    }
    return bytes(tsp.TimeStampReq(fields).dump())


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> TimestampAuthority:
    return TimestampAuthority.load_or_create(tmp_path_factory.mktemp("tsa"), clock=lambda: NOW)


def granted(reply: bytes) -> tuple[cms.SignedData, tsp.TSTInfo]:
    resp = tsp.TimeStampResp.load(reply)
    assert resp["status"]["status"].native == "granted", resp["status"].native
    signed = resp["time_stamp_token"]["content"]
    return signed, signed["encap_content_info"]["content"].parsed


class OptionalTokenResp(core.Sequence):  # type: ignore[misc]
    """RFC 3161 TimeStampResp (asn1crypto's makes the token mandatory, RFC 3161 does not)."""

    _fields = [  # noqa: RUF012
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def rejected(reply: bytes) -> set[str]:
    resp = OptionalTokenResp.load(reply, strict=True)
    assert resp["status"]["status"].native == "rejection"
    assert not resp["time_stamp_token"]
    assert resp["status"]["status_string"][0].native
    return set(resp["status"]["fail_info"].native)


def test_granted_reply_answers_the_request(tsa: TimestampAuthority) -> None:
    signed, info = granted(tsa.respond(request(b"bien ban", nonce=2**70 + 5)))
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(
        b"bien ban").digest()
    assert info["message_imprint"]["hash_algorithm"]["algorithm"].native == "sha256"
    assert info["nonce"].native == 2**70 + 5
    assert info["policy"].native == POLICY_OID
    assert info["gen_time"].native == datetime.fromtimestamp(int(NOW), UTC)
    assert info["accuracy"]["seconds"].native == 1
    assert signed["encap_content_info"]["content_type"].native == "tst_info"
    certs = signed["certificates"]
    assert len(certs) == 1
    assert certs[0].chosen.dump() == tsa.certificate.public_bytes(serialization.Encoding.DER)


def test_token_signature_and_signed_attributes_verify(tsa: TimestampAuthority) -> None:
    signed, _ = granted(tsa.respond(request(b"x")))
    content = signed["encap_content_info"]["content"].contents
    signer = signed["signer_infos"][0]
    attrs = {a["type"].native: a["values"][0] for a in signer["signed_attrs"]}
    assert attrs["content_type"].native == "tst_info"
    assert attrs["message_digest"].native == hashlib.sha256(content).digest()
    cert_der = tsa.certificate.public_bytes(serialization.Encoding.DER)
    ess = attrs["signing_certificate_v2"]["certs"][0]
    assert ess["hash_algorithm"]["algorithm"].native == "sha256"
    assert ess["cert_hash"].native == hashlib.sha256(cert_der).digest()
    assert ess["issuer_serial"]["serial_number"].native == tsa.certificate.serial_number
    # the signature covers the attributes encoded as a SET (RFC 5652 §5.4)
    to_verify = signer["signed_attrs"].untag().dump()
    public = tsa.certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signer["signature"].native, to_verify, ec.ECDSA(hashes.SHA256()))
    assert signer["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"
    sid = signer["sid"].chosen
    assert sid["serial_number"].native == tsa.certificate.serial_number


def test_certificate_is_left_out_unless_requested(tsa: TimestampAuthority) -> None:
    signed, _ = granted(tsa.respond(request(cert_req=False, nonce=None)))
    assert not signed["certificates"]


def test_every_token_has_its_own_serial(tsa: TimestampAuthority) -> None:
    serials = {granted(tsa.respond(request()))[1]["serial_number"].native for _ in range(20)}
    assert len(serials) == 20


@pytest.mark.parametrize("algorithm", ["sha384", "sha512"])
def test_longer_sha2_imprints_are_accepted(tsa: TimestampAuthority, algorithm: str) -> None:
    _, info = granted(tsa.respond(request(b"d", algorithm=algorithm)))
    assert info["message_imprint"]["hashed_message"].native == hashlib.new(
        algorithm, b"d").digest()


def test_our_own_policy_may_be_requested(tsa: TimestampAuthority) -> None:
    granted(tsa.respond(request(req_policy=POLICY_OID)))


@pytest.mark.parametrize(("query", "fail_info"), [
    (request(algorithm="sha1"), "bad_alg"),
    (request(algorithm="md5"), "bad_alg"),
    (request(digest=b"\x00" * 31), "bad_data_format"),
    (request(algorithm="sha384", digest=b"\x00" * 32), "bad_data_format"),
    (b"", "bad_request"),
    (b"GET / HTTP/1.1\r\n\r\n", "bad_request"),
    (request() + b"\x00", "bad_request"),
    (request()[:-3], "bad_request"),
    (b"\x30" + b"\x84\xff\xff\xff\xff", "bad_request"),
    (request(req_policy="1.2.3.4"), "unaccepted_policy"),
    (b"\x30\x82\x50\x00" + b"\x00" * 0x5000, "bad_request"),
], ids=["sha1", "md5", "short", "length-mismatch", "empty", "http", "trailing", "truncated",
        "huge-length", "policy", "oversized"])
def test_bad_requests_get_a_rejection_with_the_right_fail_info(
        tsa: TimestampAuthority, query: bytes, fail_info: str) -> None:
    assert rejected(tsa.respond(query)) == {fail_info}


def test_request_extensions_are_refused(tsa: TimestampAuthority) -> None:
    ext = tsp.Extensions([{"extn_id": "1.2.3.4", "extn_value": b"\x05\x00"}])
    assert rejected(tsa.respond(request(extensions=ext))) == {"unaccepted_extensions"}


def test_sha2_imprint_parameters_other_than_null_are_malformed(
        tsa: TimestampAuthority) -> None:
    def seq(*parts: bytes) -> bytes:
        body = b"".join(parts)
        assert len(body) < 128
        return b"\x30" + bytes([len(body)]) + body

    sha256 = core.ObjectIdentifier("2.16.840.1.101.3.4.2.1").dump()
    imprint = seq(seq(sha256, core.Integer(1).dump()), core.OctetString(b"\x00" * 32).dump())
    query = seq(core.Integer(1).dump(), imprint)
    assert rejected(tsa.respond(query)) == {"bad_request"}  # RFC 5754: NULL or absent
    null_params = seq(seq(sha256, b"\x05\x00"), core.OctetString(b"\x00" * 32).dump())
    granted(tsa.respond(seq(core.Integer(1).dump(), null_params)))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(tsa: TimestampAuthority, data: bytes) -> None:
    resp = OptionalTokenResp.load(tsa.respond(data), strict=True)
    assert resp["status"]["status"].native in ("rejection", "granted")


def test_no_timestamps_outside_the_certificates_validity(tmp_path: Path) -> None:
    later = TimestampAuthority.load_or_create(tmp_path, clock=lambda: NOW)
    future = TimestampAuthority.load_or_create(
        tmp_path, clock=lambda: NOW + timedelta(days=3660).total_seconds())
    assert future.certificate_pem() == later.certificate_pem()
    assert rejected(future.respond(request())) == {"time_not_available"}


def test_key_and_certificate_are_created_once_and_kept(tmp_path: Path) -> None:
    d = tmp_path / "tsa"
    first = TimestampAuthority.load_or_create(d, clock=lambda: NOW)
    again = TimestampAuthority.load_or_create(d, clock=lambda: NOW + 86400)
    assert again.certificate_pem() == first.certificate_pem()
    assert stat.S_IMODE((d / KEY_FILE).stat().st_mode) == 0o600
    assert sorted(p.name for p in d.iterdir()) == sorted([KEY_FILE, CERT_FILE])  # no temp files
    # the reloaded key signs tokens that verify against the kept certificate
    signed, _ = granted(again.respond(request()))
    signer = signed["signer_infos"][0]
    public = first.certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signer["signature"].native, signer["signed_attrs"].untag().dump(),
                  ec.ECDSA(hashes.SHA256()))


def test_certificate_is_a_timestamping_certificate(tsa: TimestampAuthority) -> None:
    cert = x509.load_pem_x509_certificate(tsa.certificate_pem())
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert str(cn).startswith("Meetingroom TSA ")
    assert cert.not_valid_after_utc - cert.not_valid_before_utc >= timedelta(days=3650)
    assert cert.not_valid_before_utc <= datetime.fromtimestamp(NOW, UTC)


def test_mismatched_key_files_are_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    TimestampAuthority.load_or_create(a)
    TimestampAuthority.load_or_create(b)
    (a / CERT_FILE).write_bytes((b / CERT_FILE).read_bytes())
    with pytest.raises(SigningError) as e:
        TimestampAuthority.load_or_create(a)
    assert e.value.reason == "tsa_files"
    (a / KEY_FILE).write_bytes(b"not a key")
    with pytest.raises(SigningError) as e:
        TimestampAuthority.load_or_create(a)
    assert e.value.reason == "tsa_files"


def test_a_lone_key_left_by_a_crash_gets_its_certificate_again(tmp_path: Path) -> None:
    first = TimestampAuthority.load_or_create(tmp_path)
    key_pem = (tmp_path / KEY_FILE).read_bytes()
    os.remove(tmp_path / CERT_FILE)
    second = TimestampAuthority.load_or_create(tmp_path)
    assert (tmp_path / KEY_FILE).read_bytes() == key_pem  # the key is never replaced
    assert second.certificate.public_key() == first.certificate.public_key()
    assert (tmp_path / CERT_FILE).read_bytes() == second.certificate_pem()


def test_a_certificate_whose_key_is_gone_is_refused(tmp_path: Path) -> None:
    TimestampAuthority.load_or_create(tmp_path)
    os.remove(tmp_path / KEY_FILE)
    with pytest.raises(SigningError) as missing:
        TimestampAuthority.load_or_create(tmp_path)
    assert missing.value.reason == "tsa_files"
    assert not (tmp_path / KEY_FILE).exists()
