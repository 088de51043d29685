"""A participant's own live controls: check in or out, ask for the floor, follow the presenter."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from meetingroom.domain.live import Presence
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import FlowLayout, primary_button, restyle


class DelegateBar(Retranslated, QWidget):
    """Large buttons for the participant's own actions; owner: the live pane (parent)."""

    check_in_requested = Signal(bool)
    """True: "I am present"; False: "I am leaving" (check out)."""
    speak_requested = Signal(bool)
    """True: ask for the floor; False: withdraw the request."""
    follow_toggled = Signal(bool)
    """The user turned "Follow the presenter" on or off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.present = False
        self.waiting = False
        self.check_in = primary_button("", self)
        self.check_in.setMinimumHeight(56)
        self.check_in.clicked.connect(self._check_in_clicked)
        self.speak = QPushButton(self)
        self.speak.setMinimumHeight(56)
        self.speak.clicked.connect(self._speak_clicked)
        self.follow = QCheckBox(self)
        self.follow.setChecked(True)
        self.follow.toggled.connect(self.follow_toggled)
        lay = QVBoxLayout(self)  # narrow enough for the column beside the secretary's console
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.check_in)
        more = QWidget(self)
        row = FlowLayout(more, spacing=8)  # wraps rather than running under the console
        row.addWidget(self.speak)
        row.addWidget(self.follow)
        lay.addWidget(more)
        self._retranslate()

    def show_snapshot(self, snap: MeetingSnapshot | None, user_id: str | None) -> None:
        me = snap.participant(user_id) if snap is not None and user_id else None
        running = snap is not None and snap.live.phase.running
        self.present = bool(snap and user_id
                            and snap.live.presence(user_id) is Presence.PRESENT)
        s = snap.live.speakers if snap is not None else None
        self.waiting = bool(s and user_id in s.queue)
        self.check_in.setEnabled(me is not None and running)
        if bool(self.check_in.property("primary")) == self.present:
            # checking in is the screen's one obvious action; checking out is not
            self.check_in.setProperty("primary", not self.present)
            restyle(self.check_in)
        self.speak.setEnabled(me is not None and running and not (s and s.speaking == user_id))
        self._retranslate()

    @property
    def following(self) -> bool:
        return self.follow.isChecked()

    @Slot()
    def _check_in_clicked(self) -> None:
        self.check_in_requested.emit(not self.present)

    @Slot()
    def _speak_clicked(self) -> None:
        self.speak_requested.emit(not self.waiting)

    def _retranslate(self) -> None:
        self.check_in.setText(self.tr("Check out (I am leaving)") if self.present
                              else self.tr("Check in – I am present"))
        self.speak.setText(self.tr("Withdraw my request to speak") if self.waiting
                           else self.tr("Request to speak"))
        self.follow.setText(self.tr("Follow the presenter"))
