"""The demo's client windows: the interactive session and the headless smoke check."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from meetingroom.domain.model import Document
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.app import ClientApp, open_logged_in_window
from meetingroom.ui.shell.context import quit_on_termination

log = logging.getLogger("meetingroom.demo")

SMOKE_TIMEOUT = 120.0
"""Seconds the smoke check waits for the documents and the first page."""


def run_demo_windows(data: Path, url: str, delegates: int, lang: str | None, *,
                     password: str) -> int:
    """Open the secretary's window and ``delegates`` delegates' windows; run until closed.

    ``password`` is the demo accounts' (``meetingroom.demo.seed`` made them).
    """
    clients = [open_logged_in_window(data / "client-secretary", url, "secretary", password,
                                     title_suffix="secretary", lang=lang)]
    for n in range(1, delegates + 1):
        clients.append(open_logged_in_window(data / f"client-delegate{n}", url, f"delegate{n}",
                                             password, title_suffix=f"delegate{n}", lang=lang))
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # open_logged_in_window made it
    app.setQuitOnLastWindowClosed(True)

    def close_all() -> None:
        for c in clients:
            c.close()

    app.aboutToQuit.connect(close_all)
    quit_on_termination(app)
    return int(app.exec())


@dataclass
class _Smoke:
    """The smoke check's progress, advanced by a timer on the GUI thread."""

    delegate: ClientApp
    expected_docs: int
    t0: float
    deadline: float
    loop: QEventLoop
    code: int = 1
    line: str = "demo smoke FAILED: timed out"
    viewer: DocumentViewer | None = None
    doc: Document | None = None

    def finish(self, code: int, line: str) -> None:
        self.code, self.line = code, line
        self.loop.quit()

    def step(self) -> None:
        """One look; only cheap reads here (stat calls, no hashing on the GUI thread)."""
        if time.monotonic() > self.deadline:
            self.finish(1, "demo smoke FAILED: timed out waiting for "
                        + ("the page" if self.viewer else "the documents"))
            return
        eng = self.delegate.engine
        meetings = eng.meetings.cached()
        if not meetings:
            return
        snap = eng.meetings.snapshot(meetings[0].meeting.id)
        if snap is None or not snap.documents:
            return
        if self.expected_docs >= 0 and len(snap.documents) != self.expected_docs:
            return
        have = [d for d in snap.documents if eng.documents.is_ready(d.sha256)]
        if len(have) < len(snap.documents):
            return
        viewer = self.viewer
        if viewer is None:
            self.doc = max(snap.documents, key=lambda d: d.pages)
            self.viewer = self.delegate.window.open_document(self.doc)
            if self.viewer is None:
                self.finish(1, "demo smoke FAILED: the delegate could not open a document")
            return
        if viewer.error is not None:
            self.finish(1, f"demo smoke FAILED: the document did not render: {viewer.error}")
            return
        image = viewer.page.image
        if image is None or image.isNull() or viewer.page_count < 1:
            return
        if not has_ink(image):
            self.finish(1, "demo smoke FAILED: the rendered page is blank")
            return
        size = sum(d.size for d in snap.documents)
        name = self.doc.name if self.doc else ""
        self.finish(0, f"demo smoke OK: delegate1 received {len(have)}/{len(snap.documents)} "
                    f"documents ({size / 2**20:.1f} MiB, SHA-256 verified) and rendered page 1 "
                    f"of {viewer.page_count} of '{name}' in {time.monotonic() - self.t0:.1f} s")


def run_smoke(data: Path, url: str, expected_docs: int, t0: float, lang: str | None, *,
              password: str, timeout: float = SMOKE_TIMEOUT) -> tuple[int, str]:
    """Headless: secretary and delegate1 log in; delegate1 downloads every document and
    renders a page.

    Returns (exit code, the one summary line). ``expected_docs`` < 0 accepts any
    number of documents; ``t0`` (``time.monotonic()``) is when the demo began.
    Runs its own event loop, so it also works inside an application already running.
    """
    secretary = open_logged_in_window(data / "client-secretary", url, "secretary", password,
                                      title_suffix="secretary", lang=lang)
    delegate = open_logged_in_window(data / "client-delegate1", url, "delegate1", password,
                                     title_suffix="delegate1", lang=lang)
    loop = QEventLoop()
    smoke = _Smoke(delegate, expected_docs, t0, time.monotonic() + timeout, loop)
    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(smoke.step)
    timer.start()
    try:
        loop.exec()
    finally:
        timer.stop()
        delegate.close()
        secretary.close()
    return smoke.code, smoke.line


def has_ink(image: QImage) -> bool:
    """Whether a page image has dark pixels (text), sampling a grid."""
    w, h = image.width(), image.height()
    dark = 0
    for y in range(0, h, max(1, h // 120)):
        for x in range(0, w, max(1, w // 80)):
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() < 300:
                dark += 1
    return dark > 20
