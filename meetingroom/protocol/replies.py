"""The bodies of ``result`` messages the client reads, as typed values (docs/protocol.md,
section 4), each checked once where the reply arrives with ``from_wire``: a malformed one
is a ProtocolError there, not a KeyError deep in the engine.

The domain values inside (meetings, polls, documents…) are read by their own
``from_dict``; a ValueError, KeyError or TypeError from one is a malformed reply too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from meetingroom.domain.events import MeetingEvent
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.errors import ProtocolError
from meetingroom.protocol.server_messages import Shown

Wire = Mapping[str, object]
T = TypeVar("T")


def read(what: str, decode: Callable[[], T]) -> T:
    """``decode()``, with any sign of a malformed reply turned into ProtocolError."""
    try:
        return decode()
    except ProtocolError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError):
        raise ProtocolError(f"server sent a malformed {what} reply") from None


def number(value: object) -> float | None:
    """A JSON number as a float, else None (``true`` is no number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


@dataclass(frozen=True, slots=True)
class SubscribeReply:
    """``meeting.subscribe``: the meeting since the client's revision — a snapshot, or the
    events after it — with what its presenter shows and the server's clock."""

    rev: int
    snapshot: MeetingSnapshot | None
    """Set when the server sent the whole meeting instead of events."""
    events: tuple[MeetingEvent, ...]
    presenter: Shown | None
    server_time: float | None
    """The server's wall clock when it answered (older servers: None)."""

    @classmethod
    def from_wire(cls, d: Wire) -> SubscribeReply:
        def decode() -> SubscribeReply:
            rev, snap, events = d["rev"], d.get("snapshot"), d.get("events", [])
            shown = d.get("presenter")
            if (type(rev) is not int or not isinstance(events, list)
                    or not isinstance(snap, dict | None)):
                raise TypeError("meeting.subscribe")
            return cls(
                rev=rev, snapshot=None if snap is None else MeetingSnapshot.from_dict(snap),
                events=tuple(MeetingEvent.from_dict(e) for e in events),
                presenter=Shown.from_wire(shown) if isinstance(shown, dict) else None,
                server_time=number(d.get("server_time")))
        return read("meeting.subscribe", decode)
