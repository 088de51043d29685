"""A server with few file descriptors raises its limit, refuses the excess quietly and
keeps serving the clients it has."""

from __future__ import annotations

import json
import re
import resource
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from server_process import CLI, ENV
from websockets.exceptions import ConnectionClosed, InvalidMessage
from websockets.sync.client import ClientConnection, connect

from meetingroom.domain.roles import Role
from meetingroom.server.admin import Admin

REFUSED = (InvalidMessage, ConnectionClosed, OSError, EOFError)


def limit_open_files(soft: int, hard: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@contextmanager
def login(url: str) -> Iterator[ClientConnection]:
    with connect(url, open_timeout=30) as conn:
        conn.send(json.dumps({"v": 1, "type": "login", "id": "l",
                              "body": {"username": "chair", "password": "password-chair"}}))
        assert json.loads(conn.recv(timeout=30))["type"] == "result"
        yield conn


def ping(conn: ClientConnection) -> str:
    conn.send(json.dumps({"v": 1, "type": "ping", "id": "p", "body": {}}))
    return str(json.loads(conn.recv(timeout=30))["type"])


def test_out_of_file_descriptors_refuses_quietly_and_serves_the_connected(
        tmp_path: Path) -> None:
    data = tmp_path / "server"
    admin = Admin.open(data)
    admin.add_user("chair", "password-chair", role=Role.CHAIR, display_name="Chair")
    admin.close()
    # soft 64, hard 128: the server raises its soft limit to 128; --max-connections above
    # what 128 descriptors hold drives it out of descriptors on purpose
    proc = subprocess.Popen(
        [*CLI, "server", "--data", str(data), "--port", "0", "--tsa-port", "off",
         "--max-connections", "1000", "--max-per-address", "1000"],
        stderr=subprocess.PIPE, text=True, env=ENV, preexec_fn=limit_open_files(64, 128))
    assert proc.stderr is not None
    log: list[str] = []
    port = 0
    drain: threading.Thread | None = None
    try:
        for line in proc.stderr:
            log.append(line)
            if m := re.search(r"serving on ws://127\.0\.0\.1:(\d+)", line):
                port = int(m.group(1))
                break
        assert port, "".join(log)
        stderr = proc.stderr
        drain = threading.Thread(target=lambda: log.extend(stderr), daemon=True)
        drain.start()
        started = "".join(log)
        assert ("open-files limit 128: accepting up to 1000 connections, 1000 per address"
                in started)
        assert "--max-connections 1000 is more than the open-files limit (128)" in started
        url = f"ws://127.0.0.1:{port}"

        with ExitStack() as stack:
            member = stack.enter_context(login(url))
            for _ in range(250):  # far more than 128 descriptors hold
                stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=60))
            assert ping(member) == "result"  # the connected keep being served
            deadline = time.monotonic() + 60  # asyncio retries accept() every second
            while not any("out of file descriptors" in line for line in log):
                assert time.monotonic() < deadline, "".join(log)
                time.sleep(0.1)
            assert ping(member) == "result"
        # the crowd is gone: a new client gets in once the server has seen them close
        deadline = time.monotonic() + 60
        while True:
            try:
                with login(url) as later:
                    assert ping(later) == "result"
                break
            except REFUSED:
                assert time.monotonic() < deadline, "".join(log)
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(30)
        if drain is not None:
            drain.join(10)
        proc.stderr.close()
    text = "".join(log)
    assert "Traceback" not in text and "out of system resource" not in text, text[-3000:]
    assert len(text) < 20_000, text[-3000:]
    assert sum("refusing new connections" in line for line in log) <= 3
