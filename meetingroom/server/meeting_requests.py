"""The requests the room server answers from the hub and the event log rather than by a
command: listing and subscribing to meetings, the notices that follow some commands."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from meetingroom.domain import access
from meetingroom.domain.model import User
from meetingroom.errors import ForbiddenError, NotFoundError
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.server_messages import NotesChangedNotice
from meetingroom.server import box
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client, Hub
from meetingroom.server.presenter import Presenter
from meetingroom.storage.server_store import ServerStore


class MeetingRequests:
    """Owner: the RoomServer (``routes.ServerRequests``). ``catch_up`` publishes the
    events committed so far, so that a subscription starts from the hub's current view."""

    def __init__(self, *, store: ServerStore, db: DbThread, hub: Hub, presenter: Presenter,
                 catch_up: Callable[[], Awaitable[None]], snapshot_after: int,
                 clock: Callable[[], float]) -> None:
        self.store, self.db, self.hub, self.presenter = store, db, hub, presenter
        self._catch_up = catch_up
        self._snapshot_after = snapshot_after
        """A client further behind than this many events gets a snapshot instead."""
        self.clock = clock

    def share_released(self, user: User, body: prq.PollBoxRelease, result: Reply) -> None:
        """A released key share goes to the opener first, then the room hears of it."""
        opener, share = box.share_notice(user, body, result)
        self.hub.notify_user(body.meeting_id, opener, share)

    def notes_changed(self, user: User, body: rq.NotesPut | rq.NotesDelete,
                      result: Reply) -> None:
        """Tell who may see the change to list notes again (the notice has no content)."""
        notice = NotesChangedNotice(body.meeting_id)
        if result.get("shared"):
            self.hub.notify(body.meeting_id, notice)
        else:
            self.hub.notify_user(body.meeting_id, user.id, notice)

    async def ping(self, client: Client, user: User, body: rq.Ping) -> Reply:
        return {"time": time.time()}

    async def users_list(self, client: Client, user: User, body: rq.UsersList) -> Reply:
        if not user.role.manages_meetings:
            raise ForbiddenError("only secretaries and administrators list users")
        users = await self.db.run(self.store.list_users)
        return {"users": [u.to_dict() for u in users]}

    async def unsubscribe(self, client: Client, user: User,
                          body: rq.MeetingUnsubscribe) -> Reply:
        self.hub.unsubscribe(client, body.meeting_id)
        return {}

    async def meetings_list(self, client: Client, user: User, body: rq.MeetingsList) -> Reply:
        rows = await self.db.run(self.store.all_meetings)
        return {"meetings": [{"meeting": m.to_dict(), "rev": rev} for m, rev, ids in rows
                             if access.can_view(user, m, ids)]}

    async def subscribe(self, client: Client, user: User, body: rq.MeetingSubscribe) -> Reply:
        mid, since = body.meeting_id, body.since_rev

        def load() -> tuple[Any, frozenset[str], int]:
            return self.store.read(lambda tx: (tx.meeting(mid), tx.participant_ids(mid),
                                               tx.rev(mid)))
        await self._catch_up()  # the hub's view is current before it is overwritten
        m, ids, rev = await self.db.run(load)
        if not access.can_view(user, m, ids):
            raise NotFoundError("no such meeting")
        self.hub.remember_access(m, ids, rev)
        self.hub.subscribe(client, mid)
        if since > rev:
            since = 0  # the client's cache is from another server or a reset database
        events = None if since == 0 else await self.db.run(
            self.store.events_since, mid, since, self._snapshot_after)
        shown = self.presenter.current(mid)
        extra = {"presenter": None if shown is None else shown.wire(),
                 "server_time": self.clock()}
        if events is None:
            snap = await self.db.run(self.store.read, lambda tx: tx.snapshot(mid))
            return {"rev": snap.rev, "snapshot": snap.to_dict(), **extra}
        return {"rev": events[-1].rev if events else since,
                "events": [e.to_dict() for e in events], **extra}
