"""The server's one dispatch table: each request type's body class, its handler, and the
rules it runs under (how it is applied, what follows it)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from meetingroom.domain.model import User
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import B, Body
from meetingroom.protocol.messages import REQUESTS, Reply
from meetingroom.server import box, commands, live, minutes, notes, polls
from meetingroom.server.ballots import BallotBox
from meetingroom.server.blobservice import BlobService
from meetingroom.server.hub import Client
from meetingroom.server.minutes_files import MinutesFiles, TxFn
from meetingroom.server.peers import PeerDirectory
from meetingroom.server.presenter import Presenter
from meetingroom.storage.server_store import Tx


class Kind(Enum):
    """How a request is applied."""

    AUTH = "auth"
    """``login``/``resume``: answered before a session exists."""
    COMMAND = "command"
    """``handler(tx, user, body)`` in one transaction, at most once per (user, request id);
    the events it wrote are published, the result carries ``replayed``."""
    PREPARED = "prepared"
    """A command whose slow part runs first, outside the transaction:
    ``await handler(user, body)`` gives the transaction to apply as a COMMAND."""
    READ = "read"
    """``handler(tx, user, body)`` in a read transaction."""
    CALL = "call"
    """``await handler(client, user, body)``: the server's own work, not in a transaction
    of the command log."""
    STREAM = "stream"
    """``await handler(client, user, body, request id)``: answers by itself (``blob.get``
    queues a chunk frame; ``logout`` answers before it ends the session)."""


@dataclass(frozen=True, slots=True)
class Route:
    """What the server does with one request type."""

    body: type[Body]
    kind: Kind
    handler: Callable[..., Any]
    """Its signature depends on ``kind`` (see Kind); the constructors below check it
    against ``body``."""
    truncates_wal: bool = False
    """Ballots are rewritten or erased: once applied, the WAL is truncated so that no older
    copy of those pages stays in it (docs/voting.md)."""
    before_events: Callable[[User, Any, Reply], None] | None = None
    """Called with the result before the command's events are published."""
    after_reply: Callable[[User, Any, Reply], None] | None = None
    """Called after the result was sent, when the command was applied now (not replayed)."""


def command(body: type[B], handler: Callable[[Tx, User, B], Reply], *,
            truncates_wal: bool = False,
            before_events: Callable[[User, B, Reply], None] | None = None,
            after_reply: Callable[[User, B, Reply], None] | None = None) -> Route:
    return Route(body, Kind.COMMAND, handler, truncates_wal, before_events, after_reply)


def prepared(body: type[B], handler: Callable[[User, B], Awaitable[TxFn]]) -> Route:
    return Route(body, Kind.PREPARED, handler)


def read(body: type[B], handler: Callable[[Tx, User, B], Reply]) -> Route:
    return Route(body, Kind.READ, handler)


def call(body: type[B], handler: Callable[[Client, User, B], Awaitable[Reply]]) -> Route:
    return Route(body, Kind.CALL, handler)


def stream(body: type[B], handler: Callable[[Client, User, B, str], Awaitable[None]]
           ) -> Route:
    return Route(body, Kind.STREAM, handler)


def _at_once(handler: Callable[[User, B], Reply]) -> Callable[[Client, User, B],
                                                               Awaitable[Reply]]:
    """A CALL handler for work done at once on the loop (no database, no wait)."""
    async def run(_client: Client, user: User, body: B) -> Reply:
        return handler(user, body)
    return run


def auth(body: type[B], handler: Callable[[Client, B], Awaitable[Reply]]) -> Route:
    return Route(body, Kind.AUTH, handler)


class SessionRequests(Protocol):
    """Logging in and out (server/sessions.py)."""

    async def login(self, client: Client, body: rq.Login) -> Reply: ...
    async def resume(self, client: Client, body: rq.Resume) -> Reply: ...
    async def logout(self, client: Client, user: User, body: rq.Logout, rid: str) -> None: ...


class ServerRequests(Protocol):
    """The requests the room server answers with its own state (the hub, the log)."""

    async def ping(self, client: Client, user: User, body: rq.Ping) -> Reply: ...
    async def users_list(self, client: Client, user: User, body: rq.UsersList) -> Reply: ...
    async def meetings_list(self, client: Client, user: User,
                            body: rq.MeetingsList) -> Reply: ...
    async def subscribe(self, client: Client, user: User,
                        body: rq.MeetingSubscribe) -> Reply: ...
    async def unsubscribe(self, client: Client, user: User,
                          body: rq.MeetingUnsubscribe) -> Reply: ...
    def share_released(self, user: User, body: prq.PollBoxRelease, result: Reply) -> None: ...
    def notes_changed(self, user: User, body: rq.NotesPut | rq.NotesDelete,
                      result: Reply) -> None: ...


