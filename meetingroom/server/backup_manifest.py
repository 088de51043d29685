"""The backup manifest: what a backup holds (each file with its SHA-256 and size), where and
when it came from, what was left out and why; as JSON; and checking a backup against it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from meetingroom.errors import StorageError
from meetingroom.storage.blobs import sha256_file

FORMAT = "meetingroom-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "server.sqlite"
"""The SQLite copy: the same name as in the data folder."""
PG_FILE = "database.pgdump"
"""A PostgreSQL database: ``pg_dump --format=custom``."""
MAX_MANIFEST = 256 * 2**20
_PATHS = re.compile(r"(server\.sqlite|database\.pgdump|blobs/[0-9a-f]{2}/[0-9a-f]{64}"
                    r"|tsa/tsa-(key|cert)\.pem)")
"""Every path a manifest may name: nothing outside the backup, nothing unexpected."""
_SHA = re.compile(r"[0-9a-f]{64}")

Progress = Callable[[str], None]
"""Told each file's path (relative to the backup) when it has been handled."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One file of a backup."""

    path: str
    """Relative to the backup folder, ``/``-separated; the same place in a data folder
    (except the PostgreSQL dump, which is restored into the database)."""
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Something the data folder held that the backup deliberately does not."""

    path: str
    why: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """``manifest.json``: written last, so a backup without it is not a backup."""

    created_at: str
    """When the copy of the database was taken (ISO 8601, UTC)."""
    meetingroom_version: str
    code_revision: str | None
    """The git commit of the code that wrote the backup, when run from a checkout."""
    database: str
    """``sqlite`` or ``postgresql``."""
    last_event_seq: int
    """The last event in the copy: the point in the event log the backup reaches."""
    schema_revision: str | None
    """The database's Alembic revision, when it records one."""
    files: tuple[BackupFile, ...]
    missing_blobs: tuple[str, ...] = ()
    """Blobs the database refers to that the blob store lacked or held damaged."""
    left_out: tuple[LeftOut, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing_blobs

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse and check a manifest; ``StorageError(reason="damaged_backup")`` if wrong."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise ValueError("not a Meetingroom backup manifest")
            version = raw.get("format_version")
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise ValueError(f"written by a newer Meetingroom (format {version}); "
                                 "restore it with that release")
            files = tuple(_file(f) for f in raw["files"])
            manifest = cls(
                created_at=str(raw["created_at"]),
                meetingroom_version=str(raw["meetingroom_version"]),
                code_revision=_opt_str(raw.get("code_revision")),
                database=str(raw["database"]), last_event_seq=int(raw["last_event_seq"]),
                schema_revision=_opt_str(raw.get("schema_revision")), files=files,
                missing_blobs=tuple(str(s) for s in raw.get("missing_blobs", ())),
                left_out=tuple(LeftOut(str(x["path"]), str(x["why"]))
                               for x in raw.get("left_out", ())))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise StorageError(f"{MANIFEST} is unreadable: {e}",
                               reason="damaged_backup") from None
        db_file = {"sqlite": SQLITE_FILE, "postgresql": PG_FILE}.get(manifest.database)
        if db_file is None or db_file not in {f.path for f in files}:
            raise StorageError(f"{MANIFEST} lists no database", reason="damaged_backup")
        if len({f.path for f in files}) != len(files):
            raise StorageError(f"{MANIFEST} lists a file twice", reason="damaged_backup")
        return manifest


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _file(raw: Any) -> BackupFile:
    path, sha, size = raw["path"], raw["sha256"], raw["size"]
    if not isinstance(path, str) or not _PATHS.fullmatch(path):
        raise ValueError(f"unexpected path {path!r}")
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise ValueError(f"bad SHA-256 for {path}")
    if path.startswith("blobs/") and path.rsplit("/", 1)[1] != sha:
        raise ValueError(f"{path} is listed with another file's SHA-256")
    if not isinstance(size, int) or size < 0:
        raise ValueError(f"bad size for {path}")
    return BackupFile(path, sha, size)


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise StorageError(f"{folder} is not a folder", reason="not_a_backup")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_MANIFEST + 1)
    except FileNotFoundError:
        raise StorageError(f"{folder} has no {MANIFEST}: not a backup, or an unfinished "
                           "one", reason="not_a_backup") from None
    if len(data) > MAX_MANIFEST:
        raise StorageError(f"{MANIFEST} is too large", reason="damaged_backup")
    return Manifest.from_json(data)


def check_file(folder: Path, entry: BackupFile) -> None:
    """Raise ``StorageError(reason="damaged_backup")`` naming ``entry`` unless the file is
    there, a regular file, of its size and SHA-256."""
    path = folder / entry.path
    try:
        st = path.lstat()
    except FileNotFoundError:
        raise StorageError(f"the backup is damaged: {entry.path} is missing",
                           reason="damaged_backup") from None
    if not path.is_file() or path.is_symlink():
        raise StorageError(f"the backup is damaged: {entry.path} is not a plain file",
                           reason="damaged_backup")
    if st.st_size != entry.size:
        raise StorageError(f"the backup is damaged: {entry.path} has {st.st_size} bytes, "
                           f"not {entry.size}", reason="damaged_backup")
    if sha256_file(path) != entry.sha256:
        raise StorageError(f"the backup is damaged: {entry.path} does not match its SHA-256",
                           reason="damaged_backup")


def verify_backup(folder: Path, *, progress: Progress | None = None) -> Manifest:
    """Read the manifest and check every file it lists (size, then SHA-256); raise
    ``StorageError`` naming the first damaged file. Writes nothing."""
    manifest = read_manifest(folder)
    for entry in manifest.files:
        check_file(folder, entry)
        if progress is not None:
            progress(entry.path)
    return manifest
