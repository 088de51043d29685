"""Benchmark: sign a 20-page minutes PDF with a software EC key (ours vs bare pyHanko),
and validate the signed file."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from meetingroom.bench.harness import (
    Plan,
    Row,
    at_most,
    repeat,
    repeat_interleaved,
    summarize,
    within,
)
from meetingroom.bench.procs import BenchError
from meetingroom.bench.raw_signing import bare_sign
from meetingroom.domain.signatures import STAMP_BOXES
from meetingroom.pdf.samples import make_document
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.signing.validate import validate_pdf

log = logging.getLogger("meetingroom.bench")

PAGES = 20
SIGN_NAME = "sign 20-page minutes (EC P-256, visible stamp)"
SIGN_ABS_NAME = "… same signing, absolute"
VALIDATE_NAME = "validate the signed 20-page minutes"
PASSPHRASE = b"bench-passphrase"


def _key_file(path: Path) -> Path:
    """A throw-away self-signed EC signer in a PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn Bench")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"bench", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE)))
    return path


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    """pyHanko logs a traceback per validation of a self-signed chain; not bench output."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator", "fontTools")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    with _quiet_libraries():
        return _run(quick=quick, scratch=scratch, wanted=wanted)


def _run(*, quick: bool, scratch: Path, wanted: Callable[[str], bool]) -> list[Row]:
    names = (SIGN_NAME, SIGN_ABS_NAME, VALIDATE_NAME)
    if not any(wanted(n) for n in names):
        return []
    scratch.mkdir(parents=True, exist_ok=True)
    src = make_document(scratch / "minutes.pdf", title="Biên bản họp Ủy ban nhân dân tỉnh",
                        pages=PAGES)
    p12 = _key_file(scratch / "bench.p12")
    source = Pkcs12Source(p12, PASSPHRASE)
    stamp = StampText(role="Chủ tọa", location="Hà Nội")
    ours_out, bare_out = scratch / "ours.pdf", scratch / "bare.pdf"
    box = tuple(round(v) for v in STAMP_BOXES[0])

    def ours() -> float:
        started = time.perf_counter()
        check = sign_pdf(src, ours_out, source, stamp)
        elapsed = time.perf_counter() - started
        if not check.ok:
            raise BenchError(f"our signature did not check out: {check.problem}")
        return elapsed * 1000

    def bare() -> float:
        started = time.perf_counter()
        bare_sign(src, bare_out, p12, PASSPHRASE, (box[0], box[1], box[2], box[3]))
        return (time.perf_counter() - started) * 1000

    plan = Plan(2, 7) if quick else Plan(3, 21)
    kept = repeat_interleaved({"ours": ours, "bare": bare}, plan, label=SIGN_NAME, unit="ms")
    size = src.stat().st_size / 1024
    rows = [summarize(SIGN_NAME, "ms", kept["ours"], target=within(1.3), baseline=kept["bare"],
                      note=f"{PAGES} pages, {size:.0f} KiB; ours includes loading the key, "
                           "our own validation of the result and an fsynced atomic write; "
                           "bare pyHanko subsets the whole DejaVu Sans per signature, ours a "
                           "Latin+Vietnamese cut made once per process (paid in the warm-up)"),
            summarize(SIGN_ABS_NAME, "ms", kept["ours"], target=at_most(100.0))]

    data = ours_out.read_bytes()

    def validate() -> float:
        started = time.perf_counter()
        report = validate_pdf(data)
        elapsed = time.perf_counter() - started
        if not report.all_valid:
            raise BenchError("the signed bench file did not validate")
        return elapsed * 1000

    rows.append(summarize(VALIDATE_NAME, "ms", repeat(validate, plan, label=VALIDATE_NAME,
                                                      unit="ms"),
                          target=at_most(50.0), note="offline, one signature, whole file"))
    return [r for r in rows if wanted(r.name)]
