"""The room server's timestamp service over real HTTP(S), checked by pyHanko and OpenSSL."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import shutil
import socket
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from asn1crypto import core, pem, tsp
from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from meetingroom.pdf.samples import make_document
from meetingroom.server.tsa_http import MAX_BODY
from meetingroom.signing.tsa import CERT_FILE


class OptionalTokenResp(core.Sequence):  # type: ignore[misc]
    """RFC 3161 TimeStampResp (asn1crypto's makes the token mandatory, RFC 3161 does not)."""

    _fields = [  # noqa: RUF012
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", core.Any, {"optional": True}),
    ]


def query(data: bytes, *, nonce: int = 7, cert_req: bool = True) -> bytes:
    return bytes(tsp.TimeStampReq({
        "version": "v1",
        "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                            "hashed_message": hashlib.sha256(data).digest()},
        "nonce": nonce, "cert_req": cert_req}).dump())


def post(url: str, body: bytes, *, ctype: str = "application/timestamp-query",
         context: ssl.SSLContext | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=10, context=context) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers["Content-Type"], e.read()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200
        return bytes(r.read())


def root_cert(pem_bytes: bytes) -> ax509.Certificate:
    _, _, der = pem.unarmor(pem_bytes)
    return ax509.Certificate.load(der)


def raw_exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def tsa_room(room_factory: Any) -> Any:
    return room_factory(tsa_port=0)


def test_pyhanko_gets_a_token_that_validates_against_our_certificate(tsa_room: Any) -> None:
    url = tsa_room.thread.tsa_url
    digest = hashlib.sha256(b"bien ban ky hop").digest()

    async def fetch_and_validate() -> dict[str, Any]:
        token = await HTTPTimeStamper(url).async_timestamp(digest, "sha256")
        pem_bytes = (tsa_room.data_dir / "tsa" / CERT_FILE).read_bytes()
        vc = ValidationContext(trust_roots=[root_cert(pem_bytes)])
        status: dict[str, Any] = await validate_tst_signed_data(
            token["content"], vc, lambda _alg: digest)
        return status

    status = asyncio.run(fetch_and_validate())
    assert status["intact"] and status["valid"]
    assert status["validation_path"] is not None  # trusted: a path to our root exists
    now = datetime.datetime.now(datetime.UTC)
    assert abs((status["timestamp"] - now).total_seconds()) < 600


def test_the_certificate_is_published_and_is_the_one_on_disk(tsa_room: Any) -> None:
    url = tsa_room.thread.tsa_url
    served = get(url + ".crt")
    assert served == (tsa_room.data_dir / "tsa" / CERT_FILE).read_bytes()
    assert served.startswith(b"-----BEGIN CERTIFICATE-----")


def test_openssl_verifies_our_reply(tsa_room: Any, tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    data = tmp_path / "minutes.pdf"
    data.write_bytes(b"%PDF-1.7 bien ban " * 100)
    subprocess.run([openssl, "ts", "-query", "-data", str(data), "-sha256", "-cert",
                    "-out", str(tmp_path / "q.tsq")], check=True, capture_output=True)
    status, ctype, reply = post(tsa_room.thread.tsa_url, (tmp_path / "q.tsq").read_bytes())
    assert (status, ctype) == (200, "application/timestamp-reply")
    (tmp_path / "r.tsr").write_bytes(reply)
    (tmp_path / "tsa.pem").write_bytes(get(tsa_room.thread.tsa_url + ".crt"))
    r = subprocess.run([openssl, "ts", "-verify", "-data", str(data), "-in",
                        str(tmp_path / "r.tsr"), "-CAfile", str(tmp_path / "tsa.pem")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Verification: OK" in r.stdout
    # and the same reply does not verify other data
    data.write_bytes(b"%PDF-1.7 something else")
    r = subprocess.run([openssl, "ts", "-verify", "-data", str(data), "-in",
                        str(tmp_path / "r.tsr"), "-CAfile", str(tmp_path / "tsa.pem")],
                       capture_output=True, text=True)
    assert r.returncode != 0


def test_garbage_gets_a_rejection_reply(tsa_room: Any) -> None:
    status, ctype, reply = post(tsa_room.thread.tsa_url, b"\x30\x03garbage")
    assert (status, ctype) == (200, "application/timestamp-reply")
    resp = OptionalTokenResp.load(reply, strict=True)
    assert resp["status"]["status"].native == "rejection"
    assert set(resp["status"]["fail_info"].native) == {"bad_request"}


def test_oversized_body_is_refused_and_the_endpoint_keeps_serving(tsa_room: Any) -> None:
    url = tsa_room.thread.tsa_url
    status, _, _ = post(url, b"\x00" * (MAX_BODY + 1))
    assert status == 413
    status, _, reply = post(url, query(b"next"))
    assert status == 200
    assert tsp.TimeStampResp.load(reply)["status"]["status"].native == "granted"


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"GET /tsa HTTP/1.1\r\nHost: x\r\n\r\n", b"405"),
    (b"POST /tsa.crt HTTP/1.1\r\nContent-Length: 0\r\n\r\n", b"405"),
    (b"GET /other HTTP/1.1\r\n\r\n", b"404"),
    (b"POST /tsa HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx", b"415"),
    (b"POST /tsa HTTP/1.1\r\nContent-Type: application/timestamp-query\r\n\r\n", b"411"),
    (b"POST /tsa HTTP/1.1\r\nContent-Type: application/timestamp-query\r\n"
     b"Content-Length: 99999999\r\n\r\n", b"413"),
    (b"POST /tsa HTTP/1.1\r\nContent-Type: application/timestamp-query\r\n"
     b"Content-Length: -1\r\n\r\n", b"400"),
    (b"POST /tsa HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", b"400"),
    (b"HELLO\r\n\r\n", b"400"),
    (b"GET /tsa.crt HTTP/1.1\r\nHost : x\r\n\r\n", b"400"),
    (b"GET /tsa.crt HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", b"400"),
    (b"GET /tsa.crt HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n", b"431"),
], ids=["get-tsa", "post-crt", "unknown-path", "wrong-type", "no-length", "huge-length",
        "negative-length", "repeated-header", "not-http", "space-before-colon", "folded",
        "huge-head"])
def test_other_requests_get_http_errors(tsa_room: Any, request_bytes: bytes,
                                        status: bytes) -> None:
    answer = raw_exchange(tsa_room.server.tsa.port, request_bytes)
    assert answer.split(b" ", 2)[1] == status, answer[:200]
    assert b"\r\nConnection: close\r\n" in answer


def test_a_silent_client_is_cut_off_and_others_still_served(room_factory: Any) -> None:
    room = room_factory(tsa_port=0)
    room.server.tsa.header_timeout = 0.3  # the 5 s default, shortened for the test
    port = room.server.tsa.port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as silent:
        silent.sendall(b"POST /tsa HTTP/1.1\r\n")  # ... and never finishes its head
        status, _, _ = post(room.thread.tsa_url, query(b"meanwhile"))
        assert status == 200
        answer = silent.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_connections_over_the_cap_get_503_until_others_finish(room_factory: Any) -> None:
    room = room_factory(tsa_port=0)
    endpoint = room.server.tsa
    endpoint.max_connections, endpoint.header_timeout = 2, 0.3  # shortened for the test
    silent = [socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
              for _ in range(2)]
    try:
        for s in silent:
            s.sendall(b"POST /tsa HTTP/1.1\r\n")
        answer = raw_exchange(endpoint.port, b"GET /tsa.crt HTTP/1.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 ")
        for s in silent:  # read until the server cuts them off: their slots are free again
            got = b""
            while chunk := s.recv(4096):
                got += chunk
            assert got.startswith(b"HTTP/1.1 408 ")
    finally:
        for s in silent:
            s.close()
    answer = raw_exchange(endpoint.port, b"GET /tsa.crt HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_login_and_resume_advertise_a_working_endpoint(tsa_room: Any, engines: Any) -> None:
    eng, _ = engines("sec")
    assert eng.server.tsa_url is None
    eng.login(tsa_room.url, "secretary", tsa_room.password("secretary"),
              remember=True).result(20)
    assert eng.server.tsa_url == tsa_room.thread.tsa_url
    status, _, reply = post(eng.server.tsa_url, query(b"from the engine"))
    assert status == 200
    assert tsp.TimeStampResp.load(reply)["status"]["status"].native == "granted"
    # a restarted client resumes its session and learns the (same) endpoint again
    data_dir = eng.data_dir
    eng.stop()
    again, rec = engines("sec-again", data_dir=data_dir)
    assert again.resume().result(20) is not None
    from meetingroom.sync import events as ev
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.ONLINE)
    assert again.server.tsa_url == tsa_room.thread.tsa_url


def test_without_a_tsa_port_nothing_is_advertised(room: Any, engines: Any) -> None:
    eng, _ = engines("sec")
    eng.login(room.url, "secretary", room.password("secretary"), remember=False).result(20)
    assert room.server.tsa is None
    assert eng.server.tsa_url is None
    assert not (room.data_dir / "tsa").exists()


def test_the_tsa_keeps_its_port_and_certificate_across_a_restart(tsa_room: Any) -> None:
    url = tsa_room.thread.tsa_url
    cert = get(url + ".crt")
    tsa_room.restart()
    assert tsa_room.thread.tsa_url == url
    assert get(url + ".crt") == cert


def test_over_tls_the_endpoint_is_https_with_the_servers_certificate(
        room_factory: Any, tls_files: tuple[Path, Path, Path], engines: Any) -> None:
    ca, cert, key = tls_files
    room = room_factory(tsa_port=0, certfile=cert, keyfile=key)
    eng, _ = engines("sec", ca_file=ca)
    eng.login(room.url, "secretary", room.password("secretary"), remember=False).result(20)
    url = eng.server.tsa_url
    assert url is not None and url.startswith("https://127.0.0.1:")
    context = ssl.create_default_context(cafile=str(ca))
    status, _, reply = post(url, query(b"tls"), context=context)
    assert status == 200
    assert tsp.TimeStampResp.load(reply)["status"]["status"].native == "granted"
    with pytest.raises((urllib.error.URLError, ConnectionError)):  # no plain http on TLS
        post(url.replace("https:", "http:"), query(b"plain"))

    async def via_pyhanko() -> Any:
        connector = aiohttp.TCPConnector(ssl=context)
        async with aiohttp.ClientSession(connector=connector) as session:
            token = await HTTPTimeStamper(url, https=True, session=session).async_timestamp(
                hashlib.sha256(b"tls").digest(), "sha256")
        # aiohttp's documented graceful shutdown: let the TLS close finish before the loop
        # ends, or the socket is only closed (with a ResourceWarning) by the GC
        await asyncio.sleep(0.25)
        return token

    token = asyncio.run(via_pyhanko())
    assert token["content_type"].native == "signed_data"


def _signer(tmp_path: Path) -> signers.SimpleSigner:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn Thư Ký")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    acert = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    akey = akeys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return signers.SimpleSigner(signing_cert=acert, signing_key=akey,
                                cert_registry=SimpleCertificateStore.from_certs([acert]))


