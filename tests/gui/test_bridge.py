"""The bridge delivers engine-thread events and finished futures on the GUI thread."""

from __future__ import annotations

import concurrent.futures
import threading
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject

from meetingroom.sync.events import ConnectionChanged, ConnectionState
from meetingroom.ui.base.bridge import EngineBridge


def test_event_from_another_thread_arrives_on_the_gui_thread(qtbot: Any) -> None:
    bridge = EngineBridge()
    seen: list[tuple[object, int]] = []
    bridge.connection_changed.connect(lambda e: seen.append((e, threading.get_ident())))
    event = ConnectionChanged(ConnectionState.ONLINE, datetime.now(UTC))
    worker = threading.Thread(target=bridge, args=(event,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen == [(event, threading.get_ident())]


def test_future_results_and_errors_come_back_on_the_gui_thread(qtbot: Any) -> None:
    bridge = EngineBridge()
    ok: concurrent.futures.Future[int] = concurrent.futures.Future()
    bad: concurrent.futures.Future[int] = concurrent.futures.Future()
    got: list[object] = []
    bridge.then(ok, lambda v: got.append(("ok", v, threading.get_ident())))
    bridge.then(bad, lambda v: got.append(("never", v)),
                lambda e: got.append(("error", str(e), threading.get_ident())))
    threading.Thread(target=ok.set_result, args=(42,)).start()
    threading.Thread(target=bad.set_exception, args=(ValueError("nope"),)).start()
    qtbot.waitUntil(lambda: len(got) == 2)
    me = threading.get_ident()
    assert sorted(got, key=str) == [("error", "nope", me), ("ok", 42, me)]
    assert bridge.pending_futures == 0


def test_a_deleted_context_drops_the_late_answer(qtbot: Any) -> None:
    bridge = EngineBridge()
    context = QObject()
    future: concurrent.futures.Future[int] = concurrent.futures.Future()
    got: list[int] = []
    bridge.then(future, got.append, context=context)
    context.deleteLater()
    qtbot.waitUntil(lambda: not _alive(context))
    future.set_result(1)
    qtbot.waitUntil(lambda: bridge.pending_futures == 0)
    assert got == []


def _alive(obj: QObject) -> bool:
    from shiboken6 import isValid

    return bool(isValid(obj))
