"""What the room server said about itself at the last login or resume: version, timestamps.

A part of :class:`~meetingroom.sync.engine.SyncEngine` (``engine.server``); readable from
any thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from meetingroom.errors import ProtocolVersionError
from meetingroom.protocol.replies import LoginReply

log = logging.getLogger("meetingroom.sync")


class ServerInfo:
    """The server's Meetingroom version, why it cannot be talked to, its timestamp service."""

    def __init__(self, url: Callable[[], str]) -> None:
        self._url = url
        """The server's URL (the timestamp service is on its host)."""
        self._version = ""
        self._problem: ProtocolVersionError | None = None
        self._peers = False
        self._tsa: Any = None
        """The ``tsa`` field of the last login/resume reply (see ``tsa_url``)."""

    @property
    def version(self) -> str:
        """The server's Meetingroom version, as its last login/resume reply said ("" before
        one, or from a server older than 0.2.0, which does not say)."""
        return self._version

    @property
    def version_problem(self) -> ProtocolVersionError | None:
        """Why the server and this app cannot talk (state ``UPDATE_REQUIRED``), or None."""
        return self._problem

    @property
    def peers(self) -> bool:
        """The room lets devices share packs with each other (its last login reply)."""
        return self._peers

    @property
    def tsa_url(self) -> str | None:
        """The room server's RFC 3161 timestamp service, as its last login/resume reply
        advertised it, on the server URL's host; None when it offers none (or not yet)."""
        return tsa_url(self._url(), self._tsa)

    def accepted(self, reply: LoginReply) -> None:
        """A login or resume succeeded: remember the server's version and timestamp
        service."""
        self._tsa = reply.tsa
        self._peers = reply.peers
        self._problem = None
        self._version = reply.server_version
        log.info("server Meetingroom %s", self._version or "before 0.2.0")

    def refused(self, error: ProtocolVersionError, url: str) -> None:
        """The server at ``url`` and this app speak protocols that cannot talk."""
        self._problem = error
        log.warning("%s refused protocol %d (it speaks %s, Meetingroom %s): %s", url,
                    error.client_protocol,
                    "another" if error.server_protocol is None else error.server_protocol,
                    error.server_version or "before 0.2.0",
                    "update the app" if error.client_is_older else "the server is older")

    def logged_out(self) -> None:
        self._tsa = None
        self._peers = False


def tsa_url(server_url: str, advert: Any) -> str | None:
    """``scheme://<server host>:port/path`` from a ``tsa`` advert (or the external ``url``
    it names); None if absent or malformed."""
    if not isinstance(advert, dict) or not server_url:
        return None
    if "url" in advert:  # an external service the administrator configured
        url = advert["url"]
        if (isinstance(url, str) and len(url) <= 2000
                and urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname):
            return url
        return None
    scheme, port, path = advert.get("scheme"), advert.get("port"), advert.get("path")
    host = urlsplit(server_url).hostname
    if (scheme not in ("http", "https") or type(port) is not int or not 0 < port < 65536
            or not isinstance(path, str) or not re.fullmatch(r"/[A-Za-z0-9._~/-]{0,200}", path)
            or not host):
        return None
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}{path}"
