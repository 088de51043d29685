"""Benchmark inputs: generated PDFs (cached per parameters), a seeded server data directory,
and handwriting-like ink notes."""

from __future__ import annotations

import json
import logging
import math
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from meetingroom import __version__
from meetingroom.domain.notes import Note, NoteKind, Point, Stroke
from meetingroom.storage.blobs import sha256_file

log = logging.getLogger("meetingroom.bench")

BENCH_PASSWORD = "bench-password"
"""Password of every benchmark user (throw-away data on loopback)."""


@dataclass(frozen=True, slots=True)
class PackFile:
    """One generated PDF of a pack."""

    path: Path
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SeededRoom:
    """A server data directory with users and one published meeting."""

    data_dir: Path
    meeting_id: str
    usernames: tuple[str, ...]
    password: str
    documents: dict[str, int]
    """Size of every attached document by SHA-256 (as the server recorded it)."""


def cache_root() -> Path:
    """Where generated inputs are kept between runs (the user's cache directory)."""
    return Path(platformdirs.user_cache_dir("meetingroom", appauthor=False)) / "bench"


def _generator_key() -> str:
    """Inputs are regenerated when our version or PyMuPDF's changes."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pymupdf_version = version("pymupdf")
    except PackageNotFoundError:
        pymupdf_version = "unknown"
    return f"m{__version__}-p{pymupdf_version}"


def _cached_dir(name: str, make: Callable[[Path], None], *, scratch: Path) -> Path:
    """A directory made once by ``make`` and reused while its manifest is intact.

    It is built next to its final place and renamed in, so an interrupted run never
    leaves a half-made input behind. If the cache cannot be written, the input is
    made in ``scratch`` (the run's temporary directory) instead.
    """
    base = cache_root()
    final = base / f"{name}-{_generator_key()}"
    if _manifest_ok(final):
        return final
    try:
        base.mkdir(parents=True, exist_ok=True)
        work, cacheable = Path(tempfile.mkdtemp(prefix=".making-", dir=base)), True
    except OSError:
        work, cacheable = Path(tempfile.mkdtemp(prefix="input-", dir=scratch)), False
    started = time.perf_counter()
    try:
        make(work)
        _write_manifest(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    log.info("generated %s in %.1f s", name, time.perf_counter() - started)
    if not cacheable:
        return work
    shutil.rmtree(final, ignore_errors=True)
    try:
        os.replace(work, final)
    except OSError:
        return work
    return final


def _write_manifest(directory: Path) -> None:
    files = {p.name: {"size": p.stat().st_size, "sha256": sha256_file(p)}
             for p in sorted(directory.glob("*.pdf"))}
    (directory / "manifest.json").write_text(json.dumps(files, indent=1), encoding="utf-8")


def _manifest_ok(directory: Path) -> bool:
    try:
        files = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        return bool(files) and all((directory / name).stat().st_size == entry["size"]
                                   for name, entry in files.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False



def _files(directory: Path) -> list[PackFile]:
    files = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return [PackFile(directory / name, int(e["size"]), str(e["sha256"]))
            for name, e in sorted(files.items())]


def pack(total_bytes: int, count: int, *, scratch: Path, seed: int = 0) -> list[PackFile]:
    """``count`` PDFs totalling about ``total_bytes`` (``make_pack``), generated once."""
    from meetingroom.pdf.samples import make_pack

    def make(directory: Path) -> None:
        make_pack(directory, total_bytes=total_bytes, count=count, seed=seed)

    log.info("preparing a %d-document pack of %.0f MiB", count, total_bytes / 2**20)
    return _files(_cached_dir(f"pack-{total_bytes}-{count}-{seed}", make, scratch=scratch))


def long_document(pages: int, *, scratch: Path, seed: int = 0) -> PackFile:
    """The ``make_long_document`` report of ``pages`` pages, generated once."""
    from meetingroom.pdf.samples import make_long_document

    def make(directory: Path) -> None:
        make_long_document(directory / "long.pdf", pages=pages, seed=seed)

    log.info("preparing a %d-page document", pages)
    return _files(_cached_dir(f"long-{pages}-{seed}", make, scratch=scratch))[0]


def scanned_document(pages: int, *, scratch: Path, seed: int = 0) -> PackFile:
    """A ``make_scanned_document`` scan of ``pages`` full-page JPEGs (no text), generated once."""
    from meetingroom.pdf.scan_samples import SCAN_DPI, make_scanned_document

    def make(directory: Path) -> None:
        make_scanned_document(directory / "scan.pdf", pages=pages, dpi=SCAN_DPI, seed=seed)

    log.info("preparing a %d-page scanned document", pages)
    return _files(_cached_dir(f"scan-{pages}-{SCAN_DPI}-{seed}", make, scratch=scratch))[0]


def seed_room(data_dir: Path, *, users: int, documents: Sequence[PackFile] = (),
              prefix: str = "bench") -> SeededRoom:
    """Users ``bench01..`` (delegates), one published meeting they all take part in,
    with ``documents`` attached to its single agenda item — all through :class:`Admin`."""
    from meetingroom.domain.roles import Role
    from meetingroom.server.admin import Admin

    started = time.perf_counter()
    names = tuple(f"{prefix}{i + 1:02d}" for i in range(users))
    admin = Admin.open(data_dir)
    try:
        for name in names:
            admin.add_user(name, BENCH_PASSWORD, role=Role.DELEGATE)
        mid = admin.create_meeting("Phiên họp đo hiệu năng", location="Phòng họp số 1",
                                   starts_at="2026-12-01T08:00")
        admin.set_participants(mid, list(names))
        attached: dict[str, int] = {}
        if documents:
            item = admin.add_item(mid, "Tài liệu phiên họp")
            for doc in documents:
                d = admin.attach(mid, item.id, doc.path)
                attached[d.sha256] = d.size
        admin.publish(mid)
    finally:
        admin.close()
    log.info("seeded %d user(s) and a meeting with %d document(s) in %.1f s", users,
             len(documents), time.perf_counter() - started)
    return SeededRoom(data_dir, mid, names, BENCH_PASSWORD, attached)


def strokes_for(count: int, points: int, *, page: int = 0, seed: int = 0) -> list[Note]:
    """``count`` handwriting-like ink notes of one stroke of ``points`` points each, over
    an A4 page: half drawn with a stylus (varying pressure), half with a finger or mouse."""
    rng = random.Random(seed)
    notes = []
    for k in range(count):
        x, y = rng.uniform(60, 500), rng.uniform(60, 780)
        angle = rng.uniform(0, 6.283)
        pts = []
        stylus = k % 2 == 0
        for i in range(points):
            angle += rng.uniform(-0.9, 0.9)
            x = min(585.0, max(10.0, x + 1.6 * math.cos(angle) + 0.4))
            y = min(832.0, max(10.0, y + 1.6 * math.sin(angle)))
            pressure = 0.35 + 0.6 * abs(math.sin(i / 7 + k)) if stylus else 1.0
            pts.append(Point(x, y, pressure))
        colour = ("#1f4fbf", "#c62828", "#2e7d32")[k % 3]
        notes.append(Note(id=f"ink{k:05d}", document_sha256="b" * 64, page=page,
                          kind=NoteKind.INK, color=colour, created_at=1_700_000_000_000 + k,
                          updated_at=1_700_000_000_000 + k, author_id="bench",
                          strokes=(Stroke(tuple(pts), 2.0, colour),)))
    return notes
