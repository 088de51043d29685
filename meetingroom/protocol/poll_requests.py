"""The request bodies of polls, ballots, trustees and the sealed ballot box (protocol v1,
docs/protocol.md section 4, "Polls and ballots"), as frozen dataclasses registered by
their type like those of ``requests.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from meetingroom.protocol.body_fields import OMITTED, Body, Omitted, long, nullable, registrar
from meetingroom.protocol.requests import InMeeting

BODIES: dict[str, type[Body]] = {}
"""Every request type of this module and its body class."""
_body = registrar(BODIES)


@_body("poll.create", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollCreate(Body):
    """``poll.create``."""
    meeting_id: str
    item_id: str | None = nullable()
    spec: Mapping[str, object]


@_body("poll.update", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollUpdate(Body):
    """``poll.update``."""
    meeting_id: str
    poll_id: str
    item_id: str | Omitted | None = OMITTED
    spec: Mapping[str, object] | None = None


@_body("poll.open", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollOpen(Body):
    """``poll.open``."""
    meeting_id: str
    poll_id: str
    seal: Mapping[str, object] | None = None


@_body("poll.close", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollClose(Body):
    """``poll.close``."""
    meeting_id: str
    poll_id: str


@_body("poll.cancel", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollCancel(Body):
    """``poll.cancel``."""
    meeting_id: str
    poll_id: str


@_body("poll.record")
@dataclass(frozen=True, slots=True, kw_only=True)
class PollRecord(Body):
    """``poll.record``."""
    meeting_id: str
    poll_id: str


@_body("ballot.cast")
@dataclass(frozen=True, slots=True, kw_only=True)
class BallotCast(Body):
    """``ballot.cast``."""
    meeting_id: str
    poll_id: str
    ballot_id: str
    choices: list[object] | None = None
    receipt: str | None = None
    sealed: str | None = field(default=None, metadata=long(65536))
    member_id: str | None = None
    replaces: str | None = None
    change_key: str | None = None
    replaces_key: str | None = None
    opening: str | None = None


@_body("trustee.key", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class TrusteeKey(Body):
    """``trustee.key``."""
    meeting_id: str
    public_key: str


@_body("trustee.keys")
@dataclass(frozen=True, slots=True, kw_only=True)
class TrusteeKeys(Body):
    """``trustee.keys``."""
    meeting_id: str


@_body("poll.box.get")
@dataclass(frozen=True, slots=True, kw_only=True)
class PollBoxGet(Body):
    """``poll.box.get``."""
    meeting_id: str
    poll_id: str
    trustee_key: str | None = None
    sealed: bool = True


@_body("poll.box.claim", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollBoxClaim(Body):
    """``poll.box.claim``."""
    meeting_id: str
    poll_id: str
    trustee_key: str | None = None


@_body("poll.box.release", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollBoxRelease(Body):
    """``poll.box.release``."""
    meeting_id: str
    poll_id: str
    opener: str
    share: str


@_body("poll.box.publish", command=True, large=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollBoxPublish(Body):
    """``poll.box.publish``."""
    meeting_id: str
    poll_id: str
    ballots: list[object]
    invalid: list[object]


@_body("poll.box.abandon", command=True)
@dataclass(frozen=True, slots=True, kw_only=True)
class PollBoxAbandon(Body):
    """``poll.box.abandon``."""
    meeting_id: str
    poll_id: str


class OnPoll(InMeeting, Protocol):
    """A body that names a poll of a meeting."""

    @property
    def poll_id(self) -> str: ...
