"""Replay a frozen session of client messages against a real server and record its answers.

A session is a list of steps (JSON objects, one per line in
``tests/fixtures/client_messages_v1.jsonl``). Each step is sent by one seeded user over
its own websocket connection, named by ``as`` (a user logs in on it first):

* ``{"as": connection, "send": envelope}`` — a text message, the envelope as a JSON object;
* ``{"as": connection, "text": "..."}`` — a text message sent as is (malformed ones);
* ``{"as": connection, "frame": {"header": {...}, "payload_b64": "..."}}`` — a binary frame.

Strings in a step are filled in before it is sent: ``$user:NAME`` is that seeded user's
id, and ``$NAME`` a value an earlier answer gave (``"capture": {"NAME": "body.poll.id"}``,
a dotted path into the answer). ``answer`` is what the server said: the message type
(``result``, ``error``, or ``chunk`` for a binary blob frame), for errors the ``code``,
``reason`` and ``message`` (the server's release written ``VERSION``), for results the
sorted keys of the body.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from websockets.sync.client import ClientConnection, connect

from meetingroom import __version__
from meetingroom.protocol.frames import decode_frame, encode_frame

_PLACEHOLDER = re.compile(r"^\$(user:)?([A-Za-z0-9_]+)$")


def fill(value: Any, names: dict[str, Any], users: dict[str, str]) -> Any:
    """``value`` with every placeholder string replaced (see the module docstring)."""
    if isinstance(value, str):
        m = _PLACEHOLDER.match(value)
        if m is None:
            return value
        return users[m.group(2)] if m.group(1) else names[m.group(2)]
    if isinstance(value, list):
        return [fill(v, names, users) for v in value]
    if isinstance(value, dict):
        return {fill(k, names, users): fill(v, names, users) for k, v in value.items()}
    return value


def _path(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def _answer_of(msg: dict[str, Any]) -> dict[str, Any]:
    if msg["type"] == "error":
        return {"type": "error", "code": msg["code"], "reason": msg.get("reason", ""),
                "message": msg["message"].replace(f"Meetingroom {__version__}",
                                                  "Meetingroom VERSION")}
    return {"type": "result", "keys": sorted(msg["body"])}


def _await_answer(ws: ClientConnection, rid: str | None) -> tuple[dict[str, Any], Any]:
    """The answer to request ``rid`` (pushes in between are skipped): (answer, full body)."""
    while True:
        raw = ws.recv(timeout=60)
        if isinstance(raw, bytes):
            header, _ = decode_frame(raw, limit=1 << 30)
            if header.get("re") == rid:
                return {"type": "chunk", "keys": sorted(header)}, header
            continue
        msg = json.loads(raw)
        if msg.get("type") in ("result", "error") and msg.get("re") == rid:
            return _answer_of(msg), msg.get("body")
        if msg.get("type") == "error" and msg.get("re") is None and rid is None:
            return _answer_of(msg), None


def _request_id(step: dict[str, Any]) -> str | None:
    if "send" in step:
        rid = step["send"].get("id")
    elif "frame" in step:
        rid = step["frame"]["header"].get("id")
    else:
        try:
            obj = json.loads(step["text"])
        except ValueError:
            return None
        rid = obj.get("id") if isinstance(obj, dict) else None
    return rid if isinstance(rid, str) and re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", rid) else None


def replay(url: str, steps: Iterable[dict[str, Any]], users: dict[str, str]
           ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Send each step and yield (step, the server's answer), in order."""
    names: dict[str, Any] = {}
    with ExitStack() as stack:
        conns: dict[str, ClientConnection] = {}
        for step in steps:
            who = step["as"]
            if who not in conns:
                conns[who] = stack.enter_context(connect(url, max_size=None, compression=None))
            ws = conns[who]
            if "send" in step:
                ws.send(json.dumps(fill(step["send"], names, users), ensure_ascii=False))
            elif "text" in step:
                ws.send(step["text"])
            else:
                frame = step["frame"]
                ws.send(encode_frame(fill(frame["header"], names, users),
                                     base64.b64decode(frame["payload_b64"])))
            answer, body = _await_answer(ws, _request_id(step))
            for name, path in step.get("capture", {}).items():
                names[name] = _path(body, path)
            yield step, answer
