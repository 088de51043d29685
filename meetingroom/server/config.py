"""Server settings, validated before anything starts."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from meetingroom.storage.db import sqlite_url


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """How a room server runs."""

    data_dir: Path
    """Database (by default), blobs and uploads live here."""
    host: str = "127.0.0.1"
    port: int = 8765
    """0 picks a free port (tests)."""
    db_url: str | None = None
    """Any SQLAlchemy URL; default ``sqlite:///DATA/server.sqlite``."""
    certfile: Path | None = None
    keyfile: Path | None = None
    insecure: bool = False
    """Allow plain ws:// on a non-loopback address."""
    session_hours: float = 24.0
    """Sessions expire this long after login."""
    auth_timeout: float = 5.0
    """Connections that do not authenticate in time are closed."""
    max_per_address: int = 64
    """Simultaneous connections accepted from one IP address, counted from the TCP accept."""
    max_connections: int | None = None
    """Simultaneous connections accepted in all, counted from the TCP accept; None: what
    the open-files limit allows once raised to its hard limit, less a reserve
    (server/connection_limits.py)."""
    handshake_timeout: float = 10.0
    """A connection must finish its TLS and WebSocket handshakes within this many seconds."""
    snapshot_after: int = 500
    """A subscriber further behind than this many events gets a snapshot."""
    poll_interval: float = 1.0
    """How often the server looks for events written by other processes (admin CLI)."""
    pdf_check_timeout: float = 60.0
    tsa_port: int | None = None
    """RFC 3161 timestamp service (HTTP, HTTPS with ``certfile``) on this port of ``host``;
    0 picks a free port, None runs none. Its key lives in ``data_dir/tsa/``."""
    tsa_url: str | None = None
    """An external RFC 3161 service (http/https URL) to advertise to clients instead of
    running our own, e.g. an accredited national TSA."""
    upgrade: bool = True
    """Upgrade a database older than this release at start, after a backup; False
    (``--no-upgrade``) refuses to start instead, naming both revisions."""
    allow_unsealed_secret: bool = False
    """Accept secret polls opened without a sealed box, whose ballots are stored readable
    (apps before 0.3 cannot seal). Off: a secret poll opens only sealed."""
    peer_sharing: bool = False
    """Devices of a meeting may fetch its documents from each other (server/peers.py).
    Off by default: on one Wi-Fi access point a peer's bytes cross the air twice, so it
    helps only on a wired, switched LAN (docs/protocol.md, "Peers")."""
    upgrade_without_backup: bool = False
    """Upgrade a PostgreSQL database even when pg_dump cannot back it up first (the
    operator has a backup of their own)."""

    @property
    def database_url(self) -> str:
        return self.db_url or sqlite_url(self.data_dir / "server.sqlite")

    @property
    def tls(self) -> bool:
        return self.certfile is not None

    def validate(self) -> None:
        """Refuse unsafe or inconsistent settings with a message an operator can act on."""
        if (self.certfile is None) != (self.keyfile is None):
            raise ValueError("--cert and --key must be given together")
        for label, path in (("certificate", self.certfile), ("key", self.keyfile)):
            if path is not None and not path.is_file():
                raise ValueError(f"the TLS {label} file {str(path)!r} does not exist")
        if self.max_per_address < 1 or (self.max_connections is not None
                                        and self.max_connections < 1):
            raise ValueError("connection limits must be at least 1")
        if self.tsa_port is not None and not 0 <= self.tsa_port <= 65535:
            raise ValueError(f"the timestamp port {self.tsa_port} is not a TCP port")
        if self.tsa_url is not None:
            parts = urlsplit(self.tsa_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"--tsa-url {self.tsa_url!r} is not an http(s) URL")
            if self.tsa_port is not None:
                raise ValueError("use either our own timestamp service (--tsa-port) or an "
                                 "external one (--tsa-url), not both")
        if self.tsa_port and self.tsa_port == self.port:
            raise ValueError("the timestamp service needs a port other than the server's")
        if not self.tls and not self.insecure and not is_loopback(self.host):
            raise ValueError(
                f"refusing to serve unencrypted ws:// on {self.host}: give --cert/--key for "
                "wss://, or --insecure if this network is trusted")


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
