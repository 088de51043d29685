"""End to end: ``meetingroom client`` paints its login window before loading the heavy parts."""

from __future__ import annotations

import os
import re
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
