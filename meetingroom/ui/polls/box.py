"""A sealed poll's ballot box after close: who holds the key shares, and what this user
can do — claim the box, release their share, or (whoever runs the session) give it up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import (
    FlowLayout,
    danger_button,
    heading,
    muted,
    primary_button,
    restyle,
    separator,
)


class BoxPanel(Retranslated, QFrame):
    """Owner: the Live tab. Shows a poll in ``counting`` or ``unopened``."""

    claim_requested = Signal(str)
    """Poll id: this trustee opens the box on this device."""
    release_requested = Signal(str)
    """Poll id: this trustee hands its key share to the opening trustee."""
    abandon_requested = Signal(str)
    """Poll id: end the poll unopened (asked for first by the Live tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._poll: Poll | None = None
        self._snap: MeetingSnapshot | None = None
        self._user: User | None = None
        self._runs = False
        self.title = heading("", self)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.hint = muted("", self)
        self.hint.setWordWrap(True)
        self.claim = primary_button("", self)
        self.release = primary_button("", self)
        self.abandon = danger_button(self)
        self.claim.setMinimumHeight(44)
        self.release.setMinimumHeight(44)
        self.claim.clicked.connect(lambda: self.claim_requested.emit(self._poll_id()))
        self.release.clicked.connect(lambda: self.release_requested.emit(self._poll_id()))
        self.abandon.clicked.connect(lambda: self.abandon_requested.emit(self._poll_id()))
        actions = QWidget(self)
        row = FlowLayout(actions, spacing=8)  # wraps in the Live tab's narrow left column
        row.addWidget(self.claim)
        row.addWidget(self.release)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.state)
        lay.addWidget(self.hint)
        lay.addWidget(actions)
        # giving up is irreversible: below a line, apart from the trustee's actions
        self.apart = separator(QFrame.Shape.HLine, self)
        lay.addWidget(self.apart)
        lay.addWidget(self.abandon, 0, Qt.AlignmentFlag.AlignLeft)
        self._retranslate()

    def _poll_id(self) -> str:
        return "" if self._poll is None else self._poll.id

    def show_poll(self, poll: Poll, snap: MeetingSnapshot, user: User, *, runs: bool) -> None:
        self._poll, self._snap, self._user, self._runs = poll, snap, user, runs
        self._redraw()

    def _name(self, user_id: str) -> str:
        p = None if self._snap is None else self._snap.participant(user_id)
        return user_id if p is None else p.display_name

    def _redraw(self) -> None:
        poll, user = self._poll, self._user
        if poll is None or poll.seal is None or user is None:
            return
        seal = poll.seal
        self.title.setText(poll.spec.title)
        trustees = ", ".join(self._name(t) for t in seal.trustees)
        me = user.id in seal.trustees
        self.claim.hide()
        self.release.hide()
        self.abandon.setVisible(self._runs and poll.status is PollStatus.COUNTING)
        self.apart.setVisible(self.abandon.isVisibleTo(self))
        if poll.status is PollStatus.UNOPENED:
            # the server's reason is English; the same fact in the interface language:
            why = (self.tr("only {have} of the {k} key shares needed were released").format(
                have=seal.shares_in_hand, k=seal.threshold)
                if seal.shares_in_hand < seal.threshold
                else self.tr("the trustees did not publish the opened box"))
            self.state.setText(self.tr("The ballot box was not opened: {why}. Nothing was "
                                       "published, and the sealed ballots were erased.")
                               .format(why=why))
            self.hint.setText(self.tr("Trustees: {names}.").format(names=trustees))
            return
        self.state.setText(self.tr(
            "Voting has ended. The ballots are sealed: {k} of the trustees ({names}) must "
            "release their key share before the box can be opened and counted.").format(
                k=seal.threshold, names=trustees))
        if seal.opener is None:
            self.hint.setText(self.tr("No trustee has asked to open the box yet."))
            self.claim.setText(self.tr("Open the ballot box on this device"))
            self.claim.setProperty("primary", True)
            restyle(self.claim)
            self.claim.setVisible(me)
            return
        missing = ", ".join(self._name(t) for t in seal.missing())
        progress = self.tr("{opener} opens the box: {have} of the {k} key shares needed "
                           "are in; waiting for: {missing}.").format(
            opener=self._name(seal.opener), have=seal.shares_in_hand, k=seal.threshold,
            missing=missing or "-")
        self.hint.setText(progress)
        if me and user.id != seal.opener and user.id not in seal.released:
            self.release.setText(self.tr("Release my share to {name}").format(
                name=self._name(seal.opener)))
            self.release.show()
        # someone already opens it: taking it over is the second choice, not the first
        self.claim.setText(self.tr("Open it on this device instead"))
        self.claim.setProperty("primary", False)
        restyle(self.claim)
        self.claim.setVisible(me and user.id != seal.opener)

    def _retranslate(self) -> None:
        self.abandon.setText(self.tr("End without opening…"))
        self.abandon.setToolTip(self.tr("When too few trustees can release their share: "
                                        "the poll ends unopened and nothing is published"))
        self._redraw()
