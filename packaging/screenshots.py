"""Regenerate the guide screenshots from the real app on an X display (e.g. under xvfb-run).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py docs/images

Starts the demo server, opens real client windows, drives them as a user would
and grabs the X screen (not an offscreen render) for each guide picture.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer

from meetingroom.demo.seed import DEMO_PASSWORD, seed_demo
from meetingroom.server.config import ServerConfig
from meetingroom.server.embedded import EmbeddedServer
from meetingroom.ui.app import _application, build_client, open_logged_in_window


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="meetingroom-shots-"))
    seeded = seed_demo(tmp / "server")
    server = EmbeddedServer(ServerConfig(data_dir=tmp / "server", port=0, poll_interval=0.5))
    server.start()
    app = _application()
    app.setQuitOnLastWindowClosed(False)
    steps: list[tuple[int, Callable[[], None]]] = []
    state: dict[str, object] = {}

    def shot(name: str) -> Callable[[], None]:
        def grab() -> None:
            screen = app.primaryScreen()
            screen.grabWindow(0).save(str(out / f"{name}.png"))
            print("saved", out / f"{name}.png")
        return grab

    def place(client: object) -> None:
        window = client.window  # type: ignore[attr-defined]
        window.resize(1340, 740)
        window.move(8, 8)
        window.raise_()
        window.activateWindow()

    # 1. the login dialog a delegate sees first (Vietnamese)
    def login_dialog() -> None:
        c = build_client(tmp / "c-login", server_url=server.url, lang="vi", theme="light")
        c.start(resume=True)  # nothing saved: shows the login dialog
        state["login"] = c

    def fill_login() -> None:
        c = state["login"]
        dlg = c.login_dialog  # type: ignore[attr-defined]
        dlg.username.setText("delegate1")
        dlg.password.setText(DEMO_PASSWORD)
        dlg.move(420, 160)

    def close_login() -> None:
        state["login"].close()  # type: ignore[attr-defined]

    # 2. a delegate's window with documents downloaded (Vietnamese)
    def delegate() -> None:
        c = open_logged_in_window(tmp / "c-delegate", server.url, "delegate1", DEMO_PASSWORD,
                                  lang="vi", theme="light")
        state["delegate"] = c

    def select_first_item_with_documents(key: str) -> Callable[[], None]:
        def select() -> None:
            c = state[key]
            place(c)
            w = c.window  # type: ignore[attr-defined]
            w.select_meeting(seeded.meeting_id)
            snap = c.engine.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
            w.agenda.tree.select_item(next(d.item_id for d in snap.documents))
        return select

    def delegate_open() -> None:
        c = state["delegate"]
        snap = c.engine.snapshot(seeded.meeting_id)  # type: ignore[attr-defined]
        doc = max(snap.documents, key=lambda d: d.pages)
        viewer = c.window.open_document(doc)  # type: ignore[attr-defined]
        viewer.resize(900, 740)
        viewer.move(230, 8)
        state["viewer"] = viewer

    def close_viewer() -> None:
        state["viewer"].close()  # type: ignore[attr-defined]

    # 3. the same delegate after the server goes away
    def server_down() -> None:
        server.stop()

    def delegate_close() -> None:
        state["delegate"].close()  # type: ignore[attr-defined]
        server.start()

    # 4. the secretary's agenda editor (English, dark)
    def secretary() -> None:
        c = open_logged_in_window(tmp / "c-secretary", server.url, "secretary", DEMO_PASSWORD,
                                  lang="en", theme="dark")
        state["secretary"] = c

    pick = select_first_item_with_documents
    t = 0
    for delay, action in (
        (300, login_dialog), (900, fill_login), (700, shot("login-vi")), (200, close_login),
        (300, delegate), (3500, pick("delegate")), (1500, shot("delegate-vi")),
        (300, delegate_open), (2500, shot("viewer-vi")), (300, close_viewer),
        (300, server_down), (2500, shot("offline-vi")), (300, delegate_close),
        (300, secretary), (3500, pick("secretary")), (1500, shot("secretary-en-dark")),
    ):
        t += delay
        steps.append((t, action))
    for at, action in steps:
        QTimer.singleShot(at, action)
    QTimer.singleShot(t + 500, app.quit)
    app.exec()
    for key in ("secretary",):
        client = state.get(key)
        if client is not None:
            client.close()  # type: ignore[attr-defined]
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")))
