"""Composition root of the room server: store, blobs, hub, and the websocket handler."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import ssl
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.protocol import CONNECTING

from meetingroom import __version__
from meetingroom.allocator import keep_large_buffers
from meetingroom.atomic_files import private_dir
from meetingroom.domain.model import User
from meetingroom.errors import (
    ForbiddenError,
    MeetingroomError,
    NotAuthenticatedError,
    NotFoundError,
    ProtocolError,
    ProtocolVersionError,
)
from meetingroom.protocol import messages as msg
from meetingroom.protocol.limits import PROTOCOL_VERSION, WS_MAX_SIZE
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.session import BlobPut, SessionState
from meetingroom.server import routes
from meetingroom.server.ballots import BallotBox
from meetingroom.server.blobservice import BlobService
from meetingroom.server.config import ServerConfig
from meetingroom.server.connection_limits import (
    Admission,
    ConnectionLimits,
    DescriptorGuard,
    connections_allowed,
    raise_open_files_limit,
)
from meetingroom.server.datadir import DataDirLock
from meetingroom.server.dbthread import DbThread
from meetingroom.server.hub import Client, Hub
from meetingroom.server.login_throttle import LoginThrottle
from meetingroom.server.meeting_requests import MeetingRequests
from meetingroom.server.minutes_files import MinutesFiles
from meetingroom.server.outbound import Outbound
from meetingroom.server.peers import PeerDirectory
from meetingroom.server.presenter import Presenter
from meetingroom.server.routes import Kind
from meetingroom.server.sessions import Sessions
from meetingroom.server.tsa_http import TsaHttpEndpoint
from meetingroom.signing.tsa import TimestampAuthority
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.server_store import ServerStore, Tx
from meetingroom.storage.upgrade import UpgradePolicy

VOTING_TYPES = ("ballot.", "poll.", "trustee.")
"""Requests whose refusals are logged without the client's address (docs/voting.md)."""
BALLOTS_END = frozenset({"poll.close", "poll.cancel", "poll.box.publish", "poll.box.abandon"})
"""Commands after which a poll's ballots are rewritten or erased: the WAL is truncated
after them, so that no older copy of those pages stays in it (docs/voting.md)."""
log = logging.getLogger("meetingroom.server")

