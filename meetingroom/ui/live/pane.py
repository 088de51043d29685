"""The Live tab: header for everyone, own controls, ballot and result, the runner's console."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from meetingroom.domain import access
from meetingroom.domain.live import represented_by, voters
from meetingroom.domain.model import Document, MeetingSnapshot, User
from meetingroom.domain.polls import (
    BallotState,
    LocalBallot,
    Poll,
    PollRecord,
    PollStatus,
    RecordCheck,
    verify_record,
)
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.body_fields import Body
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.confirm import ConfirmDialog, Question, ask
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.live_text import live_error_text
from meetingroom.ui.common.widgets import MessageBar
from meetingroom.ui.live.console import LiveConsole
from meetingroom.ui.live.delegate import DelegateBar
from meetingroom.ui.live.follow import PresenterLink
from meetingroom.ui.live.header import LiveHeader, open_poll
from meetingroom.ui.live.stale import StaleBar
from meetingroom.ui.polls.ballot import BallotPanel, Voter
from meetingroom.ui.polls.box import BoxPanel
from meetingroom.ui.polls.exporter import PollExporter
from meetingroom.ui.polls.result import ResultPanel
from meetingroom.ui.polls.token_dialog import ask_pin
from meetingroom.ui.reader.viewer import DocumentViewer

log = logging.getLogger("meetingroom.ui")


def shown_poll(snap: MeetingSnapshot) -> Poll | None:
    """The open poll, else the one closed last (its result, or its sealed box waiting for
    the trustees, stays on screen)."""
    poll = open_poll(snap)
    if poll is not None:
        return poll
    closed = [p for p in snap.polls if p.status in (PollStatus.CLOSED, PollStatus.COUNTING,
                                                    PollStatus.UNOPENED)]
    return max(closed, key=lambda p: p.closed_at or 0.0) if closed else None


def voters_for(snap: MeetingSnapshot, user: User) -> list[Voter]:
    """Whom this user votes for: themselves (with a voting right), then the absent members
    whose proxy they hold."""
    members = voters(snap.participants)
    out = [Voter(user.id, user.display_name, False)] if user.id in members else []
    for member, holder in sorted(represented_by(snap.live, members).items()):
        p = snap.participant(member)
        if holder == user.id and p is not None:
            out.append(Voter(member, p.display_name, True))
    return out


def record_checks(record: PollRecord, ballots: list[LocalBallot]) -> list[RecordCheck]:
    """One check per member this device voted for (their last accepted ballot), or one
    check of the record alone when this device cast none."""
    last: dict[str, LocalBallot] = {}
    for b in sorted(ballots, key=lambda b: b.created_at):
        if b.poll_id == record.poll.id and b.state not in (BallotState.REFUSED,
                                                           BallotState.STORED):
            last[b.member_id] = b
    if not last:
        return [verify_record(record)]
    # a COUNTED ballot was already matched with its choices, which this device then erased
    return [verify_record(record, receipt=b.receipt, choices=None if b.state is
                          BallotState.COUNTED else b.choices) for b in last.values()]


class LivePane(QWidget):
    """One meeting's live session for one user; owner: the main window (parent)."""

    item_followed = Signal(str)
    """Item id: the current item changed while the user follows the presenter."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, icons: IconSet,
                 colors: Colors, *, open_document: Callable[[Document], DocumentViewer | None],
                 viewers: Callable[[], list[DocumentViewer]], parent: QWidget) -> None:
        super().__init__(parent)
        self._engine, self._bridge = engine, bridge
        self.snap: MeetingSnapshot | None = None
        self.user: User | None = None
        self.question: ConfirmDialog | None = None
        """The confirmation being asked, if any."""
        self.messages = MessageBar(icons, self)
        self.stale = StaleBar(icons, colors, self)
        """While offline: the figures are as of HH:MM; "Reconnect now"."""
        self.stale.reconnect_requested.connect(engine.reconnect_now)
        self.header = LiveHeader(engine.meetings.server_time, colors, self)
        self.own = DelegateBar(self)
        self.ballot = BallotPanel(colors, self)
        self.result = ResultPanel(colors, self)
        self.box = BoxPanel(self)
        self.console = LiveConsole(self.send, self.confirm, self)
        self.follow = PresenterLink(engine, bridge, open_document=open_document,
                                    viewers=viewers, report=self.show_error, parent=self)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.own)
        lv.addWidget(self.box)
        lv.addWidget(self.result)  # after close the result matters most: above the ballot
        lv.addWidget(self.ballot)
        lv.addStretch(1)
        scroll = self.scroll_area = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # a button wider than the column (a long name, a large text size) scrolls into
        # view instead of running under the console
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setMinimumWidth(360)  # the own buttons and the ballot stay readable
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its buttons, which it
        # scrolls into view; the area itself is no control
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(scroll)
        self.split.addWidget(self.console)
        self.split.setSizes([360, 700])  # the console's tables get the room (names uncut)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.messages)
        lay.addWidget(self.stale)
        lay.addWidget(self.header)
        lay.addWidget(self.split, 1)
        self.own.check_in_requested.connect(self._check_in)
        self.own.speak_requested.connect(self._speak)
        self.own.follow_toggled.connect(self._follow_toggled)
        self.ballot.cast_requested.connect(self._cast)
        self.result.check_requested.connect(self._check_count)
        self.result.export_requested.connect(self._export)
        self.exporter = PollExporter(engine, bridge, self)
        bridge.ballot_changed.connect(self._on_ballot)
        self.box.claim_requested.connect(self._box_claim)
        self.box.release_requested.connect(self._box_release)
        self.box.abandon_requested.connect(self._box_abandon)
        self.ballot.hide()
        self.result.hide()
        self.box.hide()
        self.console.hide()

    # -- input -------------------------------------------------------------------------
    def set_colors(self, colors: Colors) -> None:
        for w in (self.header, self.ballot, self.result, self.stale):
            w.set_colors(colors)

    def set_as_of(self, when: datetime | None, *, can_reconnect: bool = True) -> None:
        """Offline: mark every figure as of ``when`` (None: online, the figures are live)."""
        self.stale.set_as_of(when, can_reconnect=can_reconnect)
        self.header.set_as_of(when)

    def show_ballot(self) -> None:
        """Bring the ballot (or, without one, the own controls) into view and focus it."""
        target = self.ballot if self.ballot.isVisibleTo(self) else self.own
        self.scroll_area.ensureWidgetVisible(target)
        target.setFocus()
        focus = next((b for b in self.ballot.option_buttons.values() if b.isVisible()), None)
        if target is self.ballot and focus is not None:
            focus.setFocus()

    def show_snapshot(self, snap: MeetingSnapshot | None, user: User | None) -> None:
        previous = self.snap
        if snap is None or previous is None or previous.meeting.id != snap.meeting.id:
            self.messages.clear()
        self.snap, self.user = snap, user
        self.header.show_snapshot(snap)
        runner = bool(snap and user and access.can_run_meeting(
            user, snap.meeting, {p.user_id for p in snap.participants}))
        self.follow.set_meeting(snap, can_present=runner)
        self.own.show_snapshot(snap, user.id if user else None)
        self.console.setVisible(runner)
        if snap is not None and runner:
            self.console.show_snapshot(snap)
        self._show_poll()
        if (snap is not None and previous is not None and self.own.following
                and previous.meeting.id == snap.meeting.id
                and snap.live.current_item_id != previous.live.current_item_id
                and snap.live.current_item_id is not None):
            self.item_followed.emit(snap.live.current_item_id)

    def _show_poll(self) -> None:
        snap, user = self.snap, self.user
        poll = shown_poll(snap) if snap is not None else None
        if snap is None or user is None or poll is None:
            self.ballot.hide()
            self.result.hide()
            self.box.hide()
            return
        ballots = self._engine.voting.ballots(snap.meeting.id)
        mine = [b for b in ballots if b.poll_id == poll.id]
        who = voters_for(snap, user)
        votes = bool(mine) or (poll.status is PollStatus.OPEN and bool(who))
        self.ballot.setVisible(votes)
        if votes:
            self.ballot.show_poll(poll, who or [Voter(user.id, user.display_name, False)],
                                  ballots)
        sealed_box = poll.seal is not None and poll.status in (PollStatus.COUNTING,
                                                               PollStatus.UNOPENED)
        self.box.setVisible(sealed_box)
        if sealed_box:
            self.box.show_poll(poll, snap, user, runs=access.can_run_meeting(
                user, snap.meeting, frozenset(p.user_id for p in snap.participants)))
        self.result.setVisible(poll.result is not None)
        if poll.result is not None:
            self.result.show_poll(poll)

    # -- commands ----------------------------------------------------------------------
    def send(self, body: Body) -> None:
        """Queue a live command; a refusal is shown in words above the screen. Opening a
        poll goes through the engine, which deals a secret poll's sealed box first."""
        if isinstance(body, prq.PollOpen):
            self._bridge.then(self._engine.voting.open_poll(body.meeting_id, body.poll_id),
                              lambda _poll: None, self.show_error, context=self)
        else:
            self._bridge.then(self._engine.outbox.command(body), lambda _r: None,
                              self.show_error, context=self)

    def _token_pin(self) -> tuple[bool, bytes | None]:
        """(go on, PIN): the PIN when this user's trustee key is on a token (asked now:
        opening or releasing a share is a deliberate act), else no PIN."""
        on_token = self._engine.trustee.token()
        if on_token is None:
            return True, None
        pin = ask_pin(self, on_token[0].token_label)
        return pin is not None, pin

    @Slot(str)
    def _box_claim(self, poll_id: str) -> None:
        go, pin = self._token_pin()
        if self.snap is not None and go:
            self._bridge.then(self._engine.voting.box_claim(self.snap.meeting.id, poll_id, pin),
                              lambda _p: None, self.show_error, context=self)

    @Slot(str)
    def _box_release(self, poll_id: str) -> None:
        go, pin = self._token_pin()
        if self.snap is not None and go:
            self._bridge.then(self._engine.voting.box_release(self.snap.meeting.id, poll_id, pin),
                              lambda _p: None, self.show_error, context=self)

    @Slot(str)
    def _box_abandon(self, poll_id: str) -> None:
        snap = self.snap
        if snap is None:
            return

        def abandon() -> None:
            self._bridge.then(self._engine.voting.box_abandon(snap.meeting.id, poll_id),
                              lambda _r: None, self.show_error, context=self)
        poll = snap.poll(poll_id)
        self.confirm(Question(
            text=self.tr("End “{title}” without opening its ballot box?").format(
                title="" if poll is None else poll.spec.title),
            consequence=self.tr("No result will be published, and the sealed ballots are "
                                "erased for good. Do this only when too few trustees can "
                                "release their key share."),
            action=self.tr("End without opening"), keep=self.tr("Keep waiting")), abandon)

    def confirm(self, question: Question, callback: Callable[[], None]) -> None:
        """Ask before an action that cannot be taken back (closing or cancelling a poll,
        ending the meeting); ``callback`` runs only if the user confirms."""
        if self.question is not None:
            self.question.reject()
        dialog = ask(self, question, callback)
        dialog.finished.connect(lambda _r: self._question_gone(dialog))
        self.question = dialog

    def _question_gone(self, dialog: ConfirmDialog) -> None:
        if self.question is dialog:
            self.question = None

    def show_error(self, exc: BaseException) -> None:
        self.messages.show_error(live_error_text(exc))

    @Slot(bool)
    def _check_in(self, present: bool) -> None:
        if self.snap is not None:
            self.send(rq.AttendanceCheckIn(meeting_id=self.snap.meeting.id, present=present))

    @Slot(bool)
    def _speak(self, request: bool) -> None:
        if self.snap is not None:
            self.send(rq.SpeakersRequest(meeting_id=self.snap.meeting.id, request=request))

    @Slot(bool)
    def _follow_toggled(self, on: bool) -> None:
        self.follow.set_following(on)
        if on and self.snap is not None and self.snap.live.current_item_id:
            self.item_followed.emit(self.snap.live.current_item_id)

    @Slot(str, list, str)
    def _cast(self, poll_id: str, choices: list[str], member_id: str) -> None:
        if self.snap is None:
            return
        self._bridge.then(self._engine.voting.cast_ballot(self.snap.meeting.id, poll_id, choices,
                                                          member_id=member_id),
                          lambda _b: self._ballots_changed(),
                          lambda e: self.ballot.cast_failed(live_error_text(e)), context=self)

    @Slot(object)
    def _on_ballot(self, event: ev.BallotChanged) -> None:
        if self.snap is not None and event.ballot.meeting_id == self.snap.meeting.id:
            self._ballots_changed()

    def _ballots_changed(self) -> None:
        self._show_poll()

    @Slot(str)
    def _check_count(self, poll_id: str) -> None:
        snap = self.snap
        if snap is None:
            return
        mid = snap.meeting.id

        def checked(record: PollRecord) -> None:
            checks = record_checks(record, self._engine.voting.ballots(mid))
            own = any(b.poll_id == poll_id and b.state not in (BallotState.REFUSED,
                                                               BallotState.STORED)
                      for b in self._engine.voting.ballots(mid))
            self.result.show_check(record, checks, own=own)

        self._bridge.then(self._engine.voting.poll_record(mid, poll_id), checked,
                          lambda e: self.result.check_failed(live_error_text(e)), context=self)

    @Slot(str)
    def _export(self, poll_id: str, folder: Path | None = None) -> None:
        """Ask for a folder (unless given), then export the poll's result into it."""
        snap = self.snap
        folder = folder or self.exporter.choose_folder()
        if snap is None or folder is None:
            return
        self.result.exporting()
        self.exporter.export(
            snap, poll_id, folder,
            done=lambda files: self.result.exported(str(folder), [
                files.pdf.name, files.csv.name, files.summary_csv.name, files.json.name]),
            failed=self.result.export_failed)
