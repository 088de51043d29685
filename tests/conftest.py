"""Shared fixtures: a real server on 127.0.0.1 port 0, seeded data, a real file keyring."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from meetingroom.domain.roles import Role
from meetingroom.pdf.samples import make_document
from meetingroom.server.admin import Admin
from meetingroom.server.app import RoomServer
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer

USERS = {
    "admin": Role.ADMIN,
    "secretary": Role.SECRETARY,
    "secretary2": Role.SECRETARY,
    "chair": Role.CHAIR,
    "delegate": Role.DELEGATE,
    "delegate2": Role.DELEGATE,
    "outsider": Role.DELEGATE,
    "observer": Role.OBSERVER,
}


def password_of(username: str) -> str:
    return f"password-{username}"


class FileKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a JSON file (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        d = self._load()
        d[f"{service}\x00{username}"] = password
        self.path.write_text(json.dumps(d))

    def delete_password(self, service: str, username: str) -> None:
        d = self._load()
        d.pop(f"{service}\x00{username}", None)
        self.path.write_text(json.dumps(d))


@pytest.fixture(autouse=True)
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    backend = FileKeyring(tmp_path / "keyring.json")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


ServerThread = EmbeddedServer


@dataclass
class Room:
    """A running server plus direct admin access to its data, with seeded users."""

    data_dir: Path
    thread: ServerThread
    admin: Admin
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.thread.url

    @property
    def server(self) -> RoomServer:
        assert self.thread.server is not None
        return self.thread.server

    @staticmethod
    def password(username: str) -> str:
        return password_of(username)

    def restart(self) -> None:
        self.thread.stop()
        self.thread.start()

    def published_meeting(self, *, title: str = "Kỳ họp thứ 12", pages: int = 3,
                          participants: tuple[str, ...] = ("secretary", "chair", "delegate"),
                          pdf_dir: Path | None = None) -> dict[str, Any]:
        """A published meeting with two items, the first with a generated PDF."""
        mid = self.admin.create_meeting(title, location="Hội trường A",
                                        starts_at="2026-12-01T08:00",
                                        created_by=self.users["secretary"].id)
        self.admin.set_participants(mid, list(participants))
        first = self.admin.add_item(mid, "Báo cáo tình hình kinh tế - xã hội")
        second = self.admin.add_item(mid, "Dự thảo Nghị quyết")
        pdf_dir = pdf_dir or self.data_dir.parent / "pdfs"
        pdf_dir.mkdir(exist_ok=True)
        pdf = make_document(pdf_dir / f"{mid}.pdf", title=title, pages=pages, seed=len(mid))
        doc = self.admin.attach(mid, first.id, pdf, name="bao-cao.pdf")
        self.admin.publish(mid)
        return {"meeting_id": mid, "items": [first, second], "document": doc, "pdf": pdf}


def make_room(tmp_path: Path, *, clock: Any = None, **config: Any) -> Iterator[Room]:
    import time as _time

    data = tmp_path / "server"
    admin = Admin.open(data)
    users = {name: admin.add_user(name, password_of(name), role=role,
                                  display_name=name.capitalize()) for name, role in USERS.items()}
    config.setdefault("poll_interval", 0.2)
    # Most tests speak the protocol themselves and open secret polls the 0.2 way (no
    # sealed box); tests/integration/test_sealed_ballots.py runs rooms that refuse that.
    config.setdefault("allow_unsealed_secret", True)
    cfg = ServerConfig(data_dir=data, host="127.0.0.1", port=0, **config)
    thread = ServerThread(cfg, clock=clock or _time.time)
    thread.start()
    try:
        yield Room(data, thread, admin, users)
    finally:
        thread.stop()
        admin.close()


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """A real server on 127.0.0.1 with a fresh SQLite database and seeded users."""
    yield from make_room(tmp_path)


class Recorder:
    """A listener that records engine events and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self._cond = threading.Condition()

    def __call__(self, event: Any) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> Any:
        """Return the first recorded event matching ``predicate`` (waiting for it)."""
        import time

        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e in self.events:
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    kinds = [type(e).__name__ for e in self.events[-15:]]
                    raise AssertionError(f"event not seen within {timeout}s; last: {kinds}")
                self._cond.wait(left)

    def clear(self) -> None:
        with self._cond:
            self.events.clear()


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[Any]:
    """Factory: ``engines(name)`` starts a real SyncEngine with its own data dir."""
    from meetingroom.sync.backoff import Backoff
    from meetingroom.sync.engine import SyncEngine

    started: list[SyncEngine] = []

    def make(name: str, *, data_dir: Path | None = None, ca_file: Path | None = None,
             protocol_version: int | None = None) -> tuple[SyncEngine, Recorder]:
        rec = Recorder()
        extra = {} if protocol_version is None else {"protocol_version": protocol_version}
        eng = SyncEngine(data_dir or tmp_path / f"client-{name}", listener=rec,
                         backoff=Backoff(initial=0.1, maximum=0.5), connect_timeout=3,
                         ca_file=ca_file, **extra)
        eng.start()
        started.append(eng)
        return eng, rec

    yield make
    for eng in started:
        eng.stop()


def make_tls_files(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for ``host`` made with cryptography: (ca, cert, key)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Meetingroom test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    return make_tls_files(tmp_path / "tls")


@pytest.fixture
def room_factory(tmp_path: Path) -> Iterator[Any]:
    """``room_factory(**ServerConfig fields)`` for servers with special settings."""
    gens: list[Iterator[Room]] = []

    def make(*, clock: Any = None, **config: Any) -> Room:
        gen = make_room(tmp_path / f"room{len(gens)}", clock=clock, **config)
        gens.append(gen)
        return next(gen)

    yield make
    for gen in gens:
        for _ in gen:
            pass
