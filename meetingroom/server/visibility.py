"""The first check of every meeting command: may this user see the meeting at all."""

from __future__ import annotations

from meetingroom.domain import access
from meetingroom.domain.model import Meeting, User
from meetingroom.errors import NotFoundError
from meetingroom.storage.server_store import Tx


def visible(tx: Tx, user: User, meeting_id: str) -> tuple[Meeting, frozenset[str]]:
    """The meeting and its participant ids; not-found when ``user`` may not see it (so
    nobody learns that a meeting they cannot see exists)."""
    m = tx.meeting(meeting_id)
    ids = tx.participant_ids(meeting_id)
    if not access.can_view(user, m, ids):
        raise NotFoundError("no such meeting")
    return m, ids
