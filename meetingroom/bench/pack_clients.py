"""One pack-sync client per process (a tablet is its own machine): ours, raw or raw+store.

The parent drives each process with two commands per measurement: ``prepare`` (what
needs doing before the clock starts: our engine logs in once and is set up to resume
that session, as an app started with a saved login is; the raw ones make their TLS
context) and ``go`` with a shared start time on ``time.monotonic()`` (CLOCK_MONOTONIC:
one clock for every process on the machine). Each answers with when it finished and
the CPU seconds its process used from the start until then (all its threads).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetingroom.bench.clients import DocumentsTracker
from meetingroom.bench.procs import BenchError, Channel, raise_open_file_limit
from meetingroom.credentials import Credentials
from meetingroom.protocol import requests as rq
from meetingroom.protocol.replies import LoginReply
from meetingroom.storage.blobs import sha256_file
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.engine import SyncEngine

log = logging.getLogger("meetingroom.bench")

READ_BYTES = 1 << 20
"""Bytes a raw client asks its stream for at a time."""


class _HeldToken(Credentials):
    """A session token kept in memory: the engine never touches the user's keyring."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token: str | None = token

    def save_token(self, server_url: str, username: str, token: str) -> bool:
        self._token = token
        return True

    def load_token(self, server_url: str, username: str) -> str | None:
        return self._token

    def forget_token(self, server_url: str, username: str) -> None:
        self._token = None


@dataclass(slots=True)
class _Ours:
    """A fresh engine holding a session token, ready to resume it."""

    engine: SyncEngine
    tracker: DocumentsTracker
    documents: dict[str, int]


def _context(ca: str | None) -> ssl.SSLContext | None:
    return ssl.create_default_context(cafile=ca) if ca else None


async def _login(url: str, username: str, password: str,
                 ca: str | None) -> LoginReply:
    link = await ServerLink.open(url, on_push=lambda _m: None, timeout=60,
                                 ssl_context=_context(ca))
    try:
        return LoginReply.from_wire(await link.request(
            rq.Login(username=username, password=password), timeout=120))
    finally:
        await link.close()


def _prepare_ours(cmd: dict[str, Any], root: Path) -> _Ours:
    """Log in (before the clock: a login's scrypt is paid once per session, not per
    MiB), then a new engine over an empty folder that knows the user and the token."""
    url, username, ca = str(cmd["url"]), str(cmd["username"]), cmd.get("ca")
    login = asyncio.run(_login(url, username, str(cmd["password"]), ca))
    user, token = login.user, login.token or ""
    documents: dict[str, int] = {str(k): int(v) for k, v in cmd["documents"].items()}
    tracker = DocumentsTracker(set(documents), clock=time.monotonic)
    engine = SyncEngine(root, listener=tracker, connect_timeout=60,
                        credentials=_HeldToken(token), ca_file=Path(ca) if ca else None)
    for key, value in (("server_url", url), ("username", username), ("user_id", user.id),
                       ("user", json.dumps(user.to_dict()))):
        engine.cache.set_meta(key, value)
    engine.start()
    return _Ours(engine, tracker, documents)


def _go_ours(ours: _Ours, at: float, timeout: float, *, check_hashes: bool) -> dict[str, Any]:
    engine, tracker = ours.engine, ours.tracker
    _sleep_until(at)
    started, cpu = time.monotonic(), time.process_time()
    engine.resume()
    if not tracker.done.wait(timeout) or tracker.error:
        missing = ", ".join(
            f"{sha[:12]} ({part.have if (part := engine.documents.partial_download(sha)) else 0}"
            f" of {size} bytes)" for sha, size in ours.documents.items()
            if sha not in tracker.got)
        raise BenchError(f"client has {len(tracker.got)} of {len(ours.documents)} documents"
                         f" after {timeout:.0f} s {tracker.error or ''}; the engine is "
                         f"{engine.state.value}; missing: {missing}")
    cpu = time.process_time() - cpu
    for sha, size in ours.documents.items():
        path = engine.documents.verified_path(sha)
        if path is None or path.stat().st_size != size:
            raise BenchError(f"the client lacks a verified copy of {sha[:12]}")
        if check_hashes and sha256_file(path) != sha:
            raise BenchError(f"the client's copy of {sha[:12]} does not match its hash")
    return {"started": started, "finished": tracker.finished_at or 0.0, "cpu": cpu,
            "from_peers": engine.peers.pool.received_bytes}


