"""The banner at the top of the minutes screen: where the minutes are, in everyday words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.widgets import heading, muted

log = logging.getLogger("meetingroom.ui")

STATE_ICONS = {
    MinutesState.DRAFT: "draft", MinutesState.IN_REVIEW: "clock",
    MinutesState.APPROVED: "check", MinutesState.FINAL: "minutes",
    MinutesState.SIGNED: "shield",
}


class StateBanner(QFrame):
    """State title, what it means for the reader, and the chair's comment if returned.

    Owner: the MinutesPane (parent).
    """

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "messagebar")
        self._icons = icons
        self._status = MinutesStatus()
        self.icon = QLabel(self)
        self.title = heading("", self)
        self.explanation = muted("", self)
        self.review = QLabel(self)
        self.review.setWordWrap(True)
        self.review.setProperty("role", "error")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.explanation)
        texts.addWidget(self.review)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.icon)
        lay.addLayout(texts, 1)

    def show_status(self, status: MinutesStatus) -> None:
        self._status = status
        self.icon.setPixmap(self._icons.icon(STATE_ICONS[status.state]).pixmap(28, 28))
        self.title.setText(self.state_title(status.state))
        self.explanation.setText(self._explanation(status.state))
        returned = status.state is MinutesState.DRAFT and bool(status.review_comment)
        self.review.setVisible(returned)
        self.review.setText(self.tr("Returned by the chair: {comment}").format(
            comment=status.review_comment) if returned else "")

    def state_title(self, state: MinutesState) -> str:
        if state is MinutesState.DRAFT:
            return self.tr("Draft – being written by the secretary")
        if state is MinutesState.IN_REVIEW:
            return self.tr("Waiting for the chair's approval")
        if state is MinutesState.APPROVED:
            return self.tr("Approved by the chair")
        if state is MinutesState.FINAL:
            return self.tr("Final – ready to sign")
        return self.tr("Signed")

    def _explanation(self, state: MinutesState) -> str:
        if state is MinutesState.DRAFT:
            return self.tr("Save versions as you go, then submit the minutes to the chair.")
        if state is MinutesState.IN_REVIEW:
            return self.tr("The text is locked until the chair approves it or returns it "
                           "with a comment.")
        if state is MinutesState.APPROVED:
            return self.tr("The secretary can now finalise the minutes into a PDF for "
                           "signing.")
        if state is MinutesState.FINAL:
            return self.tr("The text can no longer change. The PDF is ready for signatures.")
        return self.tr("The signed minutes are the official record. More signatures may "
                       "still be added.")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_status(self._status)
        super().changeEvent(event)
