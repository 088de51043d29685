"""The banner at the top of the minutes screen: where the minutes are, in everyday words."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.domain.minutes_signers import SignerRole, SigningProgress
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted

log = logging.getLogger("meetingroom.ui")

STATE_ICONS = {
    MinutesState.DRAFT: "draft", MinutesState.IN_REVIEW: "clock",
    MinutesState.APPROVED: "check", MinutesState.FINAL: "minutes",
    MinutesState.SIGNED: "shield",
}


class StateBanner(Retranslated, QFrame):
    """State title, what it means for the reader, and the chair's comment if returned.

    Once final, the title says who has signed and whose signature is awaited; the
    minutes are called the official record only when every required signature is there.

    Owner: the MinutesPane (parent).
    """

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "messagebar")
        self._icons = icons
        self._status = MinutesStatus()
        self._progress = SigningProgress(awaited=(SignerRole.SECRETARY, SignerRole.CHAIR))
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

    def show_status(self, status: MinutesStatus,
                    progress: SigningProgress | None = None) -> None:
        """Show ``status``; ``progress`` (default: the last one given) says who signed."""
        self._status = status
        if progress is not None:
            self._progress = progress
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
            return self.tr("Finalised – waiting for signatures")
        return self._signed_title(self._progress)

    def _signed_title(self, progress: SigningProgress) -> str:
        s, c = SignerRole.SECRETARY, SignerRole.CHAIR
        if progress.complete:
            if set(progress.signed) == {s, c}:
                return self.tr("Signed by the secretary and the chair")
            if progress.signed == (s,):
                return self.tr("Signed by the secretary")
            return self.tr("Signed")
        if progress.signed == (s,) and progress.awaited == (c,):
            return self.tr("The secretary has signed · waiting for the chair to sign")
        if progress.signed == (c,) and progress.awaited == (s,):
            return self.tr("The chair has signed · waiting for the secretary to sign")
        return self.tr("Signed in part · waiting for more signatures")

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
            if SignerRole.CHAIR in self._progress.awaited:
                return self.tr("The text can no longer change. The secretary and the chair "
                               "now sign the PDF; only then are the minutes official.")
            return self.tr("The text can no longer change. The minutes become official "
                           "when the secretary has signed the PDF.")
        if not self._progress.complete:
            return self.tr("The minutes are not official yet: they become the official "
                           "record when every required signature is there.")
        return self.tr("The signed minutes are the official record. More signatures may "
                       "still be added.")

    def _retranslate(self) -> None:
        self.show_status(self._status, self._progress)
