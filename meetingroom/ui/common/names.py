"""Names a screen reader reads for controls that show no text of their own."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class TooltipName(QObject):
    """Keeps an icon-only control's accessible name equal to its tooltip, which Qt does
    not read as a name; follows every later ``setToolTip`` (a language change).
    Owner: the control (parent)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)
        widget.setAccessibleName(widget.toolTip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTipChange and isinstance(watched, QWidget):
            watched.setAccessibleName(watched.toolTip())
        return False


def name_by_tooltip(*widgets: QWidget) -> None:
    """Name each of ``widgets`` (icon-only buttons, a field with only a placeholder)
    by its tooltip, now and whenever the tooltip changes."""
    for widget in widgets:
        TooltipName(widget)


def labelled(field: QWidget, parent: QWidget) -> tuple[QWidget, QLabel]:
    """A small row "label [field]" for a toolbar; the label is the field's buddy.

    A combo box needs a real label: on Linux Qt reads a combo box's current text
    as its name and gives its label only through the "labelled by" relation of the
    label whose buddy it is (a sibling), so ``setAccessibleName`` alone is lost.
    Returns (the row, the label); the caller sets the label's text."""
    row = QWidget(parent)
    label = QLabel(row)
    field.setParent(row)
    label.setBuddy(field)
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 4, 0)
    lay.setSpacing(4)
    lay.addWidget(label)
    lay.addWidget(field)
    return row, label
