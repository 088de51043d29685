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


# -- issue 13, items 4, 5, 7 and 8 ---------------------------------------------------------
def _signed(setup: tuple[Path, Pki], name: str) -> Path:
    d, _ = setup
    out = d / name
    done = mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(out), "--p12",
              str(d / "chair.p12"), "--role", "Thư ký", stdin=PASSPHRASE.decode() + "\n")
    assert done.returncode == 0, done.stderr
    return out


def test_verify_fails_a_shadow_attack_between_two_signers(setup: tuple[Path, Pki]) -> None:
    from shadow_pdfs import add_overlay_signature_field, plain_cosign
    from signing_fixtures import issue

    from meetingroom.signing.sources import Pkcs12Source

    d, pki = setup
    s1 = _signed(setup, "secretary.pdf").read_bytes()
    chair = write_p12(d / "chair2.p12", issue("Trần Văn Đức", pki.rsa_signer.key, pki.ca),
                      [pki.ca.cert])
    attacked = d / "shadowed.pdf"
    attacked.write_bytes(plain_cosign(add_overlay_signature_field(s1),
                                      Pkcs12Source(chair, PASSPHRASE)))
    done = mr("verify", str(attacked), "--trust", str(d / "ca.pem"))
    assert done.returncode == 1, done.stdout
    assert "changed after this signature beyond adding signatures" in done.stdout
    assert "adds form fields besides the signature" in done.stdout
    assert "nothing but signatures added after it" not in done.stdout.split("Signature 2")[0]


def test_verify_exit_code_says_whether_the_signers_are_trusted(
        setup: tuple[Path, Pki], tmp_path: Path) -> None:
    from signing_fixtures import ec_key, issue

    d, _ = setup
    signed = _signed(setup, "for-trust.pdf")
    other = tmp_path / "other-ca.pem"
    other.write_bytes(issue("Another CA", ec_key(), None, ca=True).pem)
    untrusted = mr("verify", str(signed), "--trust", str(other))
    assert untrusted.returncode == 3, untrusted.stdout
    assert "NOT TRUSTED" in untrusted.stdout
    trusted = mr("verify", str(signed), "--trust", str(d / "ca.pem"))
    assert trusted.returncode == 0 and "NOT TRUSTED" not in trusted.stdout
    alone = mr("verify", str(signed))
    assert alone.returncode == 0
    assert "Integrity only: trust was not checked" in alone.stdout
    assert "3  every signature valid" in mr("verify", "--help").stdout


def test_sign_refuses_to_co_sign_over_an_invalid_signature(setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    data = bytearray(_signed(setup, "to-break.pdf").read_bytes())
    assert data[:9] == b"%PDF-1.7\n" and data[9] == ord("%")
    data[11] ^= 0x01  # inside the binary comment line: still a PDF, no longer what was signed
    broken = d / "broken.pdf"
    broken.write_bytes(bytes(data))
    assert mr("verify", str(broken)).returncode == 1
    done = mr("sign", "--in", str(broken), "--out", str(d / "cosigned-broken.pdf"), "--p12",
              str(d / "chair.p12"), stdin=PASSPHRASE.decode() + "\n")
    assert done.returncode == 1
    assert "not valid, so it will not be co-signed" in done.stderr
    assert "hash does not match" in done.stderr
    assert not (d / "cosigned-broken.pdf").exists()


def test_sign_with_the_room_tsa_reports_timestamped(setup: tuple[Path, Pki],
                                                   room_factory: object) -> None:
    d, _ = setup
    room = room_factory(tsa_port=0)  # type: ignore[operator]
    done = mr("sign", "--in", str(d / "minutes.pdf"), "--out", str(d / "stamped.pdf"),
              "--p12", str(d / "chair.p12"), "--tsa", room.thread.tsa_url,
              stdin=PASSPHRASE.decode() + "\n")
    assert done.returncode == 0, done.stderr
    assert "(timestamped)" in done.stdout


def test_sign_says_what_is_wrong_with_its_input_and_output(setup: tuple[Path, Pki]) -> None:
    d, _ = setup
    base = ["sign", "--in", str(d / "minutes.pdf"), "--p12", str(d / "chair.p12")]
    empty = mr(*base, "--out", str(d / "empty-stdin.pdf"), stdin="")
    assert empty.returncode == 2
    assert "no passphrase was given on standard input" in empty.stderr
    assert "wrong passphrase" not in empty.stderr
    missing = mr(*base, "--out", str(d / "no-such-folder" / "x.pdf"),
                 stdin=PASSPHRASE.decode() + "\n")
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr and "not a folder" not in missing.stderr
    existing = d / "existing.pdf"
    existing.write_bytes(b"keep me")
    refused = mr(*base, "--out", str(existing), stdin=PASSPHRASE.decode() + "\n")
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert existing.read_bytes() == b"keep me"
    forced = mr(*base, "--out", str(existing), "--force", stdin=PASSPHRASE.decode() + "\n")
    assert forced.returncode == 0, forced.stderr
    in_place = d / "in-place.pdf"
    in_place.write_bytes((d / "minutes.pdf").read_bytes())
    same = mr("sign", "--in", str(in_place), "--out", str(in_place), "--p12",
              str(d / "chair.p12"), stdin=PASSPHRASE.decode() + "\n")
    assert same.returncode == 0, same.stderr  # signing in place needs no --force
