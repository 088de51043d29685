"""The rich-text editor for the minutes: formatting toolbar, shortcuts, read-only banner."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
    QTextListFormat,
    QTextTable,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.keyboard import leave_with_ctrl_tab
from meetingroom.ui.common.names import labelled
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, restyle

log = logging.getLogger("meetingroom.ui")

HEADING_LEVELS = (0, 1, 2, 3)
"""Body text and three heading levels (the minutes' sections and subsections)."""


class MinutesEditor(Retranslated, QWidget):
    """A QTextEdit for the minutes with a touch-sized formatting toolbar.

    Owner: the MinutesPane (parent). Shortcuts: Ctrl+B/I/U bold/italic/underline,
    Ctrl+Z / Ctrl+Shift+Z undo/redo, Ctrl+S asks to save (``save_requested``).
    In read-only mode the toolbar is disabled and a banner says why.
    """

    save_requested = Signal()
    """The user pressed Ctrl+S while the text is editable."""
    modified_changed = Signal(bool)
    """The text now differs (True) or no longer differs (False) from what was last set/saved."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self.text = QTextEdit(self)
        self.text.setAcceptRichText(True)
        self.text.setTabChangesFocus(False)  # Tab indents lists; Ctrl+Tab moves on
        leave_with_ctrl_tab(self.text)
        self.text.document().setDocumentMargin(12)
        self.banner = QFrame(self)
        self.banner.setProperty("role", "messagebar")
        self.banner.setProperty("kind", "info")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        banner_lay = QVBoxLayout(self.banner)
        banner_lay.setContentsMargins(10, 6, 10, 6)
        banner_lay.addWidget(self.banner_text)
        self.banner.hide()
        self.toolbar = QWidget(self)
        self._flow = FlowLayout(self.toolbar, spacing=2)
        self.actions_by_name: dict[str, QAction] = {}
        self.heading_box = QComboBox(self.toolbar)
        self._style_row, self.heading_label = labelled(self.heading_box, self.toolbar)
        self._build_toolbar()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.banner)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.text, 1)

        save = QAction(self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.triggered.connect(self._save_shortcut)
        self.addAction(save)
        self.text.document().modificationChanged.connect(self.modified_changed)
        self.text.currentCharFormatChanged.connect(self._format_changed)
        self.text.cursorPositionChanged.connect(self._block_changed)
        self.text.undoAvailable.connect(self.actions_by_name["undo"].setEnabled)
        self.text.redoAvailable.connect(self.actions_by_name["redo"].setEnabled)
        self.actions_by_name["undo"].setEnabled(False)
        self.actions_by_name["redo"].setEnabled(False)
        self._read_only = False
        self._retranslate()
        self.text.document().setModified(False)  # setting up the document counts as a change

    # -- toolbar -----------------------------------------------------------------------
    def _action(self, name: str, icon: str, slot: Callable[[], None], *,
                shortcut: QKeySequence | None = None, checkable: bool = False) -> QAction:
        action = QAction(self._icons.icon(icon), "", self)
        action.setCheckable(checkable)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # Only while the editor has focus: Ctrl+B elsewhere in the window is not ours.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        button = QToolButton(self.toolbar)
        button.setDefaultAction(action)
        button.setIconSize(QSize(22, 22))
        button.setMinimumSize(44, 44)
        button.setAutoRaise(True)
        self._flow.addWidget(button)
        self.actions_by_name[name] = action
        return action

    def _build_toolbar(self) -> None:
        std = QKeySequence.StandardKey
        self._action("bold", "bold", self._toggle_bold, shortcut=QKeySequence(std.Bold),
                     checkable=True)
        self._action("italic", "italic", self._toggle_italic,
                     shortcut=QKeySequence(std.Italic), checkable=True)
        self._action("underline", "underline", self._toggle_underline,
                     shortcut=QKeySequence(std.Underline), checkable=True)
        self.heading_box.setMinimumHeight(44)
        self.heading_box.activated.connect(self._heading_chosen)
        self._flow.addWidget(self._style_row)
        self._action("bullets", "list-bullet", lambda: self._toggle_list(
            QTextListFormat.Style.ListDisc))
        self._action("numbers", "list-numbered", lambda: self._toggle_list(
            QTextListFormat.Style.ListDecimal))
        self._action("outdent", "outdent", lambda: self._indent(-1))
        self._action("indent", "indent", lambda: self._indent(1))
        for name, flag in (("align-left", Qt.AlignmentFlag.AlignLeft),
                           ("align-center", Qt.AlignmentFlag.AlignHCenter),
                           ("align-right", Qt.AlignmentFlag.AlignRight),
                           ("align-justify", Qt.AlignmentFlag.AlignJustify)):
            self._action(name, name, self._aligner(flag), checkable=True)
        self._action("undo", "undo", self.text.undo, shortcut=QKeySequence(std.Undo))
        self._action("redo", "redo", self.text.redo, shortcut=QKeySequence("Ctrl+Shift+Z"))

    def _aligner(self, flag: Qt.AlignmentFlag) -> Callable[[], None]:
        return lambda: self.text.setAlignment(flag)

    # -- content -----------------------------------------------------------------------
    def html(self) -> str:
        """The text as HTML (the server sanitises it again)."""
        return self.text.toHtml()

    def set_html(self, html: str) -> None:
        """Replace the text (clears undo history) and mark it unmodified."""
        self.text.setHtml(html)
        self._rule_tables()
        self.text.document().clearUndoRedoStacks()
        self.text.document().setModified(False)

    def replace_with_undo(self, html: str) -> None:
        """Replace the whole text as one undoable step (Ctrl+Z brings the old text back)."""
        cursor = QTextCursor(self.text.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.removeSelectedText()
        cursor.insertHtml(html)
        cursor.endEditBlock()
        cursor.joinPreviousEditBlock()  # the tables' rules belong to the same undo step
        self._rule_tables()
        cursor.endEditBlock()

    def _rule_tables(self) -> None:
        """Draw every table with cell borders and padding, as the PDF does: the minutes'
        HTML carries no table attributes (the sanitiser drops them), and Qt's default
        table has neither, so adjacent cells ran together ("(Văn phòng)Khách mời")."""
        frames = [self.text.document().rootFrame()]
        while frames:
            frame = frames.pop()
            frames.extend(frame.childFrames())
            if isinstance(frame, QTextTable):
                fmt = frame.format()
                fmt.setBorder(1)
                fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
                fmt.setBorderBrush(self.palette().color(QPalette.ColorRole.Mid))
                fmt.setBorderCollapse(True)
                fmt.setCellSpacing(0)
                fmt.setCellPadding(4)
                frame.setFormat(fmt)

    @property
    def modified(self) -> bool:
        return self.text.document().isModified()

    def set_modified(self, modified: bool) -> None:
        self.text.document().setModified(modified)

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        """Lock or unlock the text; ``reason`` (translated) shows in a banner above it."""
        self._read_only = read_only
        self.text.setReadOnly(read_only)
        self.toolbar.setVisible(not read_only)
        self.banner_text.setText(reason)
        self.banner.setVisible(bool(reason))
        restyle(self.banner)

    # -- formatting --------------------------------------------------------------------
    def _merge(self, fmt: QTextCharFormat) -> None:
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        cursor.mergeCharFormat(fmt)
        self.text.mergeCurrentCharFormat(fmt)

    @Slot()
    def _toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.text.fontWeight() < QFont.Weight.Bold.value
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self._merge(fmt)

    @Slot()
    def _toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.text.fontItalic())
        self._merge(fmt)

    @Slot()
    def _toggle_underline(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontUnderline(not self.text.fontUnderline())
        self._merge(fmt)

    @Slot(int)
    def _heading_chosen(self, index: int) -> None:
        self.set_heading(HEADING_LEVELS[index])
        self.text.setFocus()

    def set_heading(self, level: int) -> None:
        """Make the current paragraph(s) a heading of ``level`` (0: body text)."""
        cursor = self.text.textCursor()
        cursor.beginEditBlock()
        block = cursor.blockFormat()
        block.setHeadingLevel(level)
        cursor.setBlockFormat(block)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        char.setProperty(QTextFormat.Property.FontSizeAdjustment, 4 - level if level else 0)
        cursor.select(QTextCursor.SelectionType.BlockUnderCursor if not cursor.hasSelection()
                      else QTextCursor.SelectionType.LineUnderCursor)
        cursor.mergeCharFormat(char)
        self.text.mergeCurrentCharFormat(char)
        cursor.endEditBlock()

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        """Make the selected paragraphs a list of ``style``, or plain paragraphs again."""
        cursor = self.text.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            doc = self.text.document()
            block = doc.findBlock(cursor.selectionStart())
            last = doc.findBlock(cursor.selectionEnd())
            while block.isValid():
                owner = block.textList()
                if owner is not None:
                    owner.remove(block)
                plain = QTextCursor(block)
                fmt = plain.blockFormat()
                fmt.setIndent(0)
                plain.setBlockFormat(fmt)
                if block == last:
                    break
                block = block.next()
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            list_format.setIndent(current.format().indent() if current is not None else 1)
            cursor.createList(list_format)
        cursor.endEditBlock()

    def _indent(self, step: int) -> None:
        cursor = self.text.textCursor()
        current = cursor.currentList()
        if current is not None:
            fmt = current.format()
            fmt.setIndent(max(1, fmt.indent() + step))
            current.setFormat(fmt)
            return
        block = cursor.blockFormat()
        block.setIndent(max(0, block.indent() + step))
        cursor.setBlockFormat(block)

    @Slot(QTextCharFormat)
    def _format_changed(self, fmt: QTextCharFormat) -> None:
        self.actions_by_name["bold"].setChecked(fmt.fontWeight() >= QFont.Weight.Bold.value)
        self.actions_by_name["italic"].setChecked(fmt.fontItalic())
        self.actions_by_name["underline"].setChecked(fmt.fontUnderline())

    @Slot()
    def _block_changed(self) -> None:
        level = self.text.textCursor().blockFormat().headingLevel()
        self.heading_box.setCurrentIndex(level if level in HEADING_LEVELS else 0)
        align = self.text.alignment()
        for name, flag in (("align-left", Qt.AlignmentFlag.AlignLeft),
                           ("align-center", Qt.AlignmentFlag.AlignHCenter),
                           ("align-right", Qt.AlignmentFlag.AlignRight),
                           ("align-justify", Qt.AlignmentFlag.AlignJustify)):
            self.actions_by_name[name].setChecked(bool(align & flag))

    @Slot()
    def _save_shortcut(self) -> None:
        if not self._read_only:
            self.save_requested.emit()

    # -- language ----------------------------------------------------------------------
    def _retranslate(self) -> None:
        tips = {
            "bold": self.tr("Bold (Ctrl+B)"), "italic": self.tr("Italic (Ctrl+I)"),
            "underline": self.tr("Underline (Ctrl+U)"), "bullets": self.tr("Bulleted list"),
            "numbers": self.tr("Numbered list"), "outdent": self.tr("Decrease indent"),
            "indent": self.tr("Increase indent"), "align-left": self.tr("Align left"),
            "align-center": self.tr("Centre"), "align-right": self.tr("Align right"),
            "align-justify": self.tr("Justify"), "undo": self.tr("Undo (Ctrl+Z)"),
            "redo": self.tr("Redo (Ctrl+Shift+Z)"),
        }
        for name, tip in tips.items():
            self.actions_by_name[name].setText(tip)
            self.actions_by_name[name].setToolTip(tip)
        index = self.heading_box.currentIndex()
        self.heading_box.clear()
        self.heading_box.addItems([self.tr("Body text"), self.tr("Heading 1"),
                                   self.tr("Heading 2"), self.tr("Heading 3")])
        self.heading_box.setCurrentIndex(max(0, index))
        self.heading_box.setToolTip(self.tr("Paragraph style"))
        self.heading_label.setText(self.tr("Style:"))
        self.text.setAccessibleName(self.tr("Text of the minutes"))
        self.text.setAccessibleDescription(self.tr(
            "Tab indents a list; Ctrl+Tab moves on to the next control."))
        self.text.setPlaceholderText(self.tr("Write the minutes here, or start a new draft "
                                             "from the meeting record."))
