"""The sans-I/O connection state machine: what is accepted in which state."""

from __future__ import annotations

import hashlib

import pytest

from meetingroom.errors import NotAuthenticatedError, ProtocolError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.frames import encode_frame
from meetingroom.protocol.session import BlobPut, ServerSession, SessionState


def put_frame(offset: int = 0, **over: object) -> bytes:
    data = b"%PDF-1.7"
    header: dict[str, object] = {"v": 1, "type": "blob.put", "id": "u1", "body": {
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "offset": offset}}
    header.update(over)
    return encode_frame(header, data)


def test_only_login_or_resume_before_authentication() -> None:
    s = ServerSession()
    assert s.receive(msg.encode_request("login", "a", {"username": "u", "password": "p"})).type \
        == "login"
    with pytest.raises(NotAuthenticatedError):
        s.receive(msg.encode_request("meetings.list", "b"))
    with pytest.raises(NotAuthenticatedError):
        s.receive(put_frame())


def test_ready_accepts_requests_and_uploads_but_not_a_second_login() -> None:
    s = ServerSession()
    s.authenticated()
    assert s.state is SessionState.READY
    assert s.receive(msg.encode_request("meetings.list", "b")).type == "meetings.list"
    chunk = s.receive(put_frame(offset=0))
    assert isinstance(chunk, BlobPut) and bytes(chunk.data) == b"%PDF-1.7"
    with pytest.raises(ProtocolError, match="already"):
        s.receive(msg.encode_request("resume", "c", {"token": "t"}))


@pytest.mark.parametrize("over", [{"type": "blob.get"}, {"v": 2}, {"id": ""},
                                  {"body": {"sha256": "x", "size": 1, "offset": 0}},
                                  {"body": {"sha256": "a" * 64, "size": 1, "offset": -1}}])
def test_malformed_upload_frames_are_refused(over: dict[str, object]) -> None:
    s = ServerSession()
    s.authenticated()
    with pytest.raises(ProtocolError):
        s.receive(put_frame(**over))


def test_wrong_transitions_are_refused() -> None:
    s = ServerSession()
    with pytest.raises(RuntimeError):
        s.logged_out()
    s.authenticated()
    with pytest.raises(RuntimeError):
        s.authenticated()
    s.logged_out()
    assert s.state is SessionState.AWAITING_AUTH
    s.close()
    with pytest.raises(ProtocolError):
        s.receive(msg.encode_request("ping", "p"))


def test_request_id_of_frames_and_text() -> None:
    assert ServerSession.request_id_of(put_frame()) == "u1"
    assert ServerSession.request_id_of(b"\x00") is None
    assert ServerSession.request_id_of('{"id": "z9"}') == "z9"
