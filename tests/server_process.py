"""``meetingroom server`` (and other ``meetingroom`` commands) as child processes, found by
their log lines as an administrator would."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CLI = [sys.executable, "-m", "meetingroom"]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1",
       "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def mr(*args: str, stdin: str = "", timeout: float = 120,
       env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run one ``meetingroom`` command to its end."""
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env=env or ENV, check=False)


@dataclass
class RoomProcess:
    """A running ``meetingroom server --data DATA --port 0`` with its own timestamp service
    (``tsa``) or none; ``stop()`` ends it with SIGTERM, ``kill()`` with SIGKILL; ``start()``
    again serves on the same port."""

    data: Path
    tsa: bool = True
    port: int = 0
    extra: tuple[str, ...] = ()
    """More ``meetingroom server`` options, e.g. ``("--db", URL)``."""
    host: str = "127.0.0.1"
    """The address to serve on (another one than loopback: plain ws:// with --insecure,
    as on a room's trusted LAN)."""
    wrap: tuple[str, ...] = ()
    """A command the server runs under, e.g. ``ip netns exec NS`` (the simulated LAN)."""
    tsa_url: str | None = None
    proc: subprocess.Popen[str] | None = None
    log: list[str] = field(default_factory=list)
    _drain: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def start(self) -> None:
        lan = ("--host", self.host, "--insecure") if self.host != "127.0.0.1" else ()
        self.proc = subprocess.Popen(
            [*self.wrap, *CLI, "server", "--data", str(self.data), "--port", str(self.port),
             *lan,
             "--tsa-port", "0" if self.tsa else "off", *self.extra], stderr=subprocess.PIPE,
            text=True, env=ENV)
        assert self.proc.stderr is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait for the log lines, as a user would
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            if m := re.search(r"serving on ws://[\d.]+:(\d+)", line):
                self.port = int(m.group(1))
            if m := re.search(r"timestamp service on (http://\S+)", line):
                self.tsa_url = m.group(1)
            if self.port and (self.tsa_url or not self.tsa):
                break
        assert self.port and (self.tsa_url or not self.tsa), "".join(self.log)
        stderr = self.proc.stderr
        self._drain = threading.Thread(target=lambda: self.log.extend(stderr), daemon=True)
        self._drain.start()  # keep reading so the server never blocks on a full pipe

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no goodbye, as when the machine loses power (the crash tests)."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(10) == -signal.SIGKILL
        self._close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._close()

    def _close(self) -> None:
        if self._drain is not None:
            self._drain.join(10)
            self._drain = None
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()

    def __enter__(self) -> str:
        """Start it; its URL. Leaving stops it and fails on any traceback in its log."""
        self.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.stop()
        assert not self.tracebacks(), "".join(self.log)

    def tracebacks(self) -> list[str]:
        return [line for line in self.log if "Traceback" in line]
