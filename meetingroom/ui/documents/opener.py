"""Opening documents in reader windows: verified, checked first, or still downloading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from meetingroom.domain.model import Document
from meetingroom.sync.downloader import PartialDownload
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.documents.model import DocumentStates
from meetingroom.ui.notes.controller import NotesController
from meetingroom.ui.reader.download import ReaderDownload
from meetingroom.ui.reader.history import ReadingPositions
from meetingroom.ui.reader.render.service import RenderService
from meetingroom.ui.reader.version_controller import VersionController
from meetingroom.ui.reader.viewer import DocumentViewer


class DocumentOpener(QObject):
    """Owner: the main window (parent), which also parents the viewer windows."""

    opened = Signal(object)
    """DocumentViewer: a document window opened (at once, or once its file was checked)."""

    def __init__(self, window: QWidget, engine: SyncEngine, bridge: EngineBridge,
                 icons: IconSet, states: DocumentStates, render: RenderService, *,
                 meeting_id: Callable[[], str | None], not_here: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._engine, self._bridge, self._icons = window, engine, bridge, icons
        self._states, self._render = states, render
        self._meeting_id, self._not_here = meeting_id, not_here
        self._positions: ReadingPositions | None = None
        """The last page read per document (made when a document is first opened)."""
        self._opening: set[str] = set()
        """sha256 of documents whose file is being checked before they open."""
        self._generation = 0
        """Bumped by ``close_all``: a check that finishes later opens nothing."""

    @Slot(object)
    def open(self, doc: Document) -> DocumentViewer | None:
        """Open ``doc`` in a viewer window; never hashes on the GUI thread.

        Verified already: opens it and returns the viewer. On disk but not verified
        yet (downloaded in an earlier run): checks it on the DocumentStates worker
        and opens it when that is done (``opened``); returns None. Still downloading,
        or partly here (a document of a cached meeting): opens at once with the pages
        that have arrived, follows the download and switches to the verified file
        (notes come then); returns the viewer. Otherwise: ``not_here()``; returns None.
        """
        path = self._engine.documents.ready_path(doc.sha256)
        if path is not None:
            return self._show(doc, path)
        if doc.sha256 in self._opening:
            return None
        if self._states.on_disk(doc.sha256):
            generation = self._generation
            self._opening.add(doc.sha256)

            def checked(verified: Path | None) -> None:
                self._opening.discard(doc.sha256)
                if generation != self._generation:
                    return  # logged out or closed meanwhile
                if verified is None:
                    self._not_here()
                else:
                    self._show(doc, verified)

            if self._states.verify(doc.sha256, checked):
                return None
            self._opening.discard(doc.sha256)
        partial = self._engine.documents.partial_download(doc.sha256)
        if partial is not None:  # downloading: open at once with what has arrived
            return self._show(doc, partial.path, partial=partial)
        self._not_here()
        return None

    def close_all(self) -> None:
        """Close every open document (on logout the next user must not see them)."""
        self._generation += 1
        self._opening.clear()
        for viewer in self._window.findChildren(DocumentViewer):
            viewer.close()

    def _show(self, doc: Document, path: Path, *,
              partial: PartialDownload | None = None) -> DocumentViewer:
        """A viewer of the verified ``path``, or (``partial``) of the part of ``doc``
        downloaded so far; its notes come once the verified file is there."""
        if self._positions is None:  # beside this client's cache: per user and device
            self._positions = ReadingPositions(QSettings(
                str(self._engine.data_dir / "reader.ini"), QSettings.Format.IniFormat))
        viewer = DocumentViewer(self._render, self._icons, doc, path, self._window,
                                positions=self._positions, partial=partial is not None)
        meeting_id = self._meeting_id()
        if partial is None:
            self._add_notes(viewer, meeting_id, path)
        else:  # the viewer owns it
            ReaderDownload(viewer, self._engine, self._bridge, partial, viewer).verified.connect(
                lambda verified: self._add_notes(viewer, meeting_id, verified))
        if meeting_id is not None:  # the viewer owns it
            VersionController(viewer, self._engine, self._bridge, meeting_id, self.open)
        viewer.show()
        self.opened.emit(viewer)
        return viewer

    def _add_notes(self, viewer: DocumentViewer, meeting_id: str | None, path: Path) -> None:
        user = self._engine.user
        if meeting_id is not None and user is not None:  # the viewer owns it
            NotesController(viewer, self._engine, self._bridge, meeting_id, path, user)
