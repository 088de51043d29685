"""``meetingroom demo``: embedded server + sample meeting + client windows (or a headless check)."""

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

SMOKE_TIMEOUT = 120.0


def _start_server(data: Path) -> Any:
    from meetingroom.server.config import ServerConfig
    from meetingroom.server.embedded import EmbeddedServer

    server = EmbeddedServer(ServerConfig(data_dir=data / "server", host="127.0.0.1", port=0,
                                         poll_interval=0.5))
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
        try:
            if smoke:
                return _smoke(data, server.url, docs, t0, lang)
            return _gui(data, server.url, delegates, lang)
        finally:
            server.stop()
    finally:
        if keep is None:
            shutil.rmtree(data, ignore_errors=True)


def _gui(data: Path, url: str, delegates: int, lang: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    from meetingroom.ui.app import open_logged_in_window

    clients = [open_logged_in_window(data / "client-secretary", url, "secretary", DEMO_PASSWORD,
                                     title_suffix="secretary", lang=lang)]
    for n in range(1, delegates + 1):
        clients.append(open_logged_in_window(data / f"client-delegate{n}", url, f"delegate{n}",
                                             DEMO_PASSWORD, title_suffix=f"delegate{n}",
                                             lang=lang))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(True)

    def close_all() -> None:
        for c in clients:
            c.close()

    app.aboutToQuit.connect(close_all)
    return int(app.exec())


def _smoke(data: Path, url: str, expected_docs: int, t0: float, lang: str | None) -> int:
    """Headless: secretary and one delegate log in; the delegate downloads and opens a PDF."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from meetingroom.ui.app import open_logged_in_window

    secretary = open_logged_in_window(data / "client-secretary", url, "secretary",
                                      DEMO_PASSWORD, title_suffix="secretary", lang=lang)
    delegate = open_logged_in_window(data / "client-delegate1", url, "delegate1", DEMO_PASSWORD,
                                     title_suffix="delegate1", lang=lang)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    outcome: dict[str, Any] = {"code": 1, "line": "demo smoke FAILED: timed out"}
    state: dict[str, Any] = {"viewer": None}
    deadline = time.monotonic() + SMOKE_TIMEOUT

    def finish(code: int, line: str) -> None:
        outcome.update(code=code, line=line)
        timer.stop()
        app.quit()

    def step() -> None:
        if time.monotonic() > deadline:
            finish(1, "demo smoke FAILED: timed out waiting for "
                   + ("the page" if state["viewer"] else "the documents"))
            return
        eng = delegate.engine
        meetings = eng.cached_meetings()
        if not meetings:
            return
        snap = eng.snapshot(meetings[0].meeting.id)
        if snap is None or not snap.documents:
            return
        if expected_docs >= 0 and len(snap.documents) != expected_docs:
            return
        have = [d for d in snap.documents if eng.document_path(d.sha256) is not None]
        if len(have) < len(snap.documents):
            return
        viewer = state["viewer"]
        if viewer is None:
            doc = max(snap.documents, key=lambda d: d.pages)
            state["viewer"] = delegate.window.open_document(doc)
            state["doc"] = doc
            if state["viewer"] is None:
                finish(1, "demo smoke FAILED: the delegate could not open a document")
            return
        if getattr(viewer, "error", None) is not None:
            finish(1, f"demo smoke FAILED: the document did not render: {viewer.error}")
            return
        image = viewer.page.image
        if image is None or image.isNull() or viewer.page_count < 1:
            return
        if not _has_ink(image):
            finish(1, "demo smoke FAILED: the rendered page is blank")
            return
        size = sum(d.size for d in snap.documents)
        finish(0, f"demo smoke OK: delegate1 received {len(have)}/{len(snap.documents)} "
               f"documents ({size / 2**20:.1f} MiB, SHA-256 verified) and rendered page 1 of "
               f"{viewer.page_count} of '{state['doc'].name}' in {time.monotonic() - t0:.1f} s")

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(step)
    timer.start()
    try:
        app.exec()
    finally:
        delegate.close()
        secretary.close()
    print(outcome["line"])
    return int(outcome["code"])


def _has_ink(image: Any) -> bool:
    """Whether a page image has dark pixels (text), sampling a grid."""
    w, h = image.width(), image.height()
    dark = 0
    for y in range(0, h, max(1, h // 120)):
        for x in range(0, w, max(1, w // 80)):
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() < 300:
                dark += 1
    return dark > 20
