"""Who last logged in on this device, read from the client cache without opening it fully.

At start-up the client chooses between the login window and the main window (from the
cache). Opening the cache through SQLAlchemy would import it (~130 ms) before the first
window is painted; this reads the few facts it needs with the standard library, read-only
(SQLite may leave the ``-wal``/``-shm`` side files any reader of a WAL database uses).
``ClientCache`` writes them, in its ``meta`` table.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("meetingroom.storage")

@dataclass(frozen=True, slots=True)
class SavedLogin:
    """What the cache remembers of the last login."""

    server_url: str
    """The server last logged in to ("" if none)."""
    username: str
    """The username last typed ("" if none)."""
    has_user: bool
    """A user's details are cached: the client can open the main window from the cache
    (and resume the session) instead of asking to log in."""


NOBODY = SavedLogin(server_url="", username="", has_user=False)


def saved_login(path: Path) -> SavedLogin | None:
    """What ``path`` (a ``cache.sqlite``) remembers; ``NOBODY`` when there is no cache yet.

    None when it cannot be read this way (locked, damaged, an older layout): the caller
    then opens the cache fully to find out.
    """
    if not path.exists():
        return NOBODY
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            rows = con.execute("SELECT key, value FROM meta "
                               "WHERE key IN ('server_url', 'username', 'user')").fetchall()
        finally:
            con.close()
    except sqlite3.Error as e:
        log.info("cannot peek into %s (%s); opening it fully", path.name, e)
        return None
    meta = {str(k): str(v) for k, v in rows}
    return SavedLogin(server_url=meta.get("server_url", ""), username=meta.get("username", ""),
                      has_user=bool(meta.get("user")))
