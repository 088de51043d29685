"""Clients already in rooms keep working: a session of their messages, frozen with the
answers the server gave before request bodies were typed, is answered the same today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from client_messages import replay

from meetingroom.protocol.messages import COMMANDS, REQUESTS
from meetingroom.server.routes import Kind

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "client_messages_v1.jsonl"


NEWER = frozenset({"peer.offer", "peer.find", "peer.held", "peer.report"})
"""Request types added after the session was frozen (no client in a room sends them yet;
tests/integration/test_peers.py speaks them)."""


def frozen_steps() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def test_the_frozen_session_sends_every_request_type() -> None:
    sent = {s["send"]["type"] for s in frozen_steps() if "send" in s}
    sent |= {s["frame"]["header"]["type"] for s in frozen_steps() if "frame" in s}
    assert set(REQUESTS) >= NEWER and not NEWER & sent
    assert (set(REQUESTS) - NEWER) | {"blob.put"} <= sent


def test_every_frozen_client_message_is_accepted_or_refused_as_before(room: Any) -> None:
    steps = frozen_steps()
    users = {name: u.id for name, u in room.users.items()}
    differences = []
    for n, (step, answer) in enumerate(replay(room.url, steps, users)):
        if answer != step["answer"]:
            sent = step.get("send") or step.get("frame") or step.get("text")
            differences.append(f"step {n} {json.dumps(sent, ensure_ascii=False)[:120]}: "
                               f"was {step['answer']}, now {answer}")
    assert not differences, "\n".join(differences)


def test_the_dispatch_table_applies_exactly_the_protocols_commands_once(room: Any) -> None:
    table = room.server.routes
    assert table.keys() == REQUESTS.keys()
    once = {t for t, r in table.items() if r.kind in (Kind.COMMAND, Kind.PREPARED)}
    assert once == COMMANDS
    assert all(r.body is REQUESTS[t] for t, r in table.items())
