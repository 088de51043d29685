"""Carry this user's notes to a new version of a document (see pdf/carry.py for the rules).

When a secretary replaces a document, the old version stays readable with its notes.
This device copies the user's own notes from the previous version to the new one as
soon as both files are here and the notes are pulled: the copies are ordinary new notes
(saved locally first, then backed up). Notes whose text is gone are *unplaced*: they
stay on the old version and are listed for the user beside the new one.

Each source note is considered once per new version (remembered in the cache's meta),
so a note deleted after carrying is not carried again, and a note pulled later from
another tablet is carried when it arrives. Carried ids are derived from the source id
and the new version's hash, so two tablets carrying the same note make the same note;
a copy the user deleted on another tablet is refused by the server as older than its
tombstone (``deleted`` in the answer) and dropped here.

``Carry`` belongs to the notes part of the engine (``engine.notes.carry``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from meetingroom.domain.model import Document, MeetingSnapshot, User
from meetingroom.domain.notes import Note
from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf.carry_process import carry_notes
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.hooks import Emit

log = logging.getLogger(__name__)

_KEY = "carry:{}"


@dataclass(frozen=True, slots=True)
class CarryOutcome:
    """What carrying did for one new version of a document, on this device."""

    from_document_id: str
    """The previous version the notes came from."""
    moved: tuple[str, ...]
    """Ids of the carried notes on the new version."""
    unplaced: tuple[str, ...]
    """Ids of the notes on the previous version that found no place on the new one."""
    considered: tuple[str, ...]
    """Ids of every source note already handled (carried or not)."""
    error: str = ""
    """Why the last attempt failed (e.g. a version cannot be read); "" if it did not."""

    def to_json(self) -> str:
        return json.dumps({"from": self.from_document_id, "moved": list(self.moved),
                           "unplaced": list(self.unplaced),
                           "considered": list(self.considered), "error": self.error})

    @classmethod
    def from_json(cls, raw: str) -> CarryOutcome:
        d = json.loads(raw)
        return cls(str(d["from"]), tuple(map(str, d["moved"])), tuple(map(str, d["unplaced"])),
                   tuple(map(str, d["considered"])), str(d.get("error", "")))


class Carry:
    """Carries the user's notes to new versions of documents, one meeting at a time."""

    def __init__(self, cache: ClientCache, *,
                 notes: Callable[[str, str | None], list[Note]],
                 save: Callable[[str, Note], Awaitable[None]],
                 user: Callable[[], User | None],
                 snapshot: Callable[[str], MeetingSnapshot | None],
                 snapshots: Callable[[], list[MeetingSnapshot]],
                 ready_path: Callable[[str], Path | None], emit: Emit) -> None:
        self._cache = cache
        self._notes = notes
        """The notes seen in a meeting (on one document, by its SHA-256)."""
        self._save = save
        """Stores a note here and backs it up (on the engine's loop)."""
        self._user = user
        self._snapshot = snapshot
        self._snapshots = snapshots
        self._ready_path = ready_path
        """A verified document's file without hashing, or None (not here yet)."""
        self._emit = emit
        self._pending: set[str] = set()
        self._task: asyncio.Task[None] | None = None

    # -- any thread ---------------------------------------------------------------------
    def outcome(self, document_id: str) -> CarryOutcome | None:
        """What carrying notes to this version did (None: nothing carried to it yet)."""
        raw = self._cache.get_meta(_KEY.format(document_id))
        if not raw:
            return None
        try:
            return CarryOutcome.from_json(raw)
        except (ValueError, KeyError, TypeError):
            return None

    # -- engine loop --------------------------------------------------------------------
    def soon(self, meeting_id: str | None = None) -> None:
        """Look for notes to carry in ``meeting_id`` (None: every cached meeting with a
        replaced document)."""
        if meeting_id is None:
            self._pending.update(s.meeting.id for s in self._snapshots()
                                 if any(d.replaces for d in s.documents))
        else:
            self._pending.add(meeting_id)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._carry_all())

    async def _carry_all(self) -> None:
        while self._pending:
            meeting_id = self._pending.pop()
            snap = self._snapshot(meeting_id)
            if snap is None:
                continue
            try:
                await self._carry_meeting(snap)
            except Exception:  # a bug here must not stop the engine; the next trigger retries
                log.exception("carrying notes failed")

    async def _carry_meeting(self, snap: MeetingSnapshot) -> None:
        user = self._user()
        if user is None:
            return
        for doc in snap.documents:
            old = snap.document(doc.replaces) if doc.replaces else None
            if old is not None:
                await self._carry_version(snap.meeting.id, user.id, old, doc)

    async def _carry_version(self, meeting_id: str, user_id: str, old: Document,
                             new: Document) -> None:
        before = self.outcome(new.id)
        considered = set(before.considered) if before else set()
        mine = [n for n in await asyncio.to_thread(self._notes, meeting_id, old.sha256)
                if n.author_id == user_id and n.id not in considered]
        if not mine:
            if before is None:  # remember that there was nothing: the UI can say so
                self._remember(new.id, CarryOutcome(old.id, (), (), ()))
            return
        old_path, new_path = self._ready_path(old.sha256), self._ready_path(new.sha256)
        if old_path is None or new_path is None:
            return  # carried when both versions are here
        try:
            carried = await asyncio.to_thread(carry_notes, mine, old=old_path, new=new_path,
                                              new_sha256=new.sha256)
        except InvalidDocumentError as e:
            log.warning("notes not carried to version %d of a document: %s", new.version, e)
            self._remember(new.id, CarryOutcome(
                old.id, before.moved if before else (), before.unplaced if before else (),
                tuple(considered), error=str(e)))
            self._emit(ev.NotesCarried(meeting_id, new.id))
            return
        have = {n.id for n in await asyncio.to_thread(self._notes, meeting_id, new.sha256)}
        for note in carried.moved:
            if note.id not in have:
                await self._save(meeting_id, note)
        outcome = CarryOutcome(
            old.id,
            tuple(dict.fromkeys((*(before.moved if before else ()),
                                 *(n.id for n in carried.moved)))),
            tuple(dict.fromkeys((*(before.unplaced if before else ()), *carried.unplaced))),
            tuple(considered | {n.id for n in mine}))
        self._remember(new.id, outcome)
        log.info("carried %d notes to version %d of a document, %d unplaced",
                 len(carried.moved), new.version, len(carried.unplaced))
        self._emit(ev.NotesCarried(meeting_id, new.id))

    def _remember(self, document_id: str, outcome: CarryOutcome) -> None:
        self._cache.set_meta(_KEY.format(document_id), outcome.to_json())
