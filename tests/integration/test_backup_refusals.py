"""Backup and restore refuse what they must and leave nothing half done: a damaged backup
(nothing written), a folder that is not empty (moved aside only with --force, nothing
lost), a folder a server is using, a disk that fills up in the middle of a backup."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from small_disks import fill, tmpfs

from meetingroom.errors import StorageError
from meetingroom.server.backup import BackupSource, write_backup
from meetingroom.server.backup_manifest import MANIFEST, check_file, read_manifest
from meetingroom.server.restore import restore_backup


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: relative path -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def backup(room: Any, tmp_path: Path) -> Path:
    """A backup of a room with a published meeting and its document."""
    room.published_meeting()
    dest = tmp_path / "backup"
    write_backup(BackupSource(room.data_dir), dest)
    return dest


def _a_blob(backup: Path) -> Path:
    return next(p for p in (backup / "blobs").rglob("*") if p.is_file())


def _flip_a_byte(backup: Path) -> str:
    blob = _a_blob(backup)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01
    blob.write_bytes(bytes(data))
    return f"{blob.relative_to(backup)} does not match its SHA-256"


def _truncate_database(backup: Path) -> str:
    db = backup / "server.sqlite"
    size = db.stat().st_size
    db.write_bytes(db.read_bytes()[:4096])
    return f"server.sqlite has 4096 bytes, not {size}"


def _lose_a_blob(backup: Path) -> str:
    blob = _a_blob(backup)
    blob.unlink()
    return f"{blob.relative_to(backup)} is missing"


def _garble_the_manifest(backup: Path) -> str:
    (backup / MANIFEST).write_bytes(b'{"format": "meetingroom-backup", "files": [')
    return f"{MANIFEST} is unreadable"


def _manifest_points_outside(backup: Path) -> str:
    raw = json.loads((backup / MANIFEST).read_bytes())
    raw["files"][0]["path"] = "../../etc/cron.d/evil"
    (backup / MANIFEST).write_text(json.dumps(raw))
    return "unexpected path '../../etc/cron.d/evil'"


def _unfinished(backup: Path) -> str:
    (backup / MANIFEST).unlink()
    return f"has no {MANIFEST}"


@pytest.mark.parametrize("damage", [_flip_a_byte, _truncate_database, _lose_a_blob,
                                    _garble_the_manifest, _manifest_points_outside,
                                    _unfinished])
def test_a_damaged_backup_is_refused_naming_the_file_and_nothing_is_written(
        backup: Path, tmp_path: Path, damage: Callable[[Path], str]) -> None:
    expected = damage(backup)
    target = tmp_path / "new-data"
    with pytest.raises(StorageError) as refused:
        restore_backup(backup, target)
    assert expected in refused.value.message
    assert not target.exists()
    # with --force into a folder that has data: that data stays exactly as it was
    old = tmp_path / "old-data"
    old.mkdir()
    (old / "server.sqlite").write_bytes(b"the room as it is")
    with pytest.raises(StorageError) as again:
        restore_backup(backup, old, force=True)
    assert expected in again.value.message
    assert contents(old) == {"server.sqlite": b"the room as it is"}


def test_a_folder_that_is_not_empty_is_refused_and_with_force_moved_aside(
        backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "srv"
    (target / "tsa").mkdir(parents=True)
    (target / "server.sqlite").write_bytes(b"the room as it is")
    (target / "tsa" / "tsa-key.pem").write_bytes(b"the key as it is")
    before = contents(target)
    with pytest.raises(StorageError) as refused:
        restore_backup(backup, target)
    assert refused.value.reason == "not_empty" and "--force" in refused.value.message
    assert contents(target) == before

    done = restore_backup(backup, target, force=True)
    aside = done.moved_aside
    assert aside is not None and aside.parent == target
    assert aside.name.startswith("before-restore-")
    assert contents(aside) == before  # nothing lost
    manifest = read_manifest(backup)
    for entry in manifest.files:  # and the restored files are the backup's
        check_file(target, entry)
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["blobs", "server.sqlite", aside.name])


def test_restore_is_refused_while_a_server_uses_the_folder(room: Any, backup: Path) -> None:
    data = room.data_dir
    before = sorted(p.name for p in data.iterdir())
    with pytest.raises(StorageError) as refused:
        restore_backup(backup, data, force=True)
    assert refused.value.reason == "busy"
    assert sorted(p.name for p in data.iterdir()) == before
    room.thread.stop()  # once the server has stopped, the same restore goes ahead
    done = restore_backup(backup, data, force=True)
    assert done.moved_aside is not None
    assert sorted(p.name for p in done.moved_aside.iterdir()) == before


def test_a_disk_that_fills_up_midway_leaves_no_partial_backup(room: Any,
                                                              tmp_path: Path) -> None:
    room.published_meeting()
    with tmpfs(tmp_path / "disk", size_mib=64) as disk:
        written: list[str] = []

        def then_fill_the_disk(path: str) -> None:
            written.append(path)
            if len(written) == 1:  # the database is copied: now the disk is full
                fill(disk)

        with pytest.raises(StorageError) as refused:
            write_backup(BackupSource(room.data_dir), disk / "backup",
                         progress=then_fill_the_disk)
        assert refused.value.reason == "no_space"
        assert "the partial backup was removed" in refused.value.message
        assert written == ["server.sqlite"]
        assert [p.name for p in disk.iterdir()] == ["filler"]
        (disk / "filler").unlink()
        # with room again, the same backup succeeds
        manifest = write_backup(BackupSource(room.data_dir), disk / "backup")
        assert len(manifest.files) == 2 and manifest.complete


def test_blobs_missing_or_damaged_in_the_data_folder_are_named_not_copied(
        room: Any, tmp_path: Path) -> None:
    first = room.published_meeting(title="Kỳ họp thứ 12")["document"].sha256
    second = room.published_meeting(title="Kỳ họp thứ 13", pages=4)["document"].sha256
    assert first != second
    damaged = room.data_dir / "blobs" / first[:2] / first
    damaged.write_bytes(damaged.read_bytes() + b"bit rot")
    (room.data_dir / "blobs" / second[:2] / second).unlink()

    manifest = write_backup(BackupSource(room.data_dir), tmp_path / "backup")
    assert not manifest.complete
    assert manifest.missing_blobs == tuple(sorted([first, second]))
    assert [f.path for f in manifest.files] == ["server.sqlite"]
    assert not (tmp_path / "backup" / "blobs").exists()
    assert read_manifest(tmp_path / "backup") == manifest  # the manifest says so too
