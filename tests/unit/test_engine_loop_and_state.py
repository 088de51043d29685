"""The sync engine's small parts alone: its loop thread, the connection state it reports,
and what it remembers of the server."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest

from meetingroom.errors import NotFoundError, ProtocolVersionError
from meetingroom.protocol.replies import LoginReply
from meetingroom.sync import events as ev
from meetingroom.sync.link_state import LinkState
from meetingroom.sync.loop_thread import LoopThread
from meetingroom.sync.server_info import ServerInfo

S = ev.ConnectionState


def test_the_loop_thread_runs_work_and_cancels_what_is_left_at_stop() -> None:
    loop = LoopThread("test-loop")
    loop.start()
    cancelled = threading.Event()
    ran: list[str] = []

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    async def refused() -> None:
        raise NotFoundError("gone")

    async def start() -> str:
        loop.spawn(forever())
        loop.spawn_safe(refused())  # only logged: the loop goes on
        return threading.current_thread().name

    assert loop.submit(start()).result(5) == "test-loop"
    loop.call_soon(lambda: ran.append(threading.current_thread().name))

    async def shutdown() -> None:
        ran.append("shutdown")

    assert loop.stop(shutdown) is True
    assert cancelled.is_set() and ran == ["test-loop", "shutdown"]
    loop.call_soon(lambda: ran.append("late"))  # stopped: nothing runs, nothing raises
    assert ran == ["test-loop", "shutdown"]
    assert loop.stop(shutdown) is False
    late = shutdown()
    with pytest.raises(RuntimeError):
        loop.submit(late)
    late.close()


def test_offline_since_is_when_the_server_was_last_reachable() -> None:
    seen: list[ev.EngineEvent] = []
    state = LinkState(seen.append)
    assert state.state is S.LOGGED_OUT
    state.set(S.ONLINE)
    state.set(S.ONLINE)  # no change, no report
    assert [e.state for e in seen if isinstance(e, ev.ConnectionChanged)] == [S.ONLINE]

    heard = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    state.heard_until(heard)
    state.set(S.RECONNECTING, "connection lost")
    state.set(S.RECONNECTING, "refused", retry_in=1.0)  # a retry is reported, same since
    state.set(S.OFFLINE, "refused", retry_in=2.0)
    reports = [e for e in seen if isinstance(e, ev.ConnectionChanged)][1:]
    assert [(e.state, e.since, e.retry_in) for e in reports] == [
        (S.RECONNECTING, heard, None), (S.RECONNECTING, heard, 1.0), (S.OFFLINE, heard, 2.0)]
    state.set(S.ONLINE)
    assert seen[-1].since > heard  # type: ignore[union-attr]


def test_server_info_keeps_the_version_and_the_timestamp_service() -> None:
    url = "wss://phonghop.example:8765"
    info = ServerInfo(lambda: url)
    assert (info.version, info.version_problem, info.tsa_url) == ("", None, None)
    user = {"id": "u1", "username": "u", "display_name": "U", "role": "delegate"}
    info.accepted(LoginReply.from_wire({
        "user": user, "server": {"version": "0.9.1"},
        "tsa": {"scheme": "http", "port": 8766, "path": "/tsa"}}))
    assert info.version == "0.9.1"
    assert info.tsa_url == "http://phonghop.example:8766/tsa"
    info.logged_out()
    assert info.tsa_url is None and info.version == "0.9.1"

    problem = ProtocolVersionError("update the app", client_protocol=1, server_protocol=2,
                                   server_version="2.0.0")
    info.refused(problem, url)
    assert info.version_problem is problem
    info.accepted(LoginReply.from_wire({"user": user}))  # an older server says no version
    assert (info.version, info.version_problem) == ("", None)
