"""``meetingroom demo``: embedded server + sample meeting + client windows (or a headless check).

The composition only: seed the data, start the embedded server, then hand over
to ``meetingroom.ui.shell.demo_windows`` (imported lazily; only ``ui`` imports Qt).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from meetingroom.demo.seed import DEMO_PASSWORD, seed_demo

log = logging.getLogger("meetingroom.demo")


def _start_server(data: Path) -> Any:
    from meetingroom.server.config import ServerConfig
    from meetingroom.server.embedded import EmbeddedServer

    server = EmbeddedServer(ServerConfig(data_dir=data / "server", host="127.0.0.1", port=0,
                                         poll_interval=0.5, tsa_port=0))
    server.start()
    return server


def run_demo(*, delegates: int = 0, smoke: bool = False, lang: str | None = None,
             keep: Path | None = None) -> int:
    """Seed a throw-away server, open the secretary's window (and N delegates'), run the GUI."""
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    if delegates < 0 or delegates > 5:
        print("meetingroom demo: --delegates must be between 0 and 5", file=sys.stderr)
        return 2
    data = keep or Path(tempfile.mkdtemp(prefix="meetingroom-demo-"))
    fresh = not (data / "server" / "server.sqlite").exists()
    t0 = time.monotonic()
    try:
        if fresh:
            print("Preparing the demo meeting (generating sample documents)…", file=sys.stderr)
            seeded = seed_demo(data / "server")
            docs = seeded.documents
        else:
            docs = -1
        server = _start_server(data)
        print(f"Demo server on {server.url} (data in {data}); every password is "
              f"'{DEMO_PASSWORD}'.", file=sys.stderr)
        print(f"Demo signing certificates (passphrase '{DEMO_PASSWORD}'): "
              f"{data / 'server' / 'certificates'}/secretary.p12 and chair.p12",
              file=sys.stderr)
        try:
            from meetingroom.ui.shell import demo_windows

            if smoke:
                code, line = demo_windows.run_smoke(data, server.url, docs, t0, lang,
                                                    password=DEMO_PASSWORD)
                print(line)
                return code
            return demo_windows.run_demo_windows(data, server.url, delegates, lang,
                                                 password=DEMO_PASSWORD)
        finally:
            server.stop()
    finally:
        if keep is None:
            shutil.rmtree(data, ignore_errors=True)