async def _raw(port: int, files: list[tuple[str, int]], context: ssl.SSLContext | None,
               root: Path | None) -> int:
    """Read everything the raw server sends; with ``root``, also do what a syncing
    client must: split the stream into its files, hash each (SHA-256, checked), write
    it and fsync it (on a worker thread, as our client does)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
    got = 0
    try:
        if root is None:
            while chunk := await reader.read(READ_BYTES):
                got += len(chunk)
            return got
        for i, (sha, size) in enumerate(files):
            h = hashlib.sha256()
            with open(root / f"{i:03d}.pdf", "wb") as f:
                left = size
                while left:
                    chunk = await reader.read(min(READ_BYTES, left))
                    if not chunk:
                        raise BenchError("the raw server closed early")
                    f.write(chunk)
                    h.update(chunk)
                    left -= len(chunk)
                f.flush()
                await asyncio.to_thread(os.fsync, f.fileno())
            if h.hexdigest() != sha:
                raise BenchError(f"the raw client received a corrupt copy of {sha[:12]}")
            got += size
        return got
    finally:
        writer.close()


def _go_raw(cmd: dict[str, Any], context: ssl.SSLContext | None, root: Path | None,
            at: float, timeout: float) -> dict[str, Any]:
    files = [(str(sha), int(size)) for sha, size in cmd["files"]]
    _sleep_until(at)
    started, cpu = time.monotonic(), time.process_time()
    got = asyncio.run(asyncio.wait_for(_raw(int(cmd["port"]), files, context, root), timeout))
    finished, cpu = time.monotonic(), time.process_time() - cpu
    if got != sum(size for _, size in files):
        raise BenchError(f"the raw client received {got} bytes, not all")
    return {"started": started, "finished": finished, "cpu": cpu}


def _sleep_until(at: float) -> None:
    left = at - time.monotonic()
    if left > 0:
        time.sleep(left)


def run_role(channel: Channel, spec: dict[str, Any]) -> None:
    """Serve ``prepare`` / ``go`` pairs until the parent closes our stdin. Our engine
    keeps running after its result until the next command: in a room whose devices
    share, one that has everything goes on serving the others, as a laptop would."""
    raise_open_file_limit()
    index = int(spec["index"])
    channel.send("ready")
    done: tuple[_Ours, Path] | None = None
    try:
        while (cmd := channel.receive()) is not None:
            if done is not None:
                _stop(*done)
                done = None
            if cmd.get("cmd") != "prepare":
                raise BenchError(f"expected prepare, got {cmd.get('cmd')!r}")
            kind, root = str(cmd["kind"]), Path(cmd["root"])
            ours: _Ours | None = None
            try:
                root.mkdir(parents=True, exist_ok=True)
                if kind == "ours":
                    ours = _prepare_ours(cmd, root)
                elif kind not in ("raw", "raw+store"):
                    raise BenchError(f"unknown pack client kind {kind!r}")
                context = _context(cmd.get("ca"))
                channel.send("prepared")
                go = channel.receive()
                if go is None:
                    return
                at, timeout = float(go["at"]), float(go["timeout"])
                if ours is not None:
                    result = _go_ours(ours, at, timeout, check_hashes=index == 0)
                else:
                    result = _go_raw(cmd, context, root if kind == "raw+store" else None,
                                     at, timeout)
                channel.send("result", **result)
            except BaseException:
                _stop(ours, root, remove=True)
                raise
            if ours is not None:
                done = ours, root
    finally:
        if done is not None:
            _stop(*done, remove=True)


def _stop(ours: _Ours | None, root: Path, *, remove: bool = False) -> None:
    """Stop our engine; the folder stays for the parent to remove when it chooses
    (before the next start, :meth:`packsync._Rig.measure`), unless ``remove``."""
    if ours is not None:
        ours.engine.stop()
    if remove:
        shutil.rmtree(root, ignore_errors=True)
