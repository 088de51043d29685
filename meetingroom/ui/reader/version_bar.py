"""The reader's version bar: which version of a document this is, and where the notes went.

Shown above the pages when a document has more than one version:

- on an earlier version: "version 1 — replaced by version 2" with a button to the current
  one (the old version and its notes stay readable);
- on a new version: how many of the user's notes were carried from the previous version,
  and the ones that could not be placed (their text is gone), each a link to its page in
  the previous version.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.model import Document
from meetingroom.domain.notes import Note
from meetingroom.sync.carry import CarryOutcome
from meetingroom.ui.common.lines import lines_high
from meetingroom.ui.common.translated import Retranslated

_EXCERPT = 70
_PAGE_ROLE = Qt.ItemDataRole.UserRole


class VersionBar(Retranslated, QFrame):
    """Owner: the document viewer (parent), which shows it above its pages."""

    open_version = Signal(object, int)
    """(Document, page index or -1): open that version, at that page if given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "messagebar")
        self.setProperty("kind", "info")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.clicked.connect(self._button_clicked)
        self.unplaced = QListWidget(self)
        self.unplaced.setWordWrap(True)
        lines_high(self.unplaced, 6)
        self.unplaced.itemActivated.connect(self._unplaced_chosen)
        self.unplaced.itemClicked.connect(self._unplaced_chosen)
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addLayout(top)
        lay.addWidget(self.unplaced)
        self._doc: Document | None = None
        self._versions: tuple[Document, ...] = ()
        self._outcome: CarryOutcome | None = None
        self._lost: tuple[Note, ...] = ()
        self._waiting = False
        self.hide()

    # -- content -----------------------------------------------------------------------
    def show_versions(self, doc: Document, versions: Sequence[Document], *,
                      outcome: CarryOutcome | None, unplaced: Sequence[Note],
                      waiting: bool) -> None:
        """``versions``: every version, oldest first; ``outcome``: what carrying notes to
        ``doc`` did on this device; ``unplaced``: those notes of the previous version;
        ``waiting``: the user has notes on the previous version not carried yet."""
        self._doc, self._versions = doc, tuple(versions)
        self._outcome, self._lost, self._waiting = outcome, tuple(unplaced), waiting
        self._fill()

    @property
    def previous(self) -> Document | None:
        doc = self._doc
        return next((v for v in self._versions if doc and v.id == doc.replaces), None)

    @property
    def newest(self) -> Document | None:
        return self._versions[-1] if self._versions else None

    def _fill(self) -> None:
        doc, newest, previous = self._doc, self.newest, self.previous
        if doc is None or newest is None or len(self._versions) < 2:
            self.hide()
            return
        self.unplaced.clear()
        if not doc.current:
            self.text.setText(self.tr(
                "You are reading version {version}, an earlier version of this document."
                " Version {newest} replaced it.").format(version=doc.version,
                                                         newest=newest.version))
            self.button.setText(self.tr("Open version {version}").format(
                version=newest.version))
            self.button.setVisible(True)
            self.unplaced.hide()
            self.show()
            return
        self.text.setText(" ".join(p for p in (
            self.tr("Version {version} of this document.").format(version=doc.version),
            self._notes_sentence(previous)) if p))
        self.button.setText(self.tr("Open version {version}").format(
            version=previous.version) if previous else "")
        self.button.setVisible(previous is not None)
        for note in self._lost:
            item = QListWidgetItem(self._describe(note))
            item.setData(_PAGE_ROLE, note.page)
            item.setToolTip(self.tr("Open this page of version {version}").format(
                version=previous.version if previous else 1))
            self.unplaced.addItem(item)
        self.unplaced.setVisible(bool(self._lost))
        self.show()

    def _notes_sentence(self, previous: Document | None) -> str:
        if previous is None:
            return ""
        outcome, version = self._outcome, previous.version
        parts: list[str] = []
        if outcome is not None and outcome.error:
            parts.append(self.tr("Your notes from version {version} could not be carried"
                                 " over: {reason}").format(version=version,
                                                          reason=outcome.error))
        elif self._waiting:
            parts.append(self.tr("Carrying your notes over from version {version}…").format(
                version=version))
        if outcome is not None and outcome.moved:
            parts.append(self.tr("%n note(s) carried over from version {version}.", "",
                                 len(outcome.moved)).format(version=version))
        if self._lost:
            parts.append(self.tr("%n note(s) could not be placed: their text is not in this"
                                 " version. Click one to see it in version {version}.", "",
                                 len(self._lost)).format(version=version))
        return " ".join(parts)

    def _describe(self, note: Note) -> str:
        words = note.text or (note.anchor.quote if note.anchor is not None else "")
        words = " ".join(words.split())
        if len(words) > _EXCERPT:
            words = words[:_EXCERPT - 1] + "…"
        head = self.tr("Page {page}").format(page=note.page + 1)
        return f"{head} · “{words}”" if words else head

    # -- actions -----------------------------------------------------------------------
    @Slot()
    def _button_clicked(self) -> None:
        target = self.newest if self._doc is not None and not self._doc.current else self.previous
        if target is not None:
            self.open_version.emit(target, -1)

    @Slot(QListWidgetItem)
    def _unplaced_chosen(self, item: QListWidgetItem) -> None:
        previous = self.previous
        if previous is not None:
            self.open_version.emit(previous, int(item.data(_PAGE_ROLE)))

    def _retranslate(self) -> None:
        self._fill()
