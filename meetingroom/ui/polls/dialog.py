"""The "New poll" dialog: a motion, custom options or an election, and how it is counted."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from meetingroom.domain.live import DEFAULT_QUORUM
from meetingroom.domain.voting import (
    SIMPLE_MAJORITY,
    THREE_QUARTERS,
    TWO_THIRDS,
    BallotType,
    MajorityBase,
    MajorityRule,
    OptionKind,
    PollOption,
    PollSpec,
    QuorumRule,
    Threshold,
    VotingError,
)
from meetingroom.domain.voting_text import describe_quorum
from meetingroom.ui.common.live_text import reason_text, ui_language

KINDS = ("motion", "choice", "election")
RULES: tuple[tuple[str, MajorityBase, Threshold | None], ...] = (
    ("cast", MajorityBase.VOTES_CAST, SIMPLE_MAJORITY),
    ("present", MajorityBase.PRESENT, SIMPLE_MAJORITY),
    ("members", MajorityBase.MEMBERS, SIMPLE_MAJORITY),
    ("two_thirds", MajorityBase.PRESENT, TWO_THIRDS),
    ("three_quarters", MajorityBase.PRESENT, THREE_QUARTERS),
    ("custom", MajorityBase.PRESENT, None),
)


class PollDialog(QDialog):
    """Builds a :class:`PollSpec`; owner: the console (parent, deletes on close)."""

    spec_ready = Signal(object)
    """PollSpec: a valid spec the secretary confirmed."""

    def __init__(self, parent: QWidget | None = None, *,
                 meeting_quorum: QuorumRule = DEFAULT_QUORUM) -> None:
        super().__init__(parent)
        self.meeting_quorum = meeting_quorum
        self.title = QLineEdit(self)
        self.kind = QComboBox(self)
        self.options = QPlainTextEdit(self)
        self.options.setTabChangesFocus(True)
        self.options.setFixedHeight(90)
        self.seats = QSpinBox(self)
        self.seats.setRange(1, 100)
        self.min_choices = QSpinBox(self)
        self.min_choices.setRange(0, 100)
        self.min_choices.setValue(1)
        self.max_choices = QSpinBox(self)
        self.max_choices.setRange(1, 100)
        self.abstain = QCheckBox(self)
        self.abstain.setChecked(True)
        self.secret = QComboBox(self)
        self.rule = QComboBox(self)
        self.numerator = QSpinBox(self)
        self.numerator.setRange(1, 999)
        self.numerator.setValue(3)
        self.denominator = QSpinBox(self)
        self.denominator.setRange(1, 1000)
        self.denominator.setValue(5)
        self.abstentions_count = QCheckBox(self)
        self.abstentions_count.setChecked(True)
        self.quorum = QCheckBox(self)
        self.quorum.setChecked(True)
        self.min_present = QSpinBox(self)
        self.min_present.setRange(0, 5000)
        self.min_present.setSpecialValueText("–")  # 0: no minimum of its own
        self.allow_change = QCheckBox(self)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        fraction = QHBoxLayout()
        fraction.addWidget(self.numerator)
        fraction.addWidget(QLabel("/", self))
        fraction.addWidget(self.denominator)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        self.labels = [QLabel(self) for _ in range(14)]
        rows: list[QWidget | QHBoxLayout] = [
            self.title, self.kind, self.options, self.seats, self.min_choices,
            self.max_choices, self.abstain, self.secret, self.rule, fraction,
            self.abstentions_count, self.quorum, self.min_present, self.allow_change]
        for label, row in zip(self.labels, rows, strict=True):
            label.setBuddy(row if isinstance(row, QWidget) else self.numerator)
            form.addRow(label, row)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.rule.currentIndexChanged.connect(self._kind_changed)
        self._retranslate()
        self._kind_changed()
        self.resize(560, 600)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("New poll"))
        texts = (self.tr("Question"), self.tr("Kind"), self.tr("Options (one per line)"),
                 self.tr("Seats"), self.tr("Choose at least"), self.tr("Choose at most"),
                 self.tr("Abstain option"), self.tr("Ballot"), self.tr("Majority needed"),
                 self.tr("Custom fraction"), self.tr("Abstentions"), self.tr("Quorum"),
                 self.tr("At least present"), self.tr("Changes"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.kind.clear()
        self.kind.addItems([self.tr("Motion: in favour / against / abstain"),
                            self.tr("Choice between options"), self.tr("Election of candidates")])
        self.secret.clear()
        self.secret.addItems([self.tr("Secret ballot"), self.tr("Named (recorded per voter)")])
        self.rule.clear()
        self.rule.addItems([self.tr("More than half of the votes cast"),
                            self.tr("More than half of the members present"),
                            self.tr("More than half of all members"),
                            self.tr("At least two thirds of the members present"),
                            self.tr("At least three quarters of the members present"),
                            self.tr("Custom fraction of the members present")])
        self.abstain.setText(self.tr("Offer \"abstain\""))
        self.abstentions_count.setText(self.tr("Count abstentions and blank ballots in the "
                                               "votes cast"))
        self.quorum.setText(self.tr("Require the meeting's quorum ({rule})").format(
            rule=describe_quorum(self.meeting_quorum, ui_language())
            or self.tr("none is set")))
        self.denominator.setAccessibleName(self.tr("Custom fraction: denominator"))
        self.min_present.setToolTip(self.tr("Voting members who must be present or "
                                            "represented, whatever the fraction says"))
        self.allow_change.setText(self.tr("Voters may change their vote until the poll "
                                          "closes"))

    @Slot()
    def _kind_changed(self) -> None:
        kind = KINDS[max(self.kind.currentIndex(), 0)]
        self.options.setEnabled(kind != "motion")
        self.seats.setEnabled(kind == "election")
        self.min_choices.setEnabled(kind != "motion")
        self.max_choices.setEnabled(kind != "motion")
        custom = RULES[max(self.rule.currentIndex(), 0)][0] == "custom"
        self.numerator.setEnabled(custom)
        self.denominator.setEnabled(custom)
        self.abstentions_count.setEnabled(self.rule.currentIndex() == 0)

    def spec(self) -> PollSpec:
        """The spec the form describes; :class:`VotingError` if it is not valid."""
        kind = KINDS[self.kind.currentIndex()]
        options: list[PollOption] = []
        if kind == "motion":
            options = [PollOption("yes", self.tr("In favour"), OptionKind.YES),
                       PollOption("no", self.tr("Against"), OptionKind.NO)]
            mn = mx = 1
        else:
            lines = [t.strip() for t in self.options.toPlainText().splitlines() if t.strip()]
            k = OptionKind.CANDIDATE if kind == "election" else OptionKind.CUSTOM
            options = [PollOption(f"o{n}", t, k) for n, t in enumerate(lines, 1)]
            mn, mx = self.min_choices.value(), self.max_choices.value()
        if self.abstain.isChecked():
            options.append(PollOption("abstain", self.tr("Abstain"), OptionKind.ABSTAIN))
        _name, base, threshold = RULES[self.rule.currentIndex()]
        if threshold is None:
            threshold = Threshold(self.numerator.value(), self.denominator.value(),
                                  strict=False)
        counted = self.abstentions_count.isChecked() or base is not MajorityBase.VOTES_CAST
        return PollSpec(
            title=self.title.text().strip(), options=tuple(options), min_choices=mn,
            max_choices=mx,
            ballot_type=BallotType.SECRET if self.secret.currentIndex() == 0
            else BallotType.NAMED,
            rule=MajorityRule(base, threshold, counted),
            quorum=self._quorum(),
            allow_change=self.allow_change.isChecked(),
            seats=self.seats.value() if kind == "election" else None).validate()

    def _quorum(self) -> QuorumRule:
        own = self.min_present.value() or None
        if not self.quorum.isChecked():
            return QuorumRule(min_present=own)
        q = self.meeting_quorum
        least = max(filter(None, (q.min_present, own)), default=None)
        return QuorumRule(min_present=least, fraction_of_members=q.fraction_of_members)

    @Slot()
    def _accept(self) -> None:
        try:
            spec = self.spec()
        except VotingError as e:
            self.error.setText(reason_text(e.reason) or str(e))
            self.error.show()
            return
        self.spec_ready.emit(spec)
        self.accept()
