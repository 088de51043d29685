"""A TCP relay between a client and the server whose link the test can cut and mend.

``cut()`` is a cable pulled or a Wi-Fi dropped: the relay stops carrying bytes either way
but keeps every socket open, so neither side sees a reset or a close — only silence.
``mend()`` carries bytes again (for connections made after it; a connection the client gave
up on stays dead). ``rate`` limits each direction to that many bytes a second (a slow
link). Runs its own asyncio loop on a thread, so tests stay synchronous.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class LinkCut:
    def __init__(self, host: str, port: int, *, rate: float | None = None) -> None:
        self._target = (host, port)
        self._rate = rate
        self._open = threading.Event()
        self._open.set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="link-cut",
                                        daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._relay, "127.0.0.1", 0), self._loop).result(10)
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._writers: set[asyncio.StreamWriter] = set()
        self.carried = 0
        """Bytes carried from the server to the client so far."""
        self.connections = 0
        """Connections the client made through the relay so far."""

    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def cut(self) -> None:
        self._open.clear()

    def mend(self) -> None:
        self._open.set()

    def drop(self) -> None:
        """Reset every connection now (a flapping access point: the client sees it at
        once). New connections are carried as before."""

        async def reset() -> None:
            for w in list(self._writers):
                w.transport.abort()
            self._writers.clear()

        asyncio.run_coroutine_threadsafe(reset(), self._loop).result(10)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            up_r, up_w = await asyncio.open_connection(*self._target)
        except OSError:
            writer.close()
            return
        self._writers.add(up_w)
        await asyncio.gather(self._pipe(reader, up_w, count=False),
                             self._pipe(up_r, writer, count=True),
                             return_exceptions=True)

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, *,
                    count: bool) -> None:
        try:
            while True:
                data = await src.read(16384)
                if not data:
                    break
                while not self._open.is_set():  # the cable is out: hold everything, say nothing
                    await asyncio.sleep(0.05)
                if self._rate:
                    await asyncio.sleep(len(data) / self._rate)
                dst.write(data)
                await dst.drain()
                if count:
                    self.carried += len(data)
        except (ConnectionError, OSError):
            pass
        finally:
            if self._open.is_set():  # a dead link never delivers its close either
                with contextlib.suppress(Exception):
                    dst.close()

    def close(self) -> None:
        """Stop relaying and close every socket (the relay's own sockets, not a cut)."""
        self._open.set()

        async def stop() -> None:
            self._server.close()
            for w in self._writers:
                w.close()
            for w in self._writers:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(w.wait_closed(), 1)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            me = asyncio.current_task()
            rest = [t for t in asyncio.all_tasks() if t is not me]
            for t in rest:
                t.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()
