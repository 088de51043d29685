"""Entry point of benchmark worker processes: ``python -m meetingroom.bench.worker ROLE SPEC``.

Roles: ``server`` (a real RoomServer), ``raw-server`` (plain asyncio TCP sending the
same files; both with TLS when the spec names a certificate and key), ``pack-client``
(:mod:`meetingroom.bench.pack_clients`), and the client roles in
:mod:`meetingroom.bench.clients` and :mod:`meetingroom.bench.vote_clients`. Each prints a
"ready" line, answers commands, and finishes when its stdin is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import ssl
import sys
import traceback
from pathlib import Path
from typing import Any

from meetingroom.bench.procs import Channel, raise_open_file_limit

log = logging.getLogger("meetingroom.bench")

RAW_CHUNK = 512 * 1024
"""Bytes the raw server reads and writes at a time (the protocol's blob chunk size)."""


async def _until_closed(channel: Channel) -> None:
    """Wait until the parent closes our stdin (commands, if any, are ignored)."""
    while await asyncio.to_thread(channel.receive) is not None:
        pass


async def serve_room(channel: Channel, spec: dict[str, Any]) -> None:
    """Run a real RoomServer on 127.0.0.1, port 0, over a seeded data directory (wss://
    when ``spec`` has ``certfile`` and ``keyfile``)."""
    from meetingroom.server.app import RoomServer
    from meetingroom.server.config import ServerConfig

    nofile = raise_open_file_limit()
    cert, key = spec.get("certfile"), spec.get("keyfile")
    server = RoomServer(ServerConfig(data_dir=Path(spec["data_dir"]), port=0,
                                     max_per_address=int(spec["max_per_address"]),
                                     certfile=Path(cert) if cert else None,
                                     keyfile=Path(key) if key else None))
    await server.start()
    try:
        channel.send("ready", port=server.port, nofile=nofile)
        await _until_closed(channel)
    finally:
        await server.stop()


async def serve_raw(channel: Channel, spec: dict[str, Any]) -> None:
    """Send every file of ``spec["files"]`` to each TCP client, then close: the raw limit
    (over TLS, set up as the room server sets up its own, when ``spec`` has ``certfile``
    and ``keyfile``)."""
    files = [Path(p) for p in spec["files"]]
    context = None
    if spec.get("certfile"):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(spec["certfile"], spec["keyfile"])

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for path in files:
                with open(path, "rb") as f:
                    offset = 0
                    while data := os.pread(f.fileno(), RAW_CHUNK, offset):
                        writer.write(data)
                        await writer.drain()
                        offset += len(data)
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()

    raise_open_file_limit()
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    try:
        channel.send("ready", port=server.sockets[0].getsockname()[1])
        await _until_closed(channel)
    finally:
        server.close()
        await server.wait_closed()


def main(argv: list[str]) -> int:
    logging.basicConfig(level=os.environ.get("MEETINGROOM_BENCH_LOG", "WARNING"),
                        stream=sys.stderr,
                        format=f"%(asctime)s %(levelname)s %(name)s [bench {argv[0]}]: "
                               "%(message)s")
    channel = Channel()
    role, spec = argv[0], json.loads(argv[1])
    try:
        if role == "server":
            asyncio.run(serve_room(channel, spec))
        elif role == "raw-server":
            asyncio.run(serve_raw(channel, spec))
        elif role == "pack-client":
            from meetingroom.bench import pack_clients

            pack_clients.run_role(channel, spec)
        elif role.startswith("vote-"):
            from meetingroom.bench import vote_clients

            vote_clients.run_role(role, channel, spec)
        else:
            from meetingroom.bench import clients

            clients.run_role(role, channel, spec)
    except Exception as e:
        traceback.print_exc()
        channel.send("error", error=f"{type(e).__name__}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
