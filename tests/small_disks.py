"""Real small and read-only file systems for the backup tests: a tmpfs of a given size
(mounting needs root; tests skip without it), or a folder nobody may write in."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(path: Path, *, size_mib: int, read_only: bool = False) -> Iterator[Path]:
    """Mount a tmpfs of ``size_mib`` MiB at ``path`` (created) for the ``with`` block."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size_mib}m,mode=0700" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """A folder the backup cannot write in: a read-only tmpfs as root (root ignores file
    modes), else a folder of mode 0500."""
    if os.geteuid() == 0:
        with tmpfs(path, size_mib=64, read_only=True):
            yield path
        return
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o500)
    try:
        yield path
    finally:
        path.chmod(0o700)


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until its file system is full; return the file."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as f:
        for block in (b"\0" * 2**20, b"\0" * 4096, b"\0"):
            try:
                while True:
                    f.write(block)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
    return filler
