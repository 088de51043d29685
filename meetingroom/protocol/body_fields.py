"""Request bodies as frozen dataclasses: their wire fields, read from each class once, and
the one check that turns a decoded JSON object into a body.

A body class declares its fields with ordinary annotations (``kw_only``, so a required
field may follow an optional one and the class keeps the order of docs/protocol.md, which
is the order fields are checked and so which complaint a body with two faults gets):

* no default — required; the wire value has the annotated type (``str | None``: a
  string or ``null``);
* a default — optional; an absent field takes it. The wire never carries ``null`` for
  it, unless the field is ``nullable()`` (absent and ``null`` both read as None) or its
  default is ``OMITTED`` (absent reads as ``OMITTED``, ``null`` as None: "leave as is"
  and "clear" differ);
* ``long(n)`` — a string allowed up to ``n`` characters instead of ``MAX_STRING``.

Every body is checked the same way (docs/protocol.md, section 3, ``bad_request``): no
unknown field, no missing required one, each value of its type (``true`` is not an
integer), strings within their length, integers not negative, a ``sha256`` field 64
lowercase hex digits. What a field *means* (a title's characters, a poll spec, a note) is
the domain's to check, in the handler, after authorisation, as before.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, TypeVar

from meetingroom.errors import ProtocolError
from meetingroom.protocol.limits import MAX_STRING, SHA256_HEX_LEN

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class Omitted(Enum):
    """The value of an optional field the request left out, where that differs from null."""

    OMITTED = "omitted"


OMITTED = Omitted.OMITTED


def nullable() -> Any:
    """An optional field that may also be ``null``; both read as None."""
    return field(default=None, metadata={"nullable": True})


def long(max_chars: int) -> dict[str, int]:
    """Field metadata: a string allowed up to ``max_chars`` characters."""
    return {"max_len": max_chars}


@dataclass(frozen=True, slots=True)
class WireField:
    """One body field as the wire sees it."""

    name: str
    types: tuple[type, ...]
    """The JSON types accepted (``str``, ``int``, ``bool``, ``dict``, ``list``, NoneType)."""
    required: bool
    max_len: int
    """Longest string, in characters."""


class Body:
    """Base of every request body; each subclass is a frozen dataclass registered for one
    message type (``protocol/requests.py``)."""

    __slots__ = ()
    TYPE: ClassVar[str] = ""
    """The message type whose body this is."""
    COMMAND: ClassVar[bool] = False
    """Changes state: applied at most once per (user, request id)."""
    LARGE: ClassVar[bool] = False
    """Its text message may exceed ``MAX_TEXT_BYTES`` (up to ``MAX_LARGE_TEXT_BYTES``)."""
    FIELDS: ClassVar[tuple[WireField, ...]] = ()
    NAMES: ClassVar[frozenset[str]] = frozenset()

    def wire(self) -> dict[str, object]:
        """The body as the client sends it: every field but those left ``OMITTED``, and
        but an optional field's None where the wire takes no ``null`` for it."""
        out: dict[str, object] = {}
        for wf in self.FIELDS:
            value = getattr(self, wf.name)
            if value is OMITTED or (value is None and type(None) not in wf.types):
                continue
            out[wf.name] = list(value) if isinstance(value, tuple) else value
        return out

    def checked_wire(self) -> dict[str, object]:
        """``wire()``, checked as the server will check it: a body no server would take
        is a ProtocolError here, before it is sent or stored."""
        out = self.wire()
        decode_body(type(self), out)
        return out


B = TypeVar("B", bound=Body)


def wire_fields(cls: type[Body]) -> tuple[WireField, ...]:
    """The wire fields of a body class, from its annotations and defaults (module doc)."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]  # a dataclass, by contract
        hint = hints[f.name]
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        null_ok = required or f.default is OMITTED or bool(f.metadata.get("nullable"))
        accepted: list[type] = []
        for arg in typing.get_args(hint) if union else (hint,):
            origin = typing.get_origin(arg) or arg
            if origin is Omitted or (origin is type(None) and not null_ok):
                continue
            accepted.append(origin)
        out.append(WireField(f.name, tuple(accepted), required,
                             f.metadata.get("max_len", MAX_STRING)))
    return tuple(out)


def registrar(registry: dict[str, type[Body]]
              ) -> Callable[..., Callable[[type[B]], type[B]]]:
    """A class decorator factory that registers body classes in ``registry``:
    ``@body("poll.open", command=True)`` (``command``: applied once per request id;
    ``large``: its message may be up to ``MAX_LARGE_TEXT_BYTES``)."""
    def body(mtype: str, *, command: bool = False, large: bool = False
             ) -> Callable[[type[B]], type[B]]:
        def register(cls: type[B]) -> type[B]:
            cls.TYPE, cls.COMMAND, cls.LARGE = mtype, command, large
            cls.FIELDS = wire_fields(cls)
            cls.NAMES = frozenset(f.name for f in cls.FIELDS)
            assert mtype not in registry, mtype
            registry[mtype] = cls
            return cls
        return register
    return body


def check_sha(value: str) -> str:
    if len(value) != SHA256_HEX_LEN or not _SHA_RE.match(value):
        raise ProtocolError("sha256 must be 64 lowercase hex characters")
    return value


def decode_body(cls: type[B], body: Any) -> B:
    """``body`` (a decoded JSON value) as a ``cls``, or ProtocolError (``bad_request``)
    saying what is wrong with it."""
    mtype = cls.TYPE
    if not isinstance(body, dict):
        raise ProtocolError("'body' must be an object")
    unknown = body.keys() - cls.NAMES
    if unknown:
        raise ProtocolError(f"unknown field(s) for {mtype}: {', '.join(sorted(unknown))[:200]}")
    for wf in cls.FIELDS:
        if wf.name not in body:
            if wf.required:
                raise ProtocolError(f"{mtype}: field '{wf.name}' is required")
            continue
        value = body[wf.name]
        if isinstance(value, bool) and wf.types == (int,):
            raise ProtocolError(f"{mtype}: field '{wf.name}' must be an integer")
        if not isinstance(value, wf.types):
            raise ProtocolError(f"{mtype}: field '{wf.name}' has the wrong type")
        if isinstance(value, str) and len(value) > wf.max_len:
            raise ProtocolError(f"{mtype}: field '{wf.name}' is too long")
        if isinstance(value, int) and value < 0:
            raise ProtocolError(f"{mtype}: field '{wf.name}' must not be negative")
    if "sha256" in body:
        check_sha(body["sha256"])
    return cls(**body)
