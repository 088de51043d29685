"""The frames Outbound writes to the socket itself are the bytes websockets would write."""

from __future__ import annotations

import pytest
from websockets.frames import Frame, Opcode

from meetingroom.server.outbound import binary_frame_head, text_frame


@pytest.mark.parametrize("length", [0, 1, 125, 126, 127, 65535, 65536, 1024 * 1024 + 300])
def test_a_binary_frame_head_is_what_websockets_puts_before_the_payload(length: int) -> None:
    payload = bytes(range(256)) * (length // 256) + bytes(length % 256)
    assert binary_frame_head(length) + payload == Frame(Opcode.BINARY, payload).serialize(
        mask=False)


def test_a_text_frame_is_what_websockets_writes() -> None:
    payload = b'{"type":"event"}'
    assert text_frame(payload) == Frame(Opcode.TEXT, payload).serialize(mask=False)
