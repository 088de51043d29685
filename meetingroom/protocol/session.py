"""Sans-I/O server side of one connection: decode what arrives and decide if it is allowed now."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from meetingroom.errors import NotAuthenticatedError, ProtocolError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.frames import decode_frame
from meetingroom.protocol.limits import PROTOCOL_VERSION

AUTH_TYPES = frozenset({"login", "resume"})


class SessionState(Enum):
    """Where a connection is in its life."""

    AWAITING_AUTH = "awaiting_auth"
    """Only ``login`` and ``resume`` are accepted."""
    READY = "ready"
    """Authenticated: every request type is accepted (and then authorised)."""
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class BlobPut:
    """An upload chunk from a binary frame."""

    id: str
    sha256: str
    size: int
    offset: int
    data: memoryview


Incoming = msg.Request | BlobPut


class ServerSession:
    """Turns raw messages into validated requests, refusing what the state does not allow.

    ``receive`` raises a MeetingroomError for anything malformed or out of turn;
    ``request_id_of`` gives the id to answer such an error with.
    """

    def __init__(self) -> None:
        self.state = SessionState.AWAITING_AUTH

    def receive(self, raw: str | bytes) -> Incoming:
        if self.state is SessionState.CLOSED:
            raise ProtocolError("the session is closed")
        if isinstance(raw, bytes):
            put = _blob_put(raw)  # a malformed frame is bad_request in every state
            if self.state is not SessionState.READY:
                raise NotAuthenticatedError("log in first")
            return put
        req = msg.decode_request(raw)
        if self.state is SessionState.AWAITING_AUTH and req.type not in AUTH_TYPES:
            raise NotAuthenticatedError("log in first")
        if self.state is SessionState.READY and req.type in AUTH_TYPES:
            raise ProtocolError("already logged in")
        return req

    @staticmethod
    def request_id_of(raw: str | bytes) -> str | None:
        if isinstance(raw, bytes):
            try:
                header, _ = decode_frame(raw)
            except ProtocolError:
                return None
            rid = header.get("id")
            return rid if msg.valid_request_id(rid) else None
        return msg.request_id_of(raw)

    def authenticated(self) -> None:
        self._move(SessionState.AWAITING_AUTH, SessionState.READY)

    def logged_out(self) -> None:
        self._move(SessionState.READY, SessionState.AWAITING_AUTH)

    def close(self) -> None:
        self.state = SessionState.CLOSED

    def _move(self, expected: SessionState, new: SessionState) -> None:
        if self.state is not expected:
            raise RuntimeError(f"cannot go from {self.state.value} to {new.value}")
        self.state = new


def _blob_put(raw: bytes) -> BlobPut:
    header, data = decode_frame(raw)
    if not msg.is_version(header.get("v")):
        raise ProtocolError(f"unsupported protocol version; this server speaks v{PROTOCOL_VERSION}")
    if header.get("type") != "blob.put":
        raise ProtocolError("binary frames are only used for blob.put")
    rid = header.get("id")
    if not isinstance(rid, str) or not msg.valid_request_id(rid):
        raise ProtocolError("'id' must be 1-64 characters of [A-Za-z0-9_.:-]")
    body: Any = header.get("body")
    if not isinstance(body, dict) or set(body) != {"sha256", "size", "offset"}:
        raise ProtocolError("blob.put needs body {sha256, size, offset}")
    msg.validate_body("blob.status", {"sha256": body["sha256"], "size": body["size"]})
    offset = body["offset"]
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise ProtocolError("offset must be a non-negative integer")
    return BlobPut(id=rid, sha256=body["sha256"], size=body["size"], offset=offset, data=data)
