"""End to end: ``meetingroom client`` paints its login window before loading the heavy parts."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "pymupdf", "fitz", "pyhanko", "pyhanko_certvalidator")
"""Packages the login window does not need: the engine's database, the PDF renderer (which
runs in the render process anyway) and the signing library."""

_IMPORT = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$")


def _start_until_painted(data: Path) -> list[str]:
    """Run the client on a fresh data folder until its first window is painted; return
    its standard output and error, interleaved in the order they were written."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MEETINGROOM_EXIT_AFTER_PAINT": "1",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "meetingroom", "client", "--data",
         str(data), "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, timeout=120,
        check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    return done.stdout.splitlines()


def test_login_window_is_painted_before_sqlalchemy_pymupdf_or_pyhanko_is_imported(
        tmp_path: Path) -> None:
    lines = _start_until_painted(tmp_path / "client")
    painted = [i for i, line in enumerate(lines) if line.startswith("painted ")]
    assert len(painted) == 1, "\n".join(lines[-40:])
    assert lines[painted[0]].split()[1] == "LoginDialog"
    before = [m.group(1) for line in lines[:painted[0]] if (m := _IMPORT.match(line))]
    assert "PySide6.QtWidgets" in before and "meetingroom.ui.shell.login" in before
    heavy = sorted({name.split(".")[0] for name in before if name.split(".")[0] in HEAVY})
    assert heavy == [], f"imported before the login window was painted: {heavy}"


def test_sigterm_while_the_client_is_being_built_ends_it_cleanly(tmp_path: Path) -> None:
    """SIGTERM in the pass that builds the client after the login window's first paint (the
    cache is created there) ends the process with status 0: it aborted with "QThread:
    Destroyed while thread 'meetingroom-render' is still running" when the quit came
    before the client had connected its clean-up to the application's quit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    client = subprocess.Popen(
        [sys.executable, "-m", "meetingroom", "client", "--server", "ws://127.0.0.1:9",
         "--data", str(tmp_path / "client"), "--lang", "en"],
        stderr=subprocess.PIPE, text=True, env=env)
    assert client.stderr is not None
    seen: list[str] = []
    for line in client.stderr:  # the client's own log: the cache is being created
        seen.append(line)
        if "created the client cache" in line:
            break
    client.send_signal(signal.SIGTERM)
    _, rest = client.communicate(timeout=60)
    log = "".join(seen) + rest
    assert "created the client cache" in "".join(seen), log
    assert client.returncode == 0, log
    assert "QThread: Destroyed" not in log and "Traceback" not in log, log
