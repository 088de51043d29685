"""Binary frames: a 2-byte big-endian header length, a JSON header, then raw bytes."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping

from meetingroom.errors import ProtocolError, TooLargeError
from meetingroom.protocol import wire_json
from meetingroom.protocol.limits import MAX_BINARY_BYTES, MAX_FRAME_HEADER

_LEN = struct.Struct(">H")


def encode_frame(header: Mapping[str, object], payload: bytes | memoryview) -> bytes:
    """Pack ``header`` and ``payload`` into one binary message."""
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    if len(head) > MAX_FRAME_HEADER:
        raise TooLargeError("frame header too large")
    return b"".join((_LEN.pack(len(head)), head, payload))


def decode_frame(data: bytes | bytearray, *, limit: int = MAX_BINARY_BYTES
                 ) -> tuple[Mapping[str, object], memoryview]:
    """Split a binary message of at most ``limit`` bytes into its header and a
    zero-copy view of its payload."""
    if len(data) > limit:
        raise TooLargeError(f"binary messages are limited to {limit} bytes")
    if len(data) < _LEN.size:
        raise ProtocolError("binary frame too short")
    (hlen,) = _LEN.unpack_from(data)
    if hlen > MAX_FRAME_HEADER or _LEN.size + hlen > len(data):
        raise ProtocolError("binary frame header length is invalid")
    header = wire_json.loads(data[_LEN.size:_LEN.size + hlen], what="binary frame header")
    if not isinstance(header, dict):
        raise ProtocolError("binary frame header must be a JSON object")
    return header, memoryview(data)[_LEN.size + hlen:]
