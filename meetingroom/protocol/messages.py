"""Message envelope of protocol v1: encode, decode and validate every message type (the
request bodies are in ``protocol/requests.py``)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from meetingroom.errors import (
    MeetingroomError,
    ProtocolError,
    ProtocolVersionError,
    RateLimitError,
    TooLargeError,
    UnknownTypeError,
    error_from_code,
)
from meetingroom.protocol import poll_requests, requests, wire_json
from meetingroom.protocol.body_fields import Body, decode_body
from meetingroom.protocol.limits import (
    MAX_LARGE_TEXT_BYTES,
    MAX_TEXT_BYTES,
    MAX_VERSION,
    PROTOCOL_VERSION,
    REQUEST_ID_MAX,
)
from meetingroom.protocol.server_messages import Notice

_ID_RE = re.compile(rf"^[A-Za-z0-9_.:-]{{1,{REQUEST_ID_MAX}}}$")

REQUESTS: dict[str, type[Body]] = {**requests.BODIES, **poll_requests.BODIES}
"""Every client request type and its body class (``protocol/requests.py`` and
``poll_requests.py``)."""

LARGE_TEXT_TYPES = frozenset(t for t, cls in REQUESTS.items() if cls.LARGE)
"""Request types whose text message may exceed ``MAX_TEXT_BYTES`` (up to
``MAX_LARGE_TEXT_BYTES``)."""

COMMANDS = frozenset(t for t, cls in REQUESTS.items() if cls.COMMAND)
"""Requests that change state: applied at most once per (user, request id).
``ballot.cast`` is not among them: ballots are made idempotent by their own ``ballot_id``
(see server/ballots.py) so that nothing links a secret ballot's request to its content."""

Reply = Mapping[str, object]
"""A result body as a server handler builds it: JSON-ready values that ``encode_result``
writes as they are (their shapes are those of docs/protocol.md, section 4; typing them
would add a class per reply and change no byte on the wire)."""

ENVELOPE_FIELDS = frozenset({"v", "type", "id", "body"})
"""The fields of a request envelope, all required; any other is refused."""


@dataclass(frozen=True, slots=True)
class Request:
    """A validated client request: its body decoded into its type's dataclass."""

    type: str
    id: str
    body: Body

    @property
    def is_command(self) -> bool:
        return self.body.COMMAND


def validate_body(mtype: str, body: Any, registry: Mapping[str, type[Body]] = REQUESTS
                  ) -> Body:
    """``body`` decoded as ``mtype``'s body class; unknown fields are refused."""
    cls = registry.get(mtype)
    if cls is None:
        raise UnknownTypeError(f"unknown message type {mtype[:40]!r}")
    return decode_body(cls, body)


