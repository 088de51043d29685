"""The notes tools in the reader's one tool row: tools, colours, width, undo/redo, files.

The strip folds as the row narrows (``set_level``, :mod:`reader.tools`): tool names
beside their icons when there is room, icons alone (each keeps its name as tooltip and
accessible name) when not, and the five colour swatches become one colour button with a
menu. The tool and colour in use are always the checked (framed, tinted) buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.notes.layer import NoteTool
from meetingroom.ui.reader.tools import ICONS_ONLY, NARROW, ONE_COLOUR_BUTTON, labelled_width

COLOURS = ("#1f4fbf", "#d11f1f", "#1e8a3a", "#f2c200", "#111111")
"""Blue, red, green, yellow, black: five large swatches."""
WIDTHS = (1.0, 2.0, 4.0)
"""Thin, medium, thick pen widths in points."""
_TOUCH = 44
"""Smallest side of a touch target, in logical pixels."""
_TOOL_ICONS = {NoteTool.READ: "pointer", NoteTool.SELECT: "move", NoteTool.PEN: "pen",
               NoteTool.HIGHLIGHTER: "marker", NoteTool.STICKY: "sticky",
               NoteTool.TEXT_BOX: "text", NoteTool.ERASER: "eraser"}


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(28, 28)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#7f7f7f"))  # a thin edge: black on dark, yellow on light show
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, 26, 26, 4, 4)
    painter.end()
    return QIcon(pix)


class NotesToolbar(Retranslated, QWidget):
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

    def __init__(self, parent: QWidget, icons: IconSet | None = None) -> None:
        super().__init__(parent)
        icons = icons or IconSet()
        lay = self._row = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.level = -1
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.tool_buttons: dict[NoteTool, QToolButton] = {}
        for tool in NoteTool:
            if tool is NoteTool.TEXT_HIGHLIGHT:
                continue
            button = self._button(icons.icon(_TOOL_ICONS[tool]), checkable=True)
            button.clicked.connect(lambda _=False, t=tool: self.tool_chosen.emit(t.value))
            self.group.addButton(button)
            self.tool_buttons[tool] = button
        self.tool_buttons[NoteTool.READ].setChecked(True)
        self.highlight = self._button(icons.icon("highlight"))
        self.highlight.clicked.connect(self.highlight_requested)
        self.highlight.setEnabled(False)
        tools = list(self.tool_buttons.values())
        self.labelled: list[QToolButton] = [*tools[:4], self.highlight, *tools[4:]]
        """The buttons that show their name beside the icon when there is room."""
        for w in self.labelled:
            lay.addWidget(w)
        self.tool_menu = QMenu(self)
        self.tool_actions = QActionGroup(self)
        self._tool_action: dict[NoteTool, QAction] = {}
        for tool, button in self.tool_buttons.items():
            action = self.tool_menu.addAction(button.icon(), "")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, b=button: b.click())
            self.tool_actions.addAction(action)
            self._tool_action[tool] = action
        self.tool_menu.addSeparator()
        self.highlight_action = self.tool_menu.addAction(self.highlight.icon(), "")
        self.highlight_action.triggered.connect(self.highlight.click)
        self.tool_menu.aboutToShow.connect(
            lambda: self.highlight_action.setEnabled(self.highlight.isEnabled()))
        self.tool_button = self._button(self.tool_buttons[NoteTool.READ].icon())
        """The tools folded into one button (a narrow window): shows the tool in use."""
        self.tool_button.setMenu(self.tool_menu)
        self.tool_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tool_button.setCheckable(True)
        self.tool_button.setChecked(True)  # marked like the tool it stands for
        self.group.buttonToggled.connect(self._tool_toggled)
        lay.addWidget(self.tool_button)
        lay.addSpacing(8)
        self.colour_group = QButtonGroup(self)
        self.colour_buttons: dict[str, QToolButton] = {}
        self.colour_menu = QMenu(self)
        self.colour_actions = QActionGroup(self)
        self._colour_action: dict[str, QAction] = {}
        for colour in COLOURS:
            button = self._button(_swatch(colour), checkable=True)
            button.setIconSize(QSize(28, 28))
            button.clicked.connect(lambda _=False, c=colour: self._colour_picked(c))
            self.colour_group.addButton(button)
            self.colour_buttons[colour] = button
            lay.addWidget(button)
            action = self.colour_menu.addAction(_swatch(colour), "")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=colour: self._colour_picked(c))
            self.colour_actions.addAction(action)
            self._colour_action[colour] = action
        self.width_box = QComboBox(self)
        self.colour_menu.addSeparator()
        self.width_actions = QActionGroup(self)
        self._width_action: list[QAction] = []
        for index in range(len(WIDTHS)):
            action = self.colour_menu.addAction("")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, i=index: self.width_box.setCurrentIndex(i))
            self.width_actions.addAction(action)
            self._width_action.append(action)
        self.colour_button = self._button(_swatch(COLOURS[0]))
        """The colours and line widths folded into one button (narrow rows): shows the
        colour in use."""
        self.colour_button.setIconSize(QSize(28, 28))
        self.colour_button.setMenu(self.colour_menu)
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        lay.addWidget(self.colour_button)
        self.width_box.setMinimumHeight(_TOUCH)
        self.width_box.currentIndexChanged.connect(self._width_picked)
        lay.addWidget(self.width_box)
        lay.addSpacing(8)
        self.undo = self._button(icons.icon("undo"))
        self.undo.clicked.connect(self.undo_requested)
        self.redo = self._button(icons.icon("redo"))
        self.redo.clicked.connect(self.redo_requested)
        self.files = self._button(icons.icon("export"))
        """Export and the notes summary, in a menu."""
        self.files.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        files_menu = QMenu(self)
        self.export = files_menu.addAction("")
        self.export.triggered.connect(self.export_requested)
        self.summary = files_menu.addAction("")
        self.summary.triggered.connect(self.summary_requested)
        self.files.setMenu(files_menu)
        for w in (self.undo, self.redo, self.files):
            lay.addWidget(w)
        self._retranslate()
        self.width_box.setCurrentIndex(1)
        self.set_undo_state(False, False)
        self.show_colour(COLOURS[0])
        self.set_level(0)

    def _button(self, icon: QIcon, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setIconSize(QSize(24, 24))
        button.setMinimumSize(_TOUCH, _TOUCH)
        button.setCheckable(checkable)
        return button

    # -- folding (reader.tools.Foldable) ----------------------------------------------
    def width_at(self, level: int) -> int:
        """The room the strip needs at fold ``level``."""
        spacing = self._row.spacing()
        labelled = ([labelled_width(b) if level < ICONS_ONLY else b.minimumWidth()
                     for b in self.labelled] if level < NARROW
                    else [self.tool_button.minimumWidth()])
        swatches = ([b.minimumWidth() for b in self.colour_buttons.values()]
                    if level < ONE_COLOUR_BUTTON else [self.colour_button.minimumWidth()])
        labelled_rest = [labelled_width(b) if level < ICONS_ONLY else b.minimumWidth()
                         for b in (self.undo, self.redo, self.files)]
        line = [self.width_box.sizeHint().width()] if level < ONE_COLOUR_BUTTON else []
        widths = [*labelled, *swatches, *line, *labelled_rest]
        return sum(widths) + spacing * (len(widths) - 1) + 16  # the two gaps of 8

    def set_level(self, level: int) -> None:
        """Fold to ``level``: names beside icons below ICONS_ONLY, one colour button from
        ONE_COLOUR_BUTTON on."""
        if level == self.level:
            return
        self.level = level
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if level < ICONS_ONLY
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        for b in (*self.labelled, self.undo, self.redo, self.files):
            b.setToolButtonStyle(style)
        folded = level >= ONE_COLOUR_BUTTON
        for w in (*self.colour_buttons.values(), self.width_box):
            w.setVisible(not folded)
        self.colour_button.setVisible(folded)
        for b in self.labelled:
            b.setVisible(level < NARROW)
        self.tool_button.setVisible(level >= NARROW)

    def _tool_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        for tool, b in self.tool_buttons.items():
            if b is button:
                self._tool_action[tool].setChecked(True)
                self.tool_button.setIcon(b.icon())
                self.tool_button.setToolTip(self.tr("Tool: {name}").format(name=b.text()))
                self.tool_button.setAccessibleName(self.tool_button.toolTip())

    # -- state ---------------------------------------------------------------------------
    def _colour_picked(self, colour: str) -> None:
        self.show_colour(colour)
        self.color_chosen.emit(colour)

    def show_colour(self, colour: str) -> None:
        """Mark ``colour`` as the one in use (its swatch checked, the folded button's icon)."""
        button = self.colour_buttons.get(colour)
        if button is not None:
            button.setChecked(True)
        action = self._colour_action.get(colour)
        if action is not None:
            action.setChecked(True)
        self.colour_button.setIcon(_swatch(colour))
        name = self._colour_names().get(colour, colour)
        self.colour_button.setToolTip(self.tr("Colour: {name}").format(name=name))
        self.colour_button.setAccessibleName(self.colour_button.toolTip())

    @Slot(int)
    def _width_picked(self, index: int) -> None:
        if 0 <= index < len(WIDTHS):
            self._width_action[index].setChecked(True)
            self.width_chosen.emit(WIDTHS[index])

    def set_undo_state(self, can_undo: bool, can_redo: bool) -> None:
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)

    def _colour_names(self) -> dict[str, str]:
        names = (self.tr("Blue"), self.tr("Red"), self.tr("Green"), self.tr("Yellow"),
                 self.tr("Black"))
        return dict(zip(COLOURS, names, strict=True))

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
            self._name(self.tool_buttons[tool], text, tip)
            self._tool_action[tool].setText(text)
        self.highlight_action.setText(self.tr("Highlight the selected text"))
        checked = self.group.checkedButton()
        if checked is not None:
            self._tool_toggled(checked, True)
        self._name(self.highlight, self.tr("Highlight"), self.tr("Highlight the selected text"))
        for colour, name in self._colour_names().items():
            self.colour_buttons[colour].setToolTip(name)
            self.colour_buttons[colour].setAccessibleName(name)
            self._colour_action[colour].setText(name)
        current = self.width_box.currentIndex()
        self.width_box.blockSignals(True)
        self.width_box.clear()
        widths = [self.tr("Thin"), self.tr("Medium"), self.tr("Thick")]
        self.width_box.addItems(widths)
        for action, text in zip(self._width_action, widths, strict=True):
            action.setText(self.tr("Line: {width}").format(width=text))
        self.width_box.setCurrentIndex(max(current, 0))
        self.width_box.blockSignals(False)
        self.width_box.setToolTip(self.tr("Line width"))
        self.width_box.setAccessibleName(self.tr("Line width"))
        self._name(self.undo, self.tr("Undo"), self.tr("Undo the last note change (Ctrl+Z)"))
        self._name(self.redo, self.tr("Redo"), self.tr("Redo (Ctrl+Y)"))
        self._name(self.files, self.tr("Export"), self.tr(
            "Save a copy with your notes, or a summary of the notes"))
        self.export.setText(self.tr("Export with my notes…"))
        self.export.setToolTip(self.tr("Save a copy of the document with your notes in it"))
        self.summary.setText(self.tr("Notes summary (PDF)…"))
        self.summary.setToolTip(self.tr(
            "Save a PDF listing the notes on this document: page, quoted text and note"))
        checked = self.colour_group.checkedButton()
        for colour, button in self.colour_buttons.items():
            if button is checked:
                self.show_colour(colour)

    @staticmethod
    def _name(button: QToolButton, text: str, tip: str) -> None:
        """``text`` beside the icon (or only the accessible name when folded), ``tip`` on
        hover."""
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(tip)
