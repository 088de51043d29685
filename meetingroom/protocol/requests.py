"""The client request bodies of protocol v1 as frozen dataclasses, registered by their type;
those of polls, ballots and trustees are in ``poll_requests.py``.

``BODIES`` maps each request type to its class; ``ServerSession`` decodes a request into
one (``protocol/body_fields.py`` says how fields are declared and checked) and the server's
handlers take it. Field order follows docs/protocol.md, section 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from meetingroom.protocol.body_fields import Body, long, nullable, registrar

BODIES: dict[str, type[Body]] = {}
"""Every request type of this module and its body class (``protocol/messages.py`` joins
them with the voting ones of ``poll_requests.py``)."""
_body = registrar(BODIES)


@_body("login")
@dataclass(frozen=True, slots=True, kw_only=True)
class Login(Body):
    """``login``."""
    username: str
    password: str


@_body("resume")
@dataclass(frozen=True, slots=True, kw_only=True)
class Resume(Body):
    """``resume``."""
    token: str


@_body("logout")
@dataclass(frozen=True, slots=True, kw_only=True)
class Logout(Body):
    """``logout``."""



@_body("ping")
@dataclass(frozen=True, slots=True, kw_only=True)
class Ping(Body):
    """``ping``."""



@_body("users.list")
@dataclass(frozen=True, slots=True, kw_only=True)
class UsersList(Body):
    """``users.list``."""



@_body("meetings.list")
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingsList(Body):
    """``meetings.list``."""



@_body("meeting.subscribe")
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingSubscribe(Body):
    """``meeting.subscribe``."""
    meeting_id: str
    since_rev: int


@_body("meeting.unsubscribe")
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingUnsubscribe(Body):
    """``meeting.unsubscribe``."""
    meeting_id: str


@_body("meeting.create", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingCreate(Body):
    """``meeting.create``."""
    title: str
    location: str = ""
    starts_at: str = ""


@_body("meeting.update", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingUpdate(Body):
    """``meeting.update``."""
    meeting_id: str
    title: str | None = None
    location: str | None = None
    starts_at: str | None = None


@_body("meeting.publish", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingPublish(Body):
    """``meeting.publish``."""
    meeting_id: str


@_body("participants.set", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipantsSet(Body):
    """``participants.set``."""
    meeting_id: str
    participants: list[object]


@_body("agenda.add", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaAdd(Body):
    """``agenda.add``."""
    meeting_id: str
    title: str
    parent_id: str | None = nullable()
    notes: str = ""


@_body("agenda.update", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaUpdate(Body):
    """``agenda.update``."""
    meeting_id: str
    item_id: str
    title: str | None = None
    notes: str | None = None


@_body("agenda.move", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaMove(Body):
    """``agenda.move``."""
    meeting_id: str
    item_id: str
    parent_id: str | None
    index: int


@_body("agenda.remove", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaRemove(Body):
    """``agenda.remove``."""
    meeting_id: str
    item_id: str


@_body("document.attach", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentAttach(Body):
    """``document.attach``."""
    meeting_id: str
    item_id: str
    name: str
    sha256: str


@_body("document.remove", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRemove(Body):
    """``document.remove``."""
    meeting_id: str
    document_id: str


@_body("document.replace", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentReplace(Body):
    """``document.replace``."""
    meeting_id: str
    document_id: str
    sha256: str
    name: str | None = None


@_body("document.label", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentLabel(Body):
    """``document.label``."""
    meeting_id: str
    document_id: str
    label: str


@_body("blob.status")
@dataclass(frozen=True, slots=True, kw_only=True)
class BlobStatus(Body):
    """``blob.status``."""
    sha256: str
    size: int


@_body("blob.get")
@dataclass(frozen=True, slots=True, kw_only=True)
class BlobGet(Body):
    """``blob.get``."""
    sha256: str
    offset: int
    length: int


@_body("peer.offer")
@dataclass(frozen=True, slots=True, kw_only=True)
class PeerOffer(Body):
    """``peer.offer``: this device serves ``blobs`` (verified, complete) to peers of its
    meetings on ``port`` of the address the server sees it at; sent again as it gets more.
    ``cert_sha256``: its TLS certificate's SHA-256 (null on a ws:// room)."""
    port: int
    cert_sha256: str | None
    blobs: list[object]


