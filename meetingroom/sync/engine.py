"""The client sync engine: its loop and thread, the session with the server, and its parts.

``SyncEngine`` owns the asyncio loop the sync runs on, logs in, resumes and reconnects
(``sync/redial.py``), and wires its parts together; each part owns its state and gets
only the few callables it needs: ``engine.meetings`` (``meetings.py``), ``documents``
(``documents.py``), ``outbox`` (``outbox.py``), ``notes`` (``notes.py``, with
``carry.py``), ``voting`` (``voting.py``, with ``ballots.py`` and ``trustee.py``),
``presenter`` (``presenter.py``), ``uploads`` (``uploads.py``) and ``minutes``
(``minutes.py``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import socket
import ssl
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meetingroom.allocator import keep_large_buffers
from meetingroom.atomic_files import private_dir
from meetingroom.credentials import Credentials
from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.errors import (
    AuthError,
    ConnectionLostError,
    MeetingroomError,
    ProtocolError,
    ProtocolVersionError,
    SessionExpiredError,
)
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.limits import PROTOCOL_VERSION
from meetingroom.protocol.replies import LoginReply, UsersReply
from meetingroom.protocol.server_messages import (
    EventPush,
    MeetingsChanged,
    NotesChangedNotice,
    PresenterNotice,
    ServerPush,
    ShareNotice,
    Shown,
)
from meetingroom.protocol.wire_json import Wire
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.backoff import Backoff
from meetingroom.sync.ballots import BallotSender
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.documents import Documents
from meetingroom.sync.link_state import LinkState
from meetingroom.sync.loop_thread import LoopThread
from meetingroom.sync.meetings import Meetings
from meetingroom.sync.minutes import Minutes
from meetingroom.sync.notes import Notes
from meetingroom.sync.outbox import Outbox
from meetingroom.sync.peers import Peers
from meetingroom.sync.presenter import Presenter
from meetingroom.sync.redial import Redial
from meetingroom.sync.server_info import ServerInfo
from meetingroom.sync.trustee import TrusteeDesk
from meetingroom.sync.uploads import Uploads
from meetingroom.sync.voting import Voting

log = logging.getLogger("meetingroom.sync")

Listener = Callable[[ev.EngineEvent], None]


class SyncEngine:
    """Keeps the local cache in step with the server, whatever the network does.

    Public methods are thread-safe: the ones returning a Future run on the engine's
    own asyncio loop; the cache readers are cheap and may be called from any thread.
    The listener is called on the engine thread.
    """

    def __init__(self, data_dir: Path, *, listener: Listener,
                 credentials: Credentials | None = None, backoff: Backoff | None = None,
                 connect_timeout: float = 10.0, ca_file: Path | None = None,
                 protocol_version: int = PROTOCOL_VERSION) -> None:
        self.data_dir = data_dir
        private_dir(data_dir)  # ballots, notes, documents: the user's alone
        self.cache = ClientCache(data_dir / "cache.sqlite")
        self.blobs = BlobStore(data_dir / "blobs")
        self.credentials = credentials or Credentials()
        self.backoff = backoff or Backoff()
        self._redial = Redial(self.backoff)
        """Reconnect attempts after a drop (``sync/redial.py``)."""
        self.connect_timeout = connect_timeout
        self._ssl = ssl.create_default_context(cafile=str(ca_file)) if ca_file else None
        self.ca_file = ca_file
        """The room's CA for wss:// (e.g. the room server's own; None: the system's), also
        trusted for the room's https timestamp service."""
        self._listener = listener
        self._status = LinkState(self._emit)
        self._user: User | None = None
        self._url = ""
        self._token: str | None = None
        self.server = ServerInfo(lambda: self._url)
        """What the server said about itself: version, timestamp service (``server_info.py``)."""
        self.protocol_version = protocol_version
        """The protocol version this engine speaks (another one only in tests)."""
        self._thread = LoopThread()
        """The engine's own loop and thread (``sync/loop_thread.py``)."""
        self._link: ServerLink | None = None
        self._runner: asyncio.Task[None] | None = None
        self._stopping: set[asyncio.Task[Any]] = set()
        self._booted = asyncio.Event()
        self._online = asyncio.Event()
        self._retry_now = asyncio.Event()
        """Set by :meth:`reconnect_now`: ends the wait before the next reconnect attempt."""
        self._make_parts()

    def _make_parts(self) -> None:
        user, link, submit = (lambda: self._user), (lambda: self._link), self._thread.submit
        spawn, spawn_safe = self._thread.spawn, self._thread.spawn_safe
        self.meetings = Meetings(self.cache, emit=self._emit, spawn=spawn_safe,
                                 stored=lambda: self.documents.wake(),
                                 applied=self._applied, subscribed=self._subscribed,
                                 removed=lambda: asyncio.to_thread(
                                     self.documents.remove_unreferenced))
        """The cached meetings, kept in step with the server (``sync/meetings.py``)."""
        self.peers = Peers(self.blobs, folder=self.data_dir / "peer",
                           enabled=lambda: self.server.peers,
                           tls=lambda: self._url.startswith("wss://"),
                           wanted=lambda: self.documents.wanted(),
                           holds=lambda mid, sha: self.documents.holds(mid, sha))
        """This device sharing the pack with others of the room (``sync/peers.py``)."""
        self.documents = Documents(self.blobs, snapshots=self.meetings.snapshots,
                                   snapshot=self.meetings.snapshot,
                                   emit=self._on_download_event, on_loop=self._thread.call_soon,
                                   peers=self.peers)
        """The meetings' files on this device and their downloads (``sync/documents.py``)."""
        self.outbox = Outbox(self.cache, submit=submit, spawn=spawn, emit=self._emit,
                             link=link)
        """State-changing commands, sent until the server answers (``sync/outbox.py``)."""
        self.notes = Notes(self.cache, submit=submit, spawn=spawn, emit=self._emit,
                           link=link, user=user, snapshot=self.meetings.snapshot,
                           snapshots=self.meetings.snapshots,
                           ready_path=self.documents.ready_path)
        """The user's notes, local first and backed up (``sync/notes.py``)."""
        self.ballot_sender = BallotSender(self.cache, self._emit)
        """Sends the stored ballots until the server answers (``sync/ballots.py``)."""
        self.trustee = TrusteeDesk(self.cache, user=user, snapshot=self.meetings.snapshot,
                                   request=self._request_now, command=self.outbox.send,
                                   spawn=spawn_safe)
        """This device as a trustee of sealed polls (``sync/trustee.py``)."""
        self.voting = Voting(self.cache, sender=self.ballot_sender, trustee=self.trustee,
                             submit=submit, spawn=spawn, user=user,
                             snapshot=self.meetings.snapshot, link=link,
                             wait_link=self._require_link, command=self.outbox.send)
        """Ballots, poll records and sealed boxes (``sync/voting.py``)."""
        self.presenter = Presenter(submit=submit, link=self._require_link, emit=self._emit,
                                   showing=self.documents.presenting)
        """Page turns shown to everyone following (``sync/presenter.py``)."""
        self.uploads = Uploads(submit=submit, link=self._require_link, emit=self._emit,
                               command=self.outbox.send)
        """Documents uploaded to a meeting (``sync/uploads.py``)."""
        self.minutes = Minutes(submit=submit, link=self._require_link,
                               command=self.outbox.send, upload=self.uploads.blob)
        """The minutes' text and signed copy (``sync/minutes.py``)."""

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> None:
        """Start the engine thread and report what the cache holds."""
        keep_large_buffers()  # downloads reuse their chunk buffers (meetingroom/allocator.py)
        self._thread.start()
        self._thread.submit(self._boot())  # reports MeetingsChanged; login/resume wait for it

    def stop(self) -> None:
        """Stop syncing and join the engine thread (blocking); pending commands stay in
        the outbox."""
        if self._thread.stop(self._stop_runner):
            self.cache.close()

    async def _boot(self) -> None:
        await self.meetings.load()
        self._url = self.cache.get_meta("server_url")
        user_json = self.cache.get_meta("user")
        self._user = User.from_dict(json.loads(user_json)) if user_json else None
        self._emit(ev.MeetingsChanged(tuple(self.meetings.cached())))
        self._set_state(ev.ConnectionState.OFFLINE if self._user else
                        ev.ConnectionState.LOGGED_OUT)
        self._emit(ev.OutboxChanged(self.outbox.pending()))
        self._booted.set()
        self.notes.carry.soon()  # offline too: both versions may be on disk already

    # -- wiring the parts ----------------------------------------------------------
    def _on_download_event(self, event: ev.EngineEvent) -> None:
        self._emit(event)
        if isinstance(event, ev.DocumentAvailable):
            self.notes.carry.soon()
            self.peers.arrived()

    def _applied(self, snap: MeetingSnapshot, events: list[MeetingEvent]) -> None:
        """Events were applied to a cached meeting."""
        self.voting.on_events(events)
        if any(e.kind is EventKind.DOCUMENT_UPSERTED for e in events):
            self.notes.carry.soon(snap.meeting.id)

    def _subscribed(self, link: ServerLink, meeting_id: str, shown: Shown | None) -> None:
        """A meeting was subscribed: what its presenter shows, its notes, trustee keys."""
        if shown is not None:
            self.presenter.on_notice(PresenterNotice(meeting_id, shown))
        self._thread.spawn_safe(self.notes.sync(link, meeting_id, carry=True))
        self._thread.spawn_safe(self.trustee.register(meeting_id))
        synced = self.meetings.snapshot(meeting_id)
        for poll in () if synced is None else synced.polls:
            self.trustee.on_poll(meeting_id, poll)

    def _on_push(self, push: ServerPush) -> None:
        """What the server sent on its own, checked by the link, to the part it is for."""
        link = self._link
        match push:
            case EventPush(event):
                self.meetings.on_event(link, event)
            case PresenterNotice():
                self.presenter.on_notice(push)
            case ShareNotice():
                self.trustee.on_share(push)
            case MeetingsChanged() if link is not None:
                self._thread.spawn_safe(self.meetings.relist(link))
            case NotesChangedNotice(meeting_id) if link is not None:
                self._thread.spawn_safe(self.notes.pull(link, meeting_id, carry=True))
            case _:
                pass  # a notice kind this client does not know, or no link any more

    # -- reporting -----------------------------------------------------------------
    def _emit(self, event: ev.EngineEvent) -> None:
        try:
            self._listener(event)
        except Exception:
            log.exception("engine listener failed")

    def _set_state(self, state: ev.ConnectionState, detail: str = "",
                   retry_in: float | None = None) -> None:
        self._status.set(state, detail, retry_in)

    # -- thread-safe reads -----------------------------------------------------------
    @property
    def state(self) -> ev.ConnectionState:
        return self._status.state

    @property
    def link(self) -> ServerLink | None:
        return self._link

    @property
    def user(self) -> User | None:
        return self._user

    @property
    def server_url(self) -> str:
        return self._url

    def saved_login(self) -> tuple[str, str]:
        return self.cache.get_meta("server_url"), self.cache.get_meta("username")

    # -- session ---------------------------------------------------------------------
    def login(self, url: str, username: str, password: str, *,
              remember: bool) -> concurrent.futures.Future[User]:
        return self._thread.submit(self._login(url.strip(), username.strip(), password, remember))

    def resume(self) -> concurrent.futures.Future[User | None]:
        return self._thread.submit(self._resume())

    def logout(self, *, forget: bool = True) -> concurrent.futures.Future[None]:
        return self._thread.submit(self._logout(forget))

    def reconnect_now(self) -> None:
        """Try to reach the server at once instead of waiting out the backoff (any thread).

        Does nothing while connected, logged out or waiting for an update: only the
        reconnect loop of a saved session listens. The backoff starts again from its
        first step, since the user just saw the server come back.
        """
        self._thread.call_soon(self._retry_now.set)

    async def _login(self, url: str, username: str, password: str, remember: bool) -> User:
        await self._booted.wait()
        await self._stop_runner()
        self._set_state(ev.ConnectionState.CONNECTING)
        try:
            link = await ServerLink.open(url, on_push=self._on_push, timeout=self.connect_timeout,
                                         ssl_context=self._ssl, protocol=self.protocol_version)
        except ConnectionLostError:
            self._set_state(ev.ConnectionState.LOGGED_OUT if self._user is None
                            else ev.ConnectionState.OFFLINE)
            raise
        try:
            res = LoginReply.from_wire(
                await link.request(rq.Login(username=username, password=password)))
            if res.token is None:
                raise ProtocolError("server sent a login reply without a session token")
        except ProtocolVersionError as e:
            await link.close()
            self._version_refused(e, url)
            raise
        except BaseException:
            await link.close()
            self._set_state(ev.ConnectionState.LOGGED_OUT)
            raise
        self.server.accepted(res)
        user = res.user
        if (self.cache.get_meta("server_url"), self.cache.get_meta("user_id")) != (url, user.id):
            await self._forget_local_data()
        self._token = res.token
        self._user, self._url = user, url
        self.cache.set_meta("server_url", url)
        self.cache.set_meta("username", username)
        self.cache.set_meta("user_id", user.id)
        self.cache.set_meta("user", json.dumps(user.to_dict()))
        remembered = False
        if remember:
            remembered = self.credentials.save_token(url, username, self._token)
        else:
            self.credentials.forget_token(url, username)
        self._emit(ev.SessionStarted(user, url, remembered=remembered))
        self._runner = asyncio.get_running_loop().create_task(self._run(link))
        return user

    async def _resume(self) -> User | None:
        """Continue the saved session; with no saved token, still open the cache (offline).

        Returns the cached user, or None when nobody ever logged in here.
        """
        await self._booted.wait()
        url, username = self.saved_login()
        if not url or not username or self._user is None:
            return None
        token = self.credentials.load_token(url, username)
        if not token:
            self._url = url
            self._emit(ev.SessionStarted(self._user, url, remembered=False))
            self._set_state(ev.ConnectionState.LOGGED_OUT)
            self._emit(ev.AuthRequired(SessionExpiredError("log in again to bring the data up "
                                                           "to date"), username, url))
            return self._user
        self._token, self._url = token, url
        await self._stop_runner()
        self._emit(ev.SessionStarted(self._user, url, remembered=True))
        self._runner = asyncio.get_running_loop().create_task(self._run(None))
        return self._user

    def _version_refused(self, error: ProtocolVersionError, url: str) -> None:
        self.server.refused(error, url)
        self._set_state(ev.ConnectionState.UPDATE_REQUIRED, error.message)

    async def _logout(self, forget: bool) -> None:
        self.trustee.forget()
        link = self._link
        if link is not None:
            with contextlib.suppress(MeetingroomError):
                await link.request(rq.Logout(), timeout=3)
        await self._stop_runner()
        url, username = self.saved_login()
        if forget:
            self.credentials.forget_token(url, username)
        self._token = None
        self.server.logged_out()
        self._set_state(ev.ConnectionState.LOGGED_OUT)

    async def _forget_local_data(self) -> None:
        """Another user or server: drop cached meetings, documents and pending commands."""
        self.cache.outbox_clear()
        self.cache.ballots_clear()
        self.cache.notes_clear()
        self.meetings.clear()
        await asyncio.to_thread(self.documents.remove_unreferenced)
        self._emit(ev.MeetingsChanged(()))

    async def _stop_runner(self) -> None:
        """Stop the connection loop for sure.

        A single ``cancel()`` is not enough on Python 3.11: ``asyncio.wait_for``
        can swallow a cancellation that races with its result. So the loop also
        checks a stop flag, the link is closed (which ends the session), and the
        cancellation is repeated until the task is done.
        """
        runner, self._runner = self._runner, None
        if runner is not None:
            self._stopping.add(runner)
            runner.cancel()
            if self._link is not None:
                await self._link.close()
            while not runner.done():
                await asyncio.wait({runner}, timeout=1.0)
                runner.cancel()
            self._stopping.discard(runner)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                runner.result()
        if self._link is not None:
            await self._link.close()
            self._link = None
        self._online.clear()
        await self.peers.close()

    # -- connection loop ---------------------------------------------------------------
    async def _run(self, link: ServerLink | None) -> None:
        was_online = link is not None
        refusals = 0  # resumes the server answered with an error, in a row
        me = asyncio.current_task()
        while me not in self._stopping:
            if link is None:
                if was_online:
                    self._set_state(ev.ConnectionState.RECONNECTING)
                elif self._status.state is not ev.ConnectionState.OFFLINE:
                    # once offline, retries stay "offline" instead of flickering
                    self._set_state(ev.ConnectionState.CONNECTING)
                waiting = (ev.ConnectionState.RECONNECTING if was_online
                           else ev.ConnectionState.OFFLINE)
                self._retry_now.clear()  # a press from now on starts an attempt at once
                try:
                    link = await self._redial.reach(
                        self._url, self._dial, wake=self._retry_now,
                        waiting=functools.partial(self._waiting, waiting))
                    self.server.accepted(LoginReply.from_wire(
                        await link.request(rq.Resume(token=self._token or ""), timeout=15)))
                except ProtocolVersionError as e:  # no retrying: one of the two needs an update
                    if link is not None:
                        await link.close()
                    self._version_refused(e, self._url)
                    self._emit(ev.AuthRequired(e, self.cache.get_meta("username"), self._url))
                    return
                except AuthError as e:
                    if link is not None:
                        await link.close()
                    log.info("saved session refused: %s", e.code)
                    self._token = None
                    # a refused token is worthless: do not keep it in the keyring
                    self.credentials.forget_token(*self.saved_login())
                    self._set_state(ev.ConnectionState.LOGGED_OUT)
                    self._emit(ev.AuthRequired(e, self.cache.get_meta("username"), self._url))
                    return
                except (ConnectionLostError, MeetingroomError, Exception) as e:
                    if not isinstance(e, MeetingroomError):  # a bug or an odd network error:
                        log.exception("resuming failed unexpectedly")  # keep trying
                        e = ConnectionLostError("the connection failed")
                    if link is not None:
                        await link.close()
                        link = None
                    delay = self._redial.delay(refusals)
                    refusals += 1
                    self._set_state(waiting, e.message, retry_in=delay)
                    await self._pause(delay)
                    continue
            was_online = True
            refusals = 0
            self._link = link
            self._redial.connected()
            try:
                await self._session(link)
            except ConnectionLostError:
                pass
            except Exception:  # never end syncing silently: log, reconnect after a pause
                log.exception("the sync session failed; reconnecting")
                await asyncio.sleep(self.backoff.delay(0))
            finally:
                self._online.clear()
                self._link = None
                self._redial.disconnected()
                await link.close()
                link = None
            if me in self._stopping:
                return
            self._set_state(ev.ConnectionState.RECONNECTING, "connection lost")

    def _waiting(self, state: ev.ConnectionState, why: str, retry_in: float) -> None:
        self._set_state(state, why, retry_in=retry_in)

    async def _pause(self, delay: float) -> None:
        """Wait ``delay`` seconds, or until :meth:`reconnect_now` ends the wait."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._retry_now.wait(), delay)

    async def _dial(self, sock: socket.socket) -> ServerLink:
        return await ServerLink.open(self._url, on_push=self._on_push,
                                     timeout=self.connect_timeout, ssl_context=self._ssl,
                                     protocol=self.protocol_version, sock=sock)

    async def _session(self, link: ServerLink) -> None:
        """Everything done while connected; returns when the link closes."""
        self._online.set()
        self._set_state(ev.ConnectionState.ONLINE)
        downloads = asyncio.get_running_loop().create_task(self.documents.run(link))
        sharing = asyncio.get_running_loop().create_task(self.peers.run(link))
        try:
            await self.outbox.flush(link)
            self._thread.spawn_safe(self.ballot_sender.flush(link))
            await self.meetings.relist(link)
            try:
                await link.closed.wait()
            finally:  # every meeting matched the server until the link closed
                heard = link.heard_until()
                self.meetings.synced_until(heard)
                self._status.heard_until(heard)  # "offline since" the server was last heard
        finally:
            for task in (downloads, sharing):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    # -- requests that need the server now -----------------------------------------------
    def list_users(self) -> concurrent.futures.Future[list[User]]:
        return self._thread.submit(self._list_users())

    async def _list_users(self) -> list[User]:
        link = await self._require_link()
        return list(UsersReply.from_wire(await link.request(rq.UsersList())).users)

    async def _request_now(self, body: Body) -> Wire:
        """A request that needs the server now (waiting briefly for a reconnection), with
        an id of its own: the server remembers a command's id per user, across devices,
        so a link's running count would collide with another device's."""
        link = await self._require_link(wait=15.0)
        return await link.request(body, rid="n" + uuid.uuid4().hex)

    async def _require_link(self, wait: float = 0.0) -> ServerLink:
        if self._link is None and wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._online.wait(), wait)
        if self._link is None:
            raise ConnectionLostError("not connected to the server")
        return self._link
