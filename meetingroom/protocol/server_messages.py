"""What the server sends on its own, and the header of a chunk frame, as typed values
(docs/protocol.md, sections 2, 4 and 7).

The server builds them and writes them with ``wire()``; the client's session
(``client_session.py``) reads each once, where it arrives, with ``from_wire``, which
refuses a malformed one with ProtocolError. Past that point nobody looks at JSON: the
engine's parts take these values. A notice of a kind this client does not know is an
``UnknownNotice`` (clients ignore such notices: a newer server may send more kinds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from meetingroom.domain.events import MeetingEvent
from meetingroom.errors import ProtocolError
from meetingroom.protocol.body_fields import check_sha
from meetingroom.protocol.wire_json import Wire


def _str(d: Wire, key: str, what: str) -> str:
    value = d.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"server sent a malformed {what}: '{key}' is not a string")
    return value


def number(value: object) -> float | None:
    """A JSON number as a float, else None (``true`` is no number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _int(d: Wire, key: str, what: str, *, optional: bool = False) -> int | None:
    value = d.get(key)
    if value is None and optional:
        return None
    if type(value) is not int or value < 0:
        raise ProtocolError(f"server sent a malformed {what}: '{key}' is not a count")
    return value


@dataclass(frozen=True, slots=True)
class ChunkHeader:
    """The JSON header of a ``blob.get`` answer (a binary chunk frame)."""

    re: str
    """The ``blob.get`` request it answers."""
    sha256: str
    offset: int
    length: int | None = None
    """Bytes in the frame (servers before 0.3 did not say)."""
    total: int | None = None
    """The blob's size."""
    max_length: int | None = None
    """The largest ``length`` this server serves; None: CHUNK_BYTES."""

    @classmethod
    def from_wire(cls, d: Wire) -> ChunkHeader:
        what = "chunk frame"
        offset = _int(d, "offset", what)
        assert offset is not None
        return cls(re=_str(d, "re", what), sha256=check_sha(_str(d, "sha256", what)),
                   offset=offset, length=_int(d, "length", what, optional=True),
                   total=_int(d, "total", what, optional=True),
                   max_length=_int(d, "max_length", what, optional=True))

    def wire(self) -> dict[str, object]:
        out: dict[str, object] = {"re": self.re, "sha256": self.sha256, "offset": self.offset}
        for key in ("max_length", "length", "total"):
            if (value := getattr(self, key)) is not None:
                out[key] = value
        return out


@dataclass(frozen=True, slots=True)
class EventPush:
    """An ``event`` message: one entry of a subscribed meeting's event log."""

    event: MeetingEvent

    @classmethod
    def from_wire(cls, d: Wire) -> EventPush:
        raw = d.get("event")
        try:
            if not (isinstance(raw, dict) and isinstance(raw.get("meeting_id"), str)
                    and type(raw.get("rev")) is int and isinstance(raw.get("data"), dict)):
                raise TypeError("not an event")
            return cls(MeetingEvent.from_dict(raw))
        except (KeyError, ValueError, TypeError):
            raise ProtocolError("server sent a malformed event") from None


class Notice:
    """Base of the notices: transient news, not in any event log."""

    __slots__ = ()
    KIND: ClassVar[str] = ""

    def wire(self) -> dict[str, object]:
        """The notice's ``data`` object."""
        return {}


@dataclass(frozen=True, slots=True)
class MeetingsChanged(Notice):
    """The set of meetings this user may see changed: list them again."""

    KIND: ClassVar[str] = "meetings.changed"

    @classmethod
    def from_wire(cls, _d: Wire) -> MeetingsChanged:
        return cls()


@dataclass(frozen=True, slots=True)
class Shown:
    """The page a meeting's presenter shows to everyone following."""

    meeting_id: str
    user_id: str
    """Who presents it."""
    name: str
    """Their display name."""
    document_id: str
    page: int
    """0-based."""
    zoom: int
    """Percent; 0 = fit width."""
    seq: int
    """Grows with every page shown on this server (a later one wins)."""
    at: float
    """When it was shown (server clock)."""

    @classmethod
    def from_wire(cls, d: Wire) -> Shown:
        what = "presenter notice"
        page, zoom, seq = (_int(d, k, what) for k in ("page", "zoom", "seq"))
        at = number(d.get("at"))
        if at is None:
            raise ProtocolError("server sent a malformed presenter notice: 'at'")
        assert page is not None and zoom is not None and seq is not None
        return cls(meeting_id=_str(d, "meeting_id", what), user_id=_str(d, "user_id", what),
                   name=_str(d, "name", what), document_id=_str(d, "document_id", what),
                   page=page, zoom=zoom, seq=seq, at=at)

    def wire(self) -> dict[str, object]:
        return {"meeting_id": self.meeting_id, "user_id": self.user_id, "name": self.name,
                "document_id": self.document_id, "page": self.page, "zoom": self.zoom,
                "seq": self.seq, "at": self.at}


@dataclass(frozen=True, slots=True)
class PresenterNotice(Notice):
    """What a meeting's presenter shows now (``shown`` None: nobody presents)."""

    KIND: ClassVar[str] = "presenter"
    meeting_id: str
    shown: Shown | None

    @classmethod
    def from_wire(cls, d: Wire) -> PresenterNotice:
        shown = d.get("shown")
        if shown is not None and not isinstance(shown, dict):
            raise ProtocolError("server sent a malformed presenter notice: 'shown'")
        return cls(_str(d, "meeting_id", "presenter notice"),
                   None if shown is None else Shown.from_wire(shown))

    def wire(self) -> dict[str, object]:
        return {"meeting_id": self.meeting_id,
                "shown": None if self.shown is None else self.shown.wire()}


@dataclass(frozen=True, slots=True)
class ShareNotice(Notice):
    """A trustee's key share, sealed to the opener's device, handed straight to the
    opener's connections (docs/protocol.md, ``poll.box.release``)."""

    KIND: ClassVar[str] = "poll.box.share"
    meeting_id: str
    poll_id: str
    from_user: str
    """The trustee who released it (``from`` on the wire)."""
    share: str
    """base64."""

    @classmethod
    def from_wire(cls, d: Wire) -> ShareNotice:
        what = "share notice"
        return cls(_str(d, "meeting_id", what), _str(d, "poll_id", what),
                   _str(d, "from", what), _str(d, "share", what))

    def wire(self) -> dict[str, object]:
        return {"meeting_id": self.meeting_id, "poll_id": self.poll_id,
                "from": self.from_user, "share": self.share}


@dataclass(frozen=True, slots=True)
class NotesChangedNotice(Notice):
    """Notes this user may see changed in a meeting: list them again (no content)."""

    KIND: ClassVar[str] = "notes.changed"
    meeting_id: str

    @classmethod
    def from_wire(cls, d: Wire) -> NotesChangedNotice:
        return cls(_str(d, "meeting_id", "notes notice"))

    def wire(self) -> dict[str, object]:
        return {"meeting_id": self.meeting_id}


@dataclass(frozen=True, slots=True)
class UnknownNotice(Notice):
    """A notice of a kind this client does not know (ignored)."""

    kind: str


KnownNotice = MeetingsChanged | PresenterNotice | ShareNotice | NotesChangedNotice
NOTICES: dict[str, type[KnownNotice]] = {
    cls.KIND: cls for cls in (MeetingsChanged, PresenterNotice, ShareNotice, NotesChangedNotice)}
"""Every notice kind this protocol version defines, and its class."""


def notice_from_wire(d: Wire) -> KnownNotice | UnknownNotice:
    """A ``notice`` message's kind and data, checked."""
    kind = d.get("kind")
    if not isinstance(kind, str):
        raise ProtocolError("server sent a notice without a kind")
    cls = NOTICES.get(kind)
    if cls is None:
        return UnknownNotice(kind[:64])
    data = d.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProtocolError(f"server sent a malformed {kind} notice")
    return cls.from_wire(data)


ServerPush = EventPush | KnownNotice | UnknownNotice
"""What the server sends on its own."""
