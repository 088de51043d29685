"""Presenting: show a page to everyone following, and hear what each presenter shows.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.presenter``). Page turns
are sent directly, never queued offline: a stale page turn is worthless.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable

from meetingroom.protocol import requests as rq
from meetingroom.protocol.server_messages import PresenterNotice
from meetingroom.protocol.wire_json import Wire
from meetingroom.sync import events as ev
from meetingroom.sync.hooks import Emit, LinkWaiter, Submit


class Presenter:
    """Sends page turns and reports the ``presenter`` notices of the meetings."""

    def __init__(self, *, submit: Submit, link: LinkWaiter, emit: Emit,
                 showing: Callable[[str, str | None], None]) -> None:
        self._submit = submit
        self._link = link
        self._emit = emit
        self._showing = showing
        """Told which document a meeting's presenter shows now (None: none)."""

    def present(self, meeting_id: str, document_id: str, page: int, zoom: int
                ) -> concurrent.futures.Future[Wire]:
        """Show ``page`` (0-based) of a document to everyone following (zoom in percent,
        0 = fit width)."""
        return self._submit(self._send(rq.PresenterShow(
            meeting_id=meeting_id, document_id=document_id, page=page, zoom=zoom)))

    def stop(self, meeting_id: str) -> concurrent.futures.Future[Wire]:
        """Stop presenting in the meeting."""
        return self._submit(self._send(rq.PresenterStop(meeting_id=meeting_id)))

    async def _send(self, body: rq.PresenterShow | rq.PresenterStop) -> Wire:
        link = await self._link(0.0)
        return await link.request(body)

    def on_notice(self, notice: PresenterNotice) -> None:
        """What a meeting's presenter shows now (a ``presenter`` notice, or the state at
        subscribe)."""
        shown = notice.shown
        self._showing(notice.meeting_id, None if shown is None else shown.document_id)
        self._emit(ev.PresenterChanged(notice.meeting_id, shown))
