"""What the reader says when a document or a page cannot be shown, and the password row.

The texts keep the viewer's translation context ("DocumentViewer"), where their
Vietnamese translations live.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from meetingroom.errors import InvalidDocumentError
from meetingroom.ui.base.errors import error_text


def open_failure(exc: BaseException) -> str:
    """The message for a document that cannot be opened (not a password question).

    Nothing of the document is shown then, so a renderer that stopped or timed out says
    so for the whole document, never "this page ... the rest can still be read" (that is
    ``page_failure``'s, when one page of an open document fails).
    """
    reason = getattr(exc, "reason", "")
    if reason == "render_timeout":
        why = QCoreApplication.translate(
            "DocumentViewer", "Opening it took too long, so it was stopped; it may be damaged"
            " or far too complex. None of its pages can be shown.")
    elif reason in ("render_crashed", "render_memory"):
        why = QCoreApplication.translate(
            "DocumentViewer", "It could not be opened safely (it may be damaged or hostile)."
            " None of its pages can be shown.")
    else:
        why = error_text(exc)
    return (QCoreApplication.translate("DocumentViewer", "This document cannot be shown.")
            + "\n" + why)


def password_question(*, tried: bool) -> str:
    if tried:
        return QCoreApplication.translate("DocumentViewer",
                                          "The password is not correct. Please try again.")
    return QCoreApplication.translate(
        "DocumentViewer", "This document is protected by a password. Enter it to read.")


def page_failure(index: int, exc: BaseException) -> str:
    """The text drawn on page ``index`` (0-based) when it cannot be drawn."""
    text = QCoreApplication.translate("DocumentViewer", "Page {page} cannot be shown.").format(
        page=index + 1)
    reason = getattr(exc, "reason", "")
    if reason == "render_timeout":
        why = QCoreApplication.translate(
            "DocumentViewer", "It took too long to draw and was stopped; it may be damaged.")
    elif reason == "render_crashed":
        why = QCoreApplication.translate(
            "DocumentViewer", "Drawing it stopped the renderer; it may be damaged.")
    elif reason == "render_memory":
        why = QCoreApplication.translate("DocumentViewer",
                                         "It needs more memory than is allowed.")
    elif isinstance(exc, InvalidDocumentError):
        why = error_text(exc)
    else:
        why = QCoreApplication.translate("DocumentViewer", "It may be damaged.")
    return text + "\n" + why


class PasswordRow(QWidget):
    """The password entry of a protected PDF; owner: the viewer (parent). Hidden until
    asked for (``ask``)."""

    entered = Signal(str)
    """The user typed a password and pressed Enter or Open (never logged)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMinimumHeight(40)
        self.field.returnPressed.connect(self._entered)
        self.button = QPushButton(self)
        self.button.setMinimumHeight(44)
        self.button.clicked.connect(self._entered)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.button)
        self.tried = False
        """A password was entered at least once (a new question means it was wrong)."""
        self.hide()

    def ask(self) -> None:
        self.show()
        self.field.setFocus()

    @Slot()
    def _entered(self) -> None:
        text = self.field.text()
        if text:
            self.field.clear()
            self.tried = True
            self.entered.emit(text)

    def retranslate(self) -> None:
        self.field.setPlaceholderText(QCoreApplication.translate("DocumentViewer",
                                                                 "Password of the PDF"))
        self.button.setText(QCoreApplication.translate("DocumentViewer", "Open"))
