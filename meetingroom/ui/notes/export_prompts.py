"""The notes' two files: "Export with my notes…" and "Notes summary (PDF)…", with feedback.

Both ask for a file name, write on the exporter's worker thread (PyMuPDF never runs on
the GUI thread) and report in the notes panel: "Exporting…" / "Writing the summary…",
then where the file went or why it failed (the panel is brought into view either way).
One file is written at a time; a second click while one is being written does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance

from meetingroom.domain.notes import Note, NoteKind
from meetingroom.ui.base.errors import error_text
from meetingroom.ui.notes.exporter import NotesExporter
from meetingroom.ui.notes.panel import NotesPanel
from meetingroom.ui.reader.viewer import DocumentViewer

NotesSource = Callable[[], Sequence[Note]]
NamesSource = Callable[[], dict[str, str]]


class NotesOutput(QObject):
    """Owner: the notes controller (parent)."""

    exported = Signal(object)
    """Path: "Export with my notes" wrote this file."""
    summary_written = Signal(object)
    """Path: "Notes summary (PDF)" wrote this file."""
    failed = Signal(str)
    """Writing a file failed; the text says why (already shown to the user)."""

    def __init__(self, exporter: NotesExporter, viewer: DocumentViewer, panel: NotesPanel,
                 path: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.exporter, self._viewer, self._panel, self._path = exporter, viewer, panel, path

    # -- export with my notes ----------------------------------------------------------
    def export_clicked(self, mine: NotesSource, names: NamesSource) -> None:
        if self.exporter.busy:
            return
        out = self.exporter.choose_file(self._viewer, self._viewer.document.name)
        if out is not None:
            self.export_to(out, mine(), names())

    def export_to(self, out: Path, mine: Sequence[Note], names: dict[str, str]) -> None:
        """Write a copy of the document with ``mine`` to ``out`` (on the worker)."""
        self._panel.show_status(self.tr("Exporting…"))
        self.exporter.export(self._path, mine, out, authors=names,
                             done=lambda p: self._done(p, self.exported),
                             failed=lambda exc: self._failed(
                                 self.tr("The export failed: {reason}"), exc))

    # -- summary -----------------------------------------------------------------------
    def summary_clicked(self, notes: NotesSource, names: NamesSource) -> None:
        if self.exporter.busy:
            return
        out = self.exporter.choose_file(self._viewer, self._viewer.document.name,
                                        summary=True)
        if out is not None:
            self.summary_to(out, notes(), names())

    def summary_to(self, out: Path, notes: Sequence[Note], names: dict[str, str]) -> None:
        """Write the PDF listing ``notes`` (page, kind, quote, text) to ``out``."""
        self._panel.show_status(self.tr("Writing the notes summary…"))
        self.exporter.summary(self._viewer.document.name, notes, out, authors=names,
                              labels=self.labels(len(notes)),
                              done=lambda p: self._done(p, self.summary_written),
                              failed=lambda exc: self._failed(
                                  self.tr("The notes summary could not be written: {reason}"),
                                  exc))

    def labels(self, count: int) -> dict[str, object]:
        """The summary's words in the interface language for ``count`` notes
        (``SummaryLabels`` fields; the class is built on the worker, where PyMuPDF may
        be imported)."""
        return dict(
            title=self.tr("Notes"), count=self.tr("%n note(s)", "", count),
            page=self.tr("Page {n}"),
            footer=self.tr("Page {n}/{total}"), shared=self.tr("shared with the meeting"),
            empty=self.tr("No notes."),
            kinds={NoteKind.INK: self.tr("Pen"), NoteKind.HIGHLIGHT: self.tr("Marker"),
                   NoteKind.TEXT_HIGHLIGHT: self.tr("Highlight"),
                   NoteKind.STICKY: self.tr("Sticky note"),
                   NoteKind.TEXT_BOX: self.tr("Text box")})

    # -- feedback ----------------------------------------------------------------------
    def _done(self, out: Path, signal: SignalInstance) -> None:
        self._panel.show_status(self.tr("Written to {path}").format(path=str(out)))
        self._show_panel()
        signal.emit(out)

    def _failed(self, template: str, exc: BaseException) -> None:
        text = template.format(reason=error_text(exc))
        self._panel.show_status(text)
        self._show_panel()
        self.failed.emit(text)

    def _show_panel(self) -> None:
        sidebar = self._viewer.sidebar
        if not sidebar.isVisible():
            self._viewer.toggle_sidebar()
        sidebar.setCurrentWidget(self._panel)
