"""Write files completely or not at all (temp file beside the target, fsync, rename, fsync
the folder), and create private files and folders (0600/0700) from the start. The one
implementation for every package (stdlib only)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from meetingroom.errors import StorageError


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data``; on any failure ``path`` is untouched and no temp
    file is left behind. ``mode`` defaults to the existing file's, else 0644; the
    temporary file is never readable by others before it has its final mode."""
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
    write_all(path.parent, {path: data}, mode=mode)


def write_all(out_dir: Path, contents: Mapping[Path, bytes], *, mode: int = 0o644) -> None:
    """Every file complete and fsynced under a temporary name in ``out_dir``, then all
    renamed into place (each file is whole; if a later rename fails, earlier ones stay)."""
    if not out_dir.is_dir():
        raise NotADirectoryError(20, "not a folder", str(out_dir))
    temps: dict[Path, Path] = {}
    try:
        for path, data in contents.items():
            fd, name = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.", suffix=".tmp")
            temps[path] = Path(name)
            os.fchmod(fd, mode)  # mkstemp makes 0600
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in list(temps.items()):
            os.replace(tmp, path)
            del temps[path]
    finally:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
    fsync_dir(out_dir)


def write_with(out: Path, fill: Callable[[Path], object], *, mode: int = 0o600) -> None:
    """Let ``fill`` write a temporary file beside ``out`` (a library that wants a path),
    then fsync and rename it. If ``fill`` raises, nothing is left behind; an ``OSError``
    becomes :class:`StorageError` (reason ``write_failed``). Mode 0600 by default."""
    try:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"cannot write in {out.parent}: {exc.strerror or exc}",
                           reason="write_failed") from exc
    os.fchmod(fd, mode)
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        tmp.replace(out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise StorageError(f"cannot write {out.name}: {exc.strerror or exc}",
                           reason="write_failed") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` and every missing parent with mode 0700; return ``path``.

    Only the folders created here get that mode (an existing folder keeps its own): the
    mode is given to ``mkdir``, so no folder is ever open to others, even for a moment.
    """
    missing: list[Path] = []
    p = path
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    if not path.is_dir():
        raise NotADirectoryError(20, "not a folder", str(path))
    return path


def private_opener(path: str | os.PathLike[str], flags: int) -> int:
    """``open(..., opener=private_opener)``: a file created by that call is mode 0600."""
    return os.open(path, flags, PRIVATE_FILE)


def create_private(path: Path) -> bool:
    """Create ``path`` as an empty file of mode 0600 unless it exists; True if created."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        return False
    return True


def copy_private(src: Path, dst: Path) -> tuple[str, int]:
    """Copy ``src`` to the new file ``dst`` (mode 0600, its missing folders 0700), fsynced;
    return the SHA-256 and size of the bytes written. ``dst`` must not exist."""
    h = hashlib.sha256()
    size = 0
    with src.open("rb") as fin:  # opened first: a missing source creates nothing
        private_dir(dst.parent)
        with open(dst, "xb", opener=private_opener) as fout:
            while block := fin.read(1024 * 1024):
                h.update(block)
                fout.write(block)
                size += len(block)
            fout.flush()
            os.fsync(fout.fileno())
    return h.hexdigest(), size


def fsync_dir(directory: Path) -> None:
    """Make renames in ``directory`` durable (where the platform allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
