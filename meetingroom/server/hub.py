"""Connected clients, meeting subscriptions and in-order delivery of new events."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meetingroom.domain import access
from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.model import Meeting, Participant, User
from meetingroom.protocol.messages import encode_event, encode_notice
from meetingroom.protocol.server_messages import MeetingsChanged, Notice
from meetingroom.protocol.session import ServerSession
from meetingroom.server.outbound import Outbound, text_frame

log = logging.getLogger("meetingroom.server.hub")


@dataclass(eq=False, slots=True)
class Client:
    """One authenticated (or authenticating) connection."""

    out: Outbound
    address: str
    agent: str = ""
    """The client program as its User-Agent header names it (for the log), e.g.
    ``Meetingroom/0.2.0 (protocol 1)``; ``websockets/…`` for clients before 0.2.0."""
    user: User | None = None
    token_hash: str | None = None
    subscriptions: set[str] = field(default_factory=set)
    session: ServerSession = field(default_factory=ServerSession)
    readable: dict[str, tuple[Path, int]] = field(default_factory=dict)
    """Blobs this client was allowed to read at ``readable_epoch``: (path, size)."""
    permitted: frozenset[str] = frozenset()
    """Blobs this client may read at ``readable_epoch``, learnt along with another one
    (the files of a meeting it can see), not yet opened."""
    readable_epoch: int = -1
    expires_at: float = 0.0
    """When the session ends (server clock)."""
    checked_at: float = 0.0
    """When the session was last confirmed in the database (revocation shows within
    ``SESSION_RECHECK`` seconds)."""
    authenticating: bool = False
    """A login or resume of this connection is being answered."""
    auth_timer: asyncio.TimerHandle | None = None
    """Closes the connection if it is still not authenticated when it fires."""

    def forget_access(self) -> None:
        """Drop what this connection was found allowed to read (its session ended: the
        next login on it may be another user's)."""
        self.readable.clear()
        self.permitted = frozenset()
        self.readable_epoch = -1


FanoutProbe = Callable[[MeetingEvent, bytes, "list[Client]", float], None]
"""Bench-only observer of one event's fan-out: ``(event, payload, clients it was queued to,
perf_counter() before encoding)``, called once every client's send was written or queued."""

_ACCESS_KINDS = frozenset({EventKind.MEETING_UPDATED, EventKind.PARTICIPANTS_SET,
                           EventKind.ITEM_REMOVED, EventKind.DOCUMENT_REMOVED,
                           EventKind.MINUTES_UPDATED})
"""Events after which a cached "may read this blob" answer could be wrong."""


@dataclass(slots=True)
class _Access:
    meeting: Meeting
    participant_ids: frozenset[str]


class Hub:
    """Who is connected and subscribed where; fans out committed events."""

    def __init__(self) -> None:
        self._clients: set[Client] = set()
        self._subs: dict[str, set[Client]] = defaultdict(set)
        self._published: dict[str, int] = {}
        self._access: dict[str, _Access] = {}
        self.access_epoch = 0
        """Bumped by every change that can take read access away (see BlobService)."""
        self.fanout_probe: FanoutProbe | None = None
        """Benchmarks only (``meetingroom bench``): see :data:`FanoutProbe`. None (the
        default) costs one attribute test per published event."""

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def admit(self, client: Client) -> None:
        """Register a connection (connection caps are applied at the TCP accept)."""
        self._clients.add(client)

    def leave(self, client: Client) -> None:
        if client not in self._clients:
            return
        self._clients.discard(client)
        for mid in list(client.subscriptions):
            self.unsubscribe(client, mid)
        client.out.close()

    def remember_access(self, meeting: Meeting, participant_ids: frozenset[str], rev: int) -> None:
        self._access[meeting.id] = _Access(meeting, participant_ids)
        self._published.setdefault(meeting.id, rev)

    def subscribe(self, client: Client, meeting_id: str) -> None:
        client.subscriptions.add(meeting_id)
        self._subs[meeting_id].add(client)

    def unsubscribe(self, client: Client, meeting_id: str) -> None:
        client.subscriptions.discard(meeting_id)
        subs = self._subs.get(meeting_id)
        if subs is not None:
            subs.discard(client)
            if not subs:
                del self._subs[meeting_id]

    def published_rev(self, meeting_id: str) -> int:
        return self._published.get(meeting_id, 0)

    def knows(self, meeting_id: str) -> bool:
        return meeting_id in self._access

    def publish(self, events: list[MeetingEvent]) -> None:
        """Deliver committed events to subscribers still allowed to see them."""
        before: dict[str, _Access | None] = {}
        for ev in events:
            if ev.rev <= self._published.get(ev.meeting_id, 0):
                continue
            self._published[ev.meeting_id] = ev.rev
            acc = self._access.get(ev.meeting_id)
            if ev.kind in _ACCESS_KINDS:
                self.access_epoch += 1
            if ev.kind in (EventKind.MEETING_UPDATED, EventKind.PARTICIPANTS_SET):
                before.setdefault(ev.meeting_id, acc)
            if ev.kind is EventKind.MEETING_UPDATED:
                m = Meeting.from_dict(ev.data["meeting"])
                self._access[ev.meeting_id] = _Access(
                    m, acc.participant_ids if acc else frozenset())
            elif ev.kind is EventKind.PARTICIPANTS_SET and acc is not None:
                ids = frozenset(Participant.from_dict(p).user_id for p in ev.data["participants"])
                self._access[ev.meeting_id] = _Access(acc.meeting, ids)
            acc = self._access.get(ev.meeting_id)
            subs = self._subs.get(ev.meeting_id)
            if not subs:
                continue
            probe = self.fanout_probe
            started = time.perf_counter() if probe is not None else 0.0
            payload = encode_event(ev.to_dict()).encode("utf-8")
            frame = text_frame(payload)
            sent: list[Client] | None = [] if probe is not None else None
            for c in list(subs):
                if c.user is None or acc is None or not access.can_view(
                        c.user, acc.meeting, acc.participant_ids):
                    self.unsubscribe(c, ev.meeting_id)
                    continue
                c.out.send_framed(payload, frame)
                if sent is not None:
                    sent.append(c)
            if probe is not None and sent is not None:
                probe(ev, payload, sent, started)
        if before:
            self._notify_listing(before)

    def _notify_listing(self, before: dict[str, _Access | None]) -> None:
        """Tell the clients who could see a changed meeting before or can see it now to
        list their meetings again; nobody else learns that anything happened."""
        pairs = [(old, self._access.get(mid)) for mid, old in before.items()]
        payload = encode_notice(MeetingsChanged()).encode("utf-8")
        frame = text_frame(payload)
        for c in self._clients:
            user = c.user
            if user is None:
                continue
            if any(acc is not None and access.can_view(user, acc.meeting, acc.participant_ids)
                   for pair in pairs for acc in pair):
                c.out.send_framed(payload, frame)

    def access_of(self, meeting_id: str) -> tuple[Meeting, frozenset[str]] | None:
        """The meeting and participant ids as last published, or None if not known."""
        acc = self._access.get(meeting_id)
        return None if acc is None else (acc.meeting, acc.participant_ids)

    def notify(self, meeting_id: str, notice: Notice) -> int:
        """Send a transient notice (not in the event log) to the meeting's subscribers who
        may see it; returns how many were sent."""
        acc = self._access.get(meeting_id)
        subs = self._subs.get(meeting_id)
        if acc is None or not subs:
            return 0
        payload = encode_notice(notice).encode("utf-8")
        frame = text_frame(payload)
        sent = 0
        for c in subs:
            if c.user is not None and access.can_view(c.user, acc.meeting, acc.participant_ids):
                c.out.send_framed(payload, frame)
                sent += 1
        return sent

    def notify_user(self, meeting_id: str, user_id: str, notice: Notice) -> None:
        """A transient notice to ``user_id``'s own connections subscribed to the meeting."""
        payload = encode_notice(notice).encode("utf-8")
        for c in self._subs.get(meeting_id, ()):
            if c.user is not None and c.user.id == user_id:
                c.out.send_live(payload)

    def clients_of_session(self, token_hash: str) -> list[Client]:
        return [c for c in self._clients if c.token_hash == token_hash]
