"""The bodies of ``result`` messages the client reads, as typed values (docs/protocol.md,
section 4), each checked once where the reply arrives with ``from_wire``: a malformed one
is a ProtocolError there, not a KeyError deep in the engine.

The domain values inside (meetings, polls, documents…) are read by their own
``from_dict``; a ValueError, KeyError or TypeError from one is a malformed reply too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from meetingroom.domain.events import MeetingEvent
from meetingroom.domain.minutes import MinutesStatus
from meetingroom.domain.model import AgendaItem, Document, Meeting, MeetingSnapshot, User
from meetingroom.domain.notes import Note, NoteError
from meetingroom.domain.polls import Poll, PollRecord
from meetingroom.errors import ProtocolError
from meetingroom.protocol.server_messages import Shown, number
from meetingroom.protocol.wire_json import Wire

T = TypeVar("T")


def read(what: str, decode: Callable[[], T]) -> T:
    """``decode()``, with any sign of a malformed reply turned into ProtocolError."""
    try:
        return decode()
    except ProtocolError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError):
        raise ProtocolError(f"server sent a malformed {what} reply") from None


def part(reply: Wire, key: str) -> dict[str, Any]:
    """``reply[key]``, a JSON object (the wire form a domain value's ``from_dict`` reads),
    or ProtocolError."""
    value = reply.get(key)
    if not isinstance(value, dict):
        raise ProtocolError(f"server sent a reply without its '{key}'")
    return value


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


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class LoginReply:
    """``login`` and ``resume``: who is logged in, for how long, and what the server says
    of itself (its Meetingroom version; its timestamp service, if it offers one)."""

    user: User
    token: str | None
    """The new session's token (``login`` only)."""
    expires_at: float | None
    server_version: str
    """"" from servers before 0.2.0, which do not say."""
    tsa: Mapping[str, object] | None
    """The timestamp service's advert as sent (``server_info.tsa_url`` reads it)."""
    peers: bool = False
    """The room lets devices share packs with each other (``peer.offer``)."""

    @classmethod
    def from_wire(cls, d: Wire) -> LoginReply:
        def decode() -> LoginReply:
            server, tsa = d.get("server"), d.get("tsa")
            version = server.get("version") if isinstance(server, dict) else None
            return cls(user=User.from_dict(part(d, "user")), token=_text(d.get("token")),
                       expires_at=number(d.get("expires_at")),
                       server_version=version[:40] if isinstance(version, str) else "",
                       tsa=tsa if isinstance(tsa, dict) else None,
                       peers=d.get("peers") is True)
        return read("login", decode)


@dataclass(frozen=True, slots=True)
class UsersReply:
    """``users.list``."""

    users: tuple[User, ...]

    @classmethod
    def from_wire(cls, d: Wire) -> UsersReply:
        return read("users.list", lambda: cls(tuple(
            User.from_dict(u) for u in _objects(d.get("users", [])))))


@dataclass(frozen=True, slots=True)
class MeetingsListReply:
    """``meetings.list``: the meetings this user may see, each with its revision."""

    meetings: tuple[tuple[Meeting, int], ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(m.id for m, _rev in self.meetings)

    @classmethod
    def from_wire(cls, d: Wire) -> MeetingsListReply:
        return read("meetings.list", lambda: cls(tuple(
            (Meeting.from_dict(part(m, "meeting")), int(m.get("rev") or 0))
            for m in _objects(d.get("meetings", [])))))


@dataclass(frozen=True, slots=True)
class PollReply:
    """A poll command's answer (``poll.*``, ``poll.box.claim``/``release``/``publish``)."""

    poll: Poll

    @classmethod
    def from_wire(cls, d: Wire) -> PollReply:
        return read("poll", lambda: cls(Poll.from_dict(part(d, "poll"))))


@dataclass(frozen=True, slots=True)
class RecordReply:
    """``poll.record``: a closed poll's published record."""

    record: PollRecord

    @classmethod
    def from_wire(cls, d: Wire) -> RecordReply:
        return read("poll.record", lambda: cls(PollRecord.from_dict(part(d, "record"))))


@dataclass(frozen=True, slots=True)
class DocumentReply:
    """``document.attach``, ``document.replace``, ``document.label``."""

    document: Document

    @classmethod
    def from_wire(cls, d: Wire) -> DocumentReply:
        return read("document", lambda: cls(Document.from_dict(part(d, "document"))))


@dataclass(frozen=True, slots=True)
class ItemReply:
    """``agenda.add`` and ``agenda.update``: the item as stored."""

    item: AgendaItem

    @classmethod
    def from_wire(cls, d: Wire) -> ItemReply:
        return read("agenda", lambda: cls(AgendaItem.from_dict(part(d, "item"))))


@dataclass(frozen=True, slots=True)
class MeetingReply:
    """``meeting.create``, ``meeting.update``, ``meeting.publish``."""

    meeting: Meeting

    @classmethod
    def from_wire(cls, d: Wire) -> MeetingReply:
        return read("meeting", lambda: cls(Meeting.from_dict(part(d, "meeting"))))


@dataclass(frozen=True, slots=True)
class MinutesReply:
    """A minutes command's answer: the minutes' status, and the version a save made."""

    minutes: MinutesStatus
    version: int | None

    @classmethod
    def from_wire(cls, d: Wire) -> MinutesReply:
        version = d.get("version")
        return read("minutes", lambda: cls(MinutesStatus.from_dict(part(d, "minutes")),
                                           version if type(version) is int else None))


@dataclass(frozen=True, slots=True)
class BlobStatusReply:
    """``blob.status`` and each ``blob.put``: the bytes the server has of an upload."""

    have: int
    complete: bool

    @classmethod
    def from_wire(cls, d: Wire) -> BlobStatusReply:
        have = d.get("have")
        if type(have) is not int or have < 0:
            raise ProtocolError("server sent a malformed upload reply")
        return cls(have, d.get("complete") is True)


@dataclass(frozen=True, slots=True)
class NotesListReply:
    """``notes.list``: the notes changed since ``seq``, the ids gone, and whether more
    follow. A malformed note is left out (and counted): the others still arrive."""

    notes: tuple[Note, ...]
    gone: tuple[str, ...]
    seq: int | None
    more: bool
    malformed: int = 0

    @classmethod
    def from_wire(cls, d: Wire) -> NotesListReply:
        def decode() -> NotesListReply:
            seq, notes = d.get("seq"), []
            raw = _objects(d.get("notes", []))
            for one in raw:
                with contextlib.suppress(NoteError):
                    notes.append(Note.from_dict(one))
            return cls(tuple(notes), tuple(str(g) for g in _list(d.get("gone", []))),
                       seq if type(seq) is int else None, d.get("more") is True,
                       malformed=len(raw) - len(notes))
        return read("notes.list", decode)


@dataclass(frozen=True, slots=True)
class NoteAck:
    """``notes.put`` and ``notes.delete``."""

    deleted: bool
    """The note was deleted on another device meanwhile (a ``notes.put`` kept nothing)."""

    @classmethod
    def from_wire(cls, d: Wire) -> NoteAck:
        return cls(d.get("deleted") is True)


@dataclass(frozen=True, slots=True)
class TrusteeKeysReply:
    """``trustee.keys``: each trustee's registered device keys (base64)."""

    keys: dict[str, list[str]]

    @classmethod
    def from_wire(cls, d: Wire) -> TrusteeKeysReply:
        def decode() -> TrusteeKeysReply:
            keys = d.get("keys")
            if not isinstance(keys, dict):
                raise TypeError("keys")
            return cls({str(u): [str(k) for k in _list(ks)] for u, ks in keys.items()})
        return read("trustee.keys", decode)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _objects(value: object) -> list[dict[str, Any]]:
    items = _list(value)
    objects = [i for i in items if isinstance(i, dict)]
    if len(objects) != len(items):
        raise TypeError("not a list of objects")
    return objects


@dataclass(frozen=True, slots=True)
class BoxReply:
    """``poll.box.get``: what a trustee's device needs of a sealed poll's box."""

    poll: Poll
    wrapped_key: str
    """The poll key, wrapped (base64)."""
    my_share: str
    """This trustee's share, sealed to the device key it named (base64)."""
    opener_key: str | None
    """The device key of the trustee who claimed the box (None before a claim)."""
    released: tuple[tuple[str, str], ...] = ()
    """The opener's: (trustee, share sealed to the opener's device) handed so far."""
    sealed: tuple[tuple[str, str], ...] | None = None
    """The opener's: (seal tag, sealed ballot), in tag order; None when not asked for."""

    @classmethod
    def from_wire(cls, d: Wire) -> BoxReply:
        def pairs(value: object) -> tuple[tuple[str, str], ...]:
            out = []
            for p in _list(value):
                if not (isinstance(p, list) and len(p) == 2
                        and all(isinstance(x, str) for x in p)):
                    raise TypeError("not a pair")
                out.append((str(p[0]), str(p[1])))
            return tuple(out)

        def decode() -> BoxReply:
            wrapped, mine, opener = d["wrapped_key"], d["my_share"], d.get("opener_key")
            if not (isinstance(wrapped, str) and isinstance(mine, str)
                    and isinstance(opener, str | None)):
                raise TypeError("poll.box.get")
            sealed = d.get("sealed")
            return cls(Poll.from_dict(part(d, "poll")), wrapped, mine, opener,
                       pairs(d.get("released", [])),
                       None if sealed is None else pairs(sealed))
        return read("poll.box.get", decode)
