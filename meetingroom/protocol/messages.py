"""Message envelope of protocol v1: encode, decode and validate every message type."""

from __future__ import annotations

import json
import re
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
from meetingroom.protocol import wire_json
from meetingroom.protocol.limits import (
    MAX_LARGE_TEXT_BYTES,
    MAX_MINUTES_HTML_BYTES,
    MAX_TEXT_BYTES,
    MAX_VERSION,
    PROTOCOL_VERSION,
    REQUEST_ID_MAX,
    SHA256_HEX_LEN,
)

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_ID_RE = re.compile(rf"^[A-Za-z0-9_.:-]{{1,{REQUEST_ID_MAX}}}$")

# Field specs: name -> (python type(s), required). "?" types allow None.
_Str = str
Spec = dict[str, tuple[Any, bool]]

OPTIONAL_STR_OR_NONE = (str, type(None))

REQUESTS: dict[str, Spec] = {
    "login": {"username": (_Str, True), "password": (_Str, True)},
    "resume": {"token": (_Str, True)},
    "logout": {},
    "ping": {},
    "users.list": {},
    "meetings.list": {},
    "meeting.subscribe": {"meeting_id": (_Str, True), "since_rev": (int, True)},
    "meeting.unsubscribe": {"meeting_id": (_Str, True)},
    "meeting.create": {"title": (_Str, True), "location": (_Str, False),
                       "starts_at": (_Str, False)},
    "meeting.update": {"meeting_id": (_Str, True), "title": (_Str, False),
                       "location": (_Str, False), "starts_at": (_Str, False)},
    "meeting.publish": {"meeting_id": (_Str, True)},
    "participants.set": {"meeting_id": (_Str, True), "participants": (list, True)},
    "agenda.add": {"meeting_id": (_Str, True), "title": (_Str, True),
                   "parent_id": (OPTIONAL_STR_OR_NONE, False), "notes": (_Str, False)},
    "agenda.update": {"meeting_id": (_Str, True), "item_id": (_Str, True),
                      "title": (_Str, False), "notes": (_Str, False)},
    "agenda.move": {"meeting_id": (_Str, True), "item_id": (_Str, True),
                    "parent_id": (OPTIONAL_STR_OR_NONE, True), "index": (int, True)},
    "agenda.remove": {"meeting_id": (_Str, True), "item_id": (_Str, True)},
    "document.attach": {"meeting_id": (_Str, True), "item_id": (_Str, True),
                        "name": (_Str, True), "sha256": (_Str, True)},
    "document.remove": {"meeting_id": (_Str, True), "document_id": (_Str, True)},
    "document.replace": {"meeting_id": (_Str, True), "document_id": (_Str, True),
                         "sha256": (_Str, True), "name": (_Str, False)},
    "document.label": {"meeting_id": (_Str, True), "document_id": (_Str, True),
                       "label": (_Str, True)},
    "blob.status": {"sha256": (_Str, True), "size": (int, True)},
    "blob.get": {"sha256": (_Str, True), "offset": (int, True), "length": (int, True)},
    "minutes.get": {"meeting_id": (_Str, True), "version": (int, False)},
    "minutes.save": {"meeting_id": (_Str, True), "html": (_Str, True),
                     "base_version": (int, True), "comment": (_Str, False)},
    "minutes.submit": {"meeting_id": (_Str, True)},
    "minutes.review": {"meeting_id": (_Str, True), "approve": (bool, True),
                       "comment": (_Str, True)},
    "minutes.reopen": {"meeting_id": (_Str, True)},
    "minutes.finalise": {"meeting_id": (_Str, True)},
    "minutes.sign_upload": {"meeting_id": (_Str, True), "sha256": (_Str, True)},
    "live.phase": {"meeting_id": (_Str, True), "phase": (_Str, True)},
    "live.current_item": {"meeting_id": (_Str, True), "item_id": (OPTIONAL_STR_OR_NONE, True)},
    "live.quorum": {"meeting_id": (_Str, True), "quorum": (dict, True)},
    "attendance.set": {"meeting_id": (_Str, True), "attendance": (dict, True)},
    "attendance.check_in": {"meeting_id": (_Str, True), "present": (bool, True)},
    "proxies.set": {"meeting_id": (_Str, True), "proxies": (dict, True)},
    "speakers.request": {"meeting_id": (_Str, True), "request": (bool, True)},
    "speakers.grant": {"meeting_id": (_Str, True), "user_id": (OPTIONAL_STR_OR_NONE, False)},
    "speakers.end": {"meeting_id": (_Str, True)},
    "speakers.order": {"meeting_id": (_Str, True), "queue": (list, True),
                       "keep_others": (bool, False)},
    "speakers.limit": {"meeting_id": (_Str, True), "seconds": (int, True)},
    "poll.create": {"meeting_id": (_Str, True), "item_id": (OPTIONAL_STR_OR_NONE, False),
                    "spec": (dict, True)},
    "poll.update": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                    "item_id": (OPTIONAL_STR_OR_NONE, False), "spec": (dict, False)},
    "poll.open": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                  "seal": (dict, False)},
    "poll.close": {"meeting_id": (_Str, True), "poll_id": (_Str, True)},
    "poll.cancel": {"meeting_id": (_Str, True), "poll_id": (_Str, True)},
    "poll.record": {"meeting_id": (_Str, True), "poll_id": (_Str, True)},
    "ballot.cast": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                    "ballot_id": (_Str, True), "choices": (list, False),
                    "receipt": (_Str, False), "sealed": (_Str, False),
                    "member_id": (_Str, False),
                    "replaces": (_Str, False), "change_key": (_Str, False),
                    "replaces_key": (_Str, False), "opening": (_Str, False)},
    "trustee.key": {"meeting_id": (_Str, True), "public_key": (_Str, True)},
    "trustee.keys": {"meeting_id": (_Str, True)},
    "poll.box.get": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                     "trustee_key": (_Str, False), "sealed": (bool, False)},
    "poll.box.claim": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                       "trustee_key": (_Str, False)},
    "poll.box.release": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                         "opener": (_Str, True), "share": (_Str, True)},
    "poll.box.publish": {"meeting_id": (_Str, True), "poll_id": (_Str, True),
                         "ballots": (list, True), "invalid": (list, True)},
    "poll.box.abandon": {"meeting_id": (_Str, True), "poll_id": (_Str, True)},
    "presenter.show": {"meeting_id": (_Str, True), "document_id": (_Str, True),
                       "page": (int, True), "zoom": (int, True)},
    "presenter.stop": {"meeting_id": (_Str, True)},
    "notes.put": {"meeting_id": (_Str, True), "note": (dict, True)},
    "notes.delete": {"meeting_id": (_Str, True), "note_id": (_Str, True),
                     "updated_at": (int, True)},
    "notes.list": {"meeting_id": (_Str, True), "since": (int, True)},
}
"""Every client request type and its body fields."""

