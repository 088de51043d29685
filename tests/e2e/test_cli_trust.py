"""End to end: ``meetingroom admin trust add | list | remove`` as processes."""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from meetingroom.server.admin import Admin

CLI = [sys.executable, "-m", "meetingroom"]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
       "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def mr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60, env=ENV,
                          check=False)


def make_cert(path: Path, name: str, *, ca: bool = True, days: int = 365) -> bytes:
    """A self-signed certificate written as PEM; returns its DER bytes."""
    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=2))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert.public_bytes(serialization.Encoding.DER)


def test_trust_add_list_remove_round_trip(tmp_path: Path) -> None:
    data = str(tmp_path / "srv")
    der = make_cert(tmp_path / "root.pem", "Cơ quan chứng thực gốc")
    fp = hashlib.sha256(der).hexdigest()
    r = mr("admin", "--data", data, "trust", "add", str(tmp_path / "root.pem"))
    assert r.returncode == 0, r.stderr
    assert fp in r.stdout and "Cơ quan chứng thực gốc" in r.stdout
    again = mr("admin", "--data", data, "trust", "add", str(tmp_path / "root.pem"))
    assert again.returncode == 1 and "already trusted" in again.stderr
    listed = mr("admin", "--data", data, "trust", "list")
    assert listed.returncode == 0 and fp in listed.stdout
    admin = Admin.open(Path(data))  # what the server will hand the validator
    try:
        assert admin.store.trust_roots() == (der,)
    finally:
        admin.close()
    colons = ":".join(fp[i:i + 2] for i in range(0, 64, 2)).upper()
    removed = mr("admin", "--data", data, "trust", "remove", colons)
    assert removed.returncode == 0, removed.stderr
    assert fp not in mr("admin", "--data", data, "trust", "list").stdout
    gone = mr("admin", "--data", data, "trust", "remove", fp)
    assert gone.returncode == 1 and "no trusted certificate" in gone.stderr


def test_bad_certificates_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = str(tmp_path / "srv")
    (tmp_path / "junk.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64\n"
                                       "-----END CERTIFICATE-----\n")
    (tmp_path / "text.pem").write_text("hello")
    make_cert(tmp_path / "leaf.pem", "Nguyễn Văn A", ca=False)
    make_cert(tmp_path / "old.pem", "Old root", days=-1)
    for name, words in (("junk.pem", "readable X.509"), ("text.pem", "readable X.509"),
                        ("leaf.pem", "not a certificate authority"), ("old.pem", "not valid now"),
                        ("missing.pem", "No such file")):
        r = mr("admin", "--data", data, "trust", "add", str(tmp_path / name))
        assert r.returncode == 1, (name, r.stdout)
        assert words in r.stderr and "Traceback" not in r.stderr, (name, r.stderr)
    assert mr("admin", "--data", data, "trust", "list").stdout == ""
    bad_fp = mr("admin", "--data", data, "trust", "remove", "abc")
    assert bad_fp.returncode == 1 and "64 hex" in bad_fp.stderr
