"""Protocol versions in the codec: a refusal every client can read and tell apart (no I/O)."""

from __future__ import annotations

import json

import pytest

from meetingroom import errors
from meetingroom.errors import ProtocolError, ProtocolVersionError
from meetingroom.protocol import messages as msg


def _refusal(client_v: int, mtype: str, *, server_v: int = 1) -> dict[str, object]:
    """What a server speaking ``server_v`` answers to a ``mtype`` request in ``client_v``."""
    err = ProtocolVersionError("x", client_protocol=client_v, server_protocol=server_v,
                               request_type=mtype)
    reply: dict[str, object] = json.loads(msg.encode_version_refusal("r1", err,
                                                                     server_version="0.5.0"))
    return reply


def test_a_request_in_another_version_is_refused_as_a_version_problem() -> None:
    with pytest.raises(ProtocolVersionError) as info:
        msg.decode_request(msg.encode_request("login", "r1", {"username": "u", "password": "p"},
                                              version=2))
    assert (info.value.client_protocol, info.value.server_protocol) == (2, 1)
    assert info.value.request_type == "login" and not info.value.client_is_older


@pytest.mark.parametrize("v", [True, 1.0, "1", None, -1, 10**6])
def test_a_v_that_is_no_version_stays_a_malformed_request(v: object) -> None:
    with pytest.raises(ProtocolError):
        msg.request_from_obj({"v": v, "type": "ping", "id": "a", "body": {}})


def test_the_refusal_is_written_in_the_requests_version_with_the_servers() -> None:
    reply = _refusal(0, "login")
    assert reply["v"] == 0 and reply["re"] == "r1" and reply["type"] == "error"
    assert reply["reason"] == "protocol_version"
    assert reply["protocol"] == 1 and reply["server_version"] == "0.5.0"
    assert "update the app" in str(reply["message"])
    assert "update the server" in str(_refusal(3, "login")["message"])


def test_todays_client_reads_the_refusal_and_stops_instead_of_retrying() -> None:
    """A client before 0.2.0 (protocol 1) meeting a server of protocol 2: it reads only
    messages of its own version, turns codes into text with error_from_code, and retries
    a resume after any error but an AuthError."""
    login, resume = _refusal(1, "login", server_v=2), _refusal(1, "resume", server_v=2)
    assert login["v"] == resume["v"] == 1
    shown = errors.error_from_code(str(login["code"]), str(login["message"]))
    assert isinstance(shown, errors.ForbiddenError)  # "You are not allowed ... secretary."
    resumed = errors.error_from_code(str(resume["code"]), str(resume["message"]))
    assert isinstance(resumed, errors.AuthError)  # stops reconnecting, asks to log in


def test_a_new_client_recognises_the_refusal_and_which_side_is_older() -> None:
    older = msg.error_from_message(msg.decode_server_message(json.dumps(_refusal(0, "login")),
                                                             version=0), version=0)
    assert isinstance(older, ProtocolVersionError) and older.client_is_older
    assert (older.server_protocol, older.server_version) == (1, "0.5.0")
    newer = msg.error_from_message(_refusal(2, "resume"), version=2)
    assert isinstance(newer, ProtocolVersionError) and not newer.client_is_older


def test_a_server_before_0_2_0_refusing_a_newer_client_is_a_version_problem_too() -> None:
    """Servers before 0.2.0 answer another version with bad_request in their own v (1)."""
    raw = json.dumps({"v": 1, "type": "error", "re": "r1", "code": "bad_request",
                      "message": "unsupported protocol version; this server speaks v1"})
    err = msg.error_from_message(msg.decode_server_message(raw, version=2), version=2)
    assert isinstance(err, ProtocolVersionError)
    assert err.server_protocol == 1 and err.server_version == "" and not err.client_is_older


def test_only_errors_are_read_in_another_version() -> None:
    result = json.dumps({"v": 1, "type": "result", "re": "r1", "body": {}})
    with pytest.raises(ProtocolError):
        msg.decode_server_message(result, version=2)
    with pytest.raises(ProtocolError):
        msg.decode_server_message(json.dumps({"v": True, "type": "error", "re": "r1"}))


def test_an_ordinary_error_in_our_version_keeps_its_class() -> None:
    raw = msg.encode_error("r1", errors.ForbiddenError("no", reason=""))
    err = msg.error_from_message(msg.decode_server_message(raw))
    assert type(err) is errors.ForbiddenError and err.message == "no"