LONG_FIELDS: dict[tuple[str, str], int] = {
    ("minutes.save", "html"): MAX_MINUTES_HTML_BYTES,
    ("ballot.cast", "sealed"): 64 * 1024,
}
"""String fields allowed past ``MAX_STRING`` (characters); the server checks their bytes."""

LARGE_TEXT_TYPES = frozenset({"minutes.save", "notes.put", "poll.box.publish"})
"""Request types whose text message may exceed ``MAX_TEXT_BYTES`` (up to
``MAX_LARGE_TEXT_BYTES``)."""

COMMANDS = frozenset({
    "meeting.create", "meeting.update", "meeting.publish", "participants.set",
    "agenda.add", "agenda.update", "agenda.move", "agenda.remove",
    "document.attach", "document.remove", "document.replace", "document.label",
    "minutes.save", "minutes.submit", "minutes.review", "minutes.reopen",
    "minutes.finalise", "minutes.sign_upload",
    "live.phase", "live.current_item", "live.quorum", "attendance.set", "attendance.check_in",
    "proxies.set", "speakers.request", "speakers.grant", "speakers.end", "speakers.order",
    "speakers.limit", "poll.create", "poll.update", "poll.open", "poll.close", "poll.cancel",
    "notes.put", "notes.delete", "trustee.key", "poll.box.claim", "poll.box.release",
    "poll.box.publish", "poll.box.abandon",
})
"""Requests that change state: applied at most once per (user, request id).
``ballot.cast`` is not among them: ballots are made idempotent by their own ``ballot_id``
(see server/ballots.py) so that nothing links a secret ballot's request to its content."""

ENVELOPE_FIELDS = frozenset({"v", "type", "id", "body"})
"""The fields of a request envelope, all required; any other is refused."""

