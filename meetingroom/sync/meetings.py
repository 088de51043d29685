"""This device's copies of the user's meetings, kept in step with the server's events.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.meetings``): it owns
the snapshots and when each last matched the server, lists and subscribes while a link
is up, and applies pushed events in order (a gap re-subscribes). What else happens when
a meeting is subscribed or changes (notes, trustee keys, downloads) is the engine's
wiring, told through the callables given here. The readers are thread-safe.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from meetingroom.domain.events import MeetingEvent, apply_event
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import MeetingsListReply, SubscribeReply
from meetingroom.protocol.server_messages import Shown
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.hooks import Emit, Spawn

log = logging.getLogger("meetingroom.sync")


class Meetings:
    """The cached meetings: read from any thread, changed on the engine's loop."""

    def __init__(self, cache: ClientCache, *, emit: Emit, spawn: Spawn,
                 stored: Callable[[], None],
                 applied: Callable[[MeetingSnapshot, list[MeetingEvent]], None],
                 subscribed: Callable[[ServerLink, str, Shown | None], None],
                 removed: Callable[[], Awaitable[None]]) -> None:
        self._cache = cache
        self._emit = emit
        self._spawn = spawn
        """Runs a background step whose MeetingroomError is only logged."""
        self._stored = stored
        """A meeting was stored (its documents may be wanted now)."""
        self._applied = applied
        """Events were applied to a meeting (the snapshot after them, the events)."""
        self._subscribed = subscribed
        """A meeting was subscribed (the link, its id, what its presenter shows)."""
        self._removed = removed
        """Meetings were removed from this device (their files may go)."""
        self._lock = threading.Lock()
        self._snapshots: dict[str, MeetingSnapshot] = {}
        self._synced: dict[str, datetime | None] = {}
        self.server_offset = 0.0
        """Server clock minus this device's clock (seconds), from the last subscribe."""

    # -- any thread ----------------------------------------------------------------------
    def cached(self) -> list[ev.CachedMeeting]:
        """Every cached meeting, by start time and title."""
        with self._lock:
            out = [ev.CachedMeeting(s.meeting, s.rev, self._synced.get(mid))
                   for mid, s in self._snapshots.items()]
        return sorted(out, key=lambda c: (c.meeting.starts_at, c.meeting.title))

    def snapshot(self, meeting_id: str) -> MeetingSnapshot | None:
        with self._lock:
            return self._snapshots.get(meeting_id)

    def snapshots(self) -> list[MeetingSnapshot]:
        """Every cached meeting's snapshot, in no particular order."""
        with self._lock:
            return list(self._snapshots.values())

    def synced_at(self, meeting_id: str) -> datetime | None:
        """When the cached meeting last matched the server (UTC; any thread), or None."""
        with self._lock:
            return self._synced.get(meeting_id)

    def server_time(self) -> float:
        """The server's clock now, as far as this device knows (speaking timers)."""
        return time.time() + self.server_offset

    # -- engine loop ---------------------------------------------------------------------
    async def load(self) -> None:
        """Read the meetings the cache holds (at start)."""
        rows = await asyncio.to_thread(self._cache.meetings)
        with self._lock:
            for row in rows:
                self._snapshots[row.snapshot.meeting.id] = row.snapshot
                self._synced[row.snapshot.meeting.id] = row.synced_at

    def clear(self) -> None:
        """Forget every meeting (another user or server): reports each removed."""
        self._cache.clear_meetings()
        with self._lock:
            gone = list(self._snapshots)
            self._snapshots.clear()
            self._synced.clear()
        for mid in gone:
            self._emit(ev.MeetingRemoved(mid))

    async def relist(self, link: ServerLink) -> None:
        """Drop the meetings the user no longer sees, subscribe to every visible one."""
        visible = MeetingsListReply.from_wire(await link.request(rq.MeetingsList())).ids
        with self._lock:
            gone = [mid for mid in self._snapshots if mid not in visible]
        for mid in gone:
            self._cache.remove_meeting(mid)
            with self._lock:
                self._snapshots.pop(mid, None)
                self._synced.pop(mid, None)
            self._emit(ev.MeetingRemoved(mid))
        if gone:
            await self._removed()
        await asyncio.gather(*(self.subscribe(link, mid) for mid in visible))
        now = datetime.now(UTC)
        self._cache.touch_meetings()
        with self._lock:
            for mid in self._snapshots:
                self._synced[mid] = now
        self._emit(ev.MeetingsChanged(tuple(self.cached())))
        self._stored()

    async def subscribe(self, link: ServerLink, meeting_id: str) -> None:
        """Catch up with the meeting since the cached revision and hear its events."""
        cur = self.snapshot(meeting_id)
        res = SubscribeReply.from_wire(await link.request(
            rq.MeetingSubscribe(meeting_id=meeting_id, since_rev=cur.rev if cur else 0)))
        if res.server_time is not None:
            self.server_offset = res.server_time - time.time()
        if res.snapshot is not None:
            if not self._stale(res.snapshot, sent=cur):
                self._store(res.snapshot, ())
        else:
            self.apply(list(res.events))
        self._subscribed(link, meeting_id, res.presenter)

    def _stale(self, snap: MeetingSnapshot, *, sent: MeetingSnapshot | None) -> bool:
        """Whether a subscribe reply's ``snap`` is older than what pushed events made of
        the meeting meanwhile. The server subscribes the link before it reads the
        snapshot, so events can arrive ahead of the reply; another subscribe's reply
        can too. A snapshot older than the one the request was sent with is not stale
        but a reset database or another server (the server says so by sending it)."""
        now = self.snapshot(snap.meeting.id)
        if now is None or snap.rev >= now.rev:
            return False
        return sent is None or snap.rev >= sent.rev

    def synced_until(self, when: datetime) -> None:
        """The cache matched the server until ``when`` (the link just closed): the
        "as of" time shown while offline, and after a restart without the server."""
        self._cache.touch_meetings(when.timestamp())
        with self._lock:
            for mid in self._snapshots:
                self._synced[mid] = max(when, self._synced.get(mid) or when)
        self._emit(ev.MeetingsChanged(tuple(self.cached())))

    def _store(self, snap: MeetingSnapshot, changes: tuple[MeetingEvent, ...]) -> None:
        self._cache.save_meeting(snap, synced=True)
        with self._lock:
            self._snapshots[snap.meeting.id] = snap
            self._synced[snap.meeting.id] = datetime.now(UTC)
        self._emit(ev.MeetingUpdated(snap, changes))
        self._stored()

    def apply(self, events: list[MeetingEvent]) -> bool:
        """Apply one meeting's events in order, storing and reporting once; events the
        cache already has are skipped. False if there is a gap (caller re-subscribes)."""
        if not events:
            return True
        snap = self.snapshot(events[0].meeting_id)
        if snap is None:
            return True
        applied: list[MeetingEvent] = []
        gap = False
        for event in events:
            if event.rev <= snap.rev:
                continue
            if event.rev != snap.rev + 1:
                gap = True
                break
            snap = apply_event(snap, event)
            applied.append(event)
        if applied:
            self._store(snap, tuple(applied))
            self._applied(snap, applied)
        return not gap

    def on_event(self, link: ServerLink | None, event: MeetingEvent) -> None:
        """A pushed event: applied, or the meeting subscribed again (unknown, or a gap)."""
        known = self.snapshot(event.meeting_id) is not None
        if (not known or not self.apply([event])) and link is not None:
            self._spawn(self.subscribe(link, event.meeting_id))