def test_a_pades_b_t_signature_with_our_timestamp_validates(tsa_room: Any,
                                                           tmp_path: Path) -> None:
    pdf = make_document(tmp_path / "minutes.pdf", title="Biên bản", pages=1, seed=1)
    signer = _signer(tmp_path)
    tsa_root = root_cert((tsa_room.data_dir / "tsa" / CERT_FILE).read_bytes())

    async def sign_and_validate() -> Any:
        meta = signers.PdfSignatureMetadata(field_name="Signature1",
                                            subfilter=SigSeedSubFilter.PADES)
        with pdf.open("rb") as f:
            out = await signers.PdfSigner(
                meta, signer, timestamper=HTTPTimeStamper(tsa_room.thread.tsa_url)
            ).async_sign_pdf(IncrementalPdfFileWriter(f), in_place=False)
        reader = PdfFileReader(out)
        return await async_validate_pdf_signature(
            reader.embedded_signatures[0],
            signer_validation_context=ValidationContext(trust_roots=[signer.signing_cert]),
            ts_validation_context=ValidationContext(trust_roots=[tsa_root]))

    status = asyncio.run(sign_and_validate())
    assert status.intact and status.valid and status.trusted
    ts = status.timestamp_validity
    assert ts is not None and ts.intact and ts.valid and ts.trusted