def table(server: ServerRequests, sessions: SessionRequests, *, blobs: BlobService,
          ballots: BallotBox, presenter: Presenter, minutes_files: MinutesFiles,
          peers: PeerDirectory, unsealed_secret: bool) -> dict[str, Route]:
    """Every request type's route (``unsealed_secret``: this room opens secret polls
    without a sealed box)."""
    routes = [
        auth(rq.Login, sessions.login),
        auth(rq.Resume, sessions.resume),
        stream(rq.Logout, sessions.logout),
        call(rq.Ping, server.ping),
        call(rq.UsersList, server.users_list),
        call(rq.MeetingsList, server.meetings_list),
        call(rq.MeetingSubscribe, server.subscribe),
        call(rq.MeetingUnsubscribe, server.unsubscribe),
        command(rq.MeetingCreate, commands.meeting_create),
        command(rq.MeetingUpdate, commands.meeting_update),
        command(rq.MeetingPublish, commands.meeting_publish),
        command(rq.ParticipantsSet, commands.participants_set),
        command(rq.AgendaAdd, commands.agenda_add),
        command(rq.AgendaUpdate, commands.agenda_update),
        command(rq.AgendaMove, commands.agenda_move),
        command(rq.AgendaRemove, commands.agenda_remove),
        command(rq.DocumentAttach, commands.document_attach),
        command(rq.DocumentRemove, commands.document_remove),
        command(rq.DocumentReplace, commands.document_replace),
        command(rq.DocumentLabel, commands.document_label),
        call(rq.BlobStatus, lambda client, _user, body: blobs.status(client, body)),
        stream(rq.BlobGet, blobs.get),
        call(rq.PeerOffer, peers.offer),
        call(rq.PeerFind, peers.find),
        call(rq.PeerHeld, peers.held),
        call(rq.PeerReport, peers.report),
        read(rq.MinutesGet, minutes.minutes_get),
        command(rq.MinutesSave, minutes.minutes_save),
        command(rq.MinutesSubmit, minutes.minutes_submit),
        command(rq.MinutesReview, minutes.minutes_review),
        command(rq.MinutesReopen, minutes.minutes_reopen),
        prepared(rq.MinutesFinalise, minutes_files.prepare_finalise),
        prepared(rq.MinutesSignUpload, minutes_files.prepare_sign),
        command(rq.LivePhase, live.live_phase),
        command(rq.LiveCurrentItem, live.live_current_item),
        command(rq.LiveQuorum, live.live_quorum),
        command(rq.AttendanceSet, live.attendance_set),
        command(rq.AttendanceCheckIn, live.attendance_check_in),
        command(rq.ProxiesSet, live.proxies_set),
        command(rq.SpeakersRequest, live.speakers_request),
        command(rq.SpeakersGrant, live.speakers_grant),
        command(rq.SpeakersEnd, live.speakers_end),
        command(rq.SpeakersOrder, live.speakers_order),
        command(rq.SpeakersLimit, live.speakers_limit),
        command(prq.PollCreate, polls.poll_create),
        command(prq.PollUpdate, polls.poll_update),
        command(prq.PollOpen, functools.partial(polls.poll_open,
                                               unsealed_secret=unsealed_secret)),
        command(prq.PollClose, polls.poll_close, truncates_wal=True),
        command(prq.PollCancel, polls.poll_cancel, truncates_wal=True),
        read(prq.PollRecord, polls.poll_record),
        call(prq.BallotCast, lambda _client, user, body: ballots.cast(user, body)),
        command(prq.TrusteeKey, box.trustee_key),
        read(prq.TrusteeKeys, box.trustee_keys),
        read(prq.PollBoxGet, box.box_get),
        command(prq.PollBoxClaim, box.box_claim),
        command(prq.PollBoxRelease, box.box_release, before_events=server.share_released),
        command(prq.PollBoxPublish, box.box_publish, truncates_wal=True),
        command(prq.PollBoxAbandon, box.box_abandon, truncates_wal=True),
        call(rq.PresenterShow, _at_once(presenter.show)),
        call(rq.PresenterStop, _at_once(presenter.stop)),
        command(rq.NotesPut, notes.notes_put, after_reply=server.notes_changed),
        command(rq.NotesDelete, notes.notes_delete, after_reply=server.notes_changed),
        read(rq.NotesList, notes.notes_list),
    ]
    out = {r.body.TYPE: r for r in routes}
    assert out.keys() == REQUESTS.keys() and len(out) == len(routes), "one route per type"
    return out