@_body("peer.find")
@dataclass(frozen=True, slots=True, kw_only=True)
class PeerFind(Body):
    """``peer.find``: the chunk hashes of a blob and peers that hold it, with tickets."""
    sha256: str


@_body("peer.held")
@dataclass(frozen=True, slots=True, kw_only=True)
class PeerHeld(Body):
    """``peer.held``: how many peers hold each of ``blobs`` (to fetch those first)."""
    blobs: list[object]


@_body("peer.report")
@dataclass(frozen=True, slots=True, kw_only=True)
class PeerReport(Body):
    """``peer.report``: a peer sent bytes that failed their hash, or refused a ticket."""
    peer: str
    sha256: str
    reason: str


@_body("minutes.get")
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesGet(Body):
    """``minutes.get``."""
    meeting_id: str
    version: int | None = None


@_body("minutes.save", command=True, large=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesSave(Body):
    """``minutes.save``."""
    meeting_id: str
    html: str = field(metadata=long(524288))
    base_version: int
    comment: str = ""


@_body("minutes.submit", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesSubmit(Body):
    """``minutes.submit``."""
    meeting_id: str


@_body("minutes.review", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesReview(Body):
    """``minutes.review``."""
    meeting_id: str
    approve: bool
    comment: str


@_body("minutes.reopen", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesReopen(Body):
    """``minutes.reopen``."""
    meeting_id: str


@_body("minutes.finalise", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesFinalise(Body):
    """``minutes.finalise``."""
    meeting_id: str


@_body("minutes.sign_upload", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesSignUpload(Body):
    """``minutes.sign_upload``."""
    meeting_id: str
    sha256: str


@_body("live.phase", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class LivePhase(Body):
    """``live.phase``."""
    meeting_id: str
    phase: str


@_body("live.current_item", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class LiveCurrentItem(Body):
    """``live.current_item``."""
    meeting_id: str
    item_id: str | None


@_body("live.quorum", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class LiveQuorum(Body):
    """``live.quorum``."""
    meeting_id: str
    quorum: Mapping[str, object]


@_body("attendance.set", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AttendanceSet(Body):
    """``attendance.set``."""
    meeting_id: str
    attendance: Mapping[str, object]


@_body("attendance.check_in", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class AttendanceCheckIn(Body):
    """``attendance.check_in``."""
    meeting_id: str
    present: bool


@_body("proxies.set", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class ProxiesSet(Body):
    """``proxies.set``."""
    meeting_id: str
    proxies: Mapping[str, object]


@_body("speakers.request", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersRequest(Body):
    """``speakers.request``."""
    meeting_id: str
    request: bool


@_body("speakers.grant", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersGrant(Body):
    """``speakers.grant``."""
    meeting_id: str
    user_id: str | None = nullable()


@_body("speakers.end", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersEnd(Body):
    """``speakers.end``."""
    meeting_id: str


@_body("speakers.order", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersOrder(Body):
    """``speakers.order``."""
    meeting_id: str
    queue: list[object]
    keep_others: bool = True


@_body("speakers.limit", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakersLimit(Body):
    """``speakers.limit``."""
    meeting_id: str
    seconds: int


@_body("presenter.show")
@dataclass(frozen=True, slots=True, kw_only=True)
class PresenterShow(Body):
    """``presenter.show``."""
    meeting_id: str
    document_id: str
    page: int
    zoom: int


@_body("presenter.stop")
@dataclass(frozen=True, slots=True, kw_only=True)
class PresenterStop(Body):
    """``presenter.stop``."""
    meeting_id: str


@_body("notes.put", command=True, large=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class NotesPut(Body):
    """``notes.put``."""
    meeting_id: str
    note: Mapping[str, object]


@_body("notes.delete", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class NotesDelete(Body):
    """``notes.delete``."""
    meeting_id: str
    note_id: str
    updated_at: int


@_body("notes.list")
@dataclass(frozen=True, slots=True, kw_only=True)
class NotesList(Body):
    """``notes.list``."""
    meeting_id: str
    since: int


class InMeeting(Protocol):
    """A body that names a meeting (for helpers shared by several handlers)."""

    @property
    def meeting_id(self) -> str: ...


class OnDocument(InMeeting, Protocol):
    """A body that names a document of a meeting."""

    @property
    def document_id(self) -> str: ...
