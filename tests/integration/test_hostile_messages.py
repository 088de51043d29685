"""Malformed messages from a hostile client get ``bad_request`` and the connection stays usable."""

from __future__ import annotations

import json
import time
from typing import Any

from websockets.sync.client import ClientConnection, connect

from meetingroom.protocol import wire_json
from meetingroom.server import login_throttle as lt


class FakeClock:
    """The server's clock, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def answer(ws: ClientConnection, text: str | bytes) -> dict[str, Any]:
    ws.send(text)
    m: dict[str, Any] = json.loads(ws.recv(timeout=20))
    return m


def login(ws: ClientConnection, room: Any, user: str = "secretary") -> dict[str, Any]:
    return answer(ws, json.dumps({"v": 1, "type": "login", "id": "ok",
                                  "body": {"username": user, "password": room.password(user)}}))


LONE_SURROGATE = '"\\udfff"'
"""A JSON string escape that decodes to a lone surrogate, which is not Unicode text."""


def test_lone_surrogate_before_login_is_bad_request_and_the_connection_stays(
        room: Any, caplog: Any) -> None:
    with connect(room.url) as ws:
        for text in (
                '{"v":1,"type":"login","id":"s1","body":{"username":' + LONE_SURROGATE
                + ',"password":"x"}}',
                '{"v":1,"type":"resume","id":"s2","body":{"token":' + LONE_SURROGATE + '}}',
                '{"v":1,"type":"login","id":"s3","body":{"username":"chair",'
                + LONE_SURROGATE + ':1}}'):
            m = answer(ws, text)
            assert m["code"] == "bad_request", m
            assert m["re"] is not None and "surrogate" in m["message"]
        assert login(ws, room)["type"] == "result"
        m = answer(ws, '{"v":1,"type":"agenda.add","id":"s4","body":{"meeting_id":"m",'
                       '"title":' + LONE_SURROGATE + '}}')
        assert m["code"] == "bad_request" and m["re"] == "s4"
    assert "Traceback" not in caplog.text and "internal error" not in caplog.text


def test_deeply_nested_json_is_bad_request_and_the_connection_stays(room: Any) -> None:
    with connect(room.url) as ws:
        deep = '{"v":1,"type":"login","id":"d1","body":' + "[" * 5000 + "]" * 5000 + "}"
        m = answer(ws, deep)
        assert m["code"] == "bad_request" and "nested" in m["message"]
        just_too_deep = {"v": 1, "type": "login", "id": "d2", "body": {}}
        inner: Any = just_too_deep["body"]
        for _ in range(wire_json.MAX_DEPTH):
            inner["x"] = {}
            inner = inner["x"]
        m = answer(ws, json.dumps(just_too_deep))
        assert m["code"] == "bad_request" and m["re"] == "d2" and "nested" in m["message"]
        assert login(ws, room)["type"] == "result"
        m = answer(ws, '{"v":1,"type":"ping","id":"d3","body":{"a":' + "[" * 5000 + "]" * 5000
                   + "}}")
        assert m["code"] == "bad_request"
        assert answer(ws, '{"v":1,"type":"ping","id":"d4","body":{}}')["type"] == "result"


def test_malformed_resumes_count_towards_the_address_limit(room_factory: Any) -> None:
    room = room_factory(clock=FakeClock())
    with connect(room.url, source_address=("127.0.0.4", 0)) as ws:
        for i in range(lt.ADDRESS_FREE):
            m = answer(ws, '{"v":1,"type":"resume","id":"r' + str(i) + '","body":{"token":'
                       + LONE_SURROGATE + '}}')
            assert m["code"] == "bad_request"
        assert login(ws, room)["code"] == "rate_limited"
    with connect(room.url) as ws:  # another address is not affected
        assert login(ws, room)["type"] == "result"


def test_missing_body_and_unknown_envelope_fields_are_refused_by_name(room: Any) -> None:
    with connect(room.url) as ws:
        login(ws, room)
        m = answer(ws, '{"v":1,"type":"ping","id":"b1"}')
        assert m["code"] == "bad_request" and "'body'" in m["message"] and m["re"] == "b1"
        m = answer(ws, '{"v":1,"type":"ping","id":"b2","body":{},"admin":true}')
        assert m["code"] == "bad_request" and "admin" in m["message"] and m["re"] == "b2"
        assert answer(ws, '{"v":1,"type":"ping","id":"b3","body":{}}')["type"] == "result"


def test_an_oversized_minutes_save_names_the_real_limit(room: Any) -> None:
    with connect(room.url, max_size=8 * 2**20) as ws:
        login(ws, room)
        m = answer(ws, json.dumps({"v": 1, "type": "minutes.save", "id": "big", "body": {
            "meeting_id": "m", "html": "x" * (3 * 2**20), "base_version": 0}}))
        assert m["code"] == "too_large" and str(2 * 2**20) in m["message"]
        assert "minutes.save" in m["message"]


def test_binary_frame_that_is_no_upload_is_bad_request_before_login(room: Any) -> None:
    from meetingroom.protocol.frames import encode_frame

    with connect(room.url) as ws:
        frame = encode_frame({"v": 1, "type": "login", "id": "bl",
                              "body": {"username": "chair", "password": "x"}}, b"")
        m = answer(ws, frame)
        assert m["code"] == "bad_request" and m["re"] == "bl"
        upload = encode_frame({"v": 1, "type": "blob.put", "id": "bp", "body": {
            "sha256": "ab" * 32, "size": 1, "offset": 0}}, b"x")
        assert answer(ws, upload)["code"] == "not_authenticated"  # well-formed, too early
        assert login(ws, room)["type"] == "result"
