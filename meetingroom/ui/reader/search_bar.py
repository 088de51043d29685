"""The reader's search bar: find text in the document, step through every hit.

By default tone marks, đ and case are ignored ("ngan sach" finds "ngân sách"); the
"Exact" check box matches them as typed.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from meetingroom.pdf.render_queries import SearchResult
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.names import name_by_tooltip


class SearchBar(QWidget):
    """Owner: the DocumentViewer (parent); hidden until Ctrl+F."""

    search_requested = Signal(str, bool)
    """(text, exact): the user asked to find this text (Enter in a changed field, or the
    "Exact" box changed); exact: marks and case as typed."""
    step_requested = Signal(int)
    """+1 / -1: the next / previous hit (Enter, Shift+Enter, F3, the arrows)."""
    closed = Signal()

    def __init__(self, icons: IconSet, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumHeight(40)
        self.field.installEventFilter(self)
        self.exact = QCheckBox(self)
        """Match tone marks and case as typed (off: "ngan sach" finds "ngân sách")."""
        self.exact.toggled.connect(self._exact_toggled)
        self.count = QLabel(self)
        self.count.setMinimumWidth(120)
        self.prev = self._button(icons, "up", -1)
        self.next = self._button(icons, "down", +1)
        self.close_button = QToolButton(self)
        self.close_button.setIcon(icons.icon("close"))
        self.close_button.setIconSize(QSize(24, 24))
        self.close_button.setMinimumSize(44, 44)
        self.close_button.clicked.connect(self.close_bar)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.field, 1)
        for w in (self.exact, self.count, self.prev, self.next, self.close_button):
            lay.addWidget(w)
        self._searched: tuple[str, bool] = ("", False)
        self.result: SearchResult | None = None
        name_by_tooltip(self.prev, self.next, self.close_button)
        self.retranslate()

    def _button(self, icons: IconSet, icon: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icons.icon(icon))
        button.setIconSize(QSize(24, 24))
        button.setMinimumSize(44, 44)
        button.clicked.connect(lambda: self._step(step))
        return button

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Find in the document"))
        self.field.setAccessibleName(self.tr("Find in the document"))
        self.field.setToolTip(self.tr(
            "Tone marks and capitals are ignored: “ngan sach” finds “ngân sách”"))
        self.exact.setText(self.tr("Exact"))
        self.exact.setToolTip(self.tr("Match tone marks and capitals exactly as typed"))
        self.prev.setAccessibleName(self.tr("Previous match"))
        self.next.setAccessibleName(self.tr("Next match"))
        self.close_button.setAccessibleName(self.tr("Close the search"))
        self.prev.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next.setToolTip(self.tr("Next match (Enter, F3)"))
        self.close_button.setToolTip(self.tr("Close the search (Esc)"))
        self.show_position(None)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _step(self, step: int) -> None:
        text = self.field.text().strip()
        if not text:
            return
        wanted = (text, self.exact.isChecked())
        if wanted != self._searched:
            self._searched = wanted
            self.count.setText(self.tr("Searching…"))
            self.search_requested.emit(*wanted)
        else:
            self.step_requested.emit(step)

    def _exact_toggled(self, _on: bool) -> None:
        if self.field.text().strip() and self._searched[0]:
            self._step(1)  # the same text again, matched the new way

    def show_result(self, result: SearchResult) -> None:
        self.result = result
        self.show_position(0 if result.hits else None)

    def show_position(self, at: int | None) -> None:
        result = self.result
        if result is None:
            self.count.setText("")
        elif not result.hits:
            self.count.setText(self.tr("Not found"))
        elif at is not None:
            text = self.tr("{done} of {total}").format(done=at + 1, total=len(result.hits))
            self.count.setText(text + ("+" if result.truncated else ""))

    def eventFilter(self, watched: object, event: object) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent) and (
                event.type() == QKeyEvent.Type.KeyPress):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self._step(-1 if shift else 1)
                return True
            if key == Qt.Key.Key_F3:
                self._step(1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False
