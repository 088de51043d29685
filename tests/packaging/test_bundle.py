"""The PyInstaller bundle (packaging/meetingroom.spec) runs every subcommand and every worker
process with no Python on the machine.

Runs when ``MEETINGROOM_BUNDLE`` names the bundle's folder — ``sh packaging/build.sh --check``
sets it — and is skipped otherwise. Every command starts from an empty environment (like
``env -i``) whose PATH holds only decoy ``python`` and ``python3`` programs that record being
called, and runs under ``strace -f -e trace=execve`` when strace is installed: a bundle that
still reached for an interpreter, by name or by path, fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from notes_fixtures import PARAGRAPH, PageSpec, ink_note, make_pdf, sha256_of
from poll_fixtures import closed, motion
from signing_fixtures import PASSPHRASE, SoftToken, make_pki, softhsm_token, write_p12

import meetingroom
from meetingroom.domain.voting import BallotType
from meetingroom.pdf.samples import make_document
from meetingroom.sync.poll_export import export_poll

__all__ = ["softhsm_token"]  # a fixture, imported for the PKCS#11 test

BUNDLE = os.environ.get("MEETINGROOM_BUNDLE", "")
pytestmark = pytest.mark.skipif(
    not BUNDLE, reason="set MEETINGROOM_BUNDLE=dist/meetingroom (sh packaging/build.sh --check)")

STRACE = shutil.which("strace")
PYTHON_NAME = re.compile(r"(^|/)python[0-9.]*$")


@dataclass
class Frozen:
    """Runs the bundle's program with nothing of ours around it."""

    exe: Path
    home: Path
    decoys: Path

    @property
    def decoy_log(self) -> Path:
        return self.decoys / "called"

    def env(self, **extra: str) -> dict[str, str]:
        return {"PATH": str(self.decoys), "HOME": str(self.home), **extra}

    def command(self, args: tuple[str, ...], trace: Path | None) -> list[str]:
        cmd = [str(self.exe), *args]
        if STRACE and trace is not None:
            cmd = [STRACE, "-f", "-qq", "-e", "trace=execve", "-o", str(trace), *cmd]
        return cmd

    def run(self, *args: str, stdin: str = "", timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        trace = self.home / f"trace-{time.monotonic_ns()}"
        done = subprocess.run(self.command(args, trace), input=stdin, capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout,
                              env=env or self.env(), cwd=self.home, check=False)
        self.assert_no_python(trace)
        return done

    def start(self, *args: str, env: dict[str, str] | None = None,
              trace: Path | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command(args, trace), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                encoding="utf-8", env=env or self.env(), cwd=self.home)

    def executed(self, trace: Path) -> list[tuple[str, list[str]]]:
        """Every program the traced run started: (path, argv)."""
        if not trace.exists():
            return []
        found = []
        for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.search(r'execve\("([^"]*)", \[(.*?)\]', line)
            if m:
                found.append((m.group(1), re.findall(r'"([^"]*)"', m.group(2))))
        return found

    def assert_no_python(self, trace: Path | None) -> None:
        called = self.decoy_log.read_text() if self.decoy_log.exists() else ""
        assert called == "", f"the bundle looked for Python on PATH: {called}"
        if trace is not None:
            pythons = [p for p, _ in self.executed(trace) if PYTHON_NAME.search(p)]
            assert pythons == [], f"the bundle started a Python interpreter: {pythons}"


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Frozen:
    exe = Path(BUNDLE).resolve() / ("meetingroom.exe" if os.name == "nt" else "meetingroom")
    assert exe.is_file(), f"no program at {exe}"
    # a native program, not a script run by some interpreter (which strace would not show)
    assert exe.read_bytes()[:4] in (b"\x7fELF", b"MZ\x90\x00"), f"{exe} is not a native program"
    assert not [p for p in Path(BUNDLE).rglob("*") if p.is_file() and PYTHON_NAME.search(p.name)]
    home = tmp_path_factory.mktemp("frozen-home")
    decoys = tmp_path_factory.mktemp("decoy-bin")
    for name in ("python", "python3", f"python3.{sys.version_info.minor}"):
        decoy = decoys / name
        decoy.write_text(f'#!/bin/sh\necho "{name} $*" >> "{decoys / "called"}"\nexit 127\n')
        decoy.chmod(0o755)
    return Frozen(exe, home, decoys)


# -- the program and its help ------------------------------------------------------------------
def test_version_is_the_packages(frozen: Frozen) -> None:
    done = frozen.run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"meetingroom {meetingroom.__version__}"


@pytest.mark.parametrize("command", ["", "server", "client", "demo", "admin", "sign", "verify",
                                     "verify-poll", "bench"])
def test_every_subcommand_answers_help(frozen: Frozen, command: str) -> None:
    done = frozen.run(*([command] if command else []), "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: meetingroom" in done.stdout


def test_an_unknown_worker_is_refused(frozen: Frozen) -> None:
    done = frozen.run("--run-worker", "os")
    assert done.returncode == 2 and "--run-worker needs one of" in done.stderr


# -- what static analysis cannot see: loaded by name, or read as files ------------------------
LATE_IMPORTS = (
    "keyring.backends.SecretService", "secretstorage", "jeepney",  # the desktop keyring
    "pkcs11", "pyhanko.sign.pkcs11",  # USB tokens
    "pyhanko.pdf_utils.font.opentype", "fontTools.ttLib.tables._g_l_y_f",  # the stamp's font
    "psycopg", "psycopg_binary", "sqlalchemy.dialects.postgresql.psycopg",  # PostgreSQL
    "alembic.op", "alembic.runtime.migration",  # migrations, run from files
    *(f"meetingroom.{m}" for m in ("pdf._render_worker", "pdf._check_worker",
                                   "pdf._carry_worker", "bench.worker", "bench.reader_window")),
)
NEVER = ("keyrings", "tkinter", "pytest", "PySide6.QtQml", "PySide6.QtWebEngineCore",
         "PySide6.QtMultimedia", "PySide6.Qt3DCore")


def test_modules_imported_by_name_are_in_the_archive() -> None:
    viewer = Path(sys.executable).with_name("pyi-archive_viewer")
    if not viewer.exists():
        pytest.skip("pyi-archive_viewer (PyInstaller) is not in this environment")
    exe = Path(BUNDLE) / ("meetingroom.exe" if os.name == "nt" else "meetingroom")
    listing = subprocess.run([str(viewer), "-r", "-b", str(exe)], capture_output=True,
                             text=True, timeout=60, check=True).stdout
    names = {line.strip() for line in listing.splitlines()}
    assert [m for m in LATE_IMPORTS if m not in names] == []
    assert [n for n in names if n.split(".")[0] in NEVER or n in NEVER] == []
    internal = Path(BUNDLE) / "_internal"
    # keyring finds its backends through its entry points: its metadata must be there
    assert list(internal.glob("keyring-*.dist-info/entry_points.txt"))


def test_the_storage_package_ships_as_files_too() -> None:
    """Alembic reads env.py and versions/*.py as files: whatever meetingroom/storage/ holds
    (migrations included, once there are any) is in the bundle as it is in the checkout."""
    checkout = Path(meetingroom.__file__).parent / "storage"
    shipped = Path(BUNDLE) / "_internal" / "meetingroom" / "storage"

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert files(checkout) <= files(shipped)


def test_resources_ship_as_pyproject_declares() -> None:
    resources = Path(BUNDLE) / "_internal" / "meetingroom" / "resources"
    for name in ("fonts/DejaVuSans.ttf", "fonts/LICENSE-DejaVu.txt", "i18n/meetingroom_vi.qm",
                 "i18n/meetingroom_en.qm", "icons/meeting.svg", "guides/guide-delegate.vi.md",
                 "guides/guide-admin.md", "guides/images/login-vi.png"):
        assert (resources / name).is_file(), name


# -- the demo: embedded server, client windows offscreen, render and check workers ------------
def test_demo_smoke_renders_a_page_in_the_frozen_render_worker(frozen: Frozen) -> None:
    trace = frozen.home / "trace-demo"
    proc = frozen.start("demo", "--smoke", "--lang", "vi", trace=trace)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err[-3000:]
    assert out.startswith("demo smoke OK"), out + err[-3000:]
    assert "interface language: vi" in err  # the shipped translations load
    assert "Traceback" not in err
    frozen.assert_no_python(trace)
    if STRACE:
        workers = {argv[2] for path, argv in frozen.executed(trace)
                   if len(argv) > 2 and argv[1] == "--run-worker"}
        # uploads checked in the PDF checker, pages drawn in the render worker: both the
        # bundle's own program (the trace shows no other)
        assert {"meetingroom.pdf._check_worker", "meetingroom.pdf._render_worker"} <= workers
        assert all(path == str(frozen.exe) for path, argv in frozen.executed(trace)
                   if "--run-worker" in argv)


# -- the administrator's commands, the server, the client ------------------------------------
def test_admin_commands_and_the_server(frozen: Frozen, tmp_path: Path) -> None:
    data = tmp_path / "room"

    def admin(*args: str, stdin: str = "") -> str:
        done = frozen.run("admin", "--data", str(data), *args, stdin=stdin)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert "created user thuky" in admin("user", "add", "thuky", "--role", "secretary",
                                         "--display-name", "Nguyễn Thị Thu Hà",
                                         "--password-stdin", stdin="mat-khau-1\n")
    admin("user", "add", "daibieu1", "--role", "delegate", "--password-stdin",
          stdin="mat-khau-2\n")
    assert "Nguyễn Thị Thu Hà" in admin("user", "list")
    meeting = admin("meeting", "create", "Phiên họp tháng 12", "--starts-at", "2026-12-14T08:00")
    admin("meeting", "participants", meeting, "thuky", "daibieu1")
    item = admin("item", "add", meeting, "Báo cáo kinh tế - xã hội")
    pdf = make_document(tmp_path / "bao-cao.pdf", title="Báo cáo", pages=3)
    assert admin("doc", "attach", meeting, item, str(pdf)).endswith("3 pages")  # frozen checker
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    refused = frozen.run("admin", "--data", str(data), "doc", "attach", meeting, item,
                         str(not_pdf))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert admin("meeting", "publish", meeting) == "published"

    server = frozen.start("server", "--data", str(data), "--port", "0", "--tsa-port", "0")
    try:
        assert server.stderr is not None
        urls: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while len(urls) < 2 and time.monotonic() < deadline:
            line = server.stderr.readline()
            if not line:
                break
            if m := re.search(r"serving on (ws://\S+)", line):
                urls["ws"] = m.group(1)
            if m := re.search(r"\(certificate at (http://\S+)\)", line):
                urls["tsa"] = m.group(1)
        assert set(urls) == {"ws", "tsa"}, f"the server did not start: {urls}"
        with urllib.request.urlopen(urls["tsa"], timeout=10) as answer:  # the RFC 3161 service
            assert b"BEGIN CERTIFICATE" in answer.read()
        _log_in_over_websocket(urls["ws"], "daibieu1", "mat-khau-2")
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "Traceback" not in err


def _log_in_over_websocket(url: str, username: str, password: str) -> None:
    """A delegate logs in to the frozen server with the checkout's own protocol code."""
    from websockets.sync.client import connect

    from meetingroom.protocol.messages import decode_server_message, encode_request

    with connect(url, compression=None, open_timeout=10) as ws:
        ws.send(encode_request("login", "r1", {"username": username, "password": password}))
        reply = decode_server_message(ws.recv(timeout=10))
        assert reply["type"] == "result" and reply["re"] == "r1", reply
        assert reply["body"]["user"]["username"] == username


def test_the_client_starts_and_quits_on_sigterm(frozen: Frozen, tmp_path: Path) -> None:
    client = frozen.start("client", "--server", "ws://127.0.0.1:9", "--data",
                          str(tmp_path / "client"), "--lang", "en",
                          env=frozen.env(QT_QPA_PLATFORM="offscreen"))
    try:
        assert client.stderr is not None
        deadline = time.monotonic() + 60
        started = ""
        while time.monotonic() < deadline:
            line = client.stderr.readline()
            if not line or "interface language" in line or "theme" in line:
                started = line
                break
        assert started, "the client wrote nothing"
        time.sleep(1.0)
    finally:
        client.send_signal(signal.SIGTERM)
        _, err = client.communicate(timeout=30)
    assert client.returncode == 0, err
    assert "Traceback" not in err


def test_alembic_upgrades_a_0_1_0_room_from_the_bundles_migration_files(
        frozen: Frozen, tmp_path: Path) -> None:
    """Migrations are scripts Alembic reads from disk: the frozen program finds them."""
    from schema_fixtures import copy_server

    from meetingroom.storage import migrate
    from meetingroom.storage.schema_version import SERVER_HEAD
    from meetingroom.storage.server_store import SERVER_SCHEMA

    data = copy_server(tmp_path / "srv")
    history = frozen.run("admin", "--data", str(data), "db", "history")
    assert history.returncode == 0, history.stderr
    assert [r.split()[0] for r in history.stdout.strip().splitlines()] == [
        r.revision for r in migrate.history(SERVER_SCHEMA)]
    done = frozen.run("admin", "--data", str(data), "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"to {SERVER_HEAD}; backup: " in done.stdout
    current = frozen.run("admin", "--data", str(data), "db", "current")
    assert current.returncode == 0 and current.stdout.startswith(f"{SERVER_HEAD}  at head")
    assert frozen.run("admin", "--data", str(data), "user", "list").returncode == 0


# -- signing: PKCS#12 and a PKCS#11 token, the OpenType stamp, verification -----------------
@pytest.fixture(scope="module")
def signing_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("frozen-sign")
    pki = make_pki()
    write_p12(d / "chair.p12", pki.ec_signer, [pki.ca.cert])
    (d / "ca.pem").write_bytes(pki.ca.pem)
    make_document(d / "minutes.pdf", title="Biên bản họp", pages=2)
    return d


def test_sign_with_a_key_file_then_verify(frozen: Frozen, signing_dir: Path) -> None:
    d = signing_dir
    done = frozen.run("sign", "--in", str(d / "minutes.pdf"), "--out", str(d / "signed.pdf"),
                      "--p12", str(d / "chair.p12"), "--role", "Chủ tọa",
                      "--location", "Hà Nội", stdin=PASSPHRASE.decode() + "\n")
    assert done.returncode == 0, done.stderr
    verified = frozen.run("verify", str(d / "signed.pdf"), "--trust", str(d / "ca.pem"))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "chains to a trusted root" in verified.stdout
    tampered = d / "tampered.pdf"
    tampered.write_bytes((d / "signed.pdf").read_bytes() + b"\n% appended after signing\n")
    assert frozen.run("verify", str(tampered)).returncode == 1


def test_sign_with_a_pkcs11_token(frozen: Frozen, signing_dir: Path,
                                  softhsm_token: SoftToken) -> None:
    token = softhsm_token
    out = signing_dir / "signed-token.pdf"
    done = frozen.run("sign", "--in", str(signing_dir / "minutes.pdf"), "--out", str(out),
                      "--pkcs11-module", str(token.module), "--token", token.label,
                      "--role", "Chủ tọa", stdin=token.pin.decode() + "\n",
                      env=frozen.env(SOFTHSM2_CONF=os.environ["SOFTHSM2_CONF"]))
    assert done.returncode == 0, done.stderr
    assert token.holder in done.stdout
    assert frozen.run("verify", str(out)).returncode in (0, 1)  # untrusted root: still parsed


def test_verify_poll(frozen: Frozen, tmp_path: Path) -> None:
    rec = closed(motion(BallotType.SECRET), [("yes",)] * 5 + [("no",)] * 2 + [("abstain",)],
                 present=8, members=9)
    record = export_poll(rec, "Kỳ họp thứ 12 HĐND tỉnh", "2. Dự toán", tmp_path, "vi").json
    done = frozen.run("verify-poll", str(record), "--lang", "vi")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Tán thành: 5" in done.stdout


# -- the benchmarks' own worker processes ----------------------------------------------------
@pytest.mark.parametrize("row", [
    "server RSS per idle connection",  # meetingroom.bench.worker
    "first page painted in a new reader window (30-page scan)",  # meetingroom.bench.reader_window
])
def test_a_quick_benchmark_in_its_worker_processes(frozen: Frozen, row: str) -> None:
    done = frozen.run("bench", "--quick", "--only", row, timeout=300,
                      env=frozen.env(QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert row in done.stdout


# -- the worker processes, started by the checkout's own code as the bundle would -----------
@pytest.fixture
def as_frozen(frozen: Frozen, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In this process, ``processes.worker_command`` now starts the bundle's program."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(frozen.exe))
    yield


@pytest.mark.usefixtures("as_frozen")
def test_frozen_render_worker_draws_the_same_pixels(tmp_path: Path) -> None:
    from meetingroom.pdf.render import PdfRenderer
    from meetingroom.pdf.render_process import RenderProcess

    pdf = make_document(tmp_path / "a.pdf", title="Báo cáo", pages=2, seed=3)
    with RenderProcess(page_timeout=30) as rp:
        doc = rp.open(pdf)
        page = rp.render(doc.handle, 1, zoom=1.5)
        with PdfRenderer.open(pdf) as local:
            assert page.to_bytes() == local.render(1, zoom=1.5).to_bytes()


@pytest.mark.usefixtures("as_frozen")
def test_frozen_pdf_checker(tmp_path: Path) -> None:
    from meetingroom.errors import InvalidDocumentError
    from meetingroom.pdf.check import check_pdf

    good = make_document(tmp_path / "good.pdf", title="Tờ trình", pages=2)
    assert check_pdf(good).pages == 2
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    with pytest.raises(InvalidDocumentError):
        check_pdf(cut)


@pytest.mark.usefixtures("as_frozen")
def test_frozen_notes_carry_worker(tmp_path: Path) -> None:
    from meetingroom.pdf.carry_process import carry_notes

    old = make_pdf(tmp_path / "v1.pdf", [PARAGRAPH])
    new = make_pdf(tmp_path / "v2.pdf", [PageSpec(PARAGRAPH, top=160)])
    note = ink_note("n1", sha256_of(old), 0, [(100, 120), (200, 130), (300, 125)])
    carried = carry_notes([note], old=old, new=new, new_sha256=sha256_of(new))
    assert len(carried.moved) + len(carried.unplaced) == 1
