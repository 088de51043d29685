"""Follow the presenter: who shows which document page, relayed at once to every follower.

Page turns are frequent and only the latest matters, so they are not written to the event
log: the server checks the sender may present (``access.can_run_meeting``, from the hub's
cached view — no database round trip on a page turn), remembers the latest per meeting in
memory for clients that subscribe later, and sends a ``presenter`` notice to subscribers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from meetingroom.domain import access
from meetingroom.domain.model import User
from meetingroom.errors import ForbiddenError, NotFoundError, ProtocolError
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import PresenterShow, PresenterStop
from meetingroom.protocol.server_messages import PresenterNotice, Shown
from meetingroom.server.hub import Hub

MIN_ZOOM, MAX_ZOOM = 0, 400
"""Zoom in percent; 0 means "fit the page width"."""
MAX_PAGE = 100_000


class Presenter:
    """The latest shown page of every meeting being presented."""

    def __init__(self, hub: Hub, *, clock: Callable[[], float] = time.time) -> None:
        self.hub = hub
        self.clock = clock
        self._shown: dict[str, Shown] = {}
        self._seq = 0

    def current(self, meeting_id: str) -> Shown | None:
        return self._shown.get(meeting_id)

    def show(self, user: User, body: PresenterShow) -> Reply:
        """Show everyone following the meeting this page, as ``user`` presents it."""
        mid = body.meeting_id
        self._check(user, mid)
        if not (0 <= body.page < MAX_PAGE and MIN_ZOOM <= body.zoom <= MAX_ZOOM):
            raise ProtocolError("page or zoom out of range", reason="bad_view")
        self._seq += 1
        shown = Shown(meeting_id=mid, user_id=user.id, name=user.display_name,
                      document_id=body.document_id, page=body.page, zoom=body.zoom,
                      seq=self._seq, at=self.clock())
        self._shown[mid] = shown
        return self._announce(mid, shown)

    def stop(self, user: User, body: PresenterStop) -> Reply:
        """Stop presenting in the meeting."""
        self._check(user, body.meeting_id)
        self._shown.pop(body.meeting_id, None)
        return self._announce(body.meeting_id, None)

    def _check(self, user: User, mid: str) -> None:
        known = self.hub.access_of(mid)
        if known is None or not access.can_view(user, *known):
            raise NotFoundError("no such meeting (subscribe to it first)")
        if not access.can_run_meeting(user, *known):
            raise ForbiddenError("only the meeting's secretary, chair or an administrator "
                                 "presents")

    def _announce(self, mid: str, shown: Shown | None) -> Reply:
        notice = PresenterNotice(mid, shown)
        self.hub.notify(mid, notice)
        return {"shown": notice.wire()["shown"]}
