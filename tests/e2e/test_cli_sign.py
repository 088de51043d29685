"""`meetingroom sign` and `meetingroom verify` as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from signing_fixtures import PASSPHRASE, Pki, make_pki, write_p12

from meetingroom.pdf.samples import make_document

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "meetingroom"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def mr(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=ENV, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pki]:
    d = tmp_path_factory.mktemp("cli-sign")
    pki = make_pki()
    write_p12(d / "chair.p12", pki.ec_signer, [pki.ca.cert])
    (d / "ca.pem").write_bytes(pki.ca.pem)
    make_document(d / "minutes.pdf", title="Biên bản họp", pages=2)
    return d, pki


def test_sign_with_passphrase_on_stdin_then_verify(setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    done = mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(d / "signed.pdf"),
              "--p12", str(d / "chair.p12"), "--role", "Chủ tọa", "--location", "Hà Nội",
              stdin=PASSPHRASE.decode() + "\n")
    assert done.returncode == 0, done.stderr
    assert "Nguyễn Thị Hằng" in done.stdout
    assert PASSPHRASE.decode() not in done.stdout + done.stderr
    verified = mr("verify", str(d / "signed.pdf"), "--trust", str(d / "ca.pem"))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Nguyễn Thị Hằng — Chủ tọa" in verified.stdout
    assert "chains to a trusted root" in verified.stdout
    assert "Traceback" not in verified.stderr
    # no third-party deprecation noise (cryptography >= 51 warns on pyHanko's DSA import)
    assert "Warning" not in done.stderr and verified.stderr == ""


def test_verify_rejects_a_tampered_file(setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    signed = d / "signed-for-tamper.pdf"
    assert mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(signed), "--p12",
              str(d / "chair.p12"), stdin=PASSPHRASE.decode() + "\n").returncode == 0
    tampered = d / "tampered.pdf"
    tampered.write_bytes(signed.read_bytes() + b"\n% appended after signing\n")
    done = mr("verify", str(tampered))
    assert done.returncode == 1
    assert "NOT VALID" in done.stdout and "Traceback" not in done.stderr


def test_wrong_passphrase_is_one_clear_line_and_writes_nothing(
        setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    done = mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(d / "never.pdf"),
              "--p12", str(d / "chair.p12"), stdin="sai\n")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("meetingroom sign: wrong passphrase")
    assert "Traceback" not in done.stderr
    assert not (d / "never.pdf").exists()


def test_usage_and_io_errors_exit_2(setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    assert mr("verify", str(d / "missing.pdf")).returncode == 2
    assert mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(d / "x.pdf")).returncode == 2


def test_help_does_not_import_pyhanko() -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "meetingroom", "--help"],
                          capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
    assert done.returncode == 0
    assert "pyhanko" not in done.stderr
