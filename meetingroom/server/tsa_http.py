"""A minimal, bounded HTTP/1.1 endpoint carrying RFC 3161 requests to the timestamp authority.

``POST /tsa`` (``application/timestamp-query`` in, ``application/timestamp-reply``
out) and ``GET /tsa.crt`` (the authority's certificate, PEM). One request per
connection; headers must arrive within a few seconds; bodies are capped; the
number of simultaneous connections is capped. Anything else gets a short
HTTP error and the connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import dataclass, field
from typing import Any

from meetingroom.signing.tsa import TimestampAuthority

log = logging.getLogger("meetingroom.server.tsa")

TSA_PATH = "/tsa"
CERT_PATH = "/tsa.crt"
MAX_BODY = 16 * 1024
"""Largest accepted request body (a TimeStampReq is ~100 bytes)."""
MAX_HEAD = 8 * 1024
"""Largest accepted request line + headers."""
_DISCARD = 64 * 1024
"""After refusing a request, read and drop at most this much of its body (so the
client sees our answer rather than a TCP reset)."""
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 411: "Length Required", 413: "Content Too Large",
            415: "Unsupported Media Type", 431: "Request Header Fields Too Large",
            503: "Service Unavailable"}


@dataclass(frozen=True, slots=True)
class HttpReply:
    """One response: status, body and its media type, extra headers."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = field(default=())

    def encode(self) -> bytes:
        lines = [f"HTTP/1.1 {self.status} {_REASONS.get(self.status, 'Error')}",
                 f"Content-Type: {self.content_type}",
                 f"Content-Length: {len(self.body)}",
                 "Connection: close",
                 "Cache-Control: no-store",
                 *(f"{k}: {v}" for k, v in self.headers)]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + self.body


def _error(status: int, text: str, *headers: tuple[str, str]) -> HttpReply:
    return HttpReply(status, (text + "\n").encode(), headers=headers)


class _Refused(Exception):
    def __init__(self, reply: HttpReply) -> None:
        super().__init__(reply.status)
        self.reply = reply


@dataclass(frozen=True, slots=True)
class RequestHead:
    method: str
    path: str
    headers: dict[str, str]
    """Lower-case names; a repeated header is refused, so one value each."""


def parse_head(raw: bytes) -> RequestHead:
    """Parse a request line and headers (without the final blank line); raises ``_Refused``."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise _Refused(_error(400, "request head is not ASCII")) from None
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or parts[2] not in ("HTTP/1.1", "HTTP/1.0") or not parts[1].startswith("/"):
        raise _Refused(_error(400, "malformed request line"))
    headers: dict[str, str] = {}
    for line in lines[1:]:
        raw_name, sep, value = line.partition(":")
        name = raw_name.lower()
        if not sep or not name or any(c in name for c in " \t"):  # also obsolete folding
            raise _Refused(_error(400, "malformed header"))
        if name in headers:
            raise _Refused(_error(400, f"repeated header {name}"))
        headers[name] = value.strip()
    return RequestHead(parts[0], parts[1].split("?", 1)[0], headers)


class TsaHttpEndpoint:
    """Serves one ``TimestampAuthority`` over HTTP(S). ``await start()``; ``await stop()``."""

    def __init__(self, authority: TimestampAuthority, *, host: str, port: int,
                 ssl_context: ssl.SSLContext | None = None, max_connections: int = 32,
                 header_timeout: float = 5.0, body_timeout: float = 10.0) -> None:
        self.authority = authority
        self.host = host
        self._port = port
        self._ssl = ssl_context
        self.max_connections = max_connections
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        """Every connection's handler (to cancel on stop)."""
        self._active = 0
        """Connections being served (the 503 refusals do not count)."""

    @property
    def scheme(self) -> str:
        return "https" if self._ssl is not None else "http"

    @property
    def port(self) -> int:
        assert self._server is not None, "not started"
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"{self.scheme}://{host}:{self.port}{TSA_PATH}"

    def advert(self) -> dict[str, Any]:
        """What ``login``/``resume`` replies tell clients (the host is the server's own)."""
        return {"port": self.port, "scheme": self.scheme, "path": TSA_PATH}

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, self.host, self._port, ssl=self._ssl, limit=MAX_HEAD,
            ssl_handshake_timeout=self.header_timeout if self._ssl else None)

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    # -- one connection ---------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        busy = self._active >= self.max_connections
        if not busy:
            self._active += 1
        self._tasks.add(task)
        try:
            if busy:
                log.info("refusing a timestamp connection from %s: too many", address)
                await self._send(writer, _error(503, "too many connections", ("Retry-After", "2")))
                await self._discard(reader, writer, limit=4096, seconds=0.5)
                return
            try:
                reply = await self._serve(reader)
            except _Refused as e:
                log.debug("timestamp HTTP request from %s refused: %d", address, e.reply.status)
                await self._send(writer, e.reply)
                await self._discard(reader, writer)
                return
            await self._send(writer, reply)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, TimeoutError):
            pass
        except Exception:
            log.exception("timestamp endpoint failed on a request from %s", address)
        finally:
            if not busy:
                self._active -= 1
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader) -> HttpReply:
        try:
            async with asyncio.timeout(self.header_timeout):
                raw = await reader.readuntil(b"\r\n\r\n")
        except TimeoutError:
            raise _Refused(_error(408, "request head not received in time")) from None
        except asyncio.LimitOverrunError:
            raise _Refused(_error(431, "request head too large")) from None
        head = parse_head(raw[:-4])
        if head.path == CERT_PATH:
            if head.method != "GET":
                raise _Refused(_error(405, "use GET", ("Allow", "GET")))
            return HttpReply(200, self.authority.certificate_pem(), "application/x-pem-file")
        if head.path != TSA_PATH:
            raise _Refused(_error(404, "not found"))
        if head.method != "POST":
            raise _Refused(_error(405, "use POST", ("Allow", "POST")))
        if "transfer-encoding" in head.headers:
            raise _Refused(_error(411, "send a Content-Length, not a chunked body"))
        ctype = head.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype != "application/timestamp-query":
            raise _Refused(_error(415, "expected application/timestamp-query"))
        length_text = head.headers.get("content-length")
        if length_text is None:
            raise _Refused(_error(411, "Content-Length required"))
        if not length_text.isdigit() or len(length_text) > 12:
            raise _Refused(_error(400, "bad Content-Length"))
        length = int(length_text)
        if length > MAX_BODY:
            raise _Refused(_error(413, f"a timestamp request is at most {MAX_BODY} bytes"))
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await reader.readexactly(length)
        except TimeoutError:
            raise _Refused(_error(408, "request body not received in time")) from None
        return HttpReply(200, self.authority.respond(body), "application/timestamp-reply")

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, reply: HttpReply) -> None:
        writer.write(reply.encode())
        await writer.drain()

    @staticmethod
    async def _discard(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                       limit: int = _DISCARD, seconds: float = 2.0) -> None:
        """Let a refused client finish sending (bounded), so it reads our reply, not a reset."""
        if writer.can_write_eof():
            writer.write_eof()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(seconds):
                left = limit
                while left > 0 and (chunk := await reader.read(min(left, 16384))):
                    left -= len(chunk)
