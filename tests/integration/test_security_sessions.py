"""TLS, session expiry, login rate limits, and the outbox surviving a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from meetingroom.credentials import Credentials
from meetingroom.errors import ConnectionLostError, RateLimitError
from meetingroom.protocol import requests as rq
from meetingroom.sync import events as ev


def test_wss_with_the_room_certificate(room_factory: Any, tls_files: Any, engines: Any) -> None:
    ca, cert, key = tls_files
    room = room_factory(certfile=cert, keyfile=key)
    assert room.url.startswith("wss://")
    m = room.published_meeting()
    engine, rec = engines("d", ca_file=ca)
    engine.login(room.url, "delegate", room.password("delegate"), remember=False).result(20)
    rec.wait_for(lambda e: isinstance(e, ev.DocumentAvailable)
                 and e.sha256 == m["document"].sha256)


def test_untrusted_certificate_is_refused_with_a_clear_message(
        room_factory: Any, tls_files: Any, engines: Any) -> None:
    _ca, cert, key = tls_files
    room = room_factory(certfile=cert, keyfile=key)
    engine, _ = engines("d")  # trusts only the system's CAs
    with pytest.raises(ConnectionLostError, match="certificate is not trusted"):
        engine.login(room.url, "delegate", room.password("delegate"), remember=False).result(20)


class FakeClock:
    """The server's wall clock, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_expired_session_asks_to_log_in_again_and_leaves_the_keyring(
        room_factory: Any, engines: Any, tmp_path: Path, file_keyring: Any) -> None:
    clock = FakeClock()
    room = room_factory(session_hours=1.0, clock=clock)
    engine, rec = engines("d", data_dir=tmp_path / "tablet")
    engine.login(room.url, "delegate", room.password("delegate"), remember=True).result(20)
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.ONLINE)
    engine.stop()
    saved = Credentials()  # the real keyring API on the test's file backend
    assert saved.load_token(room.url, "delegate")
    clock.now += 3601  # the session is now an hour and a second old
    engine2, rec2 = engines("d2", data_dir=tmp_path / "tablet")
    assert engine2.resume().result(10) is not None  # offline-first: the cache is usable
    required = rec2.wait_for(lambda e: isinstance(e, ev.AuthRequired))
    assert required.error.code == "session_expired"
    assert required.username == "delegate"
    assert engine2.state is ev.ConnectionState.LOGGED_OUT
    assert saved.load_token(room.url, "delegate") is None  # the dead token is gone


def test_repeated_wrong_passwords_are_rate_limited(room_factory: Any, engines: Any) -> None:
    from meetingroom.errors import AuthError

    clock = FakeClock()
    room = room_factory(clock=clock)
    engine, _ = engines("x")
    for _ in range(5):
        with pytest.raises(AuthError):
            engine.login(room.url, "chair", "guess", remember=False).result(20)
    with pytest.raises(RateLimitError):  # even the right password waits now
        engine.login(room.url, "chair", room.password("chair"), remember=False).result(20)
    clock.now += 1  # a slow-down, not a lockout
    engine.login(room.url, "chair", room.password("chair"), remember=False).result(20)


def test_outbox_survives_a_restart_and_applies_once(room: Any, engines: Any,
                                                    tmp_path: Path) -> None:
    m = room.published_meeting()
    data = tmp_path / "secretary-laptop"
    sec, rec = engines("s", data_dir=data)
    sec.login(room.url, "secretary", room.password("secretary"), remember=True).result(20)
    rec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated))
    room.thread.stop()
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.RECONNECTING)
    pending = sec.outbox.command(rq.AgendaAdd(meeting_id=m["meeting_id"], title="Ghi khi mất mạng"))
    rec.wait_for(lambda e: isinstance(e, ev.OutboxChanged) and e.pending == 1)
    assert not pending.done()
    sec.stop()  # the laptop is closed with the command still pending

    room.thread.start()
    sec2, rec2 = engines("s2", data_dir=data)
    rec2.wait_for(lambda e: isinstance(e, ev.OutboxChanged) and e.pending == 1)
    assert sec2.resume().result(10) is not None
    rec2.wait_for(lambda e: isinstance(e, ev.OutboxChanged) and e.pending == 0)
    rec2.wait_for(lambda e: isinstance(e, ev.MeetingUpdated)
                  and any(i.title == "Ghi khi mất mạng" for i in e.snapshot.items))
    titles = [i.title for i in room.admin.store.read(lambda tx: tx.items(m["meeting_id"]))]
    assert titles.count("Ghi khi mất mạng") == 1


@contextmanager
def _raw_login(url: str, user: str, password: str) -> Iterator[tuple[Any, str]]:
    import json

    from websockets.sync.client import connect

    with connect(url) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "l1",
                            "body": {"username": user, "password": password}}))
        reply = json.loads(ws.recv(timeout=10))
        assert reply["type"] == "result", reply
        yield ws, reply["body"]["token"]


def _call(ws: Any, mtype: str, body: dict[str, Any] | None = None, rid: str = "x") -> Any:
    import json

    ws.send(json.dumps({"v": 1, "type": mtype, "id": rid, "body": body or {}}))
    while True:
        m = json.loads(ws.recv(timeout=10))
        if m.get("re") == rid:
            return m


def test_open_connection_stops_working_when_its_session_expires(room_factory: Any) -> None:
    clock = FakeClock()
    room = room_factory(session_hours=1.0, clock=clock)
    with _raw_login(room.url, "delegate", room.password("delegate")) as (ws, _):
        assert _call(ws, "meetings.list")["type"] == "result"
        clock.now += 3601
        r = _call(ws, "meetings.list", rid="y")
        assert r["type"] == "error" and r["code"] == "session_expired"
        assert _call(ws, "ping", rid="z")["code"] == "not_authenticated"


def test_password_change_ends_sessions_on_open_connections(room_factory: Any) -> None:
    clock = FakeClock()
    room = room_factory(clock=clock)
    with _raw_login(room.url, "delegate", room.password("delegate")) as (ws, _):
        assert _call(ws, "meetings.list")["type"] == "result"
        ended = room.admin.set_password("delegate", "a-new-long-password")
        assert ended == 1
        clock.now += 31  # the server re-checks an open connection's session every 30 s
        r = _call(ws, "meetings.list", rid="y")
        assert r["type"] == "error" and r["code"] == "session_expired"


def test_logout_ends_every_connection_of_that_session(room: Any) -> None:
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    with _raw_login(room.url, "delegate", room.password("delegate")) as (first, token), \
            connect(room.url) as second:
        assert _call(second, "resume", {"token": token}, rid="r")["type"] == "result"
        assert _call(first, "logout", rid="o")["type"] == "result"
        with pytest.raises(ConnectionClosed):
            while True:
                second.recv(timeout=10)
        with connect(room.url) as third:
            r = _call(third, "resume", {"token": token}, rid="r2")
            assert r["code"] == "session_expired"


def test_disabled_account_cannot_log_in(room: Any, engines: Any) -> None:
    from meetingroom.errors import AuthError

    room.admin.set_disabled("observer", True)
    engine, _ = engines("x")
    with pytest.raises(AuthError):
        engine.login(room.url, "observer", room.password("observer"), remember=False).result(20)
