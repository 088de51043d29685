"""The client sync engine: login, resume, subscriptions, outbox and downloads on its own loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import re
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from meetingroom.atomic_files import private_dir
from meetingroom.credentials import Credentials
from meetingroom.domain.events import EventKind, MeetingEvent, apply_event
from meetingroom.domain.minutes import MinutesStatus, MinutesVersion
from meetingroom.domain.model import Document, MeetingSnapshot, User
from meetingroom.errors import (
    AuthError,
    BlobIntegrityError,
    ConnectionLostError,
    MeetingroomError,
    NotFoundError,
    ProtocolVersionError,
    SessionExpiredError,
)
from meetingroom.protocol.limits import PROTOCOL_VERSION
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.backoff import Backoff
from meetingroom.sync.ballots import BallotSender
from meetingroom.sync.carry import NotesCarry
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.downloader import Downloads, PartialDownload
from meetingroom.sync.live import LiveCalls
from meetingroom.sync.notes import NotesCalls
from meetingroom.sync.redial import Redial
from meetingroom.sync.trustee import TrusteeDesk
from meetingroom.sync.uploads import upload_blob

log = logging.getLogger("meetingroom.sync")

_DISCONNECTED = frozenset({ev.ConnectionState.OFFLINE, ev.ConnectionState.RECONNECTING,
                           ev.ConnectionState.CONNECTING})
T = TypeVar("T")
Listener = Callable[[ev.EngineEvent], None]


class SyncEngine(LiveCalls, NotesCalls, NotesCarry):
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
        self._lock = threading.Lock()
        self._snapshots: dict[str, MeetingSnapshot] = {}
        self._synced: dict[str, datetime | None] = {}
        self._state = ev.ConnectionState.LOGGED_OUT
        self._user: User | None = None
        self._url = ""
        self._token: str | None = None
        self._tsa: Any = None
        """The ``tsa`` field of the last login/resume reply (see ``tsa_url``)."""
        self.protocol_version = protocol_version
        """The protocol version this engine speaks (another one only in tests)."""
        self._server_version = ""
        self._version_problem: ProtocolVersionError | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._link: ServerLink | None = None
        self._runner: asyncio.Task[None] | None = None
        self._stopping: set[asyncio.Task[Any]] = set()
        self._waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._reading: list[str] = []
        """Documents open in a reader while still downloading, most recent last."""
        self._presented: dict[str, str] = {}
        """Meeting id → the document id its presenter shows."""
        self._downloads = Downloads(self.blobs, wanted=self._wanted,
                                    emit=self._on_download_event, first=self._first)
        self._carry_pending: set[str] = set()
        self._carry_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._booted = asyncio.Event()
        self._state_since = datetime.now(UTC)
        self._offline_since: datetime | None = None
        self._online = asyncio.Event()
        self._retry_now = asyncio.Event()
        """Set by :meth:`reconnect_now`: ends the wait before the next reconnect attempt."""
        self._flush_lock = asyncio.Lock()
        self.ballot_sender = BallotSender(self.cache, self._emit)
        self.trustee = TrusteeDesk(self.cache, user=lambda: self.user, snapshot=self.snapshot,
                                   request=self._request_now, command=self._command,
                                   spawn=lambda coro: self._spawn(self._safe(coro)))
        """This device as a trustee of sealed polls (``sync/trustee.py``)."""

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> None:
        """Start the engine thread and report what the cache holds."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="meetingroom-sync", daemon=True)
        self._thread.start()
        ready.wait()
        self._submit(self._boot())  # reports MeetingsChanged; login/resume wait for it

    def stop(self) -> None:
        """Stop syncing and join the engine thread (blocking)."""
        if self._loop is None or self._thread is None:
            return
        try:
            self._submit(self._shutdown()).result(timeout=15)
        except Exception:
            log.exception("the sync engine did not shut down cleanly")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop = None
        self.cache.close()

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        if self._loop is None:
            raise RuntimeError("the sync engine is not started")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    async def _boot(self) -> None:
        rows = await asyncio.to_thread(self.cache.meetings)
        with self._lock:
            for row in rows:
                self._snapshots[row.snapshot.meeting.id] = row.snapshot
                self._synced[row.snapshot.meeting.id] = row.synced_at
        self._url = self.cache.get_meta("server_url")
        user_json = self.cache.get_meta("user")
        self._user = User.from_dict(json.loads(user_json)) if user_json else None
        self._emit(ev.MeetingsChanged(tuple(self.cached_meetings())))
        self._set_state(ev.ConnectionState.OFFLINE if self._user else
                        ev.ConnectionState.LOGGED_OUT)
        self._emit(ev.OutboxChanged(len(self.cache.outbox())))
        self._booted.set()
        self._carry_soon()  # offline too: both versions may be on disk already

    async def _shutdown(self) -> None:
        """Stop the connection and every task on the loop (pending commands stay in the outbox)."""
        await self._stop_runner()
        me = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not me]
        for t in others:
            t.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- reporting -----------------------------------------------------------------
    def _on_download_event(self, event: ev.EngineEvent) -> None:
        self._emit(event)
        if isinstance(event, ev.DocumentAvailable):
            self._carry_soon()

    def _carry_meetings(self) -> list[str]:
        with self._lock:
            return [mid for mid, snap in self._snapshots.items()
                    if any(d.replaces for d in snap.documents)]

    def _emit(self, event: ev.EngineEvent) -> None:
        try:
            self._listener(event)
        except Exception:
            log.exception("engine listener failed")

    def _set_state(self, state: ev.ConnectionState, detail: str = "",
                   retry_in: float | None = None) -> None:
        """Report the connection state; ``since`` is when the server was last reachable
        for the offline states, so "offline since 14:05" does not creep with each retry."""
        changed = state is not self._state
        self._state = state
        now = datetime.now(UTC)
        if state is ev.ConnectionState.ONLINE:
            self._offline_since = None
        elif state in _DISCONNECTED and self._offline_since is None:
            self._offline_since = now
        if changed or retry_in is not None:
            if changed:
                self._state_since = now
            since = (self._offline_since if state in _DISCONNECTED and self._offline_since
                     else self._state_since)
            self._emit(ev.ConnectionChanged(state, since, detail, retry_in))

    # -- thread-safe reads -----------------------------------------------------------
    @property
    def state(self) -> ev.ConnectionState:
        return self._state

    @property
    def link(self) -> ServerLink | None:
        return self._link

    @property
    def user(self) -> User | None:
        return self._user

    @property
    def server_url(self) -> str:
        return self._url

    @property
    def server_version(self) -> str:
        """The server's Meetingroom version, as its last login/resume reply said ("" before
        one, or from a server older than 0.2.0, which does not say)."""
        return self._server_version

    @property
    def version_problem(self) -> ProtocolVersionError | None:
        """Why the server and this app cannot talk (state ``UPDATE_REQUIRED``), or None."""
        return self._version_problem

    @property
    def tsa_url(self) -> str | None:
        """The room server's RFC 3161 timestamp service, as its last login/resume reply
        advertised it, on the server URL's host; None when it offers none (or not yet)."""
        return _tsa_url(self._url, self._tsa)

    def saved_login(self) -> tuple[str, str]:
        return self.cache.get_meta("server_url"), self.cache.get_meta("username")

    def cached_meetings(self) -> list[ev.CachedMeeting]:
        with self._lock:
            out = [ev.CachedMeeting(s.meeting, s.rev, self._synced.get(mid))
                   for mid, s in self._snapshots.items()]
        return sorted(out, key=lambda c: (c.meeting.starts_at, c.meeting.title))

    def snapshot(self, meeting_id: str) -> MeetingSnapshot | None:
        with self._lock:
            return self._snapshots.get(meeting_id)

    def is_document_ready(self, sha256: str) -> bool:
        """Cheap (stat only): complete and verified since it last changed on disk."""
        return self.blobs.is_verified(sha256)

    def ready_path(self, sha256: str) -> Path | None:
        """The file of a verified document without hashing anything (safe on a GUI thread).

        None when it is missing or not verified yet; ``document_path`` (off the GUI
        thread) verifies it.
        """
        return self.blobs.path(sha256) if self.blobs.is_verified(sha256) else None

    def partial_download(self, sha256: str) -> PartialDownload | None:
        """The partial file of a document of a cached meeting that is not complete on
        disk (stat only: safe on a GUI thread); None when no cached meeting has it.

        Its bytes are unverified: open them only in the sandboxed render process.
        """
        size = self._wanted().get(sha256)
        if size is None:
            return None
        return PartialDownload(self.blobs.partial_path(sha256),
                               self.blobs.partial_size(sha256), size)

    def reading(self, sha256: str, now: bool) -> None:
        """A reader opened (``now``) or closed a document still downloading: fetch it
        before every other (any thread)."""
        with self._lock:
            if sha256 in self._reading:
                self._reading.remove(sha256)
            if now:
                self._reading.append(sha256)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._downloads.hurry)

    def _first(self) -> list[str]:
        """The documents to fetch first: those being read (the latest opened first),
        then the ones presenters show."""
        with self._lock:
            first = self._reading[::-1]
            snaps = [(self._snapshots.get(mid), doc) for mid, doc in self._presented.items()]
        for snap, doc_id in snaps:
            first += [d.sha256 for d in (snap.documents if snap else ()) if d.id == doc_id]
        return first

    def _presenter(self, data: dict[str, Any]) -> None:
        mid, shown = data.get("meeting_id"), data.get("shown")
        if isinstance(mid, str):
            doc = shown.get("document_id") if isinstance(shown, dict) else None
            with self._lock:
                if isinstance(doc, str):
                    self._presented[mid] = doc
                else:
                    self._presented.pop(mid, None)
            self._downloads.hurry()
        self._on_presenter(data)

    def document_path(self, sha256: str) -> Path | None:
        """The verified file of a complete document, or None (a corrupt one is re-fetched)."""
        try:
            return self.blobs.verified_path(sha256)
        except NotFoundError:
            return None
        except BlobIntegrityError:
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._downloads.wake)
            return None

    # -- session ---------------------------------------------------------------------
    def login(self, url: str, username: str, password: str, *,
              remember: bool) -> concurrent.futures.Future[User]:
        return self._submit(self._login(url.strip(), username.strip(), password, remember))

    def resume(self) -> concurrent.futures.Future[User | None]:
        return self._submit(self._resume())

    def logout(self, *, forget: bool = True) -> concurrent.futures.Future[None]:
        return self._submit(self._logout(forget))

    def reconnect_now(self) -> None:
        """Try to reach the server at once instead of waiting out the backoff (any thread).

        Does nothing while connected, logged out or waiting for an update: only the
        reconnect loop of a saved session listens. The backoff starts again from its
        first step, since the user just saw the server come back.
        """
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._retry_now.set)

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
            res = await link.request("login", {"username": username, "password": password})
        except ProtocolVersionError as e:
            await link.close()
            self._version_refused(e, url)
            raise
        except BaseException:
            await link.close()
            self._set_state(ev.ConnectionState.LOGGED_OUT)
            raise
        self._version_accepted(res)
        user = User.from_dict(res["user"])
        if (self.cache.get_meta("server_url"), self.cache.get_meta("user_id")) != (url, user.id):
            await self._forget_local_data()
        self._token = str(res["token"])
        self._user, self._url = user, url
        self._tsa = res.get("tsa")
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

    def _version_accepted(self, reply: dict[str, Any]) -> None:
        """A login or resume succeeded: remember the server's version (``server`` field)."""
        self._version_problem = None
        server = reply.get("server")
        version = server.get("version") if isinstance(server, dict) else None
        self._server_version = version[:40] if isinstance(version, str) else ""
        log.info("server Meetingroom %s", self._server_version or "before 0.2.0")

    def _version_refused(self, error: ProtocolVersionError, url: str) -> None:
        self._version_problem = error
        log.warning("%s refused protocol %d (it speaks %s, Meetingroom %s): %s", url,
                    error.client_protocol,
                    "another" if error.server_protocol is None else error.server_protocol,
                    error.server_version or "before 0.2.0",
                    "update the app" if error.client_is_older else "the server is older")
        self._set_state(ev.ConnectionState.UPDATE_REQUIRED, error.message)

    async def _logout(self, forget: bool) -> None:
        self.trustee.forget()
        link = self._link
        if link is not None:
            with contextlib.suppress(MeetingroomError):
                await link.request("logout", {}, timeout=3)
        await self._stop_runner()
        url, username = self.saved_login()
        if forget:
            self.credentials.forget_token(url, username)
        self._token = None
        self._tsa = None
        self._set_state(ev.ConnectionState.LOGGED_OUT)

    async def _forget_local_data(self) -> None:
        """Another user or server: drop cached meetings, documents and pending commands."""
        self.cache.clear_meetings()
        self.cache.outbox_clear()
        self.cache.ballots_clear()
        self.cache.notes_clear()
        with self._lock:
            gone = list(self._snapshots)
            self._snapshots.clear()
            self._synced.clear()
        for mid in gone:
            self._emit(ev.MeetingRemoved(mid))
        await asyncio.to_thread(self._remove_unreferenced_blobs)
        self._emit(ev.MeetingsChanged(()))

    def _remove_unreferenced_blobs(self) -> None:
        keep = set(self._wanted())
        for sub in self.blobs.root.iterdir():
            if sub.is_dir() and len(sub.name) == 2:
                for f in sub.iterdir():
                    if f.name not in keep:
                        f.unlink(missing_ok=True)
        for f in (self.blobs.root / "partial").iterdir():
            if f.name.removesuffix(".part") not in keep:
                f.unlink(missing_ok=True)

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

    # -- connection loop ---------------------------------------------------------------
    async def _run(self, link: ServerLink | None) -> None:
        was_online = link is not None
        refusals = 0  # resumes the server answered with an error, in a row
        me = asyncio.current_task()
        while me not in self._stopping:
            if link is None:
                if was_online:
                    self._set_state(ev.ConnectionState.RECONNECTING)
                elif self._state is not ev.ConnectionState.OFFLINE:
                    # once offline, retries stay "offline" instead of flickering
                    self._set_state(ev.ConnectionState.CONNECTING)
                waiting = (ev.ConnectionState.RECONNECTING if was_online
                           else ev.ConnectionState.OFFLINE)
                self._retry_now.clear()  # a press from now on starts an attempt at once
                try:
                    link = await self._redial.reach(
                        self._url, self._dial, wake=self._retry_now,
                        waiting=functools.partial(self._waiting, waiting))
                    res = await link.request("resume", {"token": self._token or ""}, timeout=15)
                    self._tsa = res.get("tsa")
                    self._version_accepted(res)
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
        downloads = asyncio.get_running_loop().create_task(self._downloads.run(link))
        try:
            await self._flush_outbox(link)
            self._spawn(self._safe(self.ballot_sender.flush(link)))
            await self._relist(link)
            try:
                await link.closed.wait()
            finally:  # every meeting matched the server until the link closed
                heard = link.heard_until()
                self._synced_until(heard)
                self._offline_since = heard  # "offline since" the server was last heard
        finally:
            downloads.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await downloads

    # -- meetings ----------------------------------------------------------------------
    async def _relist(self, link: ServerLink) -> None:
        res = await link.request("meetings.list")
        visible = {str(m["meeting"]["id"]) for m in res.get("meetings", [])}
        with self._lock:
            gone = [mid for mid in self._snapshots if mid not in visible]
        for mid in gone:
            self.cache.remove_meeting(mid)
            with self._lock:
                self._snapshots.pop(mid, None)
                self._synced.pop(mid, None)
            self._emit(ev.MeetingRemoved(mid))
        if gone:
            await asyncio.to_thread(self._remove_unreferenced_blobs)
        await asyncio.gather(*(self._subscribe(link, mid) for mid in visible))
        now = datetime.now(UTC)
        self.cache.touch_meetings()
        with self._lock:
            for mid in self._snapshots:
                self._synced[mid] = now
        self._emit(ev.MeetingsChanged(tuple(self.cached_meetings())))
        self._downloads.wake()

    async def _subscribe(self, link: ServerLink, meeting_id: str) -> None:
        cur = self.snapshot(meeting_id)
        res = await link.request("meeting.subscribe",
                                 {"meeting_id": meeting_id, "since_rev": cur.rev if cur else 0})
        if isinstance(res.get("server_time"), int | float):
            self.server_offset = float(res["server_time"]) - time.time()
        if "snapshot" in res:
            snap = MeetingSnapshot.from_dict(res["snapshot"])
            self._store(snap, ())
        else:
            self._apply([MeetingEvent.from_dict(e) for e in res.get("events", [])])
        if isinstance(res.get("presenter"), dict):
            self._presenter({"meeting_id": meeting_id, "shown": res["presenter"]})
        self._spawn(self._safe(self._sync_notes(link, meeting_id, carry=True)))
        self._spawn(self._safe(self.trustee.register(meeting_id)))
        synced = self.snapshot(meeting_id)
        for poll in () if synced is None else synced.polls:
            self.trustee.on_poll(meeting_id, poll)

    def _synced_until(self, when: datetime) -> None:
        """The cache matched the server until ``when`` (the link just closed): the
        "as of" time shown while offline, and after a restart without the server."""
        self.cache.touch_meetings(when.timestamp())
        with self._lock:
            for mid in self._snapshots:
                self._synced[mid] = max(when, self._synced.get(mid) or when)
        self._emit(ev.MeetingsChanged(tuple(self.cached_meetings())))

    def synced_at(self, meeting_id: str) -> datetime | None:
        """When the cached meeting last matched the server (UTC; any thread), or None."""
        with self._lock:
            return self._synced.get(meeting_id)

    def _store(self, snap: MeetingSnapshot, changes: tuple[MeetingEvent, ...]) -> None:
        self.cache.save_meeting(snap, synced=True)
        with self._lock:
            self._snapshots[snap.meeting.id] = snap
            self._synced[snap.meeting.id] = datetime.now(UTC)
        self._emit(ev.MeetingUpdated(snap, changes))
        self._downloads.wake()

    def _apply(self, events: list[MeetingEvent]) -> bool:
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
            self._on_live_events(applied)
            if any(e.kind is EventKind.DOCUMENT_UPSERTED for e in applied):
                self._carry_soon(snap.meeting.id)
        return not gap

    def _on_push(self, m: dict[str, Any]) -> None:
        link = self._link
        if m["type"] == "event":
            try:
                event = MeetingEvent.from_dict(m["event"])
            except (KeyError, ValueError, TypeError):
                log.warning("ignoring a malformed event")
                return
            known = self.snapshot(event.meeting_id) is not None
            if (not known or not self._apply([event])) and link is not None:
                self._spawn(self._safe(self._subscribe(link, event.meeting_id)))
        elif m["type"] == "notice" and m.get("kind") == "meetings.changed" and link is not None:
            self._spawn(self._safe(self._relist(link)))
        elif m["type"] == "notice" and m.get("kind") == "presenter":
            self._presenter(m.get("data") or {})
        elif m["type"] == "notice" and m.get("kind") == "poll.box.share":
            self.trustee.on_share(m.get("data") or {})
        elif (m["type"] == "notice" and m.get("kind") == "notes.changed" and link is not None
              and isinstance((m.get("data") or {}).get("meeting_id"), str)):
            self._spawn(self._safe(self._pull_notes(link, m["data"]["meeting_id"], carry=True)))

    async def _safe(self, coro: Coroutine[Any, Any, Any]) -> None:
        try:
            await coro
        except MeetingroomError as e:
            log.info("background sync step failed: %s", e.code)

    # -- commands (outbox) ---------------------------------------------------------------
    def command(self, mtype: str, body: dict[str, Any]
                ) -> concurrent.futures.Future[dict[str, Any]]:
        """Queue a state-changing command; it is retried until the server acknowledges it."""
        return self._submit(self._command(mtype, body))

    async def _command(self, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        rid = "c" + uuid.uuid4().hex
        self.cache.outbox_add(rid, mtype, body)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiters[rid] = fut
        self._emit(ev.OutboxChanged(len(self.cache.outbox())))
        if self._link is not None:
            self._spawn(self._flush_outbox(self._link))
        return await fut

    async def _flush_outbox(self, link: ServerLink) -> None:
        async with self._flush_lock:
            for entry in self.cache.outbox():
                try:
                    result = await link.request(entry.type, entry.body, rid=entry.request_id)
                except ConnectionLostError:
                    return
                except MeetingroomError as e:
                    self.cache.outbox_remove(entry.request_id)
                    self._finish(entry.request_id, entry.type, None, e)
                    continue
                self.cache.outbox_remove(entry.request_id)
                self._finish(entry.request_id, entry.type, result, None)

    def _finish(self, rid: str, mtype: str, result: dict[str, Any] | None,
                error: MeetingroomError | None) -> None:
        fut = self._waiters.pop(rid, None)
        if fut is not None and not fut.done():
            if error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(result or {})
        self._emit(ev.CommandFinished(rid, mtype, result, error))
        self._emit(ev.OutboxChanged(len(self.cache.outbox())))

    def list_users(self) -> concurrent.futures.Future[list[User]]:
        return self._submit(self._list_users())

    async def _list_users(self) -> list[User]:
        link = await self._require_link()
        res = await link.request("users.list")
        return [User.from_dict(u) for u in res.get("users", [])]

    async def _request_now(self, mtype: str, body: dict[str, Any]) -> dict[str, Any]:
        """A request that needs the server now (waiting briefly for a reconnection), with
        an id of its own: the server remembers a command's id per user, across devices,
        so a link's running count would collide with another device's."""
        link = await self._require_link(wait=15.0)
        return await link.request(mtype, body, rid="n" + uuid.uuid4().hex)

    async def _require_link(self, wait: float = 0.0) -> ServerLink:
        if self._link is None and wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._online.wait(), wait)
        if self._link is None:
            raise ConnectionLostError("not connected to the server")
        return self._link

    # -- uploads -----------------------------------------------------------------------
    def upload_document(self, meeting_id: str, item_id: str, path: Path, *,
                        name: str | None = None, replaces: str | None = None
                        ) -> concurrent.futures.Future[Document]:
        """Upload ``path`` and attach it to ``item_id`` — or, with ``replaces`` (a current
        document's id), make it that document's new version."""
        return self._submit(self._upload(meeting_id, item_id, path, name or path.name,
                                         replaces))

    async def _upload(self, meeting_id: str, item_id: str, path: Path, name: str,
                      replaces: str | None) -> Document:
        sha = await upload_blob(path, link=lambda wait: self._require_link(wait=wait),
                                emit=self._emit)
        if replaces is None:
            result = await self._command("document.attach", {
                "meeting_id": meeting_id, "item_id": item_id, "name": name, "sha256": sha})
        else:
            result = await self._command("document.replace", {
                "meeting_id": meeting_id, "document_id": replaces, "name": name,
                "sha256": sha})
        return Document.from_dict(result["document"])

    def _wanted(self) -> dict[str, int]:
        """Every document and minutes PDF of every cached meeting: sha256 -> size."""
        with self._lock:
            snaps = list(self._snapshots.values())
        out = {d.sha256: d.size for s in snaps for d in s.documents}
        for s in snaps:
            minutes = s.minutes
            if minutes is not None:
                files = [minutes.pdf, minutes.signed.file if minutes.signed else None]
                out.update((f.sha256, f.size) for f in files if f is not None)
        return out

    # -- minutes -----------------------------------------------------------------------
    def minutes_get(self, meeting_id: str, version: int | None = None
                    ) -> concurrent.futures.Future[MinutesVersion]:
        """One saved version of the minutes with its text (the latest without ``version``).

        Needs the server (the draft text is not kept offline); only the meeting's
        writers and chair may read it (``ForbiddenError`` otherwise).
        """
        return self._submit(self._minutes_get(meeting_id, version))

    async def _minutes_get(self, meeting_id: str, version: int | None) -> MinutesVersion:
        link = await self._require_link()
        body: dict[str, Any] = {"meeting_id": meeting_id}
        if version is not None:
            body["version"] = version
        return MinutesVersion.from_dict(await link.request("minutes.get", body))

    def upload_signed_minutes(self, meeting_id: str, path: Path
                              ) -> concurrent.futures.Future[MinutesStatus]:
        """Upload a signed PDF of the minutes (resumable) and hand it to the server, which
        validates it and answers with the new status (or ``SignatureInvalidError``)."""
        return self._submit(self._upload_signed_minutes(meeting_id, path))

    async def _upload_signed_minutes(self, meeting_id: str, path: Path) -> MinutesStatus:
        sha = await upload_blob(path, link=lambda wait: self._require_link(wait=wait),
                                emit=self._emit)
        result = await self._command("minutes.sign_upload",
                                     {"meeting_id": meeting_id, "sha256": sha})
        return MinutesStatus.from_dict(result["minutes"])


def _tsa_url(server_url: str, advert: Any) -> str | None:
    """``scheme://<server host>:port/path`` from a ``tsa`` advert (or the external ``url``
    it names); None if absent or malformed."""
    if not isinstance(advert, dict) or not server_url:
        return None
    if "url" in advert:  # an external service the administrator configured
        url = advert["url"]
        if (isinstance(url, str) and len(url) <= 2000
                and urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname):
            return url
        return None
    scheme, port, path = advert.get("scheme"), advert.get("port"), advert.get("path")
    host = urlsplit(server_url).hostname
    if (scheme not in ("http", "https") or type(port) is not int or not 0 < port < 65536
            or not isinstance(path, str) or not re.fullmatch(r"/[A-Za-z0-9._~/-]{0,200}", path)
            or not host):
        return None
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}{path}"
