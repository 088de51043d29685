"""End to end: the ``meetingroom`` command started as processes, as an administrator would."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingroom.pdf.samples import make_document

CLI = [sys.executable, "-m", "meetingroom"]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1",
       # never touch the developer's real keyring from these processes
       "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def mr(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env=ENV, check=False)


@pytest.fixture
def server_proc(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    data = tmp_path / "srv"
    for name, role in (("sec", "secretary"), ("del", "delegate"), ("out", "delegate")):
        r = mr("admin", "--data", str(data), "user", "add", name, "--role", role,
               "--password-stdin", stdin=f"password-{name}\n")
        assert r.returncode == 0, r.stderr
    proc = subprocess.Popen([*CLI, "server", "--data", str(data), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env=ENV)
    assert proc.stderr is not None
    url = ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait for the log line, as a user would
        line = proc.stderr.readline()
        m = re.search(r"serving on (ws://\S+)", line)
        if m:
            url = m.group(1)
            break
    assert url, "server did not report its address"
    log: list[str] = []
    drain = threading.Thread(target=lambda: log.extend(proc.stderr or ()), daemon=True)
    drain.start()  # keep reading so the server never blocks on a full pipe
    yield proc, url, data
    proc.terminate()
    proc.wait(10)
    drain.join(10)
    proc.stderr.close()
    assert not [line for line in log if "Traceback" in line], "".join(log)


def test_admin_sets_up_a_meeting_and_a_delegate_downloads_it(
        server_proc: tuple[subprocess.Popen[str], str, Path], tmp_path: Path,
        engines: Any) -> None:
    from meetingroom.sync import events as ev

    _proc, url, data = server_proc
    pdf = make_document(tmp_path / "nghi-quyet.pdf", title="Nghị quyết", pages=3)
    r = mr("admin", "--data", str(data), "meeting", "create", "Họp giao ban",
           "--location", "Phòng 2", "--starts-at", "2026-12-02T08:00")
    assert r.returncode == 0, r.stderr
    mid = r.stdout.strip()
    assert mr("admin", "--data", str(data), "meeting", "participants", mid, "sec", "del"
              ).returncode == 0
    item = mr("admin", "--data", str(data), "item", "add", mid, "Thông qua nghị quyết")
    item_id = item.stdout.strip()
    sub = mr("admin", "--data", str(data), "item", "add", mid, "Thảo luận", "--parent", item_id)
    assert sub.returncode == 0, sub.stderr
    att = mr("admin", "--data", str(data), "doc", "attach", mid, item_id, str(pdf))
    assert att.returncode == 0 and "3 pages" in att.stdout, att.stderr

    other = mr("admin", "--data", str(data), "meeting", "create", "Họp khác", "--publish")
    other_id = other.stdout.strip()
    assert mr("admin", "--data", str(data), "meeting", "participants", other_id, "del"
              ).returncode == 0
    engine, rec = engines("del")
    engine.login(url, "del", "password-del", remember=False).result(20)
    # the published meeting arrives; the draft is not listed with it...
    rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                 and e.snapshot.meeting.id == other_id)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingsChanged) and e.meetings)
    assert [c.meeting.id for c in engine.meetings.cached()] == [other_id]
    # ...until the administrator publishes it from the command line
    assert mr("admin", "--data", str(data), "meeting", "publish", mid).returncode == 0
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    rec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable) and e.sha256 == sha, timeout=30)
    snap = engine.meetings.snapshot(mid)
    assert snap is not None
    assert {i.title for i in snap.items} == {"Thông qua nghị quyết", "Thảo luận"}
    path = engine.documents.verified_path(sha)
    assert path is not None and path.read_bytes() == pdf.read_bytes()


def test_admin_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    data = str(tmp_path / "srv")
    r = mr("admin", "--data", data, "user", "add", "x", "--role", "king", "--password-stdin",
           stdin="long-enough-secret\n")
    assert r.returncode == 1 and "expected one of" in r.stderr
    r = mr("admin", "--data", data, "user", "add", "x", "--role", "delegate",
           "--password-stdin", stdin="short\n")
    assert r.returncode == 1 and "8 characters" in r.stderr
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello")
    mid = mr("admin", "--data", data, "meeting", "create", "M").stdout.strip()
    item = mr("admin", "--data", data, "item", "add", mid, "I").stdout.strip()
    r = mr("admin", "--data", data, "doc", "attach", mid, item, str(fake))
    assert r.returncode == 1 and "PDF" in r.stderr


def test_a_refused_attach_prints_a_plain_reason_without_paths_or_tracebacks(
        tmp_path: Path) -> None:
    from hostile_pdfs import negative_count_pdf, nested_q_pdf, one_page_pdf

    data = str(tmp_path / "srv")
    mid = mr("admin", "--data", data, "meeting", "create", "M").stdout.strip()
    item = mr("admin", "--data", data, "item", "add", mid, "I").stdout.strip()
    cases = {"q.pdf": (nested_q_pdf(), "page 1 of the PDF cannot be read"),
             "count.pdf": (negative_count_pdf(), "cannot be opened as a PDF"),
             "tail.pdf": (one_page_pdf(tail=b"\x00" * 1024), "appended after its end")}
    for name, (pdf, reason) in cases.items():
        (tmp_path / name).write_bytes(pdf)
        r = mr("admin", "--data", data, "doc", "attach", mid, item, str(tmp_path / name))
        assert r.returncode == 1 and reason in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and "/tmp" not in r.stderr.replace(
            str(tmp_path / name), ""), r.stderr
        assert "srv" not in r.stderr, r.stderr  # the data folder's temporary copy


def test_server_refuses_plain_ws_on_a_network_address(tmp_path: Path) -> None:
    r = mr("server", "--data", str(tmp_path), "--host", "0.0.0.0", "--port", "0", timeout=30)
    assert r.returncode == 2 and "--insecure" in r.stderr


def test_demo_smoke_runs_headless_and_reports(tmp_path: Path) -> None:
    r = mr("demo", "--smoke", timeout=240)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("demo smoke OK: delegate1 received 6/6 documents")


def test_server_reports_bad_tls_files_and_database_urls(tmp_path: Path) -> None:
    r = mr("server", "--data", str(tmp_path), "--cert", str(tmp_path / "none.pem"),
           "--key", str(tmp_path / "none.key"), "--port", "0", timeout=30)
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr
    r = mr("server", "--data", str(tmp_path), "--db", "not a url", "--port", "0", timeout=30)
    assert r.returncode == 2 and "not a database URL" in r.stderr
    r = mr("admin", "--data", str(tmp_path), "--db", "nosuchdb://x", "user", "list")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_verbose_logging_never_shows_passwords(tmp_path: Path) -> None:
    import json

    from websockets.sync.client import connect

    data = tmp_path / "verbose"
    assert mr("admin", "--data", str(data), "user", "add", "vv", "--role", "delegate",
              "--password-stdin", stdin="very-secret-word\n").returncode == 0
    proc = subprocess.Popen([*CLI, "-v", "server", "--data", str(data), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env=ENV)
    assert proc.stderr is not None
    url = ""
    while not url:
        m = re.search(r"serving on (ws://\S+)", proc.stderr.readline())
        url = m.group(1) if m else ""
    with connect(url) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "a", "body": {
            "username": "vv", "password": "very-secret-word"}}))
        token = json.loads(ws.recv(timeout=10))["body"]["token"]
    proc.terminate()
    log = proc.stderr.read()
    proc.wait(10)
    proc.stderr.close()
    assert "login vv" in log  # the verbose log is there...
    assert "very-secret-word" not in log and token not in log  # ...without secrets


def test_version_option_prints_the_packages_version_which_pyproject_declares() -> None:
    import tomllib

    import meetingroom

    r = mr("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"meetingroom {meetingroom.__version__}"
    pyproject = Path(meetingroom.__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():  # a checkout (not an installed wheel)
        declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        assert declared == meetingroom.__version__


def test_admin_makes_a_new_version_of_a_document_from_the_command_line(tmp_path: Path) -> None:
    from meetingroom.server.admin import Admin

    data = tmp_path / "srv"
    d = str(data)
    first = make_document(tmp_path / "bao-cao.pdf", title="Báo cáo", pages=2)
    second = make_document(tmp_path / "bao-cao-sua.pdf", title="Báo cáo (sửa)", pages=3)
    mid = mr("admin", "--data", d, "meeting", "create", "Họp giao ban").stdout.strip()
    item = mr("admin", "--data", d, "item", "add", mid, "Báo cáo").stdout.strip()
    doc_id = mr("admin", "--data", d, "doc", "attach", mid, item, str(first)).stdout.split()[0]

    r = mr("admin", "--data", d, "doc", "version", mid, doc_id, str(second))
    assert r.returncode == 0, r.stderr
    new_id, sha, pages = r.stdout.split()[:3]
    assert pages == "3" and "version 2" in r.stdout
    assert sha == hashlib.sha256(second.read_bytes()).hexdigest()
    listed = mr("admin", "--data", d, "doc", "list", mid)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(line.startswith(doc_id) and "v1 replaced" in line for line in lines), lines
    assert any(line.startswith(new_id) and "v2 current" in line and "bao-cao.pdf" in line
               for line in lines), lines

    # the server's own rules apply: the replaced version and the same bytes are refused
    stale = mr("admin", "--data", d, "doc", "version", mid, doc_id, str(second))
    assert stale.returncode == 1 and "already replaced" in stale.stderr, stale.stderr
    same = mr("admin", "--data", d, "doc", "version", mid, new_id, str(second))
    assert same.returncode == 1 and "same file" in same.stderr, same.stderr
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello")
    bad = mr("admin", "--data", d, "doc", "version", mid, new_id, str(fake))
    assert bad.returncode == 1 and "PDF" in bad.stderr, bad.stderr
    nothing = mr("admin", "--data", d, "doc", "version", mid, "no-such-doc", str(first))
    assert nothing.returncode == 1 and "no such document" in nothing.stderr

    admin = Admin.open(data)
    try:
        docs = {doc.id: doc for doc in admin.documents(mid)}
    finally:
        admin.close()
    assert set(docs) == {doc_id, new_id}
    assert docs[doc_id].replaced_by == new_id and docs[new_id].replaces == doc_id
    assert admin.blobs.has(sha)
