"""TLS, session expiry, login rate limits, and the outbox surviving a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from meetingroom.errors import ConnectionLostError, RateLimitError
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


def test_expired_session_asks_to_log_in_again(room_factory: Any, engines: Any,
                                              tmp_path: Path) -> None:
    room = room_factory(session_hours=1 / 3600)  # one second
    engine, rec = engines("d", data_dir=tmp_path / "tablet")
    engine.login(room.url, "delegate", room.password("delegate"), remember=True).result(20)
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.ONLINE)
    engine.stop()
    time.sleep(1.5)  # let the session expire (server clock)
    engine2, rec2 = engines("d2", data_dir=tmp_path / "tablet")
    assert engine2.resume().result(10) is not None  # offline-first: the cache is usable
    required = rec2.wait_for(lambda e: isinstance(e, ev.AuthRequired))
    assert required.error.code == "session_expired"
    assert required.username == "delegate"
    assert engine2.state is ev.ConnectionState.LOGGED_OUT


def test_repeated_wrong_passwords_are_rate_limited(room: Any, engines: Any) -> None:
    from meetingroom.errors import AuthError

    engine, _ = engines("x")
    for _ in range(8):
        with pytest.raises(AuthError):
            engine.login(room.url, "chair", "guess", remember=False).result(20)
    with pytest.raises(RateLimitError):  # even the right password waits now
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
    pending = sec.command("agenda.add", {"meeting_id": m["meeting_id"],
                                         "title": "Ghi khi mất mạng"})
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
