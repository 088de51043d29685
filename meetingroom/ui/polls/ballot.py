"""The ballot panel: choose, confirm, then see the ballot's state and its receipt code."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from meetingroom.domain.polls import BallotState, LocalBallot, Poll, PollStatus, format_receipt
from meetingroom.domain.voting import OptionKind, VotingError, check_ballot
from meetingroom.ui.base.text_size import Emphasis, emphasize
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.live_text import ballot_state_text, reason_text
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted, primary_button, restyle
from meetingroom.ui.polls.choice import ChoiceCheck, ChoiceRadio


@dataclass(frozen=True, slots=True)
class Voter:
    """Someone this user votes for: themselves, or an absent member whose proxy they hold."""

    member_id: str
    name: str
    proxy: bool


class BallotPanel(Retranslated, QFrame):
    """One poll's ballot for one user; owner: the live pane (parent).

    Pages: *choose* (one large row per option: radio buttons, or check boxes with
    "choose 1–3"; abstain; a refusal of the choice stays only while it is true), *confirm*
    ("You chose: …. Send the ballot?"), *status* (stored → received → counted, refused
    with the reason, missing as an alarm; the receipt code; "Change my vote").
    """

    cast_requested = Signal(str, list, str)
    """(poll id, chosen option ids, member id): the voter confirmed a ballot."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._colors = colors
        self.poll: Poll | None = None
        self._voters: list[Voter] = []
        self._ballots: list[LocalBallot] = []
        self._changing = False
        self._awaiting = False
        """A ballot was sent from the confirm page and its answer is awaited."""
        self.title = heading("", self)
        self.member_label = QLabel(self)
        self.member_combo = QComboBox(self)
        self.member_combo.currentIndexChanged.connect(self._member_changed)
        # choose
        self.choose_page = QWidget(self)
        self.hint = muted("", self.choose_page)
        self.options_box = QVBoxLayout()
        self.option_buttons: dict[str, QAbstractButton] = {}
        self._group: QButtonGroup | None = None
        self.vote_button = primary_button("", self.choose_page)
        self.vote_button.clicked.connect(self._to_confirm)
        self.choose_error = QLabel(self.choose_page)
        self.choose_error.setProperty("role", "error")
        self.choose_error.setWordWrap(True)
        self._choice_error = False
        """The error shown says what is wrong with the choice (it goes once put right)."""
        cl = QVBoxLayout(self.choose_page)
        cl.setContentsMargins(0, 0, 0, 0)
        self.options_box.setSpacing(8)
        cl.addWidget(self.hint)
        cl.addLayout(self.options_box)
        cl.addWidget(self.choose_error)
        cl.addWidget(self.vote_button)
        # confirm
        self.confirm_page = QWidget(self)
        self.confirm_text = QLabel(self.confirm_page)
        self.confirm_text.setWordWrap(True)
        emphasize(self.confirm_text, Emphasis.LARGER)
        self.send_button = primary_button("", self.confirm_page)
        self.send_button.clicked.connect(self._send)
        self.back_button = QPushButton(self.confirm_page)
        self.back_button.setMinimumHeight(44)
        self.back_button.clicked.connect(self._back)
        fl = QVBoxLayout(self.confirm_page)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.confirm_text)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.send_button, 1)
        fl.addLayout(row)
        fl.addStretch(1)
        # status
        self.status_page = QWidget(self)
        self.choice_label = QLabel(self.status_page)
        self.choice_label.setWordWrap(True)
        self.state_label = QLabel(self.status_page)
        self.state_label.setWordWrap(True)
        self.receipt_label = QLabel(self.status_page)
        self.receipt_label.setWordWrap(True)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton(self.status_page)
        self.change_button.setMinimumHeight(44)
        self.change_button.clicked.connect(self._change)
        sl = QVBoxLayout(self.status_page)
        sl.setContentsMargins(0, 0, 0, 0)
        for w in (self.choice_label, self.state_label, self.receipt_label, self.change_button):
            sl.addWidget(w)
        sl.addStretch(1)
        self.pages = QStackedWidget(self)
        for page in (self.choose_page, self.confirm_page, self.status_page):
            self.pages.addWidget(page)
        self.pages.currentChanged.connect(self._fit_page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.title)
        mrow = QHBoxLayout()
        mrow.addWidget(self.member_label)
        mrow.addWidget(self.member_combo, 1)
        lay.addLayout(mrow)
        lay.addWidget(self.pages)
        self._fit_page()
        self._set_texts()

    @Slot()
    def _fit_page(self) -> None:
        """Size the stack to the page shown, not to the largest page."""
        for page in (self.choose_page, self.confirm_page, self.status_page):
            shown = page is self.pages.currentWidget()
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.pages.updateGeometry()

    # -- input -------------------------------------------------------------------------
    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self._show_state()

    def show_poll(self, poll: Poll, voters: list[Voter], ballots: list[LocalBallot]) -> None:
        """Show ``poll`` for the members this user votes for and this device's ballots."""
        new_poll = self.poll is None or self.poll.id != poll.id
        self.poll = poll
        self._ballots = [b for b in ballots if b.poll_id == poll.id]
        if new_poll:
            self._changing = False
            self._build_options()
        if [v.member_id for v in voters] != [v.member_id for v in self._voters]:
            keep = self.member_id
            self._voters = voters
            self.member_combo.blockSignals(True)
            self.member_combo.clear()
            for v in voters:
                self.member_combo.addItem(
                    self.tr("{name} (proxy)").format(name=v.name) if v.proxy else v.name)
            ids = [v.member_id for v in voters]
            self.member_combo.setCurrentIndex(ids.index(keep) if keep in ids else 0)
            self.member_combo.blockSignals(False)
        several = len(voters) > 1
        self.member_label.setVisible(several)
        self.member_combo.setVisible(several)
        self.title.setText(poll.spec.title)
        self._show_state()

    def set_ballots(self, ballots: list[LocalBallot]) -> None:
        if self.poll is not None:
            self._ballots = [b for b in ballots if b.poll_id == self.poll.id]
            self._show_state()

    @property
    def member_id(self) -> str | None:
        i = self.member_combo.currentIndex()
        return self._voters[i].member_id if 0 <= i < len(self._voters) else None

    def latest(self) -> LocalBallot | None:
        """The newest ballot of this device for the selected member in this poll."""
        mine = [b for b in self._ballots if b.member_id == self.member_id]
        return max(mine, key=lambda b: b.created_at) if mine else None

    def chosen(self) -> list[str]:
        return [oid for oid, b in self.option_buttons.items() if b.isChecked()]

    # -- pages -------------------------------------------------------------------------
    def _build_options(self) -> None:
        for b in self.option_buttons.values():
            b.deleteLater()
        self.option_buttons = {}
        self._group = None
        poll = self.poll
        if poll is None:
            return
        spec = poll.spec
        single = spec.max_choices == 1
        if single:
            self._group = QButtonGroup(self)
        for o in spec.options:
            button: QAbstractButton = (ChoiceRadio(o.label, self.choose_page) if single
                                       else ChoiceCheck(o.label, self.choose_page))
            emphasize(button, Emphasis.LARGE)
            if self._group is not None:
                self._group.addButton(button)
            else:
                button.toggled.connect(self._multi_toggled)
            button.toggled.connect(self._choice_changed)
            self.option_buttons[o.id] = button
            self.options_box.addWidget(button)
        self._show_choice_error(None)
        self._set_texts()

    @Slot()
    def _multi_toggled(self) -> None:
        poll = self.poll
        abstain = poll.spec.id_of(OptionKind.ABSTAIN) if poll is not None else None
        if abstain is None or abstain not in self.option_buttons:
            return
        off = self.option_buttons[abstain].isChecked()
        for oid, b in self.option_buttons.items():
            if oid != abstain:
                b.setEnabled(not off)
                if off:
                    b.setChecked(False)

    @Slot()
    def _choice_changed(self) -> None:
        """A refusal of the choice says what is still wrong, or goes once put right."""
        poll = self.poll
        if poll is None or not self._choice_error:
            return
        try:
            check_ballot(poll.spec, self.chosen())
        except VotingError as e:
            self._show_choice_error(reason_text(e.reason) or str(e))
            return
        self._show_choice_error(None)

    def _show_choice_error(self, text: str | None) -> None:
        self._choice_error = text is not None
        self.choose_error.setText(text or "")
        self.choose_error.setVisible(text is not None)

    def _labels(self, choices: list[str] | tuple[str, ...]) -> str:
        poll = self.poll
        if poll is None:
            return ""
        if not choices:
            return self.tr("a blank ballot")
        names = {o.id: o.label for o in poll.spec.options}
        return ", ".join(names.get(c, c) for c in choices)

    @Slot()
    def _to_confirm(self) -> None:
        poll = self.poll
        if poll is None:
            return
        try:
            check_ballot(poll.spec, self.chosen())
        except VotingError as e:
            self._show_choice_error(reason_text(e.reason) or str(e))
            return
        self._show_choice_error(None)
        self.confirm_text.setText(self.tr("You chose: {choice}. Send the ballot?").format(
            choice=self._labels(self.chosen())))
        self.pages.setCurrentWidget(self.confirm_page)
        self.send_button.setFocus()

    @Slot()
    def _back(self) -> None:
        self.pages.setCurrentWidget(self.choose_page)

    @Slot()
    def _send(self) -> None:
        poll, member = self.poll, self.member_id
        if poll is None or member is None:
            return
        self._changing = False
        self._awaiting = True
        self.send_button.setEnabled(False)  # until the state comes back: no double send
        self.cast_requested.emit(poll.id, self.chosen(), member)

    def cast_failed(self, text: str) -> None:
        """The engine refused before storing (e.g. still sending): back to choosing."""
        self.send_button.setEnabled(True)
        self._show_choice_error(None)
        self.choose_error.setText(text)
        self.choose_error.show()
        self.pages.setCurrentWidget(self.choose_page)

    @Slot()
    def _change(self) -> None:
        self._changing = True  # the earlier choice stays ticked, to be changed
        self._show_state()

    @Slot()
    def _member_changed(self) -> None:
        self._changing = False
        self._show_state()

    def _show_state(self) -> None:
        poll = self.poll
        if poll is None:
            return
        b = self.latest()
        is_open = poll.status is PollStatus.OPEN
        voting = b is None or b.state is BallotState.REFUSED or self._changing
        refused = b is not None and b.state is BallotState.REFUSED and not self._changing
        if voting and is_open:
            if self.pages.currentWidget() is self.status_page or (refused and self._awaiting):
                self.pages.setCurrentWidget(self.choose_page)
            if refused and self._awaiting:
                self._awaiting = False
                self.send_button.setEnabled(True)
            if b is not None and refused:
                why = reason_text(b.reason) or b.reason
                self._choice_error = False
                self.choose_error.setText(self.tr("Your ballot was refused: {reason}").format(
                    reason=why))
                self.choose_error.show()
            return
        self.pages.setCurrentWidget(self.status_page)
        self._awaiting = False
        self.send_button.setEnabled(True)
        if b is None:
            self.choice_label.setText(self.tr("You did not vote in this poll."))
            self.state_label.setText("")
            self.receipt_label.setText("")
            self.change_button.hide()
            return
        self.choice_label.setText(self.tr("Your choice: {choice}").format(
            choice=self._labels(b.choices)))
        text = ballot_state_text(b.state)
        if b.state is BallotState.REFUSED:
            text += ": " + (reason_text(b.reason) or b.reason)
        self.state_label.setText(text)
        colour = {BallotState.COUNTED: self._colors.ok, BallotState.RECEIVED: self._colors.ok,
                  BallotState.STORED: self._colors.warn}.get(b.state, self._colors.bad)
        self.state_label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        emphasize(self.state_label,
                  Emphasis.HUGE if b.state is BallotState.MISSING else Emphasis.LARGE)
        self.receipt_label.setText(self.tr("Receipt code: {code}").format(
            code=format_receipt(b.receipt)))
        self.change_button.setVisible(is_open and poll.spec.allow_change
                                      and b.state is BallotState.RECEIVED)
        restyle(self.state_label)

    # -- language ----------------------------------------------------------------------
    def _set_texts(self) -> None:
        self.member_label.setText(self.tr("Vote for:"))
        self.vote_button.setText(self.tr("Vote…"))
        self.send_button.setText(self.tr("Send the ballot"))
        self.back_button.setText(self.tr("Back"))
        self.change_button.setText(self.tr("Change my vote"))
        poll = self.poll
        if poll is None:
            return
        mn, mx = poll.spec.min_choices, poll.spec.max_choices
        if mx == 1:
            self.hint.setText(self.tr("Choose one option."))
        else:
            self.hint.setText(self.tr("Choose {low} to {high} options.").format(
                low=max(mn, 1), high=mx))

    def _retranslate(self) -> None:
        self._set_texts()
        self._show_state()
