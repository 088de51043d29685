"""The client cache takes the server's notes without losing a change made here meanwhile.

The engine applies a ``notes.list`` answer while the user keeps drawing; an undo or a redo
written between the answer's arrival and its application must survive it (a redo lost
this way once left a stroke on screen that was never saved)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_fixtures import note

from meetingroom.domain.notes import Note, NoteKind, Rect
from meetingroom.storage.cache import ClientCache

SHA = "ab" * 32
NOTE_ID = "0f" * 16
T = 1_764_000_000_000


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ClientCache]:
    c = ClientCache(tmp_path / "cache.sqlite")
    yield c
    c.close()


def text_note(updated_at: int, text: str) -> Note:
    return note(NOTE_ID, SHA, 0, NoteKind.STICKY, text=text, updated_at=updated_at,
                rect=Rect(10, 10, 30, 30))


def rows(cache: ClientCache) -> list[tuple[Note | None, int, bool]]:
    return [(r.note, r.updated_at, r.dirty) for r in cache.note_rows("m1")]


def test_a_gone_note_is_dropped_unless_it_changed_here_since(cache: ClientCache) -> None:
    # backed up, then the server says it is gone: dropped
    cache.note_put("m1", NOTE_ID, text_note(T, "a"), T, dirty=False)
    assert cache.note_gone(NOTE_ID)
    assert rows(cache) == []
    # deleted here and backed up, then brought back (a redo) before the server's list
    # of gone notes is applied: the redo stays, still to be sent
    cache.note_put("m1", NOTE_ID, None, T + 1, dirty=False)
    cache.note_put("m1", NOTE_ID, text_note(T + 2, "a"), T + 2, dirty=True)
    assert not cache.note_gone(NOTE_ID)
    assert rows(cache) == [(text_note(T + 2, "a"), T + 2, True)]


def test_the_servers_copy_wins_only_when_it_is_later_or_ours_is_backed_up(
        cache: ClientCache) -> None:
    cache.note_put("m1", NOTE_ID, text_note(T + 5, "mine"), T + 5, dirty=True)
    assert not cache.note_from_server("m1", text_note(T + 4, "older"))
    assert not cache.note_from_server("m1", text_note(T + 5, "same time"))
    assert rows(cache) == [(text_note(T + 5, "mine"), T + 5, True)]
    # a later edit from another device wins over ours
    assert cache.note_from_server("m1", text_note(T + 6, "theirs"))
    assert rows(cache) == [(text_note(T + 6, "theirs"), T + 6, False)]
    # the same copy again changes nothing
    assert not cache.note_from_server("m1", text_note(T + 6, "theirs"))
    # a tombstone here that the server has: its (older) copy does not bring it back
    cache.note_put("m1", NOTE_ID, None, T + 7, dirty=True)
    assert not cache.note_from_server("m1", text_note(T + 6, "theirs"))
    assert rows(cache) == [(None, T + 7, True)]
