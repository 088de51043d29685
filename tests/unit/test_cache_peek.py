"""Peeking at the client cache's login facts without SQLAlchemy (for the start-up)."""

from __future__ import annotations

from pathlib import Path

from meetingroom.storage.cache import ClientCache
from meetingroom.storage.cache_peek import NOBODY, saved_login


def test_no_cache_file_means_nobody_logged_in_and_none_is_created(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    assert saved_login(path) == NOBODY
    assert not path.exists()


def test_reads_what_the_cache_wrote_while_it_is_open_and_after(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = ClientCache(path)
    try:
        assert saved_login(path) == NOBODY  # a cache nobody logged in with
        cache.set_meta("server_url", "ws://10.0.0.5:8765")
        cache.set_meta("username", "delegate")
        peeked = saved_login(path)
        assert peeked is not None
        assert (peeked.server_url, peeked.username, peeked.has_user) == (
            "ws://10.0.0.5:8765", "delegate", False)
        cache.set_meta("user", '{"id": "u1"}')
    finally:
        cache.close()
    peeked = saved_login(path)
    assert peeked is not None and peeked.has_user
    reopened = ClientCache(path)  # the peek left the file usable
    try:
        assert reopened.get_meta("username") == "delegate"
    finally:
        reopened.close()


def test_an_unreadable_file_gives_none_so_the_caller_opens_it_fully(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    assert saved_login(path) is None
