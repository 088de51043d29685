"""Asking before an action that cannot be taken back: its consequence, a named red button."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from meetingroom.ui.common.widgets import restyle


@dataclass(frozen=True, slots=True)
class Question:
    """What to ask before an irreversible action."""

    text: str
    """The question, naming the action ("Close the vote on … now?")."""
    consequence: str
    """What follows and cannot be undone ("3 of 12 have not voted yet; …")."""
    action: str
    """The confirm button: the action's name ("Close the vote"), never "OK"."""
    keep: str
    """The safe button, the default one ("Keep voting open")."""


Confirm = Callable[[Question, Callable[[], None]], None]
"""``confirm(question, callback)``: ask, and run ``callback`` only if confirmed."""


class ConfirmDialog(QMessageBox):
    """A window-modal question; owner: the screen that asks (parent, deleted on close).

    The safe button is the default (Enter, Esc); the confirm button is styled as
    destructive (``destructive`` property) and named after the action.
    """

    confirmed = Signal()
    """The user pressed the confirm button."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.asked = question
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(question.action)
        self.setText(question.text)
        self.setInformativeText(question.consequence)
        self.confirm_button = self.addButton(question.action,
                                             QMessageBox.ButtonRole.DestructiveRole)
        self.confirm_button.setProperty("destructive", True)
        restyle(self.confirm_button)  # polished when added: apply the red style now
        self.keep_button = self.addButton(question.keep, QMessageBox.ButtonRole.RejectRole)
        for button in (self.confirm_button, self.keep_button):
            button.setMinimumHeight(44)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.buttonClicked.connect(self._clicked)

    @Slot(QAbstractButton)
    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.confirm_button:
            self.confirmed.emit()


def ask(parent: QWidget, question: Question, callback: Callable[[], None]) -> ConfirmDialog:
    """Show ``question`` over ``parent`` (not blocking) and run ``callback`` if confirmed."""
    dialog = ConfirmDialog(question, parent)
    dialog.confirmed.connect(callback)
    dialog.open()
    return dialog
