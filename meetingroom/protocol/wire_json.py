"""Parse JSON from the wire: valid UTF-8 text only, nested at most ``MAX_DEPTH`` deep."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from meetingroom.errors import ProtocolError

Wire = Mapping[str, object]
"""A JSON object as it came off the wire, not yet read into a typed value (a reply, a push:
``replies.py``, ``server_messages.py``); ``object`` so that nothing indexes it unread."""

MAX_DEPTH = 32
"""Deepest nesting of objects and arrays a message may have (notes with ink need 6)."""


def loads(data: str | bytes | bytearray | memoryview, *, what: str = "message") -> Any:
    """The JSON value in ``data``, or ProtocolError (``bad_request``) when it is not valid
    JSON, is nested deeper than ``MAX_DEPTH``, or holds a string that is not Unicode text
    (a lone surrogate escape such as ``"\\udfff"``, which cannot be stored, logged or sent)."""
    try:
        value = json.loads(bytes(data) if isinstance(data, memoryview) else data)
    except RecursionError:
        raise ProtocolError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError(f"{what} is not valid JSON") from None
    check(value, what=what)
    return value


def check(value: Any, *, what: str = "message") -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` and strings with lone surrogates."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _text(item, what)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise ProtocolError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)")
            if isinstance(item, dict):
                for key, child in item.items():
                    _text(key, what)
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)


def _text(s: str, what: str) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError(f"{what} holds a string that is not valid Unicode "
                            "(a lone surrogate)") from None
