"""The minutes as the client reaches them: read a saved version, hand in a signed PDF.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.minutes``). The minutes'
status and PDFs travel with the meeting's snapshot; only the draft text is fetched here.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable
from pathlib import Path

from meetingroom.domain.minutes import MinutesStatus, MinutesVersion
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import MinutesReply, read
from meetingroom.sync.hooks import Command, LinkWaiter, Submit


class Minutes:
    """Reads versions of the minutes and uploads the signed copy."""

    def __init__(self, *, submit: Submit, link: LinkWaiter, command: Command,
                 upload: Callable[[Path], Awaitable[str]]) -> None:
        self._submit = submit
        self._link = link
        self._command = command
        """A command through the engine's outbox."""
        self._upload = upload
        """Uploads a file (resumable); its SHA-256."""

    def get(self, meeting_id: str, version: int | None = None
            ) -> concurrent.futures.Future[MinutesVersion]:
        """One saved version of the minutes with its text (the latest without ``version``).

        Needs the server (the draft text is not kept offline); only the meeting's
        writers and chair may read it (``ForbiddenError`` otherwise).
        """
        return self._submit(self._get(meeting_id, version))

    async def _get(self, meeting_id: str, version: int | None) -> MinutesVersion:
        link = await self._link(0.0)
        reply = await link.request(rq.MinutesGet(meeting_id=meeting_id, version=version))
        return read("minutes.get", lambda: MinutesVersion.from_dict(dict(reply)))

    def upload_signed(self, meeting_id: str, path: Path
                      ) -> concurrent.futures.Future[MinutesStatus]:
        """Upload a signed PDF of the minutes (resumable) and hand it to the server, which
        validates it and answers with the new status (or ``SignatureInvalidError``)."""
        return self._submit(self._upload_signed(meeting_id, path))

    async def _upload_signed(self, meeting_id: str, path: Path) -> MinutesStatus:
        sha = await self._upload(path)
        result = await self._command(rq.MinutesSignUpload(meeting_id=meeting_id, sha256=sha))
        return MinutesReply.from_wire(result).minutes