STALE_UPLOAD_SECONDS = 7 * 24 * 3600.0
"""Partial uploads untouched this long are deleted when the server starts."""
HASHING_THREADS = max(1, (os.cpu_count() or 2) // 2)
"""Concurrent password checks: half the cores (one on a 2-core room server)."""
UNLIMITED = 1 << 30
"""The connection cap where the platform has no open-files limit (Windows)."""


class RoomServer:
    """A running meeting-room server. ``await start()``, then ``url``; ``await stop()``."""

    def __init__(self, config: ServerConfig, *, clock: Callable[[], float] = time.time) -> None:
        config.validate()
        self.config = config
        self.clock = clock
        """Wall clock for session expiry (tests pass their own)."""
        private_dir(config.data_dir)
        self._data_lock = DataDirLock(config.data_dir, exclusive=False)
        """Shared with other servers and backups: keeps a restore out while we run."""
        weakref.finalize(self, self._data_lock.release)  # also when __init__ fails below
        # first, before anything else is written: a database this release cannot use is
        # refused unchanged, an older one is backed up and upgraded (or refused)
        self.store = ServerStore.open(config.database_url, clock=clock, policy=UpgradePolicy(
            allow=config.upgrade, dump_dir=config.data_dir,
            without_backup=config.upgrade_without_backup))
        self.db = DbThread()
        self._hashing = ThreadPoolExecutor(max_workers=HASHING_THREADS,
                                           thread_name_prefix="meetingroom-scrypt")
        """Password checks (scrypt, ~45 ms of a core each) on at most half the cores, so a
        room-wide login never starves the event loop of a core."""
        self.blobs = BlobStore(config.data_dir / "blobs")
        self.hub = Hub()
        self.blob_service = BlobService(
            store=self.store, blobs=self.blobs, uploads_root=config.data_dir / "uploads",
            db=self.db, hub=self.hub, check_timeout=config.pdf_check_timeout)
        self.peers = PeerDirectory(enabled=config.peer_sharing, store=self.store,
                                   blobs=self.blobs, db=self.db, hub=self.hub, clock=clock)
        self._server: Server | None = None
        self.limits = ConnectionLimits(max_total=config.max_connections or UNLIMITED,
                                       max_per_address=config.max_per_address)
        """Open TCP connections, counted from the accept (set at start from the
        open-files limit when ``config.max_connections`` is None)."""
        self._guard: DescriptorGuard | None = None
        self._accepted: weakref.WeakSet[ServerConnection] = weakref.WeakSet()
        """Every connection accepted and not yet collected, handshake done or not."""
        self._poller: asyncio.Task[None] | None = None
        self._last_seq = 0
        self.throttle = LoginThrottle(time.monotonic if clock is time.time else clock)
        """Failed logins and resumes: growing delays, never a lockout (login_throttle.py)."""
        self._closing: set[asyncio.Future[None]] = set()
        self._catch_up_lock = asyncio.Lock()
        self.tsa: TsaHttpEndpoint | None = None
        """The RFC 3161 timestamp endpoint while running, when ``config.tsa_port`` is set."""
        self._authority = None if config.tsa_port is None else (
            TimestampAuthority.load_or_create(config.data_dir / "tsa", clock=clock))
        self.sessions = Sessions(
            store=self.store, db=self.db, hub=self.hub, throttle=self.throttle,
            hashing=self._hashing, session_hours=config.session_hours, clock=clock,
            tsa_advert=self._tsa_advert, peers=config.peer_sharing)
        self.presenter = Presenter(self.hub, clock=clock)
        self.meeting_requests = MeetingRequests(
            store=self.store, db=self.db, hub=self.hub, presenter=self.presenter,
            catch_up=self._catch_up, snapshot_after=config.snapshot_after, clock=clock)
        self.ballots = BallotBox(self.store, self.db, self._catch_up)
        self.minutes_files = MinutesFiles(
            store=self.store, blobs=self.blobs, db=self.db,
            timestamp_roots=() if self._authority is None else (
                self._authority.certificate_pem(),))
        self.routes = routes.table(
            self.meeting_requests, self.sessions, blobs=self.blob_service, ballots=self.ballots,
            presenter=self.presenter, minutes_files=self.minutes_files, peers=self.peers,
            unsealed_secret=config.allow_unsealed_secret)
        """Every request type's body, handler and rules (server/routes.py), with this
        room's policy for unsealed secret polls."""

    # -- lifecycle -----------------------------------------------------------------
    async def start(self) -> None:
        keep_large_buffers()  # chunk buffers reused, not faulted in again (allocator.py)
        self._last_seq = await self.db.run(self.store.max_seq)
        await self.db.run(self.store.prune_sessions)
        dropped = await asyncio.to_thread(
            self.blob_service.drop_stale_uploads, self.clock() - STALE_UPLOAD_SECONDS)
        if dropped:
            log.info("removed %d abandoned partial upload(s)", dropped)
        ssl_ctx = None
        if self.config.tls:
            ssl_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ssl_ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ssl_ctx.load_cert_chain(str(self.config.certfile), str(self.config.keyfile))
        if self._authority is not None:
            assert self.config.tsa_port is not None
            tsa = TsaHttpEndpoint(self._authority, host=self.config.host,
                                  port=self.config.tsa_port, ssl_context=ssl_ctx)
            await tsa.start()
            self.tsa = tsa
        self._admit_within_open_files()
        try:
            self._server = await serve(
                self._handle, self.config.host, self.config.port, ssl=ssl_ctx,
                compression=None, max_size=WS_MAX_SIZE, max_queue=16,
                ping_interval=20, ping_timeout=20, close_timeout=2,
                open_timeout=self.config.handshake_timeout, server_header=None,
                create_connection=_tracking(self._accepted, self.limits))
        except BaseException:
            if self.tsa is not None:
                await self.tsa.stop()
                self.tsa = None
            self._release_guard()
            raise
        self._poller = asyncio.create_task(self._poll_foreign_events())
        log.info("serving on %s", self.url)
        if self.tsa is not None:
            log.info("timestamp service on %s (certificate at %s.crt)", self.tsa.url,
                     self.tsa.url)

    def _admit_within_open_files(self) -> None:
        """Raise the open-files limit, cap connections below it, and refuse quietly
        when descriptors run out all the same (server/connection_limits.py)."""
        fd_limit = raise_open_files_limit()
        allowed = connections_allowed(fd_limit)
        if self.config.max_connections is None:
            self.limits.max_total = allowed or UNLIMITED
        elif allowed is not None and self.config.max_connections > allowed:
            log.warning("--max-connections %d is more than the open-files limit (%d) "
                        "allows (%d): connections past that are refused when descriptors "
                        "run out", self.config.max_connections, fd_limit, allowed)
        log.info("open-files limit %s: accepting up to %d connections, %d per address",
                 fd_limit if fd_limit is not None else "none", self.limits.max_total,
                 self.limits.max_per_address)
        loop = asyncio.get_running_loop()
        previous = loop.get_exception_handler()

        def fallback(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            if previous is not None:
                previous(loop, context)
            else:
                loop.default_exception_handler(context)

        self._guard = DescriptorGuard(self.limits, fallback)
        self._previous_handler = previous
        loop.set_exception_handler(self._guard)

    def _release_guard(self) -> None:
        if self._guard is not None:
            asyncio.get_running_loop().set_exception_handler(self._previous_handler)
            self._guard.close()
            self._guard = None

    @property
    def port(self) -> int:
        assert self._server is not None
        sock = next(iter(self._server.sockets))
        return int(sock.getsockname()[1])

    @property
    def url(self) -> str:
        scheme = "wss" if self.config.tls else "ws"
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"{scheme}://{host}:{self.port}"

    @property
    def tsa_url(self) -> str | None:
        """The timestamp service's URL on the server's own host, or None when off."""
        return self.tsa.url if self.tsa is not None else None

    def _tsa_advert(self) -> Reply | None:
        if self.config.tsa_url is not None:
            return {"url": self.config.tsa_url}
        return self.tsa.advert() if self.tsa is not None else None

    async def stop(self) -> None:
        if self._server:  # first: no connection is accepted while the rest stops
            # the listening socket closes now, not in the task websockets' close() starts
            # a loop turn later: connections accepted in that turn were never closed
            self._server.server.close()
            self._server.close()
            self._abort_opening()
        if self.tsa is not None:
            await self.tsa.stop()
            self.tsa = None
        await self.ballots.close()
        if self._poller:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
        if self._server:
            await self._server.wait_closed()
            # A connection accepted just before the close becomes a transport, and is told
            # of it (connection_made), a loop turn or two later, after the server forgot
            # its connections; a refusal (503) may still be being written to a client that
            # reads no more. Cut whatever is left, a few times over 50 ms, so that nothing
            # outlives the loop; an aborted transport closes its socket a turn later.
            for _ in range(5):
                await asyncio.sleep(0.01)
                for conn in list(self._accepted):
                    conn.transport.abort()
            await asyncio.sleep(0)
        self._release_guard()
        self.db.close()
        self._hashing.shutdown(wait=True)
        self.store.engine.dispose()
        self._data_lock.release()

    def _abort_opening(self) -> None:
        """End the connections still in their opening handshake: websockets leaves them
        to their open timeout (10 s), and a loop closed meanwhile left their transports
        unclosed. Aborted, they end their handlers."""
        for conn in list(self._accepted):
            if conn.protocol.state is CONNECTING:
                conn.transport.abort()

    async def serve_forever(self) -> None:
        """Serve until cancelled, in a process that does nothing else (``tune_gc``)."""
        await self.start()
        tune_gc()
        try:
            await asyncio.Future()
        finally:
            await self.stop()

    async def _poll_foreign_events(self) -> None:
        """Publish events other processes (the admin CLI) committed to the database."""
        while True:
            await asyncio.sleep(self.config.poll_interval)
            try:
                await self._catch_up()
            except Exception:
                log.exception("polling the event log failed")

    async def _catch_up(self) -> None:
        """Publish every committed event not yet published, in log order.

        The single path by which events reach the hub: commands, the admin CLI and
        other server processes all write the log first, so subscribers and the hub's
        view of who may see what never skip or reorder a change.
        """
        async with self._catch_up_lock:
            while True:
                rows = await self.db.run(self.store.events_after_seq, self._last_seq)
                if not rows:
                    return
                self._last_seq = rows[-1][0]
                for ev in (e for _, e in rows):
                    if ev.rev > self.hub.published_rev(ev.meeting_id):
                        await self._load_access(ev.meeting_id, ev.rev - 1)
                self.hub.publish([e for _, e in rows])

    async def _load_access(self, meeting_id: str, before_rev: int) -> None:
        """Teach the hub a meeting it has not seen since start (state as of now)."""
        if self.hub.knows(meeting_id):
            return
        def load() -> tuple[Any, frozenset[str]]:
            return self.store.read(lambda tx: (tx.meeting(meeting_id),
                                               tx.participant_ids(meeting_id)))
        try:
            m, ids = await self.db.run(load)
        except NotFoundError:
            return
        self.hub.remember_access(m, ids, before_rev)

    # -- connection ----------------------------------------------------------------
    async def _handle(self, ws: ServerConnection) -> None:
        peer = ws.remote_address
        address = str(peer[0]) if peer else "?"
        agent = ws.request.headers.get("User-Agent", "") if ws.request is not None else ""
        client = Client(out=Outbound(ws), address=address, agent=agent[:120])
        self.hub.admit(client)  # the caps were applied at the accept (_tracking)
        self._arm_auth_timer(client, ws)
        try:
            async for raw in ws:
                await self._dispatch(client, raw)
                if (client.session.state is SessionState.AWAITING_AUTH
                        and client.auth_timer is None):
                    self._arm_auth_timer(client, ws)  # after a logout
                elif (client.session.state is SessionState.READY
                      and client.auth_timer is not None):
                    client.auth_timer.cancel()
                    client.auth_timer = None
        except ConnectionClosed:
            pass
        finally:
            if client.auth_timer is not None:
                client.auth_timer.cancel()
            client.session.close()
            self.hub.leave(client)
            self.peers.left(client)

    def _arm_auth_timer(self, client: Client, ws: ServerConnection) -> None:
        """Close the connection if it is still not authenticated after ``auth_timeout``
        (``client.auth_timer``). A login or resume being answered is waited for: at the
        start of a meeting fifty laptops log in at once, and their password checks queue
        for seconds; closing them would only make them start over."""
        loop = asyncio.get_running_loop()

        def expire() -> None:
            if client.session.state is not SessionState.AWAITING_AUTH:
                client.auth_timer = None
            elif client.authenticating:
                client.auth_timer = loop.call_later(self.config.auth_timeout, expire)
            else:
                client.auth_timer = None
                log.info("closing unauthenticated connection from %s", client.address)
                closing = asyncio.ensure_future(ws.close(1008, "authentication timeout"))
                self._closing.add(closing)
                closing.add_done_callback(self._closing.discard)

        client.auth_timer = loop.call_later(self.config.auth_timeout, expire)

    def _reply_error(self, client: Client, rid: str | None, err: MeetingroomError) -> None:
        if isinstance(err, ProtocolVersionError):
            client.out.send_live(msg.encode_version_refusal(rid, err, server_version=__version__))
        else:
            client.out.send_live(msg.encode_error(rid, err))

    # -- dispatch ------------------------------------------------------------------
    async def _dispatch(self, client: Client, raw: str | bytes) -> None:
        rid = client.session.request_id_of(raw)
        incoming = None
        try:
            incoming = client.session.receive(raw)
            if isinstance(incoming, BlobPut):
                result = await self.blob_service.put(client, incoming)
                client.out.send_live(msg.encode_result(incoming.id, result))
            else:
                await self._route(client, incoming)
        except ProtocolVersionError as e:
            log.warning("refused %s from %s (%s): it speaks protocol %d, this server %d",
                        e.request_type or "a request", client.address, client.agent,
                        e.client_protocol, PROTOCOL_VERSION)
            self._reply_error(client, rid, e)
        except MeetingroomError as e:
            if isinstance(e, ProtocolError) and client.session.state is not SessionState.READY:
                self.throttle.address_failed(client.address)  # like a failed resume
            if getattr(incoming, "type", "").startswith(VOTING_TYPES):
                # never an address or a time next to a voting action (docs/voting.md)
                log.debug("a voting request was refused: %s", e.code)
            elif not isinstance(e, (NotFoundError, ForbiddenError)):
                log.info("request from %s refused: %s (%s)", client.address, e.code, e.message)
            self._reply_error(client, rid, e)
        except Exception:
            log.exception("internal error handling a request")
            self._reply_error(client, rid, MeetingroomError("internal server error"))

    async def _route(self, client: Client, req: msg.Request) -> None:
        """Apply ``req`` as its route says (server/routes.py) and send the answer."""
        route = self.routes[req.type]  # the session decoded only types that have one
        if route.kind is Kind.AUTH:
            client.authenticating = True
            try:
                result = await route.handler(client, req.body)
            finally:
                client.authenticating = False
            client.session.authenticated()
            client.out.send_live(msg.encode_result(req.id, result))
            return
        await self.sessions.check(client)
        user = client.user
        if user is None:
            raise NotAuthenticatedError("log in first")
        if route.kind is Kind.STREAM:
            await route.handler(client, user, req.body, req.id)
        elif route.kind is Kind.CALL:
            client.out.send_live(msg.encode_result(
                req.id, await route.handler(client, user, req.body)))
        elif route.kind is Kind.READ:
            handler = route.handler
            found = await self.db.run(self.store.read, lambda tx: handler(tx, user, req.body))
            client.out.send_live(msg.encode_result(req.id, found))
        else:
            await self._command(client, user, req, route)

    async def _command(self, client: Client, user: User, req: msg.Request,
                       route: routes.Route) -> None:
        """Apply a command once per (user, request id), publish its events, answer."""
        fn: Callable[[Tx], Reply]
        if route.kind is Kind.PREPARED:  # slow work first, outside the transaction
            fn = await route.handler(user, req.body)
        else:
            handler = route.handler
            fn = lambda tx: handler(tx, user, req.body)  # noqa: E731
        result, events, replayed = await self.db.run(
            self.store.run_command, user.id, req.id, req.type, fn)
        if route.before_events is not None:
            route.before_events(user, req.body, result)
        if events:
            await self._catch_up()
        if route.truncates_wal and not replayed:  # older pages of the ballots leave the WAL
            await self.db.run(self.store.truncate_wal)
        client.out.send_live(msg.encode_result(req.id, {**result, "replayed": replayed}))
        if route.after_reply is not None and not replayed:
            route.after_reply(user, req.body, result)


async def run_server(config: ServerConfig) -> None:
    """Run until cancelled (Ctrl+C)."""
    await RoomServer(config).serve_forever()


def tune_gc() -> None:
    """For a server process, once started: what is alive now (modules, the server's own
    objects) lives as long as the process, so move it out of the collector's way
    (``gc.freeze``), and collect the young generation less often — a room of a thousand
    connections allocates many short-lived objects per second, and every collection
    stops the event loop."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _tracking(accepted: weakref.WeakSet[ServerConnection],
              limits: ConnectionLimits) -> type[ServerConnection]:
    """A connection class that counts each connection against ``limits`` from its accept
    (websockets tracks a connection only once its handshake is done, so connections that
    never finish it would not count), closes it at once when over a cap, and adds the
    others to ``accepted``."""

    class Tracked(ServerConnection):
        counted_as: str | None = None
        """The address this connection is counted for, until it is lost."""

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            peer = transport.get_extra_info("peername")
            address = str(peer[0]) if peer else "?"
            admitted = limits.admit(address) is Admission.ACCEPTED
            super().connection_made(transport)
            if not admitted:
                assert isinstance(transport, asyncio.Transport)
                transport.abort()  # before the handshake: a refusal costs nothing
                return
            self.counted_as = address
            accepted.add(self)

        def connection_lost(self, exc: Exception | None) -> None:
            super().connection_lost(exc)
            if self.counted_as is not None:
                limits.release(self.counted_as)
                self.counted_as = None

    return Tracked
