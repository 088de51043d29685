"""The minutes commands over a raw websocket: versions, workflow, who may do what, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from meetingroom.protocol.limits import MAX_MINUTES_HTML_BYTES

PARTICIPANTS = ("secretary", "secretary2", "chair", "delegate", "observer")


class Raw:
    """A minimal protocol-v1 client: send a request, read its answer (skipping pushes)."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.n = 0
        self.pushed: list[dict[str, Any]] = []

    def call(self, mtype: str, body: dict[str, Any] | None = None, rid: str | None = None
             ) -> dict[str, Any]:
        self.n += 1
        rid = rid or f"t{self.n}"
        self.ws.send(json.dumps({"v": 1, "type": mtype, "id": rid, "body": body or {}},
                                ensure_ascii=False))
        while True:
            m = json.loads(self.ws.recv(timeout=10))
            if m.get("re") == rid:
                return m
            self.pushed.append(m)

    def ok(self, mtype: str, body: dict[str, Any], rid: str | None = None) -> dict[str, Any]:
        r = self.call(mtype, body, rid)
        assert r["type"] == "result", r
        return dict(r["body"])

    def err(self, mtype: str, body: dict[str, Any]) -> tuple[str, str]:
        r = self.call(mtype, body)
        assert r["type"] == "error", r
        return r["code"], r.get("reason", "")


@contextmanager
def client(room: Any, user: str) -> Iterator[Raw]:
    with connect(room.url, max_size=8 * 2**20, compression=None) as ws:
        raw = Raw(ws)
        raw.ok("login", {"username": user, "password": room.password(user)})
        yield raw


@pytest.fixture
def mid(room: Any) -> str:
    return str(room.published_meeting(participants=PARTICIPANTS)["meeting_id"])


def _save(c: Raw, mid: str, html: str, base: int, **extra: Any) -> dict[str, Any]:
    return c.ok("minutes.save", {"meeting_id": mid, "html": html, "base_version": base, **extra})


def test_save_numbers_versions_and_refuses_a_stale_base(room: Any, mid: str) -> None:
    with client(room, "secretary") as a, client(room, "secretary2") as b:
        first = _save(a, mid, "<p>Biên bản kỳ họp thứ 12</p>", 0, comment="Bản đầu")
        assert first["version"] == 1
        assert first["minutes"]["state"] == "draft"
        assert first["minutes"]["versions"][0]["author_name"] == "Secretary"
        # the second secretary started from nothing too: refused, nothing overwritten
        assert b.err("minutes.save", {"meeting_id": mid, "html": "<p>khác</p>",
                                      "base_version": 0}) == ("conflict", "stale_version")
        assert _save(b, mid, "<p>Đã sửa: Nghị quyết thông qua</p>", 1)["version"] == 2
        assert a.ok("minutes.get", {"meeting_id": mid})["html"] == (
            "<p>Đã sửa: Nghị quyết thông qua</p>")
        v1 = a.ok("minutes.get", {"meeting_id": mid, "version": 1})
        assert v1["html"] == "<p>Biên bản kỳ họp thứ 12</p>"
        assert v1["info"]["comment"] == "Bản đầu"
        assert a.err("minutes.get", {"meeting_id": mid, "version": 3}) == ("not_found", "")
    status = room.admin.store.read(lambda tx: tx.minutes_status(mid))
    assert [v.number for v in status.versions] == [1, 2]


def test_submit_review_return_approve_and_reopen(room: Any, mid: str) -> None:
    with client(room, "secretary") as sec, client(room, "chair") as chair:
        assert sec.err("minutes.submit", {"meeting_id": mid}) == ("conflict", "no_version")
        assert chair.err("minutes.review", {"meeting_id": mid, "approve": True,
                                            "comment": ""}) == ("conflict", "wrong_state")
        _save(sec, mid, "<p>v1</p>", 0)
        assert sec.ok("minutes.submit", {"meeting_id": mid})["minutes"]["state"] == "in_review"
        # locked while in review
        assert sec.err("minutes.save", {"meeting_id": mid, "html": "x", "base_version": 1}) == (
            "conflict", "wrong_state")
        assert sec.err("minutes.submit", {"meeting_id": mid}) == ("conflict", "wrong_state")
        # the chair reads the draft, and may not return it without saying why
        assert chair.ok("minutes.get", {"meeting_id": mid})["html"] == "<p>v1</p>"
        assert chair.err("minutes.review", {"meeting_id": mid, "approve": False,
                                            "comment": "  "}) == ("bad_request", "empty")
        back = chair.ok("minutes.review", {"meeting_id": mid, "approve": False,
                                           "comment": "Bổ sung ý kiến đại biểu"})["minutes"]
        assert back["state"] == "draft"
        assert back["review_comment"] == "Bổ sung ý kiến đại biểu"
        _save(sec, mid, "<p>v2</p>", 1)
        sec.ok("minutes.submit", {"meeting_id": mid})
        ok = chair.ok("minutes.review", {"meeting_id": mid, "approve": True,
                                         "comment": "Đồng ý"})["minutes"]
        assert (ok["state"], ok["approved_version"]) == ("approved", 2)
        assert chair.err("minutes.review", {"meeting_id": mid, "approve": True,
                                            "comment": ""}) == ("conflict", "wrong_state")
        assert sec.err("minutes.save", {"meeting_id": mid, "html": "x", "base_version": 2}) == (
            "conflict", "wrong_state")
        reopened = sec.ok("minutes.reopen", {"meeting_id": mid})["minutes"]
        assert (reopened["state"], reopened["approved_version"]) == ("draft", 0)
        assert sec.err("minutes.reopen", {"meeting_id": mid}) == ("conflict", "wrong_state")
        assert _save(sec, mid, "<p>v3</p>", 2)["version"] == 3


