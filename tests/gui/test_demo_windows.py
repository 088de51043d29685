"""The demo's smoke check, in process against the real seeded demo server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingroom.demo.seed import DEMO_PASSWORD, seed_demo
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.ui.shell.demo_windows import run_smoke


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """(url, number of documents) of a running server seeded like ``meetingroom demo``."""
    seeded = seed_demo(tmp_path / "server")
    server = EmbeddedServer(ServerConfig(data_dir=tmp_path / "server", host="127.0.0.1",
                                         port=0, poll_interval=0.5))
    server.start()
    try:
        yield server.url, seeded.documents
    finally:
        server.stop()


def test_smoke_receives_every_document_and_renders_without_hashing_on_the_gui_thread(
        qapp: Any, tmp_path: Path, demo_server: tuple[str, int],
        gui_thread_hashing: Any) -> None:
    url, docs = demo_server
    gui_thread_hashing.start()
    code, line = run_smoke(tmp_path, url, docs, time.monotonic(), "en", password=DEMO_PASSWORD,
                           timeout=90)
    assert code == 0, line
    assert line.startswith(f"demo smoke OK: delegate1 received {docs}/{docs} documents (")
    assert "SHA-256 verified) and rendered page 1 of " in line
    assert gui_thread_hashing.calls == []
