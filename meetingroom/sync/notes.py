"""Notes on this device and their backup on the server (see server/notes.py).

Every change is written to the local cache first (a crash or a power cut loses nothing
already drawn) and marked *dirty*; dirty notes are pushed whenever the server is
reachable, and the server's changes are pulled "since" the last sequence number — on
subscribing, and when a ``notes.changed`` notice arrives. Conflicts: the later
``updated_at`` wins, on both sides.

``Notes`` is a part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.notes``);
it owns ``carry`` (``sync/carry.py``), which copies notes to new versions of documents.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.notes import Note
from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import NoteAck, NotesListReply
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.carry import Carry
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.hooks import CurrentLink, Emit, Spawn, Submit

log = logging.getLogger(__name__)
_RETRY_CODES = frozenset({"internal", "rate_limited", "storage"})


def _rid(device: str, note_id: str, updated_at: int, deleted: bool) -> str:
    """The same request id for the same version from the same device: a resend is a
    replay, not a new write. Another device sending the same version (a carried note,
    say) gets its own answer, not the replay of the first device's."""
    digest = hashlib.sha256(
        f"{device}\0{note_id}\0{updated_at}\0{deleted}".encode()).hexdigest()
    return "n" + digest[:40]


class Notes:
    """The user's notes: from the cache at once, backed up and brought in when online."""

    def __init__(self, cache: ClientCache, *, submit: Submit, spawn: Spawn, emit: Emit,
                 link: CurrentLink, user: Callable[[], User | None],
                 snapshot: Callable[[str], MeetingSnapshot | None],
                 snapshots: Callable[[], list[MeetingSnapshot]],
                 ready_path: Callable[[str], Path | None]) -> None:
        self._cache = cache
        self._submit = submit
        self._spawn = spawn
        self._emit = emit
        self._link = link
        self.carry = Carry(cache, notes=self.visible, save=self.store, user=user,
                           snapshot=snapshot, snapshots=snapshots, ready_path=ready_path,
                           emit=emit)
        """Carries the user's notes to new versions of documents (``sync/carry.py``)."""

    # -- any thread ---------------------------------------------------------------------
    def visible(self, meeting_id: str, document_sha256: str | None = None) -> list[Note]:
        """The notes this user sees in a meeting (theirs and shared ones), from the cache."""
        return [r.note for r in self._cache.note_rows(meeting_id) if r.note is not None
                and (document_sha256 is None or r.note.document_sha256 == document_sha256)]

    def save(self, meeting_id: str, note: Note) -> concurrent.futures.Future[None]:
        """Store ``note`` on this device now and back it up when the server is reachable."""
        return self._submit(self.store(meeting_id, note))

    def delete(self, meeting_id: str, note_id: str, updated_at: int
               ) -> concurrent.futures.Future[None]:
        """Delete a note here now (a tombstone at ``updated_at``) and on the server later."""
        return self._submit(self._delete(meeting_id, note_id, updated_at))

    # -- engine loop --------------------------------------------------------------------
    async def store(self, meeting_id: str, note: Note) -> None:
        """``save`` on the engine's loop."""
        await asyncio.to_thread(self._cache.note_put, meeting_id, note.id, note,
                                note.updated_at, dirty=True)
        self._emit(ev.NotesChanged(meeting_id))
        self._push_soon()

    async def _delete(self, meeting_id: str, note_id: str, updated_at: int) -> None:
        await asyncio.to_thread(self._cache.note_put, meeting_id, note_id, None, updated_at,
                                dirty=True)
        self._emit(ev.NotesChanged(meeting_id))
        self._push_soon()

    def _push_soon(self) -> None:
        link = self._link()
        if link is not None:
            self._spawn(self.push(link))

    async def push(self, link: ServerLink, meeting_id: str | None = None) -> None:
        """Send every dirty note (of ``meeting_id``, or all) until the server has it."""
        backed_up: set[str] = set()
        try:
            await self._push_rows(link, meeting_id, backed_up)
        finally:
            for mid in backed_up:  # the UI can show them as backed up now
                self._emit(ev.NotesChanged(mid))

    async def _push_rows(self, link: ServerLink, meeting_id: str | None,
                         backed_up: set[str]) -> None:
        device = await asyncio.to_thread(self._cache.device_id)
        for row in await asyncio.to_thread(self._cache.note_rows, meeting_id, dirty_only=True):
            body: rq.NotesDelete | rq.NotesPut = (
                rq.NotesDelete(meeting_id=row.meeting_id, note_id=row.id,
                               updated_at=row.updated_at) if row.note is None else
                rq.NotesPut(meeting_id=row.meeting_id, note=row.note.to_dict()))
            try:
                res = await link.request(body, rid=_rid(device, row.id, row.updated_at,
                                                        row.note is None))
            except ConnectionLostError:
                return
            except MeetingroomError as e:
                if e.code in _RETRY_CODES:
                    return
                # refused for good (e.g. the document left the meeting): keep it here only
                log.info("a note was not backed up: %s/%s", e.code, e.reason)
            else:
                if NoteAck.from_wire(res).deleted:  # deleted on another device meanwhile
                    await asyncio.to_thread(self._cache.note_forget, row.id, row.updated_at)
                    backed_up.add(row.meeting_id)
                    continue
            await asyncio.to_thread(self._cache.note_clean, row.id, row.updated_at)
            backed_up.add(row.meeting_id)

    async def pull(self, link: ServerLink, meeting_id: str, *, carry: bool = False) -> None:
        """Bring this device up to date with the server's notes for the meeting (and then
        carry them to new versions of documents, if ``carry``)."""
        key = f"notes_seq:{meeting_id}"
        since = int(self._cache.get_meta(key, "0") or 0)
        changed = False
        while True:
            res = NotesListReply.from_wire(
                await link.request(rq.NotesList(meeting_id=meeting_id, since=since)))
            changed |= await asyncio.to_thread(self._apply_notes, meeting_id, res)
            since = since if res.seq is None else res.seq
            self._cache.set_meta(key, str(since))
            if not res.more:
                break
        if changed:
            self._emit(ev.NotesChanged(meeting_id))
        if carry:
            self.carry.soon(meeting_id)

    def _apply_notes(self, meeting_id: str, res: NotesListReply) -> bool:
        if res.malformed:
            log.warning("ignoring %d malformed note(s) from the server", res.malformed)
        changed = False
        for note in res.notes:
            changed |= self._cache.note_from_server(meeting_id, note)
        for note_id in res.gone:
            changed |= self._cache.note_gone(note_id)
        return changed

    async def sync(self, link: ServerLink, meeting_id: str, *, carry: bool = False) -> None:
        """Push this device's changes to the meeting's notes, then pull the server's."""
        await self.push(link, meeting_id)
        await self.pull(link, meeting_id, carry=carry)
