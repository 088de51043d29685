"""The minutes' rows inside a server transaction: status, versions, files (mixed into Tx)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.domain.minutes import (
    MinutesFile,
    MinutesState,
    MinutesStatus,
    MinutesVersion,
    MinutesVersionInfo,
    SignedMinutes,
)
from meetingroom.errors import NotFoundError
from meetingroom.storage import schema as t


class MinutesTx:
    """Minutes reads and writes; each write emits exactly one ``minutes.updated`` event.

    The caller (``server/minutes.py``) has checked permission, state and version numbers.
    """

    conn: Connection

    def emit(self, meeting_id: str, kind: EventKind, data: dict[str, Any]) -> MeetingEvent:
        raise NotImplementedError  # provided by Tx

    def minutes_status(self, meeting_id: str) -> MinutesStatus | None:
        """The minutes' status as every participant sees it; None before the first save."""
        row = self.conn.execute(select(t.minutes)
                                .where(t.minutes.c.meeting_id == meeting_id)).first()
        if row is None:
            return None
        q = (select(t.minutes_versions.c.number, t.minutes_versions.c.author_id,
                    t.minutes_versions.c.author_name, t.minutes_versions.c.saved_at,
                    t.minutes_versions.c.comment)
             .where(t.minutes_versions.c.meeting_id == meeting_id)
             .order_by(t.minutes_versions.c.number))
        versions = tuple(MinutesVersionInfo(number=r.number, author_id=r.author_id,
                                            author_name=r.author_name, saved_at=r.saved_at,
                                            comment=r.comment)
                         for r in self.conn.execute(q))
        pdf = (None if row.pdf_sha256 is None else
               MinutesFile(sha256=row.pdf_sha256, size=row.pdf_size, pages=row.pdf_pages))
        signed = None if row.signed is None else SignedMinutes.from_dict(json.loads(row.signed))
        return MinutesStatus(state=MinutesState(row.state), versions=versions,
                             review_comment=row.review_comment,
                             approved_version=row.approved_version, pdf=pdf, signed=signed)

    def minutes_version(self, meeting_id: str, number: int | None = None) -> MinutesVersion:
        """One saved version with its text (the latest when ``number`` is None)."""
        v = t.minutes_versions
        q = select(v).where(v.c.meeting_id == meeting_id)
        q = (q.order_by(v.c.number.desc()).limit(1) if number is None
             else q.where(v.c.number == number))
        r = self.conn.execute(q).first()
        if r is None:
            raise NotFoundError("no such version of the minutes")
        info = MinutesVersionInfo(number=r.number, author_id=r.author_id,
                                  author_name=r.author_name, saved_at=r.saved_at,
                                  comment=r.comment)
        return MinutesVersion(info=info, html=r.html)

    def _minutes_changed(self, meeting_id: str) -> MinutesStatus:
        status = self.minutes_status(meeting_id)
        assert status is not None
        self.emit(meeting_id, EventKind.MINUTES_UPDATED, {"minutes": status.to_dict()})
        return status

    def add_minutes_version(self, meeting_id: str, info: MinutesVersionInfo,
                            html: str) -> MinutesStatus:
        """Store a new version (creating the minutes, in DRAFT, on the first save) and emit
        one ``minutes.updated``. The caller checked state and version number."""
        if self.conn.execute(select(t.minutes.c.meeting_id)
                             .where(t.minutes.c.meeting_id == meeting_id)).first() is None:
            self.conn.execute(insert(t.minutes).values(
                meeting_id=meeting_id, state=MinutesState.DRAFT.value, review_comment="",
                approved_version=0))
        self.conn.execute(insert(t.minutes_versions).values(
            meeting_id=meeting_id, number=info.number, author_id=info.author_id,
            author_name=info.author_name, saved_at=info.saved_at, comment=info.comment,
            html=html))
        return self._minutes_changed(meeting_id)

    def set_minutes_state(self, meeting_id: str, state: MinutesState, *,
                          review_comment: str | None = None,
                          approved_version: int | None = None) -> MinutesStatus:
        """Move the minutes to ``state`` (fields left None keep their value); one event."""
        values: dict[str, Any] = {"state": state.value}
        if review_comment is not None:
            values["review_comment"] = review_comment
        if approved_version is not None:
            values["approved_version"] = approved_version
        self._update_minutes(meeting_id, values)
        return self._minutes_changed(meeting_id)

    def set_minutes_pdf(self, meeting_id: str, file: MinutesFile) -> MinutesStatus:
        """Record the finalised PDF and move the minutes to FINAL; one event."""
        self._update_minutes(meeting_id, {
            "state": MinutesState.FINAL.value, "pdf_sha256": file.sha256,
            "pdf_size": file.size, "pdf_pages": file.pages})
        return self._minutes_changed(meeting_id)

    def set_signed_minutes(self, meeting_id: str, signed: SignedMinutes) -> MinutesStatus:
        """Record an accepted signed PDF (replacing the previous one) and move the minutes
        to SIGNED; one event."""
        self._update_minutes(meeting_id, {
            "state": MinutesState.SIGNED.value, "signed_sha256": signed.file.sha256,
            "signed": json.dumps(signed.to_dict(), ensure_ascii=False)})
        return self._minutes_changed(meeting_id)

    def _update_minutes(self, meeting_id: str, values: dict[str, Any]) -> None:
        n = self.conn.execute(update(t.minutes).where(t.minutes.c.meeting_id == meeting_id)
                              .values(**values)).rowcount
        if not n:
            raise NotFoundError("this meeting has no minutes yet")
