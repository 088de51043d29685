"""Walking a window with the Tab key as a keyboard user does, and reading each stop's
accessible name as a screen reader gets it (Qt's accessibility interface)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QTabBar,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Stop:
    """One widget the Tab key reached."""

    where: str
    """Which widget: ``Owner.attribute`` when an ancestor holds it, else its class."""
    kind: str
    """Its Qt class."""
    name: str
    """Its accessible name ("" when a screen reader would read none)."""
    keeps_tab: bool = False
    """It uses the Tab key itself (the agenda's indent) and is left with Ctrl+Tab."""


def speaker(widget: QWidget) -> QWidget:
    """The widget a screen reader announces for ``widget``: the line edit inside a spin
    box or an editable combo box speaks for its owner."""
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    return widget


def accessible_name(widget: QWidget) -> str:
    """The name Qt's accessibility gives ``widget`` (accessibleName, else the visible
    text, else the label whose buddy it is); a tab bar is read as its current tab, a
    combo box by its label."""
    target = speaker(widget)
    iface = QAccessible.queryAccessibleInterface(target)
    if iface is None:
        return ""
    if isinstance(target, QComboBox):
        # on Linux Qt names a combo box by its current text and gives its label only as
        # a "labelled by" relation (from the label whose buddy it is): that is its name
        labels = iface.relations(QAccessible.RelationFlag.Label)
        return " ".join(label.text(QAccessible.Text.Name).strip() for label, _ in labels
                        if label is not None).strip()
    name = iface.text(QAccessible.Text.Name).strip()
    if not name and isinstance(target, QTabBar) and target.currentIndex() >= 0:
        tab = iface.child(target.currentIndex())
        name = tab.text(QAccessible.Text.Name).strip() if tab is not None else ""
    return name


def describe(widget: QWidget) -> str:
    """``Owner.attribute`` for the nearest ancestor that keeps ``widget`` in an attribute;
    else the described ancestor, a slash and the widget's class."""
    target = speaker(widget)
    parent = target.parentWidget()
    while parent is not None:
        for key, value in vars(parent).items():
            if value is target:
                return f"{type(parent).__name__}.{key}"
        parent = parent.parentWidget()
    own = f"{type(target).__name__}({target.objectName()})"
    holder = target.parentWidget()
    return own if holder is None or holder.isWindow() else f"{describe(holder)}/{own}"


def tab_walk(window: QWidget, qtbot: Any, *, limit: int = 300) -> list[Stop]:
    """Press Tab from the window's first focusable widget until the focus comes back
    to a widget it reached before; fails on a widget that neither Tab nor Ctrl+Tab
    leaves (a trap). A widget that keeps Tab for itself is marked ``keeps_tab``."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not window:
        window.focusNextPrevChild(True)
        focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is window, "nothing in the window takes focus"
    seen: list[QWidget] = []
    stops: list[Stop] = []
    while focus not in seen:
        assert len(seen) < limit, "the Tab key never comes back to where it started"
        seen.append(focus)
        stops.append(Stop(describe(focus), type(speaker(focus)).__name__,
                          accessible_name(focus)))
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        owner = speaker(focus)
        if after is focus and isinstance(owner, QDateTimeEdit):
            for _section in range(owner.sectionCount()):  # Tab steps through day, month...
                QTest.keyClick(focus, Qt.Key.Key_Tab)
                after = QApplication.focusWidget()
                if after is not focus:
                    break
        if after is focus:  # it keeps Tab: is Ctrl+Tab the way out?
            QTest.keyClick(focus, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
            after = QApplication.focusWidget()
            stops[-1] = dataclasses.replace(stops[-1], keeps_tab=True)
        assert after is not None and after is not focus, (
            f"neither Tab nor Ctrl+Tab leaves {describe(focus)} (a keyboard trap)")
        focus = after
    return stops


def unnamed(stops: list[Stop]) -> list[str]:
    return [f"{s.where} ({s.kind})" for s in stops if not s.name]
