"""The minutes workflow on the server: save, submit, review, reopen, and reading a version.

Every step is authorised here against the meeting and its participants
(``domain/access.py``) and applied through the idempotent command path; each change
writes exactly one ``minutes.updated`` event carrying the whole ``MinutesStatus``.

    (none) --save--> DRAFT --submit--> IN_REVIEW --review approve--> APPROVED
                       ^  <--review return (comment)--'                  |
                       '------------------- reopen ----------------------'
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

from meetingroom.domain import access, text
from meetingroom.domain.minutes import MinutesState, MinutesStatus, MinutesVersionInfo
from meetingroom.domain.model import User
from meetingroom.domain.richtext import RichTextError, sanitize_html
from meetingroom.errors import ConflictError, ForbiddenError, ProtocolError
from meetingroom.protocol.limits import MAX_MINUTES_HTML_BYTES
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import (
    MinutesGet,
    MinutesReopen,
    MinutesReview,
    MinutesSave,
    MinutesSubmit,
)
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx

MAX_COMMENT = 1000
"""Longest version comment or review comment, in characters."""
MAX_VERSIONS = 1000
"""Most saved versions per meeting (each is listed in every participant's status)."""
_ALLOWED_CONTROLS = frozenset("\n\r\t")


def clean_minutes_html(html: str) -> str:
    """The text of a version as it will be stored: NFC, at most ``MAX_MINUTES_HTML_BYTES``
    UTF-8 bytes, no control or format characters other than newline, CR and tab, then
    passed through the rich-text allow-list (``domain/richtext.py``): scripts, links,
    images and unknown styles never reach storage or the PDF.

    Raises ``ProtocolError`` with reason ``too_long`` or ``hidden_characters``.
    """
    html = unicodedata.normalize("NFC", html)
    if len(html.encode("utf-8")) > MAX_MINUTES_HTML_BYTES:
        raise ProtocolError(f"the minutes are limited to {MAX_MINUTES_HTML_BYTES // 1024} KiB",
                            reason="too_long")
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in _ALLOWED_CONTROLS
           for ch in html):
        raise ProtocolError("the minutes contain control characters",
                            reason="hidden_characters")
    try:
        return sanitize_html(html)
    except RichTextError as e:
        raise ProtocolError(str(e), reason=e.reason) from None


def _comment(value: str) -> str:
    try:
        return text.clean_notes(value, max_len=MAX_COMMENT).strip()
    except text.TextError as e:
        raise ProtocolError(f"comment: {e}", reason=e.reason) from None


def as_writer(tx: Tx, user: User, meeting_id: str) -> MinutesStatus | None:
    """The minutes' status if ``user`` writes them; not-found or forbidden otherwise."""
    m, ids = visible(tx, user, meeting_id)
    if not access.can_write_minutes(user, m, ids):
        raise ForbiddenError("only the meeting's secretary or an administrator writes the "
                             "minutes")
    return tx.minutes_status(meeting_id)


def wrong_state(status: MinutesStatus | None, doing: str) -> ConflictError:
    """The error for a step the minutes' state does not allow (``doing``: "edited", …)."""
    state = "not started" if status is None else status.state.value
    return ConflictError(f"the minutes cannot be {doing} now (they are {state})",
                         reason="wrong_state")


def _result(status: MinutesStatus, **extra: Any) -> Reply:
    return {**extra, "minutes": status.to_dict()}


def minutes_save(tx: Tx, user: User, body: MinutesSave) -> Reply:
    """A new version on top of ``base_version``, which must be the latest (else
    ``stale_version``: two writers never overwrite each other silently)."""
    mid = body.meeting_id
    status = as_writer(tx, user, mid)
    if status is not None and status.state is not MinutesState.DRAFT:
        raise wrong_state(status, "edited")
    latest = 0 if status is None else status.latest_version
    if body.base_version != latest:
        raise ConflictError(f"the minutes were changed meanwhile (now version {latest}); "
                            "reload and apply your changes again", reason="stale_version")
    if latest >= MAX_VERSIONS:
        raise ConflictError(f"the minutes hold at most {MAX_VERSIONS} versions",
                            reason="too_many_versions")
    html = clean_minutes_html(body.html)
    info = MinutesVersionInfo(
        number=latest + 1, author_id=user.id, author_name=user.display_name,
        saved_at=datetime.fromtimestamp(tx.now, UTC).isoformat(timespec="seconds"),
        comment=_comment(body.comment))
    new = tx.add_minutes_version(mid, info, html)
    return _result(new, version=info.number)


def minutes_submit(tx: Tx, user: User, body: MinutesSubmit) -> Reply:
    """DRAFT -> IN_REVIEW; needs at least one saved version."""
    mid = body.meeting_id
    status = as_writer(tx, user, mid)
    if status is None or not status.versions:
        raise ConflictError("save the minutes before submitting them", reason="no_version")
    if status.state is not MinutesState.DRAFT:
        raise wrong_state(status, "submitted")
    return _result(tx.set_minutes_state(mid, MinutesState.IN_REVIEW, review_comment=""))


def minutes_review(tx: Tx, user: User, body: MinutesReview) -> Reply:
    """The chair approves the latest version, or returns the minutes with a comment."""
    mid = body.meeting_id
    m, ids = visible(tx, user, mid)
    if not access.can_review_minutes(user, m, ids):
        raise ForbiddenError("only the meeting's chair reviews the minutes")
    status = tx.minutes_status(mid)
    if status is None or status.state is not MinutesState.IN_REVIEW:
        raise wrong_state(status, "reviewed")
    comment = _comment(body.comment)
    if body.approve:
        new = tx.set_minutes_state(mid, MinutesState.APPROVED, review_comment=comment,
                                   approved_version=status.latest_version)
    else:
        if not comment:
            raise ProtocolError("say what should change when returning the minutes",
                                reason="empty")
        new = tx.set_minutes_state(mid, MinutesState.DRAFT, review_comment=comment,
                                   approved_version=0)
    return _result(new)


def minutes_reopen(tx: Tx, user: User, body: MinutesReopen) -> Reply:
    """IN_REVIEW or APPROVED -> DRAFT (a writer takes the minutes back to change them)."""
    mid = body.meeting_id
    status = as_writer(tx, user, mid)
    if status is None or status.state not in (MinutesState.IN_REVIEW, MinutesState.APPROVED):
        raise wrong_state(status, "reopened")
    return _result(tx.set_minutes_state(mid, MinutesState.DRAFT, approved_version=0))


def minutes_get(tx: Tx, user: User, body: MinutesGet) -> Reply:
    """One version with its text (the latest without ``version``): writers and the chair."""
    mid = body.meeting_id
    m, ids = visible(tx, user, mid)
    if not access.can_read_minutes_draft(user, m, ids):
        raise ForbiddenError("only the meeting's secretary and chair read the draft minutes")
    return tx.minutes_version(mid, body.version).to_dict()
