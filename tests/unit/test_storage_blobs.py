"""Content-addressed blob store: atomic install, verification on read, partial files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from meetingroom.errors import BlobIntegrityError, NotFoundError, ProtocolError
from meetingroom.storage.blobs import BlobStore


def test_put_and_read_verified(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = b"%PDF-1.7 hello" * 1000
    sha = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.read_chunk(sha, 5, 10) == data[5:15]
    assert list((tmp_path / "tmp").iterdir()) == []  # no temp files left behind


def test_wrong_expected_hash_stores_nothing(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    with pytest.raises(BlobIntegrityError):
        store.put_bytes(b"abc", expected="0" * 64)
    src = tmp_path / "f"
    src.write_bytes(b"abc")
    with pytest.raises(BlobIntegrityError):
        store.put_file(src, expected="0" * 64)
    assert list(tmp_path.glob("??/*")) == []


def test_corruption_on_disk_is_detected_and_removed(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    sha = store.put_bytes(b"x" * 5000)
    store.verified_path(sha)
    p = store.path(sha)
    p.write_bytes(b"y" * 5000)  # same size, new mtime
    with pytest.raises(BlobIntegrityError):
        store.read_chunk(sha, 0, 10)
    assert not p.exists()
    with pytest.raises(NotFoundError):
        store.verified_path(sha)


def test_partial_appends_only_in_order_and_verifies(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = bytes(range(256)) * 100
    sha = hashlib.sha256(data).hexdigest()
    store.write_partial(sha, 0, data[:1000])
    with pytest.raises(ProtocolError):
        store.write_partial(sha, 5000, data[5000:6000])
    store.write_partial(sha, 1000, data[1000:])
    assert store.finish_partial(sha).read_bytes() == data
    bad = hashlib.sha256(b"other").hexdigest()
    store.write_partial(bad, 0, b"not other")
    with pytest.raises(BlobIntegrityError):
        store.finish_partial(bad)
    assert store.partial_size(bad) == 0


def test_paths_cannot_escape_the_store(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    for evil in ("../../etc/passwd", "a" * 63 + "/", "A" * 64):
        with pytest.raises(ProtocolError):
            store.path(evil)


def test_paths_are_kept_for_a_bounded_number_of_hashes(tmp_path: Path) -> None:
    from meetingroom.storage import blobs as blobs_module

    store = BlobStore(tmp_path / "blobs")
    for k in range(blobs_module.PATHS_KEPT + 10):
        sha = f"{k:064x}"
        assert store.path(sha) == tmp_path / "blobs" / sha[:2] / sha
        assert store.partial_path(sha) == tmp_path / "blobs" / "partial" / f"{sha}.part"
        assert len(store._paths) <= blobs_module.PATHS_KEPT
    for bad in ("../" + "0" * 61, "0" * 64 + "\n", "0" * 63):
        with pytest.raises(ProtocolError):
            store.path(bad)
