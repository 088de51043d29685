"""The "Undo" button offered in the message bar, bound to the one command it names."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from meetingroom.ui.common.widgets import MessageBar


class UndoOffer(QObject):
    """Offers to undo one command, and only while it is the last done on the stack.

    Owner: the AgendaEditor (parent). When that command is undone another way (the
    toolbar, Ctrl+Z) or another command is done after it, the offer is withdrawn: a
    stale "Undo" must never undo something else.
    """

    def __init__(self, stack: QUndoStack, messages: MessageBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack, self._messages = stack, messages
        self.command: QUndoCommand | None = None
        """The command the bar offers to undo; None when no offer stands."""
        stack.indexChanged.connect(self._stack_moved)

    def offer(self, text: str, action: str, command: QUndoCommand) -> None:
        """Show ``text`` with an ``action`` button that undoes ``command`` (just pushed)."""
        self.command = command
        self._messages.show_info(text, action=action, callback=self._undo)

    def _top(self) -> QUndoCommand | None:
        index = self._stack.index()
        return self._stack.command(index - 1) if index > 0 else None

    @Slot()
    def _undo(self) -> None:
        command, self.command = self.command, None
        if command is not None and self._top() is command:
            self._stack.undo()

    @Slot(int)
    def _stack_moved(self, _index: int) -> None:
        if self.command is not None and self._top() is not self.command:
            self.command = None
            self._messages.withdraw(self._undo)
