"""What docs/protocol.md promises a client writer, checked against the real server."""

from __future__ import annotations

import json
from typing import Any

from websockets.sync.client import ClientConnection, connect


def call(ws: ClientConnection, mtype: str, body: dict[str, Any], rid: str) -> dict[str, Any]:
    ws.send(json.dumps({"v": 1, "type": mtype, "id": rid, "body": body}))
    while True:
        m: dict[str, Any] = json.loads(ws.recv(timeout=20))
        if m.get("re") == rid:
            return m


def test_resume_says_when_the_session_expires(room: Any) -> None:
    with connect(room.url) as ws:
        logged = call(ws, "login", {"username": "delegate",
                                    "password": room.password("delegate")}, "l")["body"]
    with connect(room.url) as ws:
        resumed = call(ws, "resume", {"token": logged["token"]}, "r")["body"]
    assert resumed["expires_at"] == logged["expires_at"]


def test_a_reused_command_id_returns_the_first_result_even_with_another_body(
        room: Any) -> None:
    m = room.published_meeting()
    with connect(room.url) as ws:
        call(ws, "login", {"username": "secretary", "password": room.password("secretary")}, "l")
        first = call(ws, "agenda.add", {"meeting_id": m["meeting_id"], "title": "Một"}, "c1")
        again = call(ws, "agenda.add", {"meeting_id": m["meeting_id"], "title": "Hai"}, "c1")
    assert first["body"]["replayed"] is False and again["body"]["replayed"] is True
    assert again["body"]["item"] == first["body"]["item"]  # "Hai" was never added
    titles = [i.title for i in room.admin.store.read(lambda tx: tx.items(m["meeting_id"]))]
    assert "Hai" not in titles


def test_blob_status_of_an_empty_document_is_bad_request(room: Any) -> None:
    with connect(room.url) as ws:
        call(ws, "login", {"username": "chair", "password": room.password("chair")}, "l")
        r = call(ws, "blob.status", {"sha256": "e3" * 32, "size": 0}, "s0")
        assert r["code"] == "bad_request" and r["reason"] == "empty"
        r = call(ws, "blob.status", {"sha256": "e3" * 32, "size": 10}, "s1")
        assert r["body"] == {"have": 0, "complete": False}  # chairs upload (signed minutes)