def decode_request(text: str | bytes, registry: Mapping[str, type[Body]] = REQUESTS
                   ) -> Request:
    """Parse and validate one JSON text message from a client (one of ``registry``'s
    types: the room server's, or a peer's, ``protocol/peer_link.py``)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    large = len(raw) > MAX_TEXT_BYTES
    too_large = TooLargeError(f"text messages are limited to {MAX_TEXT_BYTES} bytes")
    if len(raw) > MAX_LARGE_TEXT_BYTES:
        raise TooLargeError(
            f"text messages are limited to {MAX_TEXT_BYTES} bytes, and to "
            f"{MAX_LARGE_TEXT_BYTES} bytes for {' and '.join(sorted(LARGE_TEXT_TYPES))}")
    try:
        msg = wire_json.loads(raw)
    except ProtocolError:
        if large:
            raise too_large from None
        raise
    if not isinstance(msg, dict):
        if large:
            raise too_large
        raise ProtocolError("message must be a JSON object")
    if large and msg.get("type") not in LARGE_TEXT_TYPES:
        raise too_large
    return request_from_obj(msg, registry)


def request_from_obj(msg: Mapping[str, object],
                     registry: Mapping[str, type[Body]] = REQUESTS) -> Request:
    """Validate an already-parsed envelope (text message or binary frame header).

    A request in another protocol version raises ProtocolVersionError (answered with
    :func:`encode_version_refusal`); a ``v`` that is no version at all, ProtocolError.
    """
    v = msg.get("v")
    mtype = msg.get("type")
    if not is_version(v):
        if is_other_version(v):
            raise ProtocolVersionError(
                f"this app speaks protocol {v}, the server speaks protocol {PROTOCOL_VERSION}",
                client_protocol=v, server_protocol=PROTOCOL_VERSION,
                request_type=mtype if isinstance(mtype, str) else "")
        raise ProtocolError(f"unsupported protocol version; this server speaks v{PROTOCOL_VERSION}")
    rid = msg.get("id")
    if not isinstance(mtype, str):
        raise ProtocolError("'type' must be a string")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise ProtocolError("'id' must be 1-64 characters of [A-Za-z0-9_.:-]")
    unknown = set(msg) - ENVELOPE_FIELDS
    if unknown:
        raise ProtocolError(f"unknown envelope field(s): {', '.join(sorted(unknown))[:200]}")
    if "body" not in msg and mtype in registry:
        raise ProtocolError("'body' is required ({} when the request has no fields)")
    body = validate_body(mtype, msg.get("body"), registry)
    return Request(type=mtype, id=rid, body=body)


def is_version(value: Any, version: int = PROTOCOL_VERSION) -> bool:
    """Exactly the integer ``version`` (JSON ``true`` and ``1.0`` are not a version)."""
    return type(value) is int and value == version


def is_other_version(value: Any, version: int = PROTOCOL_VERSION) -> TypeGuard[int]:
    """A protocol version, but not ``version``: an integer from 0 to MAX_VERSION."""
    return type(value) is int and 0 <= value <= MAX_VERSION and value != version


def valid_request_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(_ID_RE.match(value))


def request_id_of(text: str | bytes) -> str | None:
    """Best effort: the request id of a message that failed validation, for the error reply."""
    try:
        msg = json.loads(text)
    except (ValueError, UnicodeDecodeError, TypeError, RecursionError):
        return None
    rid = msg.get("id") if isinstance(msg, dict) else None
    return rid if isinstance(rid, str) and _ID_RE.match(rid) else None


def _dumps(obj: Mapping[str, object]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def encode_request(mtype: str, rid: str, body: Mapping[str, object] | None = None, *,
                   version: int = PROTOCOL_VERSION) -> str:
    """A request as JSON text, its body as given (the client sends ``Body.wire()``;
    tests also write bodies no client would; ``version``: for tests of other versions)."""
    return _dumps({"v": version, "type": mtype, "id": rid, "body": body or {}})


def encode_result(rid: str, body: Reply) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "result", "re": rid, "body": body})


def encode_error(rid: str | None, err: MeetingroomError) -> str:
    out: dict[str, object] = {"v": PROTOCOL_VERSION, "type": "error", "re": rid, "code": err.code,
                           "message": err.message}
    if err.reason:
        out["reason"] = err.reason
    if isinstance(err, RateLimitError) and err.retry_after is not None:
        out["retry_after"] = err.retry_after
    return _dumps(out)


def encode_version_refusal(rid: str | None, err: ProtocolVersionError, *,
                           server_version: str) -> str:
    """Server side: refuse a request in another protocol version, so that its client can
    read the refusal and say what to update.

    Written in the *request's* version (a client drops messages of versions it does not
    speak), with reason ``protocol_version``, the server's ``protocol`` and
    ``server_version``. The code is one that clients before 0.2.0 already turn into text
    without retrying: ``session_expired`` for a ``resume`` (they stop reconnecting and
    ask to log in), ``forbidden`` for anything else (a ``login``).
    """
    code = "session_expired" if err.request_type == "resume" else "forbidden"
    side = ("update the app" if err.client_is_older
            else "ask the administrator to update the server")
    return _dumps({"v": err.client_protocol, "type": "error", "re": rid, "code": code,
                   "reason": "protocol_version",
                   "message": f"this app speaks protocol {err.client_protocol}, the server "
                              f"(Meetingroom {server_version}) speaks protocol "
                              f"{err.server_protocol}: {side}",
                   "protocol": err.server_protocol, "server_version": server_version})


def encode_event(event: Mapping[str, object]) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "event", "event": event})


def encode_notice(notice: Notice) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "notice", "kind": notice.KIND,
                   "data": notice.wire()})


def decode_server_message(text: str | bytes, *, version: int = PROTOCOL_VERSION
                          ) -> Mapping[str, object]:
    """Client side: parse a server text message, checking the envelope.

    Messages in another protocol version are refused, except errors: a server that does
    not speak ours refuses our requests in its own version (servers before 0.2.0), and
    :func:`error_from_message` makes that a ProtocolVersionError.
    """
    try:
        msg = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ProtocolError("server sent invalid JSON") from None
    if not isinstance(msg, dict) or not (
            is_version(msg.get("v"), version)
            or (msg.get("type") == "error" and is_other_version(msg.get("v"), version))):
        raise ProtocolError("server sent an unsupported message")
    if msg.get("type") not in ("result", "error", "event", "notice"):
        raise ProtocolError("server sent an unknown message type")
    return msg


def error_from_message(msg: Mapping[str, object], *, version: int = PROTOCOL_VERSION
                       ) -> MeetingroomError:
    """Client side: the exception a decoded ``error`` message reports.

    A refusal of our protocol version — reason ``protocol_version``, or an error written
    in another version — is a ProtocolVersionError saying which side is older.
    """
    v = msg.get("v")
    message = str(msg.get("message") or "")
    if msg.get("reason") == "protocol_version" or not is_version(v, version):
        server = msg.get("protocol")
        if not is_other_version(server, version):
            server = v if is_other_version(v, version) else None
        server_version = msg.get("server_version")
        return ProtocolVersionError(
            message, client_protocol=version, server_protocol=server,
            server_version=server_version[:40] if isinstance(server_version, str) else "")
    return error_from_code(str(msg.get("code")), message, str(msg.get("reason") or ""))
