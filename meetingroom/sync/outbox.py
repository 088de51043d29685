"""State-changing commands: kept in the cache's outbox and sent until the server answers.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.outbox``). A command is
written to the cache with its own request id before it is sent, so a crash or a lost
link loses nothing and a resend is a replay the server recognises, not a second change.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid

from meetingroom.errors import ConnectionLostError, MeetingroomError
from meetingroom.protocol.body_fields import Body
from meetingroom.protocol.messages import validate_body
from meetingroom.protocol.wire_json import Wire
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.hooks import CurrentLink, Emit, Spawn, Submit


class Outbox:
    """Queues commands, sends them in order while a link is up, resolves their futures."""

    def __init__(self, cache: ClientCache, *, submit: Submit, spawn: Spawn, emit: Emit,
                 link: CurrentLink) -> None:
        self._cache = cache
        self._submit = submit
        self._spawn = spawn
        self._emit = emit
        self._link = link
        self._waiters: dict[str, asyncio.Future[Wire]] = {}
        self._flush_lock = asyncio.Lock()

    def command(self, body: Body) -> concurrent.futures.Future[Wire]:
        """Queue a state-changing command; it is retried until the server acknowledges it
        (any thread)."""
        return self._submit(self.send(body))

    def pending(self) -> int:
        """Commands waiting in the outbox."""
        return len(self._cache.outbox())

    async def send(self, body: Body) -> Wire:
        """``command`` on the engine's loop: the server's answer, once it gave one. The
        body is checked before it is stored (a mistake is a ProtocolError here)."""
        wire = body.checked_wire()
        rid = "c" + uuid.uuid4().hex
        self._cache.outbox_add(rid, body.TYPE, wire)
        fut: asyncio.Future[Wire] = asyncio.get_running_loop().create_future()
        self._waiters[rid] = fut
        self._emit(ev.OutboxChanged(self.pending()))
        link = self._link()
        if link is not None:
            self._spawn(self.flush(link))
        return await fut

    async def flush(self, link: ServerLink) -> None:
        """Send every queued command in order; stop at a lost link (sent again later)."""
        async with self._flush_lock:
            for entry in self._cache.outbox():
                try:  # stored by this or an earlier release: checked again as it is read
                    result = await link.request(validate_body(entry.type, entry.body),
                                                rid=entry.request_id)
                except ConnectionLostError:
                    return
                except MeetingroomError as e:
                    self._cache.outbox_remove(entry.request_id)
                    self._finish(entry.request_id, entry.type, None, e)
                    continue
                self._cache.outbox_remove(entry.request_id)
                self._finish(entry.request_id, entry.type, result, None)

    def _finish(self, rid: str, mtype: str, result: Wire | None,
                error: MeetingroomError | None) -> None:
        fut = self._waiters.pop(rid, None)
        if fut is not None and not fut.done():
            if error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(result or {})
        self._emit(ev.CommandFinished(rid, mtype, result, error))
        self._emit(ev.OutboxChanged(self.pending()))