MAX_STRING = 2000
"""Longest string field (titles, notes are capped here too)."""


@dataclass(frozen=True, slots=True)
class Request:
    """A validated client request."""

    type: str
    id: str
    body: dict[str, Any]

    @property
    def is_command(self) -> bool:
        return self.type in COMMANDS


def _check_sha(value: str) -> str:
    if len(value) != SHA256_HEX_LEN or not _SHA_RE.match(value):
        raise ProtocolError("sha256 must be 64 lowercase hex characters")
    return value


def validate_body(mtype: str, body: Any) -> dict[str, Any]:
    """Check ``body`` against the spec of ``mtype``; unknown fields are refused."""
    spec = REQUESTS.get(mtype)
    if spec is None:
        raise UnknownTypeError(f"unknown message type {mtype[:40]!r}")
    if not isinstance(body, dict):
        raise ProtocolError("'body' must be an object")
    unknown = set(body) - set(spec)
    if unknown:
        raise ProtocolError(f"unknown field(s) for {mtype}: {', '.join(sorted(unknown))[:200]}")
    for name, (types, required) in spec.items():
        if name not in body:
            if required:
                raise ProtocolError(f"{mtype}: field '{name}' is required")
            continue
        value = body[name]
        if isinstance(value, bool) and types is int:
            raise ProtocolError(f"{mtype}: field '{name}' must be an integer")
        if not isinstance(value, types):
            raise ProtocolError(f"{mtype}: field '{name}' has the wrong type")
        if isinstance(value, str) and len(value) > LONG_FIELDS.get((mtype, name), MAX_STRING):
            raise ProtocolError(f"{mtype}: field '{name}' is too long")
        if isinstance(value, int) and value < 0:
            raise ProtocolError(f"{mtype}: field '{name}' must not be negative")
    if "sha256" in body:
        _check_sha(body["sha256"])
    return body


def decode_request(text: str | bytes) -> Request:
    """Parse and validate one JSON text message from a client."""
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
    return request_from_obj(msg)


def request_from_obj(msg: dict[str, Any]) -> Request:
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
    if "body" not in msg and mtype in REQUESTS:
        raise ProtocolError("'body' is required ({} when the request has no fields)")
    body = validate_body(mtype, msg.get("body"))
    return Request(type=mtype, id=rid, body=body)


def is_version(value: Any, version: int = PROTOCOL_VERSION) -> bool:
    """Exactly the integer ``version`` (JSON ``true`` and ``1.0`` are not a version)."""
    return type(value) is int and value == version


def is_other_version(value: Any, version: int = PROTOCOL_VERSION) -> TypeGuard[int]:
    """A protocol version, but not ``version``: an integer from 0 to MAX_VERSION."""
    return type(value) is int and 0 <= value <= MAX_VERSION and value != version


def valid_request_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID_RE.match(value))


def request_id_of(text: str | bytes) -> str | None:
    """Best effort: the request id of a message that failed validation, for the error reply."""
    try:
        msg = json.loads(text)
    except (ValueError, UnicodeDecodeError, TypeError, RecursionError):
        return None
    rid = msg.get("id") if isinstance(msg, dict) else None
    return rid if isinstance(rid, str) and _ID_RE.match(rid) else None


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def encode_request(mtype: str, rid: str, body: dict[str, Any] | None = None, *,
                   version: int = PROTOCOL_VERSION) -> str:
    """Client side: a request as JSON text (``version``: for tests of other versions)."""
    return _dumps({"v": version, "type": mtype, "id": rid, "body": body or {}})


def encode_result(rid: str, body: dict[str, Any]) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "result", "re": rid, "body": body})


def encode_error(rid: str | None, err: MeetingroomError) -> str:
    out: dict[str, Any] = {"v": PROTOCOL_VERSION, "type": "error", "re": rid, "code": err.code,
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


def encode_event(event: dict[str, Any]) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "event", "event": event})


def encode_notice(kind: str, data: dict[str, Any] | None = None) -> str:
    return _dumps({"v": PROTOCOL_VERSION, "type": "notice", "kind": kind, "data": data or {}})


def decode_server_message(text: str | bytes, *, version: int = PROTOCOL_VERSION
                          ) -> dict[str, Any]:
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


def error_from_message(msg: dict[str, Any], *, version: int = PROTOCOL_VERSION
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