def test_only_writers_and_the_chair_act_and_read_the_draft(room: Any, mid: str) -> None:
    with client(room, "secretary") as sec:
        _save(sec, mid, "<p>bí mật đến khi duyệt</p>", 0)
        assert sec.err("minutes.review", {"meeting_id": mid, "approve": True,
                                          "comment": ""}) == ("forbidden", "")
    for name in ("delegate", "observer"):
        with client(room, name) as c:
            assert c.err("minutes.get", {"meeting_id": mid}) == ("forbidden", "")
            assert c.err("minutes.save", {"meeting_id": mid, "html": "x",
                                          "base_version": 1}) == ("forbidden", "")
            assert c.err("minutes.submit", {"meeting_id": mid}) == ("forbidden", "")
            assert c.err("minutes.reopen", {"meeting_id": mid}) == ("forbidden", "")
            assert c.err("minutes.review", {"meeting_id": mid, "approve": True,
                                            "comment": ""}) == ("forbidden", "")
            # ...but every participant sees the status
            snap = c.ok("meeting.subscribe", {"meeting_id": mid, "since_rev": 0})["snapshot"]
            assert snap["minutes"]["state"] == "draft"
            assert [v["number"] for v in snap["minutes"]["versions"]] == [1]
            assert "bí mật" not in json.dumps(snap, ensure_ascii=False)
    with client(room, "outsider") as c:  # learns nothing, not even that minutes exist
        for mtype, body in (("minutes.get", {}), ("minutes.submit", {}),
                            ("minutes.save", {"html": "x", "base_version": 1}),
                            ("minutes.review", {"approve": True, "comment": ""})):
            assert c.err(mtype, {"meeting_id": mid, **body}) == ("not_found", "")
    with client(room, "admin") as c:  # administrators write minutes too
        assert _save(c, mid, "<p>admin</p>", 1)["version"] == 2


def test_retried_save_with_the_same_request_id_applies_once(room: Any, mid: str) -> None:
    body = {"meeting_id": mid, "html": "<p>một lần</p>", "base_version": 0}
    with client(room, "secretary") as c:
        c.ws.send(json.dumps({"v": 1, "type": "minutes.save", "id": "save-1", "body": body}))
        c.ws.close()  # dropped before reading the acknowledgement
    with client(room, "secretary") as c:
        again = c.ok("minutes.save", body, rid="save-1")
        assert again["replayed"] is True and again["version"] == 1
    status = room.admin.store.read(lambda tx: tx.minutes_status(mid))
    assert [v.number for v in status.versions] == [1]
    events = room.admin.store.events_since(mid, 0, 500)
    assert [e.kind.value for e in events].count("minutes.updated") == 1


def test_long_minutes_fit_and_bad_text_is_refused_whole(room: Any, mid: str) -> None:
    long_html = "<p>" + "Nghị quyết về phát triển kinh tế - xã hội. " * 4000 + "</p>"
    assert 64 * 1024 < len(long_html.encode()) < MAX_MINUTES_HTML_BYTES
    with client(room, "secretary") as c:
        assert _save(c, mid, long_html, 0)["version"] == 1
        assert c.ok("minutes.get", {"meeting_id": mid})["html"] == long_html
        too_long = "<p>" + "ắ" * (MAX_MINUTES_HTML_BYTES // 3 + 10) + "</p>"  # 3 bytes each
        assert len(too_long) < MAX_MINUTES_HTML_BYTES < len(too_long.encode())
        base = {"meeting_id": mid, "base_version": 1}
        assert c.err("minutes.save", {**base, "html": too_long}) == ("bad_request", "too_long")
        assert c.err("minutes.save", {**base, "html": "<p>a\u202eb</p>"}) == (
            "bad_request", "hidden_characters")
        assert c.err("minutes.save", {**base, "html": "<p>\x00</p>"}) == (
            "bad_request", "hidden_characters")
        assert c.err("minutes.save", {**base, "html": "x", "comment": "c" * 1001}) == (
            "bad_request", "too_long")
        assert c.err("minutes.save", {**base, "html": "x", "author": "chair"})[0] == (
            "bad_request")
        assert c.err("minutes.review", {"meeting_id": mid, "approve": 1,
                                        "comment": ""})[0] == "bad_request"
        # long text is only allowed where it belongs
        assert c.err("agenda.add", {"meeting_id": mid, "title": "t",
                                    "notes": "x" * 70_000})[0] == "too_large"
    status = room.admin.store.read(lambda tx: tx.minutes_status(mid))
    assert [v.number for v in status.versions] == [1]
