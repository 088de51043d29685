"""GUI fixtures: real client windows (engine + bridge + widgets) against the real test server."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from meetingroom.sync.backoff import Backoff
from meetingroom.ui.shell.app import ClientApp, build_client

ClientFactory = Callable[..., ClientApp]


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp: Any) -> Iterator[None]:
    """Empty the clipboard after each test: with data set through ``setMimeData``, the
    offscreen platform's clipboard crashes the interpreter at exit (PySide6 6.12; the
    xcb platform under Xvfb exits cleanly)."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def clients(qapp: Any, tmp_path: Path) -> Iterator[ClientFactory]:
    """Factory: ``clients("name", lang="en")`` builds a ClientApp with its own data dir.

    Fast reconnects (0.1–0.5 s, unless ``backoff`` is given) keep the tests short; every
    client is closed (engine and render thread joined) at the end of the test.
    """
    made: list[ClientApp] = []

    def make(name: str, *, lang: str = "en", theme: str = "light",
             server_url: str | None = None, data_dir: Path | None = None,
             ca_file: Path | None = None, backoff: Backoff | None = None) -> ClientApp:
        client = build_client(data_dir or tmp_path / f"client-{name}", server_url=server_url,
                              lang=lang, theme=theme, title_suffix=f"[{name}]",
                              backoff=backoff or Backoff(initial=0.1, maximum=0.5),
                              connect_timeout=3, ca_file=ca_file)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
    qapp.processEvents()


@pytest.fixture
def login(qtbot: Any, room: Any) -> Callable[[ClientApp, str], ClientApp]:
    """``login(client, "delegate")``: start the client and log in without the dialog."""

    def run(client: ClientApp, username: str) -> ClientApp:
        client.start(resume=False)
        with qtbot.waitSignal(client.logged_in, timeout=20_000):
            client.login(room.url, username, room.password(username), remember=True)
        return client

    return run


class HashingWatch:
    """Records each call, on the GUI (test) thread, of code that hashes a document file.

    A profile hook (``sys.setprofile`` is per thread) sees every Python call made
    on this thread once ``start()`` ran, the event loop's slots included; calls on
    worker threads are not seen. Start it after the test's own setup (the admin
    attaching PDFs hashes them on this thread, as a server would).
    """

    def __init__(self) -> None:
        from meetingroom.storage.blobs import BlobStore, sha256_file
        from meetingroom.sync.documents import Documents

        self._watched = {sha256_file.__code__: "sha256_file",
                         BlobStore.verified_path.__code__: "BlobStore.verified_path",
                         Documents.verified_path.__code__: "Documents.verified_path"}
        self.calls: list[str] = []
        """Names of the hashing functions that ran on the GUI thread."""
        self._previous: Any = None
        self._active = False

    def _profile(self, frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_code in self._watched:
            self.calls.append(self._watched[frame.f_code])

    def start(self) -> None:
        self._previous = sys.getprofile()
        sys.setprofile(self._profile)
        self._active = True

    def stop(self) -> None:
        if self._active:
            sys.setprofile(self._previous)
            self._active = False


@pytest.fixture
def gui_thread_hashing() -> Iterator[HashingWatch]:
    """A HashingWatch, stopped at the end of the test."""
    watch = HashingWatch()
    try:
        yield watch
    finally:
        watch.stop()


def _agenda_titles(client: ClientApp) -> list[str]:
    """The agenda as the window shows it, numbers included, in display order."""
    from PySide6.QtCore import QModelIndex

    model = client.window.agenda.model
    out: list[str] = []

    def walk(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            idx = model.index(row, 0, parent)
            out.append(idx.data())
            walk(idx)

    walk(QModelIndex())
    return out


@pytest.fixture
def agenda_titles() -> Callable[[ClientApp], list[str]]:
    """``agenda_titles(client)``: the agenda rows the window shows."""
    return _agenda_titles


from signing_fixtures import (  # noqa: E402, F401 - signing fixtures
    ec_source,
    keys_dir,
    minutes_pdf,
    pki,
    rsa_source,
    softhsm_token,
)
