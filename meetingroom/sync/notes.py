"""Notes on this device and their backup on the server (see server/notes.py).

Every change is written to the local cache first (a crash or a power cut loses nothing
already drawn) and marked *dirty*; dirty notes are pushed whenever the server is
reachable, and the server's changes are pulled "since" the last sequence number — on
subscribing, and when a ``notes.changed`` notice arrives. Conflicts: the later
``updated_at`` wins, on both sides.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
from typing import Any, TypeVar

from meetingroom.domain.notes import Note, NoteError
from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.engine_parts import EngineParts

log = logging.getLogger(__name__)
T = TypeVar("T")
_RETRY_CODES = frozenset({"internal", "rate_limited", "storage"})


def _rid(device: str, note_id: str, updated_at: int, deleted: bool) -> str:
    """The same request id for the same version from the same device: a resend is a
    replay, not a new write. Another device sending the same version (a carried note,
    say) gets its own answer, not the replay of the first device's."""
    digest = hashlib.sha256(
        f"{device}\0{note_id}\0{updated_at}\0{deleted}".encode()).hexdigest()
    return "n" + digest[:40]


class NotesCalls(EngineParts):
    """The engine's notes API (mixed into SyncEngine)."""

    # -- any thread ---------------------------------------------------------------------
    def notes(self, meeting_id: str, document_sha256: str | None = None) -> list[Note]:
        """The notes this user sees in a meeting (theirs and shared ones), from the cache."""
        return [r.note for r in self.cache.note_rows(meeting_id) if r.note is not None
                and (document_sha256 is None or r.note.document_sha256 == document_sha256)]

    def save_note(self, meeting_id: str, note: Note) -> concurrent.futures.Future[None]:
        """Store ``note`` on this device now and back it up when the server is reachable."""
        return self._submit(self._save_note(meeting_id, note))

    def delete_note(self, meeting_id: str, note_id: str, updated_at: int
                    ) -> concurrent.futures.Future[None]:
        return self._submit(self._delete_note(meeting_id, note_id, updated_at))

    # -- engine loop --------------------------------------------------------------------
    async def _save_note(self, meeting_id: str, note: Note) -> None:
        await asyncio.to_thread(self.cache.note_put, meeting_id, note.id, note,
                                note.updated_at, dirty=True)
        self._emit(ev.NotesChanged(meeting_id))
        self._push_soon()

    async def _delete_note(self, meeting_id: str, note_id: str, updated_at: int) -> None:
        await asyncio.to_thread(self.cache.note_put, meeting_id, note_id, None, updated_at,
                                dirty=True)
        self._emit(ev.NotesChanged(meeting_id))
        self._push_soon()

    def _push_soon(self) -> None:
        link = self.link
        if link is not None:
            self._spawn(self._push_notes(link))

    async def _push_notes(self, link: ServerLink, meeting_id: str | None = None) -> None:
        """Send every dirty note (of ``meeting_id``, or all) until the server has it."""
        backed_up: set[str] = set()
        try:
            await self._push_rows(link, meeting_id, backed_up)
        finally:
            for mid in backed_up:  # the UI can show them as backed up now
                self._emit(ev.NotesChanged(mid))

    async def _push_rows(self, link: ServerLink, meeting_id: str | None,
                         backed_up: set[str]) -> None:
        device = await asyncio.to_thread(self.cache.device_id)
        for row in await asyncio.to_thread(self.cache.note_rows, meeting_id, dirty_only=True):
            if row.note is None:
                mtype, body = "notes.delete", {"meeting_id": row.meeting_id,
                                               "note_id": row.id, "updated_at": row.updated_at}
            else:
                mtype, body = "notes.put", {"meeting_id": row.meeting_id,
                                            "note": row.note.to_dict()}
            try:
                res = await link.request(mtype, body, rid=_rid(device, row.id, row.updated_at,
                                                               row.note is None))
            except ConnectionLostError:
                return
            except MeetingroomError as e:
                if e.code in _RETRY_CODES:
                    return
                # refused for good (e.g. the document left the meeting): keep it here only
                log.info("a note was not backed up: %s/%s", e.code, e.reason)
            else:
                if res.get("deleted") is True:  # deleted on another device meanwhile
                    await asyncio.to_thread(self.cache.note_forget, row.id, row.updated_at)
                    backed_up.add(row.meeting_id)
                    continue
            await asyncio.to_thread(self.cache.note_clean, row.id, row.updated_at)
            backed_up.add(row.meeting_id)

    async def _pull_notes(self, link: ServerLink, meeting_id: str, *, carry: bool = False
                          ) -> None:
        """Bring this device up to date with the server's notes for the meeting (and then
        carry them to new versions of documents, if ``carry``)."""
        key = f"notes_seq:{meeting_id}"
        since = int(self.cache.get_meta(key, "0") or 0)
        changed = False
        while True:
            res = await link.request("notes.list", {"meeting_id": meeting_id, "since": since})
            changed |= await asyncio.to_thread(self._apply_notes, meeting_id, res)
            since = int(res.get("seq", since))
            self.cache.set_meta(key, str(since))
            if not res.get("more"):
                break
        if changed:
            self._emit(ev.NotesChanged(meeting_id))
        if carry:
            self._carry_soon(meeting_id)

    def _apply_notes(self, meeting_id: str, res: dict[str, Any]) -> bool:
        changed = False
        for raw in res.get("notes", []):
            try:
                note = Note.from_dict(raw)
            except NoteError:
                log.warning("ignoring a malformed note from the server")
                continue
            changed |= self.cache.note_from_server(meeting_id, note)
        for note_id in res.get("gone", []):
            changed |= self.cache.note_gone(str(note_id))
        return changed

    async def _sync_notes(self, link: ServerLink, meeting_id: str, *, carry: bool = False
                          ) -> None:
        await self._push_notes(link, meeting_id)
        await self._pull_notes(link, meeting_id, carry=carry)
