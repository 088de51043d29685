"""'Export the result': fetch the published record, write PDF + CSV + JSON off the GUI thread."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.polls import PollRecord
from meetingroom.sync.engine import SyncEngine
from meetingroom.sync.poll_export import ExportedFiles, export_poll
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.common.live_text import live_error_text, ui_language


class PollExporter(QObject):
    """Owner: the live pane (parent). One export at a time, on its own worker thread."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self._engine, self._bridge, self._window = engine, bridge, parent
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="meetingroom-export")
        self.destroyed.connect(lambda: self._pool.shutdown(wait=False))
        self.last_dir: Path | None = None

    def choose_folder(self) -> Path | None:
        start = str(self.last_dir or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        chosen = QFileDialog.getExistingDirectory(
            self._window, self.tr("Export the result to which folder?"), start)
        return Path(chosen) if chosen else None

    def export(self, snap: MeetingSnapshot, poll_id: str, folder: Path, *,
               done: Callable[[ExportedFiles], None], failed: Callable[[str], None]) -> None:
        """Fetch the record of ``poll_id`` and write the files into ``folder``."""
        self.last_dir = folder
        poll = snap.poll(poll_id)
        item = next((i for i in snap.items if poll is not None and i.id == poll.item_id), None)
        lang = ui_language()

        def write(record: PollRecord) -> None:
            future = self._pool.submit(export_poll, record, snap.meeting.title,
                                       None if item is None else item.title, folder, lang)
            self._bridge.then(future, done, lambda e: failed(live_error_text(e)),
                              context=self)

        self._bridge.then(self._engine.voting.poll_record(snap.meeting.id, poll_id), write,
                          lambda e: failed(live_error_text(e)), context=self)
