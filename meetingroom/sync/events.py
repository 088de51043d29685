"""Facts the sync engine reports to its listener (called on the engine thread)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from meetingroom.domain.events import MeetingEvent
from meetingroom.domain.model import Meeting, MeetingSnapshot, User
from meetingroom.domain.polls import LocalBallot
from meetingroom.errors import MeetingroomError
from meetingroom.protocol.server_messages import Shown


class ConnectionState(StrEnum):
    """What the connection indicator shows."""

    LOGGED_OUT = "logged_out"
    """No session: the user must log in."""
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"
    """Lost the server; retrying with backoff while working from the cache."""
    OFFLINE = "offline"
    """Working from the cache; no server reachable at start."""
    UPDATE_REQUIRED = "update_required"
    """The server and this app speak different protocol versions: no retrying until one
    of them is updated (``engine.server.version_problem`` says which)."""


@dataclass(frozen=True, slots=True)
class CachedMeeting:
    """A meeting as the local cache holds it."""

    meeting: Meeting
    rev: int
    synced_at: datetime | None
    """When the cache last matched the server (UTC)."""


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    state: ConnectionState
    since: datetime
    """UTC time the state was entered (for "offline since HH:MM")."""
    detail: str = ""
    retry_in: float | None = None
    """Seconds until the next reconnect attempt, when reconnecting."""


@dataclass(frozen=True, slots=True)
class SessionStarted:
    user: User
    server_url: str
    remembered: bool = False
    """Whether the session is saved in the keyring (False: no usable keyring, or not asked)."""


@dataclass(frozen=True, slots=True)
class AuthRequired:
    """The saved session is gone or expired; ask the user to log in."""

    error: MeetingroomError
    username: str = ""
    server_url: str = ""


@dataclass(frozen=True, slots=True)
class MeetingsChanged:
    meetings: tuple[CachedMeeting, ...]


@dataclass(frozen=True, slots=True)
class MeetingUpdated:
    snapshot: MeetingSnapshot
    events: tuple[MeetingEvent, ...]
    """What changed; empty when a whole snapshot replaced the cache."""


@dataclass(frozen=True, slots=True)
class MeetingRemoved:
    meeting_id: str


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Background download progress over every document of every cached meeting."""

    done_bytes: int
    total_bytes: int
    docs_done: int
    docs_total: int
    current_sha256: str | None = None
    """The document being downloaded now, if any."""
    current_done: int = 0
    """Bytes of ``current_sha256`` on disk so far."""
    downloading: tuple[tuple[str, int], ...] = ()
    """(sha256, bytes on disk) of every document downloading now (the reader follows
    the one it shows)."""


@dataclass(frozen=True, slots=True)
class DocumentAvailable:
    """A blob is complete and SHA-256 verified on disk."""

    sha256: str


@dataclass(frozen=True, slots=True)
class DownloadFailed:
    """A download failed: its bytes did not match the SHA-256 (the partial file was
    deleted), the server refused it, or it broke the protocol."""

    sha256: str
    error: MeetingroomError
    retrying: bool
    """True: it will be fetched again from the start; False: given up until restart."""


@dataclass(frozen=True, slots=True)
class UploadProgress:
    sha256: str
    done_bytes: int
    total_bytes: int


@dataclass(frozen=True, slots=True)
class CommandFinished:
    request_id: str
    type: str
    result: Mapping[str, object] | None
    """The server's answer, as sent (read it with a class of protocol/replies.py)."""
    error: MeetingroomError | None


@dataclass(frozen=True, slots=True)
class OutboxChanged:
    pending: int
    """Commands stored locally and not yet acknowledged by the server."""


@dataclass(frozen=True, slots=True)
class BallotChanged:
    """One of this device's ballots was stored, acknowledged, refused or checked."""

    ballot: LocalBallot


@dataclass(frozen=True, slots=True)
class PresenterChanged:
    """The presenter showed another page (``shown`` None: stopped presenting)."""

    meeting_id: str
    shown: Shown | None


@dataclass(frozen=True, slots=True)
class NotesChanged:
    """This user's notes (or notes shared with the meeting) changed, locally or remotely."""

    meeting_id: str


@dataclass(frozen=True, slots=True)
class NotesCarried:
    """This user's notes were carried to a new version of a document (or failed to be)."""

    meeting_id: str
    document_id: str
    """The new version."""


EngineEvent = (
    ConnectionChanged | SessionStarted | AuthRequired | MeetingsChanged | MeetingUpdated
    | MeetingRemoved | SyncProgress | DocumentAvailable | DownloadFailed | UploadProgress
    | CommandFinished | OutboxChanged | BallotChanged | PresenterChanged | NotesChanged
    | NotesCarried
)
