"""Protocol v1 codec: validation of every field, limits, binary frames."""

from __future__ import annotations

import json

import pytest

from meetingroom.errors import ProtocolError, ProtocolVersionError, TooLargeError, UnknownTypeError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.frames import decode_frame, encode_frame
from meetingroom.protocol.limits import MAX_TEXT_BYTES
from meetingroom.protocol.requests import MeetingSubscribe


def test_round_trip_of_a_request() -> None:
    text = msg.encode_request("meeting.subscribe", "r1", {"meeting_id": "m", "since_rev": 3})
    req = msg.decode_request(text)
    assert (req.type, req.id, req.body) == ("meeting.subscribe", "r1",
                                            MeetingSubscribe(meeting_id="m", since_rev=3))
    assert not req.is_command
    assert msg.decode_request(msg.encode_request("agenda.add", "r2", {
        "meeting_id": "m", "title": "t"})).is_command


@pytest.mark.parametrize("obj, error", [
    ({"v": 1, "type": "nope", "id": "a"}, UnknownTypeError),
    ({"v": 2, "type": "ping", "id": "a"}, ProtocolVersionError),
    ({"v": -1, "type": "ping", "id": "a"}, ProtocolError),
    ({"v": 10**6, "type": "ping", "id": "a"}, ProtocolError),
    ({"v": 1, "type": "ping", "id": ""}, ProtocolError),
    ({"v": 1, "type": "ping", "id": "a b"}, ProtocolError),
    ({"v": 1, "type": "ping", "id": "a", "body": []}, ProtocolError),
    ({"v": 1, "type": "meeting.subscribe", "id": "a", "body": {"meeting_id": "m"}},
     ProtocolError),
    ({"v": 1, "type": "meeting.subscribe", "id": "a",
      "body": {"meeting_id": "m", "since_rev": True}}, ProtocolError),
    ({"v": 1, "type": "meeting.subscribe", "id": "a",
      "body": {"meeting_id": "m", "since_rev": -1}}, ProtocolError),
    ({"v": 1, "type": "blob.get", "id": "a",
      "body": {"sha256": "A" * 64, "offset": 0, "length": 1}}, ProtocolError),
    ({"v": 1, "type": "login", "id": "a",
      "body": {"username": "u", "password": "p", "admin": True}}, ProtocolError),
    ({"v": 1, "type": "agenda.add", "id": "a",
      "body": {"meeting_id": "m", "title": "x" * 5000}}, ProtocolError),
])
def test_invalid_requests_are_refused(obj: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        msg.decode_request(json.dumps(obj))


def test_text_over_the_limit_is_too_large() -> None:
    with pytest.raises(TooLargeError):
        msg.decode_request("x" * (MAX_TEXT_BYTES + 1))


def test_error_reply_carries_code_and_message() -> None:
    out = json.loads(msg.encode_error("r9", TooLargeError("big")))
    assert out == {"v": 1, "type": "error", "re": "r9", "code": "too_large", "message": "big"}


def test_frames_round_trip_and_reject_garbage() -> None:
    f = encode_frame({"re": "c1", "offset": 5}, b"\x00\x01payload")
    header, data = decode_frame(f)
    assert header == {"re": "c1", "offset": 5} and bytes(data) == b"\x00\x01payload"
    for bad in (b"", b"\x00", b"\xff\xff{}", b"\x00\x03abc", b"\x00\x02[]"):
        with pytest.raises(ProtocolError):
            decode_frame(bad)


def test_request_id_of_broken_message() -> None:
    assert msg.request_id_of('{"id": "abc", "v": 7}') == "abc"
    assert msg.request_id_of("garbage") is None
    assert msg.request_id_of('{"id": "../x y"}') is None
