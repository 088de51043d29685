"""The "New poll" dialog: a motion, custom options or an election, and how it is counted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
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
    QScrollArea,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
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
from meetingroom.ui.base.theme import TOUCH_PX
from meetingroom.ui.common.lines import lines_high
from meetingroom.ui.common.live_text import reason_text, ui_language
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted, primary_button

KINDS = ("motion", "choice", "election")
RULES: tuple[tuple[str, MajorityBase, Threshold | None], ...] = (
    ("cast", MajorityBase.VOTES_CAST, SIMPLE_MAJORITY),
    ("present", MajorityBase.PRESENT, SIMPLE_MAJORITY),
    ("members", MajorityBase.MEMBERS, SIMPLE_MAJORITY),
    ("two_thirds", MajorityBase.PRESENT, TWO_THIRDS),
    ("three_quarters", MajorityBase.PRESENT, THREE_QUARTERS),
    ("custom", MajorityBase.PRESENT, None),
)


def _left(field: QWidget) -> QHBoxLayout:
    """A small field (a number) at the start of its row, not stretched across it."""
    row = QHBoxLayout()
    row.addWidget(field)
    row.addStretch(1)
    return row


class PollDialog(Retranslated, QDialog):
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
        lines_high(self.options, 4, fixed=True)
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
        self.quorum_rule = muted("", self)
        """The meeting's quorum in words, under the box that requires it."""
        quorum = QVBoxLayout()
        quorum.setSpacing(0)
        quorum.addWidget(self.quorum)
        quorum.addWidget(self.quorum_rule)
        for box in (self.abstain, self.abstentions_count, self.quorum):
            box.setMinimumHeight(TOUCH_PX)  # level with its label
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
        fraction.addStretch(1)
        self.choices_to = QLabel(self)
        choices = QHBoxLayout()
        choices.addWidget(self.min_choices)
        choices.addWidget(self.choices_to)
        choices.addWidget(self.max_choices)
        choices.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button = primary_button("", self)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        for combo in (self.kind, self.secret, self.rule):  # long texts never widen the form
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self.sections = [heading("", self) for _ in range(3)]
        self.labels = [QLabel(self) for _ in range(12)]
        rows: list[QWidget | QHBoxLayout | QVBoxLayout] = [
            self.title, self.kind, self.options, _left(self.seats), choices, self.abstain,
            self.secret, self.rule, fraction, self.abstentions_count,
            quorum, _left(self.min_present)]
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(16)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: dict[int, int] = {}
        """Index in ``rows`` → row of the form (rows shown or hidden with the kind)."""
        starts = {0: self.sections[0], 6: self.sections[1], 10: self.sections[2]}
        for n, (label, row) in enumerate(zip(self.labels, rows, strict=True)):
            if n in starts:
                if n:
                    self.form.addItem(QSpacerItem(0, 12))
                self.form.addRow(starts[n])
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            label.setMinimumHeight(TOUCH_PX)  # level with the middle of a touch-sized field
            label.setBuddy(_first_widget(row))  # a screen reader's name for the field
            self.form.addRow(label, row)
            self._rows[n] = self.form.rowCount() - 1
        self.form.addRow(self.allow_change)
        self.form.addRow(self.error)
        body = QWidget(self)
        body.setLayout(self.form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus, not it
        scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(12)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.rule.currentIndexChanged.connect(self._kind_changed)
        self._retranslate()
        self._kind_changed()
        self.resize(760, 700)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("New poll"))
        for section, text in zip(self.sections, (
                self.tr("The question"), self.tr("How it is counted"),
                self.tr("Quorum and changes")), strict=True):
            section.setText(text)
        texts = (self.tr("Question"), self.tr("Kind"), self.tr("Options (one per line)"),
                 self.tr("Seats"), self.tr("Each voter chooses"), self.tr("Abstain option"),
                 self.tr("Ballot"), self.tr("Majority needed"), self.tr("Custom fraction"),
                 self.tr("Abstentions"), self.tr("Quorum"), self.tr("At least present"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.choices_to.setText(self.tr("to"))
        self.create_button.setText(self.tr("Create the poll"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.title.setPlaceholderText(self.tr("e.g. Approve the 2027 budget"))
        kind, rule, secret = (self.kind.currentIndex(), self.rule.currentIndex(),
                              self.secret.currentIndex())
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
        for combo, index in ((self.kind, kind), (self.rule, rule), (self.secret, secret)):
            combo.setCurrentIndex(max(index, 0))
        self.abstain.setText(self.tr("Offer \"abstain\""))
        self.abstentions_count.setText(self.tr("Count them in the votes cast"))
        self.abstentions_count.setToolTip(self.tr("Count abstentions and blank ballots in "
                                                  "the votes cast"))
        self.quorum.setText(self.tr("Require the meeting's quorum"))
        self.quorum_rule.setText(self.tr("The meeting's quorum: {rule}").format(
            rule=describe_quorum(self.meeting_quorum, ui_language())
            or self.tr("none is set")))
        self.denominator.setAccessibleName(self.tr("Custom fraction: denominator"))
        self.min_present.setToolTip(self.tr("Voting members who must be present or "
                                            "represented, whatever the fraction says"))
        self.allow_change.setText(self.tr("Voters may change their vote until the poll "
                                          "closes"))

    @Slot()
    def _kind_changed(self) -> None:
        """Show only what the kind of poll and its rule use."""
        kind = KINDS[max(self.kind.currentIndex(), 0)]
        custom = RULES[max(self.rule.currentIndex(), 0)][0] == "custom"
        shown = {2: kind != "motion", 3: kind == "election", 4: kind != "motion",
                 8: custom, 9: self.rule.currentIndex() <= 0}
        for n, visible in shown.items():
            self.form.setRowVisible(self._rows[n], visible)

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


def _first_widget(row: QWidget | QHBoxLayout | QVBoxLayout) -> QWidget:
    """The field a row's label names: the row itself, or the first widget in its layout."""
    if isinstance(row, QWidget):
        return row
    for i in range(row.count()):
        item = row.itemAt(i)
        widget = None if item is None else item.widget()
        if widget is not None:
            return widget
    raise ValueError("a form row without a field")
