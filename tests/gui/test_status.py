"""The status bar: download progress text, unsent changes, and the retry countdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from meetingroom.sync.events import (
    ConnectionChanged,
    ConnectionState,
    OutboxChanged,
    SyncProgress,
)
from meetingroom.ui.shell.context import UiContext
from meetingroom.ui.shell.status import StatusPanel


def panel(qapp: Any, qtbot: Any) -> StatusPanel:
    context = UiContext.of(qapp)
    context.configure(language="en", theme="light")
    widget = StatusPanel(context.icons, context.theme.colors)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_download_progress_is_shown_until_every_document_is_here(qapp: Any,
                                                                 qtbot: Any) -> None:
    status = panel(qapp, qtbot)
    assert not status.progress.isVisible()
    status.on_sync_progressed(SyncProgress(done_bytes=41, total_bytes=100, docs_done=3,
                                           docs_total=7))
    assert status.progress.isVisible()
    assert status.progress.text() == "Downloading documents 3/7 – 41 %"
    assert status.downloading
    status.on_sync_progressed(SyncProgress(done_bytes=100, total_bytes=100, docs_done=7,
                                           docs_total=7))
    assert not status.progress.isVisible() and not status.downloading


def test_unsent_changes_are_counted(qapp: Any, qtbot: Any) -> None:
    status = panel(qapp, qtbot)
    status.on_outbox_changed(OutboxChanged(2))
    assert status.outbox.isVisible() and status.outbox.text() == "2 changes waiting to be sent"
    status.on_outbox_changed(OutboxChanged(1))
    assert status.outbox.text() == "1 change waiting to be sent"
    status.on_outbox_changed(OutboxChanged(0))
    assert not status.outbox.isVisible()


def test_reconnect_countdown_and_offline_since(qapp: Any, qtbot: Any) -> None:
    status = panel(qapp, qtbot)
    indicator = status.connection
    indicator.on_connection_changed(ConnectionChanged(ConnectionState.RECONNECTING,
                                                      datetime.now(UTC), "lost", retry_in=3.0))
    assert indicator.text == "Connection lost – reconnecting in 3 s"
    qtbot.waitUntil(lambda: indicator.text == "Connection lost – reconnecting in 2 s",
                    timeout=3000)  # the countdown ticks without new events
    since = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    indicator.on_connection_changed(ConnectionChanged(ConnectionState.OFFLINE, since))
    local = since.astimezone().strftime("%H:%M")
    assert indicator.text == f"Offline since {local}"
    indicator.set_data_time(datetime.now(UTC) - timedelta(minutes=5))
    assert indicator.text.startswith(f"Offline since {local} · data from ")


def test_the_downloading_document_shows_its_own_percentage(qapp: Any, qtbot: Any,
                                                           tmp_path: Any) -> None:
    from PySide6.QtCore import Qt

    from meetingroom.domain.model import Document
    from meetingroom.sync.engine import SyncEngine
    from meetingroom.ui.base.bridge import EngineBridge
    from meetingroom.ui.documents.model import DocumentModel, DocumentStates

    context = UiContext.of(qapp)
    context.configure(language="en", theme="light")
    bridge = EngineBridge()
    engine = SyncEngine(tmp_path / "c", listener=bridge)  # not started: only its cache is read
    states = DocumentStates(engine, bridge)
    model = DocumentModel(states, context.icons)
    docs = [Document("d1", "i", "a.pdf", "a" * 64, 1000, 3),
            Document("d2", "i", "b.pdf", "b" * 64, 2000, 5)]
    model.set_documents(docs)
    with qtbot.waitSignal(states.changed):
        bridge(SyncProgress(done_bytes=820, total_bytes=3000, docs_done=0, docs_total=2,
                            current_sha256="b" * 64, current_done=820))
    text = model.data(model.index(1), Qt.ItemDataRole.DisplayRole)
    assert "Downloading… 41 %" in text
    assert "%" not in model.data(model.index(0), Qt.ItemDataRole.DisplayRole)
    states.close()
    engine.cache.close()
