"""A closed poll's result: the chart, the rule and outcome sentences, "Check the count"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from meetingroom.domain.polls import Poll, PollRecord, RecordCheck
from meetingroom.domain.voting_tally import Outcome
from meetingroom.domain.voting_text import describe_result, describe_rule, describe_threshold
from meetingroom.ui.base.text_size import Emphasis, emphasize
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.live_text import ui_language
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import heading, muted
from meetingroom.ui.polls.chart import ResultChart, chart_data


def problem_text(problem: str) -> str:
    """A :func:`verify_record` problem in the interface language."""
    known = {
        "the poll is not closed": QCoreApplication.translate(
            "ResultPanel", "The poll is not closed yet."),
        "a receipt code appears twice": QCoreApplication.translate(
            "ResultPanel", "A receipt code appears twice in the record."),
        "a receipt code is malformed": QCoreApplication.translate(
            "ResultPanel", "A receipt code in the record is malformed."),
        "the named list does not match the ballots": QCoreApplication.translate(
            "ResultPanel",
            "The list of named votes does not match the ballots."),
        "the named list's choices differ from the ballots": QCoreApplication.translate(
            "ResultPanel",
            "The named votes differ from the ballots."),
        "the recomputed result differs from the published result": QCoreApplication.translate(
            "ResultPanel",
            "Counting the published ballots again gives another result than the one "
            "announced."),
        "your receipt is not in the record": QCoreApplication.translate(
            "ResultPanel", "Your receipt code is not in the record."),
        "your ballot is recorded with other choices than you made": QCoreApplication.translate(
            "ResultPanel",
            "Your ballot is recorded with other choices than you made."),
    }
    if problem in known:
        return known[problem]
    sentence, _, words = problem.partition(": ")
    group = _GROUPS.get(sentence)
    if group is not None:
        text = {
            "lists": QCoreApplication.translate(
                "ResultPanel", "The member or attendance lists do not match the published "
                "counts."),
            "voters": QCoreApplication.translate(
                "ResultPanel", "The list of voters does not match the members who voted."),
            "named": QCoreApplication.translate(
                "ResultPanel", "A named vote does not match its sealed ballot."),
            "secret": QCoreApplication.translate(
                "ResultPanel", "The record of a secret poll names who voted what."),
        }[group]
        return f"{text} ({words})" if words else text
    if " ballots but " in problem:
        return QCoreApplication.translate(
            "ResultPanel", "The number of ballots differs from the number of voters.")
    return QCoreApplication.translate(
            "ResultPanel", "The ballots in the record cannot be counted.")


_GROUPS = {
    "a user id appears twice among the names": "lists",
    "a member is listed twice among the members": "lists",
    "a member is listed twice among the present": "lists",
    "the published number of members differs from the member list": "lists",
    "the published number present differs from the list of those present": "lists",
    "listed as present but not as a member": "lists",
    "voted but not listed as present": "lists",
    "a listed user id has no name": "lists",
    "a member is listed twice among the voters": "voters",
    "a voter is listed more often than they voted": "voters",
    "a voter's name is not that of a member who voted": "voters",
    "a member who voted is missing from the voters": "voters",
    "a member has more than one named ballot": "named",
    "a member who voted has no named ballot": "named",
    "a named ballot belongs to a member not listed as voting": "named",
    "a named ballot has no opening, so it cannot be checked": "named",
    "a named ballot's receipt is not among the ballots": "named",
    "a named ballot does not open its receipt (its member, who cast it or its choices "
    "were changed)": "named",
    "a ballot has no named entry": "named",
    "the named list shows what no sealed ballot says": "named",
    "the named list leaves out a sealed ballot": "named",
    "a secret poll's record names who voted what": "secret",
}
"""The problems of ``domain/record_lists.py`` (sentence before ": "), by what they mean."""


class ResultPanel(Retranslated, QFrame):
    """Shows one closed poll's result; owner: the live pane (parent)."""

    check_requested = Signal(str)
    """Poll id: the user wants the published record fetched and the count checked."""
    export_requested = Signal(str)
    """Poll id: the user wants the result saved as PDF, CSV and JSON."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._colors = colors
        self.poll: Poll | None = None
        self.title = heading("", self)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.chart = ResultChart(colors, self)
        self.rule = muted("", self)
        self.turnout = muted("", self)
        self.check_button = QPushButton(self)
        self.check_button.setMinimumHeight(44)
        self.check_button.clicked.connect(self._check)
        self.check_label = QLabel(self)
        self.check_label.setWordWrap(True)
        self.export_button = QPushButton(self)
        self.export_button.setMinimumHeight(44)
        self.export_button.clicked.connect(self._export)
        self.export_label = QLabel(self)
        self.export_label.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        for w in (self.title, self.outcome, self.chart, self.rule, self.turnout,
                  self.check_button, self.check_label, self.export_button,
                  self.export_label):
            lay.addWidget(w)
        self._set_texts()

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self.chart.set_colors(colors)
        self._redraw()

    def show_poll(self, poll: Poll) -> None:
        if self.poll is None or self.poll.id != poll.id:
            self.check_label.setText("")
            self.export_label.setText("")
        self.poll = poll
        self._redraw()

    def _redraw(self) -> None:
        poll = self.poll
        if poll is None or poll.result is None:
            return
        lang = ui_language()
        spec, result = poll.spec, poll.result
        self.title.setText(self.tr("Result: {title}").format(title=spec.title))
        self.outcome.setText(describe_result(spec, result, lang))
        good = result.outcome in (Outcome.ADOPTED, Outcome.ELECTED)
        colour = self._colors.ok if good else self._colors.bad
        self.outcome.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        emphasize(self.outcome, Emphasis.LARGE)
        self.rule.setText(self.tr("Rule: {rule}").format(
            rule=describe_rule(spec.rule, spec.quorum, lang)))
        self.turnout.setText(self.tr("{done} ballots cast; {present} of {total} members "
                                     "present").format(done=result.ballots_cast,
                                                       present=result.present,
                                                       total=result.members))
        self.chart.set_data(chart_data(poll), language=lang, threshold_text=self.tr(
            "needed: {count} ({threshold})").format(
            count=result.required, threshold=describe_threshold(spec.rule.threshold, lang)))

    @Slot()
    def _check(self) -> None:
        if self.poll is not None:
            self.check_button.setEnabled(False)
            self.check_label.setText(self.tr("Fetching the published record…"))
            self.check_requested.emit(self.poll.id)

    @Slot()
    def _export(self) -> None:
        if self.poll is not None:
            self.export_requested.emit(self.poll.id)

    def exporting(self) -> None:
        self.export_button.setEnabled(False)
        self.export_label.setText(self.tr("Writing the PDF and CSV files…"))

    def exported(self, folder: str, names: list[str]) -> None:
        self.export_button.setEnabled(True)
        self.export_label.setText(self.tr("Saved in {folder}: {files}").format(
            folder=folder, files=", ".join(names)))

    def export_failed(self, text: str) -> None:
        self.export_button.setEnabled(True)
        self.export_label.setText(text)

    def show_check(self, record: PollRecord, checks: list[RecordCheck], *, own: bool) -> None:
        """The outcome of checking ``record`` (one check per own ballot when ``own``)."""
        self.check_button.setEnabled(True)
        problems = [p for c in checks for p in c.problems]
        if not problems:
            text = self.tr("Checked: the {count} published ballots give the announced "
                           "result.").format(count=len(record.ballots))
            if own:
                text += " " + self.tr("Your ballot is in the record as you cast it.")
            colour = self._colors.ok
            if any(c.unchecked for c in checks):
                text += "\n" + self.tr("This record is from an older version: the member "
                                       "counts and who voted what could not be checked.")
                colour = self._colors.warn
        else:
            text = self.tr("The check found problems:") + "\n" + "\n".join(
                "• " + problem_text(p) for p in dict.fromkeys(problems))
            colour = self._colors.bad
        self.check_label.setText(text)
        self.check_label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")

    def check_failed(self, text: str) -> None:
        self.check_button.setEnabled(True)
        self.check_label.setText(text)
        self.check_label.setStyleSheet("")

    def _set_texts(self) -> None:
        self.check_button.setText(self.tr("Check the count"))
        self.export_button.setText(self.tr("Export the result (PDF, CSV)…"))

    def _retranslate(self) -> None:
        self._set_texts()
        self._redraw()
