"""The notes tool strip in the reader's tool row: tools, colours, width, undo/redo, files."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QButtonGroup, QComboBox, QSizePolicy, QToolButton, QWidget

from meetingroom.ui.common.names import labelled, name_by_tooltip
from meetingroom.ui.common.widgets import FlowLayout
from meetingroom.ui.notes.layer import NoteTool

COLOURS = ("#1f4fbf", "#d11f1f", "#1e8a3a", "#f2c200", "#111111")
"""Blue, red, green, yellow, black: five large swatches."""
WIDTHS = (1.0, 2.0, 4.0)
"""Thin, medium, thick pen widths in points."""
_TOUCH = 44
"""Smallest side of a touch target, in logical pixels."""


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(24, 24)
    pix.fill(QColor(colour))
    return QIcon(pix)


class NotesToolbar(QWidget):
    """Owner: the notes controller places it in the viewer's tool row (the viewer is parent)."""

    tool_chosen = Signal(str)
    """A NoteTool value: the user picked a tool."""
    color_chosen = Signal(str)
    """#rrggbb: the user picked a colour."""
    width_chosen = Signal(float)
    """Pen width in points."""
    highlight_requested = Signal()
    """Highlight the text selected now."""
    undo_requested = Signal()
    redo_requested = Signal()
    export_requested = Signal()
    """"Export with my notes…" was clicked."""
    summary_requested = Signal()
    """"Notes summary (PDF)…" was clicked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        lay = FlowLayout(self, spacing=4)  # wraps onto a second line in a narrow window
        lay.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.tool_buttons: dict[NoteTool, QToolButton] = {}
        for tool in NoteTool:
            if tool is NoteTool.TEXT_HIGHLIGHT:
                continue
            button = self._button(checkable=True)
            button.clicked.connect(lambda _=False, t=tool: self.tool_chosen.emit(t.value))
            self.group.addButton(button)
            self.tool_buttons[tool] = button
        self.tool_buttons[NoteTool.READ].setChecked(True)
        self.highlight = self._button()
        self.highlight.clicked.connect(self.highlight_requested)
        self.highlight.setEnabled(False)
        tools = list(self.tool_buttons.values())
        for w in (*tools[:4], self.highlight, *tools[4:]):
            lay.addWidget(w)
        self.colour_group = QButtonGroup(self)
        self.colour_buttons: dict[str, QToolButton] = {}
        for colour in COLOURS:
            button = self._button(checkable=True)
            button.setIcon(_swatch(colour))
            button.setIconSize(QSize(28, 28))
            button.clicked.connect(lambda _=False, c=colour: self.color_chosen.emit(c))
            self.colour_group.addButton(button)
            self.colour_buttons[colour] = button
            lay.addWidget(button)
        self.colour_buttons[COLOURS[0]].setChecked(True)
        self.width_box = QComboBox(self)
        self.width_box.setMinimumHeight(_TOUCH)
        self.width_box.currentIndexChanged.connect(self._width_picked)
        width_row, self.width_label = labelled(self.width_box, self)
        lay.addWidget(width_row)
        name_by_tooltip(*self.colour_buttons.values())  # swatches only
        self.undo = self._button()
        self.undo.clicked.connect(self.undo_requested)
        self.redo = self._button()
        self.redo.clicked.connect(self.redo_requested)
        self.export = self._button()
        self.export.clicked.connect(self.export_requested)
        self.summary = self._button()
        self.summary.clicked.connect(self.summary_requested)
        for w in (self.undo, self.redo, self.export, self.summary):
            lay.addWidget(w)
        self._retranslate()
        self.width_box.setCurrentIndex(1)
        self.set_undo_state(False, False)

    def _button(self, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setMinimumSize(_TOUCH, _TOUCH)
        button.setCheckable(checkable)
        return button

    @Slot(int)
    def _width_picked(self, index: int) -> None:
        if 0 <= index < len(WIDTHS):
            self.width_chosen.emit(WIDTHS[index])

    def set_undo_state(self, can_undo: bool, can_redo: bool) -> None:
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)

    def _retranslate(self) -> None:
        labels = {NoteTool.READ: (self.tr("Read"), self.tr("Read and select text")),
                  NoteTool.SELECT: (self.tr("Select"), self.tr(
                      "Drag your sticky notes and text boxes; double-click to edit, "
                      "right-click for more")),
                  NoteTool.PEN: (self.tr("Pen"), self.tr("Write with the pen")),
                  NoteTool.HIGHLIGHTER: (self.tr("Marker"), self.tr("Mark with the highlighter")),
                  NoteTool.STICKY: (self.tr("Note"), self.tr("Tap the page to add a sticky note")),
                  NoteTool.TEXT_BOX: (self.tr("Text"), self.tr("Tap the page to write a text box")),
                  NoteTool.ERASER: (self.tr("Eraser"), self.tr("Tap a stroke to erase it"))}
        for tool, (text, tip) in labels.items():
            self.tool_buttons[tool].setText(text)
            self.tool_buttons[tool].setToolTip(tip)
        self.highlight.setText(self.tr("Highlight"))
        self.highlight.setToolTip(self.tr("Highlight the selected text"))
        names = (self.tr("Blue"), self.tr("Red"), self.tr("Green"), self.tr("Yellow"),
                 self.tr("Black"))
        for colour, name in zip(COLOURS, names, strict=True):
            self.colour_buttons[colour].setToolTip(name)
        current = self.width_box.currentIndex()
        self.width_box.blockSignals(True)
        self.width_box.clear()
        self.width_box.addItems([self.tr("Thin"), self.tr("Medium"), self.tr("Thick")])
        self.width_box.setCurrentIndex(max(current, 0))
        self.width_box.blockSignals(False)
        self.width_box.setToolTip(self.tr("Line width"))
        self.width_label.setText(self.tr("Line:"))
        self.undo.setText(self.tr("Undo"))
        self.undo.setToolTip(self.tr("Undo the last note change (Ctrl+Z)"))
        self.redo.setText(self.tr("Redo"))
        self.redo.setToolTip(self.tr("Redo (Ctrl+Y)"))
        self.export.setText(self.tr("Export with my notes…"))
        self.export.setToolTip(self.tr("Save a copy of the document with your notes in it"))
        self.summary.setText(self.tr("Notes summary (PDF)…"))
        self.summary.setToolTip(self.tr(
            "Save a PDF listing the notes on this document: page, quoted text and note"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
