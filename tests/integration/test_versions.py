"""Protocol versions against a real server: the server says its version at login, and a
client of another protocol version gets a clear refusal instead of a retry loop."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from meetingroom import __version__
from meetingroom.errors import ProtocolVersionError
from meetingroom.sync import events as ev


def _login(engine: Any, room: Any, name: str) -> Any:
    return engine.login(room.url, name, room.password(name), remember=True).result(20)


def test_login_and_resume_replies_carry_the_servers_version(room: Any) -> None:
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 1, "type": "login", "id": "a",
                            "body": {"username": "delegate",
                                     "password": room.password("delegate")}}))
        login = json.loads(ws.recv(timeout=10))
    assert login["body"]["server"] == {"version": __version__, "protocol": 1}
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 1, "type": "resume", "id": "b",
                            "body": {"token": login["body"]["token"]}}))
        resumed = json.loads(ws.recv(timeout=10))
    assert resumed["body"]["server"] == {"version": __version__, "protocol": 1}


def test_the_engine_remembers_the_servers_version(room: Any, engines: Any) -> None:
    engine, _rec = engines("d")
    _login(engine, room, "delegate")
    assert engine.server.version == __version__ and engine.server.version_problem is None


@pytest.mark.parametrize("mtype, code", [("login", "forbidden"), ("resume", "session_expired")])
def test_an_older_protocol_is_refused_in_its_own_version(room: Any, mtype: str,
                                                         code: str) -> None:
    body = ({"username": "delegate", "password": room.password("delegate")}
            if mtype == "login" else {"token": "t" * 43})
    with connect(room.url, compression=None) as ws:
        ws.send(json.dumps({"v": 0, "type": mtype, "id": "r1", "body": body}))
        reply = json.loads(ws.recv(timeout=10))
    assert reply == {"v": 0, "type": "error", "re": "r1", "code": code,
                     "reason": "protocol_version", "message": reply["message"],
                     "protocol": 1, "server_version": __version__}
    assert "update the app" in reply["message"]


@pytest.mark.parametrize("client_protocol, older", [(0, True), (2, False)])
def test_a_mismatched_engine_gets_update_required_at_login(
        room: Any, engines: Any, client_protocol: int, older: bool) -> None:
    engine, rec = engines("d", protocol_version=client_protocol)
    with pytest.raises(ProtocolVersionError) as info:
        _login(engine, room, "delegate")
    err = info.value
    assert err.client_is_older is older
    assert (err.client_protocol, err.server_protocol) == (client_protocol, 1)
    assert err.server_version == __version__
    assert engine.state is ev.ConnectionState.UPDATE_REQUIRED
    assert engine.server.version_problem is err and engine.user is None
    rec.wait_for(lambda e: isinstance(e, ev.ConnectionChanged)
                 and e.state is ev.ConnectionState.UPDATE_REQUIRED)


def test_a_saved_session_in_an_older_protocol_stops_instead_of_reconnecting(
        room: Any, engines: Any, file_keyring: Any, tmp_path: Path) -> None:
    first, _ = engines("first", data_dir=tmp_path / "d")
    _login(first, room, "delegate")
    first.stop()
    engine, rec = engines("again", data_dir=tmp_path / "d", protocol_version=0)
    assert engine.resume().result(20) is not None  # the cached user, shown from the cache
    refused = rec.wait_for(lambda e: isinstance(e, ev.AuthRequired))
    assert isinstance(refused.error, ProtocolVersionError) and refused.error.client_is_older
    assert engine.state is ev.ConnectionState.UPDATE_REQUIRED
    seen = len(rec.events)
    time.sleep(1.0)  # ten times the test backoff (0.1 s): a retry loop would show by now
    assert [type(e).__name__ for e in rec.events[seen:]] == []
    assert engine.state is ev.ConnectionState.UPDATE_REQUIRED and engine.link is None
    assert len(file_keyring._load()) == 1  # the session is kept for the updated app
