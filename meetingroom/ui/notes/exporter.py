"""The notes' files written off the GUI thread: the document with the user's notes, and the
notes summary PDF."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from meetingroom.domain.notes import Note
from meetingroom.ui.base.bridge import EngineBridge


def _write(src: Path, notes: tuple[Note, ...], out: Path, authors: dict[str, str]) -> Path:
    # imported here: PyMuPDF loads on the export worker, never at the GUI's start-up
    from meetingroom.pdf.notes_export import export_with_notes

    export_with_notes(src, notes, out, authors=authors)
    return out


def _summarise(name: str, notes: tuple[Note, ...], out: Path, authors: dict[str, str],
               labels: dict[str, Any]) -> Path:
    from meetingroom.pdf.notes_summary import SummaryLabels, notes_summary_pdf

    notes_summary_pdf(name, notes, out, authors=authors, labels=SummaryLabels(**labels))
    return out


def suggested_name(document_name: str, suffix: str) -> str:
    """``bao-cao.pdf`` → ``bao-cao (suffix).pdf``."""
    stem = document_name[:-4] if document_name.lower().endswith(".pdf") else document_name
    return f"{stem} ({suffix}).pdf"


class NotesExporter(QObject):
    """Owner: the notes controller (parent). One export at a time, on its own worker thread."""

    def __init__(self, bridge: EngineBridge, parent: QObject) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="meetingroom-notes-export")
        self.destroyed.connect(lambda: self._pool.shutdown(wait=False))
        self.busy = False

    def choose_file(self, window: QWidget, document_name: str, *,
                    summary: bool = False) -> Path | None:
        """Ask where to write the export (or, with ``summary``, the notes summary)."""
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        name = suggested_name(document_name, self.tr("notes summary") if summary
                              else self.tr("with my notes"))
        chosen, _ = QFileDialog.getSaveFileName(
            window, self.tr("Notes summary (PDF)") if summary
            else self.tr("Export with my notes"), str(folder / name),
            self.tr("PDF documents (*.pdf)"))
        if not chosen:
            return None
        out = Path(chosen)
        return out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")

    def export(self, src: Path, notes: Iterable[Note], out: Path, *,
               authors: Mapping[str, str], done: Callable[[Path], None],
               failed: Callable[[BaseException], None]) -> None:
        """Write ``src`` with ``notes`` to ``out`` on the worker; then ``done`` or ``failed``
        on the GUI thread."""
        self._run(done, failed, _write, src, tuple(notes), out, dict(authors))

    def summary(self, document_name: str, notes: Iterable[Note], out: Path, *,
                authors: Mapping[str, str], labels: Mapping[str, Any],
                done: Callable[[Path], None],
                failed: Callable[[BaseException], None]) -> None:
        """Write the summary PDF of ``notes`` to ``out`` on the worker (``labels``: the
        ``SummaryLabels`` fields); then ``done`` or ``failed`` on the GUI thread."""
        self._run(done, failed, _summarise, document_name, tuple(notes), out, dict(authors),
                  dict(labels))

    def _run(self, done: Callable[[Path], None], failed: Callable[[BaseException], None],
             work: Callable[..., Path], *args: Any) -> None:
        self.busy = True

        def ok(path: Path) -> None:
            self.busy = False
            done(path)

        def bad(exc: BaseException) -> None:
            self.busy = False
            failed(exc)

        future = self._pool.submit(work, *args)
        self._bridge.then(future, ok, bad, context=self)
