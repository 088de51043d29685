"""Keeps a reader's version bar true: the document's versions and where the notes went."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from meetingroom.domain.model import Document
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.reader.version_bar import VersionBar
from meetingroom.ui.reader.viewer import DocumentViewer

OpenVersion = Callable[[Document], DocumentViewer | None]
"""Opens a document in a viewer (the main window's ``open_document``)."""


class VersionController(QObject):
    """Owner: the viewer (parent); shows a :class:`VersionBar` in it."""

    def __init__(self, viewer: DocumentViewer, engine: SyncEngine, bridge: EngineBridge,
                 meeting_id: str, open_version: OpenVersion) -> None:
        super().__init__(viewer)
        self.viewer, self._engine, self._meeting_id = viewer, engine, meeting_id
        self._open = open_version
        self.bar = VersionBar(viewer)
        viewer.add_banner(self.bar)
        self.bar.open_version.connect(self._open_version)
        bridge.meeting_updated.connect(self._meeting_updated)
        bridge.notes_carried.connect(self._carried)
        bridge.notes_changed.connect(self._notes_changed)
        self.refresh()

    def refresh(self) -> None:
        snap = self._engine.meetings.snapshot(self._meeting_id)
        user = self._engine.user
        doc = snap.document(self.viewer.document.id) if snap else None
        if snap is None or doc is None or user is None:
            self.bar.hide()
            return
        versions = snap.versions_of(doc)
        if len(versions) < 2:  # one version: nothing to say, and no cache to read
            self.bar.hide()
            return
        outcome = self._engine.notes.carry.outcome(doc.id)
        previous = snap.document(doc.replaces) if doc.replaces else None
        old_notes = (self._engine.notes.visible(self._meeting_id, previous.sha256)
                     if previous is not None and doc.current else [])
        considered = set(outcome.considered) if outcome else set()
        lost = set(outcome.unplaced) if outcome else set()
        waiting = any(n.author_id == user.id and n.id not in considered for n in old_notes)
        self.bar.show_versions(doc, versions, outcome=outcome,
                               unplaced=sorted((n for n in old_notes if n.id in lost),
                                               key=lambda n: (n.page, n.id)),
                               waiting=waiting)

    @Slot(object)
    def _meeting_updated(self, event: ev.MeetingUpdated) -> None:
        if event.snapshot.meeting.id == self._meeting_id:
            self.refresh()

    @Slot(object)
    def _carried(self, event: ev.NotesCarried) -> None:
        if event.document_id == self.viewer.document.id:
            self.refresh()

    @Slot(object)
    def _notes_changed(self, event: ev.NotesChanged) -> None:
        if event.meeting_id == self._meeting_id:
            self.refresh()

    @Slot(object, int)
    def _open_version(self, doc: Document, page: int) -> None:
        viewer = self._open(doc)
        if viewer is not None and page >= 0:
            viewer.show_view(page, viewer.zoom)
            viewer.raise_()
            viewer.activateWindow()
