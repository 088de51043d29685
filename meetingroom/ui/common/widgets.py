"""Small shared widgets: the inline message bar and labelled headings."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated

log = logging.getLogger("meetingroom.ui")


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it has less room than its text; the
    whole text is its tooltip. It asks for little room, so a crowded row still fits."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()


def heading(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A bold section heading that wraps instead of truncating long Vietnamese titles."""
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


def muted(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def primary_button(text: str = "", parent: QWidget | None = None) -> QPushButton:
    """The one obvious action of a screen: accent-coloured, large."""
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    button.setMinimumHeight(44)
    return button


def danger_button(parent: QWidget | None = None) -> QPushButton:
    """A button for an action that cannot be taken back: outlined in the warning colour;
    it asks before acting (its label ends in "…")."""
    button = QPushButton(parent)
    button.setProperty("danger", True)
    button.setMinimumHeight(44)
    return button


def separator(shape: QFrame.Shape, parent: QWidget | None = None) -> QFrame:
    """A thin line between groups of controls (``QFrame.Shape.HLine`` or ``VLine``)."""
    line = QFrame(parent)
    line.setFrameShape(shape)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setProperty("role", "separator")
    return line


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class MessageBar(Retranslated, QFrame):
    """Inline errors and notices inside a screen (never a surprise dialog).

    Errors stay until dismissed or replaced; notices fade after a few seconds
    unless ``sticky``. An optional action button lets a notice ask a question
    (e.g. "Publish now?"); such a notice stays too.
    """

    dismissed = Signal()
    """The user closed the bar."""

    NOTICE_MS = 6000

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "messagebar")
        self._icons = icons
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._action = QPushButton(self)
        self._action.hide()
        self._close = QToolButton(self)
        self._close.setIcon(icons.icon("close"))
        self._close.setIconSize(QSize(18, 18))
        self._close.setAutoRaise(True)
        self._close.clicked.connect(self._dismiss)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        lay.addWidget(self._icon)
        lay.addWidget(self._text, 1)
        lay.addWidget(self._action)
        lay.addWidget(self._close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._dismiss)
        self._callback: Callable[[], None] | None = None
        self._action.clicked.connect(self._run_action)
        self._retranslate()
        self.hide()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self._text.text()

    @property
    def kind(self) -> str:
        return str(self.property("kind") or "")

    @property
    def action_text(self) -> str:
        """The action button's text ("" when there is none or the bar is hidden)."""
        return "" if self.isHidden() or self._action.isHidden() else self._action.text()

    def trigger_action(self) -> None:
        """Press the action button (what a click does)."""
        self._action.click()

    def show_error(self, text: str) -> None:
        self._show("error", text, None, None, sticky=True)

    def show_info(self, text: str, *, action: str | None = None,
                  callback: Callable[[], None] | None = None, sticky: bool = False) -> None:
        self._show("info", text, action, callback, sticky=sticky or action is not None)

    def _show(self, kind: str, text: str, action: str | None,
              callback: Callable[[], None] | None, *, sticky: bool) -> None:
        self.setProperty("kind", kind)
        restyle(self)
        colour = None if kind == "info" else self.palette().color(self.foregroundRole())
        self._icon.setPixmap(self._icons.icon("warning" if kind == "error" else "check",
                                              colour).pixmap(20, 20))
        self._text.setText(text)
        self._callback = callback
        self._action.setVisible(action is not None)
        self._action.setText(action or "")
        self.show()
        if not sticky:
            self._timer.start(self.NOTICE_MS)
        else:
            self._timer.stop()

    @Slot()
    def clear(self) -> None:
        self._timer.stop()
        self._callback = None
        self.hide()

    def withdraw(self, callback: Callable[[], None]) -> None:
        """Hide the bar if its action button still runs ``callback`` (an offer that no
        longer holds); any other message stays."""
        if self._callback is not None and self._callback == callback and not self.isHidden():
            self.clear()

    @Slot()
    def _dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    @Slot()
    def _run_action(self) -> None:
        callback = self._callback
        self.clear()
        if callback is not None:
            callback()

    def _retranslate(self) -> None:
        self._close.setToolTip(self.tr("Close this message"))
        self._close.setAccessibleName(self._close.toolTip())  # icon only: Qt reads no tooltip


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps to a new row when the width runs out.

    Used for tool rows, so that long Vietnamese labels never force a pane wider
    than an old 1366×768 screen allows, and nothing is elided.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All in one row: what the row would like. (Its least — one item a row — is
        ``minimumSize``; a parent asking the preferred height of the narrowest shape
        got a stack of every button, and a page in a scroll area grew by it.)"""
        shown = [item.sizeHint() for item in self._items if not item.isEmpty()]
        if not shown:
            return QSize(0, 0)
        width = sum(h.width() for h in shown) + self._spacing * (len(shown) - 1)
        return QSize(width, max(h.height() for h in shown))

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():  # a hidden widget takes no room (and no spacing)
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and row_height > 0:
                x, y = rect.x(), y + row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y()


def add_form_row(form: QFormLayout, label: QLabel, field: QWidget | QLayout) -> None:
    """A form row whose label sits level with the middle of its (tall, touch-sized) field.

    The label is the field's buddy (QFormLayout does not do that): a screen reader
    reads it as the field's name. Qt looks for that label among the field's siblings,
    so a field with a button beside it comes as a layout (not inside a holder widget);
    its first widget that takes the focus is the field.
    """
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if isinstance(field, QWidget):
        widgets = [field]
    else:
        items = (field.itemAt(i) for i in range(field.count()))
        widgets = [w for item in items if item is not None and (w := item.widget()) is not None]
    label.setBuddy(next((w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus),
                        widgets[0]))
    for w in widgets:
        w.ensurePolished()  # so the stylesheet's touch-sized height is known
    label.setMinimumHeight(max(w.sizeHint().height() for w in widgets))
    form.addRow(label, field)
