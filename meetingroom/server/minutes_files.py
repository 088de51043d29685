"""The minutes' files on the server: rendering the final PDF and accepting signed ones.

Both steps do slow work (PyMuPDF layout, pyHanko validation) before their short
transaction, off the event loop and outside any database transaction; the transaction
then re-checks permission and state, so a race or a retry can never apply twice:

* ``minutes.finalise``: APPROVED -> FINAL. The approved version, its draft blanks
  filled from the meeting's data or dropped (``domain/minutes_blanks.py``: the end time
  is when the session was ended, in this server's time zone), is rendered to an A4 PDF
  (``pdf/minutes.py``), stored as a blob, and becomes ``MinutesStatus.pdf``.
* ``minutes.sign_upload``: FINAL/SIGNED -> SIGNED. The uploaded file must be the
  current minutes file plus an incremental update that adds exactly one signature,
  and every signature in it must validate (``signing/validate.py``, against the
  server's trusted roots); otherwise it is refused and nothing changes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from meetingroom.domain import access
from meetingroom.domain.minutes import MinutesFile, MinutesState, MinutesStatus, SignedMinutes
from meetingroom.domain.minutes_blanks import MinutesFacts, settle_blanks
from meetingroom.domain.minutes_draft import MinutesHeader, header_for
from meetingroom.domain.model import User
from meetingroom.domain.signatures import SignatureReport
from meetingroom.errors import (
    ConflictError,
    ForbiddenError,
    MeetingroomError,
    NotFoundError,
    SignatureInvalidError,
)
from meetingroom.pdf.check import check_pdf
from meetingroom.pdf.minutes import MinutesRenderError, render_minutes_pdf
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import MinutesFinalise, MinutesSignUpload
from meetingroom.server.dbthread import DbThread
from meetingroom.server.minutes import as_writer, wrong_state
from meetingroom.server.visibility import visible
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.server_store import ServerStore, Tx

log = logging.getLogger("meetingroom.server.minutes")

TxFn = Callable[[Tx], Reply]

MAX_SIGNATURE_GROWTH = 4 * 2**20
"""How much one signature may add to the file (CMS, stamp appearance, subset font:
~100 KiB in practice); anything larger is refused before it is read (the same bound as
``signing.acceptance.MAX_ADDED_BYTES``, which is not imported here so that the server
starts without loading pyHanko)."""


@dataclass(frozen=True, slots=True)
class _Rendered:
    file: MinutesFile
    version: int


class MinutesFiles:
    """Prepares the two file-producing minutes commands; owner: the RoomServer."""


    def __init__(self, *, store: ServerStore, blobs: BlobStore, db: DbThread,
                 timestamp_roots: tuple[bytes, ...] = ()) -> None:
        self.store, self.blobs, self.db = store, blobs, db
        self.timestamp_roots = timestamp_roots
        """Certificates whose timestamps count (the room's own TSA), besides trusted roots."""
        self._pdf_lock = threading.Lock()
        """PyMuPDF is not thread-safe: one rendering at a time."""
        self._validating = asyncio.Semaphore(1)
        """One signed upload validated at a time: bounded CPU and memory."""

    # -- finalise ----------------------------------------------------------------------
    async def prepare_finalise(self, user: User, body: MinutesFinalise) -> TxFn:
        """Render the approved version, then return the transaction that finalises it."""
        mid = body.meeting_id
        rendered: _Rendered | None = None
        status, html, header = await self.db.run(self.store.read,
                                                 lambda tx: _finalise_inputs(tx, user, mid))
        if (status is not None and status.state is MinutesState.APPROVED and html is not None
                and header is not None):
            rendered = await asyncio.to_thread(self._render, html, header,
                                               status.approved_version)

        def apply(tx: Tx) -> Reply:
            now = as_writer(tx, user, mid)
            if now is None or now.state is not MinutesState.APPROVED or rendered is None:
                raise wrong_state(now, "finalised")
            if rendered.version != now.approved_version:
                raise ConflictError("the approved version changed meanwhile; try again",
                                    reason="stale_version")
            tx.add_blob(rendered.file.sha256, rendered.file.size, rendered.file.pages,
                        user.id)
            return {"minutes": tx.set_minutes_pdf(mid, rendered.file).to_dict()}

        return apply

    def _render(self, html: str, header: MinutesHeader, version: int) -> _Rendered:
        """Render, store, and check the result like any upload (it must open, with pages)."""
        try:
            with self._pdf_lock:
                data = render_minutes_pdf(html, header)
        except MinutesRenderError as e:
            raise ConflictError(str(e), reason=e.reason) from None
        sha = self.blobs.put_bytes(data)
        pages = check_pdf(self.blobs.path(sha)).pages
        log.info("minutes rendered: %d pages, %s", pages, sha[:12])
        return _Rendered(MinutesFile(sha256=sha, size=len(data), pages=pages), version)

    # -- signed upload -----------------------------------------------------------------
    async def prepare_sign(self, user: User, body: MinutesSignUpload) -> TxFn:
        """Validate the uploaded signed file, then return the transaction that records it."""
        mid, sha = body.meeting_id, body.sha256
        status, may_read = await self.db.run(
            self.store.read, lambda tx: _sign_inputs(tx, user, mid, sha))
        roots = await self.db.run(self.store.trust_roots)
        current = _current_file(status)
        checked: tuple[SignatureReport, int] | None = None
        refused: MeetingroomError | None = None
        if may_read and current is not None and self.blobs.has(sha):
            try:
                if self.blobs.size(sha) - current.size > MAX_SIGNATURE_GROWTH:
                    raise SignatureInvalidError(
                        "the signed file is much larger than the minutes plus one signature",
                        reason="too_large")
                async with self._validating:
                    data = await asyncio.to_thread(self._read_verified, sha)
                    previous = await asyncio.to_thread(self._read_verified, current.sha256)
                    checked = await asyncio.to_thread(_check_signed, data, previous, roots,
                                                      self.timestamp_roots)
            except MeetingroomError as e:
                refused = e  # raised inside the transaction, so a retry is still a replay

        def apply(tx: Tx) -> Reply:
            if refused is not None:
                raise refused
            now = _signable(tx, user, mid)
            if not may_read or not self.blobs.has(sha):
                raise NotFoundError("upload the signed file before submitting it")
            if now is None or now.state not in (MinutesState.FINAL, MinutesState.SIGNED):
                raise wrong_state(now, "signed")
            if _current_file(now) != current or checked is None:
                raise ConflictError("someone else signed meanwhile; sign the new file",
                                    reason="stale_version")
            before = now.signed.signed_by if now.signed is not None else ()
            if user.id in before:
                raise ConflictError("you have already signed these minutes",
                                    reason="already_signed")
            report, size = checked
            info = tx.blob(sha)
            pages = info[1] if info is not None else (current.pages if current else 0)
            signed = SignedMinutes(
                file=MinutesFile(sha256=sha, size=size, pages=pages), report=report,
                uploaded_by=user.id,
                uploaded_at=datetime.fromtimestamp(tx.now, UTC).isoformat(timespec="seconds"),
                signed_by=(*before, user.id))
            return {"minutes": tx.set_signed_minutes(mid, signed).to_dict()}

        return apply

    def _read_verified(self, sha: str) -> bytes:
        return self.blobs.verified_path(sha).read_bytes()


# -- reads and checks (database thread / worker thread) ----------------------------------
def _signable(tx: Tx, user: User, mid: str) -> MinutesStatus | None:
    m, ids = visible(tx, user, mid)
    if not access.can_sign_minutes(user, m, ids):
        raise ForbiddenError("only the meeting's secretary and chair sign the minutes")
    return tx.minutes_status(mid)


def _finalise_inputs(tx: Tx, user: User, mid: str
                     ) -> tuple[MinutesStatus | None, str | None, MinutesHeader | None]:
    status = as_writer(tx, user, mid)
    if status is None or status.state is not MinutesState.APPROVED:
        return status, None, None
    html = tx.minutes_version(mid, status.approved_version).html
    snap = tx.snapshot(mid)
    ended = tx.ended_at(mid)
    facts = MinutesFacts(
        starts_at=snap.meeting.starts_at,
        ended_at="" if ended is None else datetime.fromtimestamp(ended).isoformat(
            timespec="minutes"))
    return status, settle_blanks(html, facts), header_for(snap)


def _sign_inputs(tx: Tx, user: User, mid: str, sha: str) -> tuple[MinutesStatus | None, bool]:
    status = _signable(tx, user, mid)
    return status, tx.may_read_blob(user, sha)


def _current_file(status: MinutesStatus | None) -> MinutesFile | None:
    """The file the next signature must build on: the latest signed one, else the PDF."""
    if status is None:
        return None
    return status.signed.file if status.signed is not None else status.pdf


def _check_signed(data: bytes, previous: bytes, roots: tuple[bytes, ...],
                  timestamp_roots: tuple[bytes, ...]) -> tuple[SignatureReport, int]:
    """The report for ``data``; raises SignatureInvalidError unless it is ``previous``
    plus one PAdES signature and nothing else (``signing/acceptance.py``)."""
    # pyHanko takes ~0.6 s to import: paid by the first signed upload, not by start-up
    from meetingroom.signing.acceptance import check_added_signature

    report = check_added_signature(previous, data, trust_roots=roots,
                                   timestamp_roots=timestamp_roots)
    return report, len(data)