@pytest.mark.parametrize(("args", "expected"), [
    ([], 8766),
    (["--port", "9000"], 9001),
    (["--port", "0"], 0),
    (["--tsa-port", "off"], None),
    (["--tsa-port", "OFF"], None),
    (["--tsa-port", "0"], 0),
    (["--tsa-port", "7000"], 7000),
])
def test_cli_runs_the_tsa_on_the_next_port_unless_told_otherwise(
        args: list[str], expected: int | None) -> None:
    from meetingroom import cli

    parsed = cli.build_parser().parse_args(["server", *args])
    assert cli._tsa_port(parsed.tsa_port, parsed.port) == expected


@pytest.mark.parametrize("args", [
    ["--tsa-port", "bogus"],
    ["--tsa-port", "70000"],
    ["--port", "9000", "--tsa-port", "9000"],
])
def test_cli_refuses_bad_tsa_ports_before_starting(
        args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from meetingroom import cli

    parsed = cli.build_parser().parse_args(["server", "--data", str(tmp_path), *args])
    assert cli.cmd_server(parsed) == 2
    assert "meetingroom server:" in capsys.readouterr().err
    assert not (tmp_path / "tsa").exists()


@pytest.mark.parametrize(("server_url", "advert", "expected"), [
    ("wss://room.local:8765", {"port": 8766, "scheme": "https", "path": "/tsa"},
     "https://room.local:8766/tsa"),
    ("ws://[::1]:8765/", {"port": 9, "scheme": "http", "path": "/tsa"}, "http://[::1]:9/tsa"),
    ("ws://10.0.0.5:8765", None, None),
    ("", {"port": 8766, "scheme": "http", "path": "/tsa"}, None),
    ("ws://h:1", {"port": 0, "scheme": "http", "path": "/tsa"}, None),
    ("ws://h:1", {"port": True, "scheme": "http", "path": "/tsa"}, None),
    ("ws://h:1", {"port": "8766", "scheme": "http", "path": "/tsa"}, None),
    ("ws://h:1", {"port": 8766, "scheme": "ftp", "path": "/tsa"}, None),
    ("ws://h:1", {"port": 8766, "scheme": "http", "path": "tsa"}, None),
    ("ws://h:1", {"port": 8766, "scheme": "http", "path": "/tsa\r\nX: y"}, None),
    ("ws://h:1", ["not", "an", "object"], None),
])
def test_the_engine_builds_the_tsa_url_from_its_server_host(
        server_url: str, advert: Any, expected: str | None) -> None:
    from meetingroom.sync.server_info import tsa_url

    assert tsa_url(server_url, advert) == expected


def test_an_external_timestamp_service_is_advertised_instead_of_our_own(
        room_factory: Any, engines: Any) -> None:
    room = room_factory(tsa_url="https://tsa.example.vn/tsr")
    eng, _ = engines("sec")
    eng.login(room.url, "secretary", room.password("secretary"), remember=False).result(20)
    assert eng.server.tsa_url == "https://tsa.example.vn/tsr"
    assert room.server.tsa is None and not (room.data_dir / "tsa").exists()


@pytest.mark.parametrize(("settings", "complaint"), [
    ({"tsa_url": "ftp://tsa.example.vn/"}, r"not an http\(s\) URL"),
    ({"tsa_url": "https://tsa.example.vn/", "tsa_port": 0}, "not both"),
])
def test_timestamp_settings_that_cannot_work_are_refused(
        tmp_path: Path, settings: dict[str, Any], complaint: str) -> None:
    from meetingroom.server.config import ServerConfig

    with pytest.raises(ValueError, match=complaint):
        ServerConfig(data_dir=tmp_path, **settings).validate()
