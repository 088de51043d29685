"""Meeting, participant, agenda item and document values, plus their dict forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from meetingroom.domain.live import LiveState
from meetingroom.domain.minutes import MinutesStatus
from meetingroom.domain.polls import Poll
from meetingroom.domain.roles import Role


def _flat_dict(obj: Any) -> dict[str, Any]:
    """A dataclass of plain values (str, int, None) as a dict, as ``asdict`` gives it
    without its deep copy of every value (a fifth of the time: a snapshot of a pack
    with many documents is stored on every subscribe)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _optional_id(value: object) -> str | None:
    return None if value is None else str(value)


def versions(documents: Mapping[str, Document], doc: Document) -> tuple[Document, ...]:
    """Every version of ``doc``'s document among ``documents`` (by id), oldest first.

    ``doc`` may be an older copy of one of them; a chain with a missing link or a cycle
    (never made by the server) ends there.
    """
    first = documents.get(doc.id, doc)
    seen = {first.id}
    while first.replaces is not None and first.replaces not in seen:
        older = documents.get(first.replaces)
        if older is None:
            break
        seen.add(older.id)
        first = older
    chain, seen = [first], {first.id}
    while (next_id := chain[-1].replaced_by) is not None and next_id not in seen:
        newer = documents.get(next_id)
        if newer is None:
            break
        seen.add(newer.id)
        chain.append(newer)
    return tuple(chain)


class MeetingStatus(StrEnum):
    """Lifecycle of a meeting as participants see it."""

    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class User:
    """A user account as other components see it (no secrets)."""

    id: str
    username: str
    display_name: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> User:
        return cls(
            id=str(d["id"]),
            username=str(d["username"]),
            display_name=str(d["display_name"]),
            role=Role(d["role"]),
        )


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting's header fields."""

    id: str
    title: str
    location: str
    starts_at: str
    """ISO 8601 local date-time, e.g. ``2026-12-01T08:00``."""
    status: MeetingStatus
    created_by: str
    """User id of the creator."""

    def to_dict(self) -> dict[str, Any]:
        d = _flat_dict(self)
        d["status"] = self.status.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meeting:
        return cls(
            id=str(d["id"]),
            title=str(d["title"]),
            location=str(d.get("location", "")),
            starts_at=str(d.get("starts_at", "")),
            status=MeetingStatus(d.get("status", "draft")),
            created_by=str(d.get("created_by", "")),
        )


@dataclass(frozen=True, slots=True)
class Participant:
    """A user's membership of one meeting."""

    user_id: str
    display_name: str
    role: Role
    voting: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "display_name": self.display_name,
            "role": self.role.value,
            "voting": self.voting,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Participant:
        return cls(
            user_id=str(d["user_id"]),
            display_name=str(d["display_name"]),
            role=Role(d["role"]),
            voting=bool(d["voting"]),
        )


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One agenda entry; ``parent_id`` nests it, ``position`` orders siblings."""

    id: str
    parent_id: str | None
    position: int
    title: str
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AgendaItem:
        parent = d.get("parent_id")
        return cls(
            id=str(d["id"]),
            parent_id=None if parent is None else str(parent),
            position=int(d["position"]),
            title=str(d["title"]),
            notes=str(d.get("notes", "")),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A PDF attached to an agenda item, named by the SHA-256 of its bytes.

    A secretary may replace it with a new version: the new one is another Document
    (``version`` + 1, ``replaces`` naming this one), this one keeps its bytes and gets
    ``replaced_by``, so the old version and the notes on it stay readable.
    """

    id: str
    item_id: str
    name: str
    sha256: str
    size: int
    pages: int
    position: int = 0
    version: int = 1
    replaces: str | None = None
    """The id of the version this one replaced."""
    replaced_by: str | None = None
    """The id of the version that replaced this one; None for the current version."""
    label: str = ""
    """The title the secretary gave it ("": none); kept by its new versions."""
    pdf_title: str = ""
    """The title in the PDF's document information, checked at upload ("": none)."""

    @property
    def current(self) -> bool:
        return self.replaced_by is None

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=str(d["id"]),
            item_id=str(d["item_id"]),
            name=str(d["name"]),
            sha256=str(d["sha256"]),
            size=int(d["size"]),
            pages=int(d["pages"]),
            position=int(d.get("position", 0)),
            version=int(d.get("version", 1)),
            replaces=_optional_id(d.get("replaces")),
            replaced_by=_optional_id(d.get("replaced_by")),
            label=str(d.get("label") or ""),
            pdf_title=str(d.get("pdf_title") or ""),
        )


@dataclass(frozen=True, slots=True)
class MeetingSnapshot:
    """Everything a participant's client holds about one meeting, at revision ``rev``."""

    meeting: Meeting
    rev: int
    participants: tuple[Participant, ...] = ()
    items: tuple[AgendaItem, ...] = ()
    documents: tuple[Document, ...] = field(default=())
    minutes: MinutesStatus | None = None
    """None until the secretary first saves minutes."""
    live: LiveState = field(default_factory=LiveState)
    polls: tuple[Poll, ...] = ()
    """In creation order."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting.to_dict(),
            "rev": self.rev,
            "participants": [p.to_dict() for p in self.participants],
            "items": [i.to_dict() for i in self.items],
            "documents": [d.to_dict() for d in self.documents],
            "minutes": None if self.minutes is None else self.minutes.to_dict(),
            "live": self.live.to_dict(),
            "polls": [p.to_dict() for p in self.polls],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MeetingSnapshot:
        return cls(
            meeting=Meeting.from_dict(d["meeting"]),
            rev=int(d["rev"]),
            participants=tuple(Participant.from_dict(p) for p in d.get("participants", [])),
            items=tuple(AgendaItem.from_dict(i) for i in d.get("items", [])),
            documents=tuple(Document.from_dict(x) for x in d.get("documents", [])),
            minutes=(None if d.get("minutes") is None
                     else MinutesStatus.from_dict(d["minutes"])),
            live=LiveState.from_dict(d.get("live", {})),
            polls=tuple(Poll.from_dict(p) for p in d.get("polls", [])),
        )

    def documents_of(self, item_id: str) -> tuple[Document, ...]:
        """The current versions of the documents attached to ``item_id``, in display order.

        A version whose successor is not in the snapshot (yet) counts as current.
        """
        ids = {d.id for d in self.documents}
        return tuple(sorted((d for d in self.documents if d.item_id == item_id
                             and (d.replaced_by is None or d.replaced_by not in ids)),
                            key=lambda d: d.position))

    def document(self, document_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def versions_of(self, doc: Document) -> tuple[Document, ...]:
        """Every version of ``doc``'s document, oldest first (as this snapshot knows
        them: ``doc`` may be an older copy)."""
        return versions({d.id: d for d in self.documents}, doc)

    def current_version(self, doc: Document) -> Document:
        """The newest version of ``doc``'s document."""
        return self.versions_of(doc)[-1]

    def poll(self, poll_id: str) -> Poll | None:
        return next((p for p in self.polls if p.id == poll_id), None)

    def participant(self, user_id: str) -> Participant | None:
        return next((p for p in self.participants if p.user_id == user_id), None)

    def with_rev(self, rev: int) -> MeetingSnapshot:
        return replace(self, rev=rev)
