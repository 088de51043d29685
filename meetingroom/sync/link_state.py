"""The connection state the engine reports, and since when: "offline since 14:05"."""

from __future__ import annotations

from datetime import UTC, datetime

from meetingroom.sync import events as ev
from meetingroom.sync.hooks import Emit

_DISCONNECTED = frozenset({ev.ConnectionState.OFFLINE, ev.ConnectionState.RECONNECTING,
                           ev.ConnectionState.CONNECTING})


class LinkState:
    """Holds the state and reports each change (``ConnectionChanged``)."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self.state = ev.ConnectionState.LOGGED_OUT
        self._since = datetime.now(UTC)
        self._offline_since: datetime | None = None

    def set(self, state: ev.ConnectionState, detail: str = "",
            retry_in: float | None = None) -> None:
        """Report the connection state; ``since`` is when the server was last reachable
        for the offline states, so "offline since 14:05" does not creep with each retry."""
        changed = state is not self.state
        self.state = state
        now = datetime.now(UTC)
        if state is ev.ConnectionState.ONLINE:
            self._offline_since = None
        elif state in _DISCONNECTED and self._offline_since is None:
            self._offline_since = now
        if changed or retry_in is not None:
            if changed:
                self._since = now
            since = (self._offline_since if state in _DISCONNECTED and self._offline_since
                     else self._since)
            self._emit(ev.ConnectionChanged(state, since, detail, retry_in))

    def heard_until(self, when: datetime) -> None:
        """The link closed; the server was last heard at ``when`` ("offline since")."""
        self._offline_since = when
