"""Admission of TCP connections: the open-files limit, a global cap and a per-address cap.

Connections are counted from ``connection_made`` (the TCP accept), not from the end of
the WebSocket handshake, so connections that never finish their handshake (slowloris)
count like any other. A connection over a cap is closed at once, before its handshake.
When the process runs out of file descriptors anyway, the listening socket's backlog is
refused quietly with a spare descriptor kept for that (as libuv and nginx do), logging one
line a minute instead of a traceback per attempt.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import socket
import time
from collections import defaultdict
from collections.abc import Callable
from enum import Enum
from typing import Any

log = logging.getLogger("meetingroom.server.connections")

FD_RESERVE = 160
"""Descriptors kept for everything but client connections: the database and its WAL,
blob files being read, PDF check workers, the timestamp service (32), logs."""
REPORT_EVERY = 60.0
"""Seconds between two log lines about refused connections."""
_MAX_REFUSED_AT_ONCE = 1024
"""Backlog entries refused per exhaustion report from the event loop."""


def raise_open_files_limit() -> int | None:
    """Raise the soft limit of open files to the hard one; the soft limit now in effect
    (None where the platform has no such limit)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as e:
            log.warning("could not raise the open-files limit from %d to %d: %s",
                        soft, target, e)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def connections_allowed(fd_limit: int | None) -> int | None:
    """Client connections that fit in ``fd_limit`` descriptors, keeping a reserve."""
    if fd_limit is None:
        return None
    return max(16, fd_limit - min(FD_RESERVE, fd_limit // 2))


class Admission(Enum):
    """What happened to a new TCP connection."""

    ACCEPTED = "accepted"
    OVER_TOTAL = "over_total"
    OVER_ADDRESS = "over_address"


class ConnectionLimits:
    """Counts open TCP connections, in all and per address, against their caps."""

    def __init__(self, *, max_total: int, max_per_address: int) -> None:
        self.max_total = max_total
        self.max_per_address = max_per_address
        self.total = 0
        self._per_address: dict[str, int] = defaultdict(int)
        self._refused: dict[str, int] = defaultdict(int)
        self._reported_at: dict[str, float] = {}

    def admit(self, address: str) -> Admission:
        if self.total >= self.max_total:
            verdict = Admission.OVER_TOTAL
        elif self._per_address[address] >= self.max_per_address:
            verdict = Admission.OVER_ADDRESS
        else:
            self.total += 1
            self._per_address[address] += 1
            return Admission.ACCEPTED
        if not self._per_address[address]:
            del self._per_address[address]
        self.refused(f"{verdict.value.replace('_', ' ')} limit")
        return verdict

    def release(self, address: str) -> None:
        self.total -= 1
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]

    def refused(self, why: str) -> None:
        """Count a refused connection; log at most one line per ``why`` every
        ``REPORT_EVERY`` seconds."""
        self._refused[why] += 1
        now = time.monotonic()
        if now - self._reported_at.get(why, -REPORT_EVERY) >= REPORT_EVERY:
            log.warning("refusing new connections (%s): %d refused since the last report; "
                        "%d open", why, self._refused.pop(why), self.total)
            self._reported_at[why] = now


class DescriptorGuard:
    """Refuses the listening socket's backlog quietly when descriptors run out.

    Installed as the event loop's exception handler: asyncio reports an ``accept()``
    that failed with EMFILE/ENFILE there (with a traceback, once per attempt) and
    retries a second later. We close a spare descriptor, accept and close what waits
    in the backlog, and open the spare again; other reports go to ``fallback``.
    """

    def __init__(self, limits: ConnectionLimits,
                 fallback: Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]
                 ) -> None:
        self._limits = limits
        self._fallback = fallback
        self._spare: int | None = _open_spare()

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        listener = context.get("socket")
        if not (isinstance(exc, OSError) and listener is not None and exc.errno in (
                errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)):
            self._fallback(loop, context)
            return
        if not self._refuse_backlog(listener.fileno()):
            self._limits.refused("out of file descriptors")

    def close(self) -> None:
        if self._spare is not None:
            os.close(self._spare)
            self._spare = None

    def _refuse_backlog(self, fd: int) -> int:
        """Accept and close what waits on listener ``fd``; how many were refused."""
        refused = 0
        if self._spare is not None:
            os.close(self._spare)
            self._spare = None
        sock = socket.socket(fileno=fd)  # borrows the listener's descriptor
        try:
            for _ in range(_MAX_REFUSED_AT_ONCE):
                try:
                    conn, _ = sock.accept()
                except OSError:  # the backlog is empty, or still no descriptor free
                    break
                conn.close()
                refused += 1
                self._limits.refused("out of file descriptors")
        finally:
            sock.detach()
            self._spare = _open_spare()
        return refused


def _open_spare() -> int | None:
    try:
        return os.open(os.devnull, os.O_RDONLY)
    except OSError:
        return None
