"""Tells the person what needs them now, wherever they are: banners, tab badge, status, sound."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from meetingroom.domain import access
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.sync import events as ev
from meetingroom.sync.engine import SyncEngine
from meetingroom.ui.base.bridge import EngineBridge
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.live.attention import Attention, AttentionTracker, Need
from meetingroom.ui.live.attention_bar import AttentionBar
from meetingroom.ui.reader.viewer import DocumentViewer

log = logging.getLogger("meetingroom.ui")

NOTICE_MS = 45_000
"""A light notice (the floor, a new item) closes itself after this long."""


class Notifier(QObject):
    """Watches every meeting for what needs this user and shows it on every window.

    The main window's bar and one bar per open reader (added when the reader opens) show
    the most urgent thing; ``vote_changed`` lets the main window badge its Live tab and
    say it in the status bar. ``sound``: beep once when a vote opens for this user.
    Owner: the main window (parent).
    """

    go_requested = Signal(object)
    """Attention: the person pressed a banner's button; the main window shows the ballot
    (an open vote, the floor) or the item."""
    vote_changed = Signal(object)
    """Attention or None: the open vote this user has not voted in (shown on the Live tab
    and in the status bar until they vote or it closes), or none."""

    def __init__(self, engine: SyncEngine, bridge: EngineBridge, icons: IconSet,
                 colors: Colors, *, main_bar: AttentionBar, following: Callable[[], bool],
                 shows_ballot: Callable[[str], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._engine, self._icons, self._colors = engine, icons, colors
        self._following, self._shows_ballot = following, shows_ballot
        self.tracker = AttentionTracker()
        self.main_bar = main_bar
        self._bars: list[AttentionBar] = []
        self._announced: set[str] = set()
        """Keys already announced (beeped; a light notice's timer started)."""
        self._vote: Attention | None = None
        self.sound = False
        """Beep when a vote opens for this user (the user's setting)."""
        self._add_bar(main_bar)
        bridge.meeting_updated.connect(self._on_meeting_updated)
        bridge.meetings_changed.connect(self._on_meetings_changed)
        bridge.meeting_removed.connect(self._on_meeting_removed)
        bridge.ballot_changed.connect(self._on_ballot_changed)

    # -- windows ---------------------------------------------------------------------------
    @Slot(object)
    def viewer_opened(self, viewer: DocumentViewer) -> None:
        """A reader opened: it gets its own bar above its pages (it owns it)."""
        bar = AttentionBar(self._icons, self._colors, viewer)
        viewer.add_banner(bar)
        self._add_bar(bar)
        self._show()

    def bars(self) -> list[AttentionBar]:
        """Every live bar: the main window's, then one per open reader."""
        self._bars = [b for b in self._bars if isValid(b)]
        return list(self._bars)

    def _add_bar(self, bar: AttentionBar) -> None:
        bar.action_clicked.connect(self.go)
        bar.dismissed.connect(self.dismiss)
        self._bars.append(bar)

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        for bar in self.bars():
            bar.set_colors(colors)

    # -- what changed -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Look at every cached meeting again (a new user, following switched, …)."""
        self.tracker.clear()
        for cached in self._engine.meetings.cached():
            snap = self._engine.meetings.snapshot(cached.meeting.id)
            if snap is not None:
                self._take(snap)
        self._show()

    @Slot(object)
    def _on_meeting_updated(self, event: ev.MeetingUpdated) -> None:
        self._take(event.snapshot)
        self._show()

    @Slot(object)
    def _on_meetings_changed(self, event: ev.MeetingsChanged) -> None:
        known = {c.meeting.id for c in event.meetings}
        for cached in event.meetings:
            snap = self._engine.meetings.snapshot(cached.meeting.id)
            if snap is not None and not self.tracker.knows(snap.meeting.id):
                self._take(snap)  # from the cache at start-up
        for gone in self.tracker.meetings() - known:
            self.tracker.forget(gone)
        self._show()

    @Slot(object)
    def _on_meeting_removed(self, event: ev.MeetingRemoved) -> None:
        self.tracker.forget(event.meeting_id)
        self._show()

    @Slot(object)
    def _on_ballot_changed(self, event: ev.BallotChanged) -> None:
        snap = self._engine.meetings.snapshot(event.ballot.meeting_id)
        if snap is not None:
            self._take(snap)
            self._show()

    def _take(self, snap: MeetingSnapshot) -> None:
        user = self._engine.user
        if user is None:
            self.tracker.forget(snap.meeting.id)
            return
        runs = access.can_run_meeting(user, snap.meeting,
                                      {p.user_id for p in snap.participants})
        self.tracker.update(snap, user_id=user.id,
                            ballots=self._engine.voting.ballots(snap.meeting.id),
                            following=self._following(), runs_meeting=runs)

    # -- showing ------------------------------------------------------------------------------
    def _show(self) -> None:
        banner = self.tracker.banner()
        if banner is not None and banner.key not in self._announced:
            self._announce(banner)
        for bar in self.bars():
            shown = banner
            if (bar is self.main_bar and banner is not None and banner.need is not Need.ITEM
                    and self._shows_ballot(banner.meeting_id)):
                shown = None  # the ballot (or the speaking time) is in front of them there
            if shown != bar.attention or (shown is not None) == bar.isHidden():
                bar.show_attention(shown)
        vote = self.tracker.vote()
        if vote != self._vote:
            self._vote = vote
            self.vote_changed.emit(vote)

    def update_main_bar(self) -> None:
        """The main window changed tab or meeting: show or hide its bar accordingly."""
        self._show()

    def _announce(self, attention: Attention) -> None:
        self._announced.add(attention.key)
        log.info("attention: %s in %s", attention.need.name.lower(), attention.meeting_id)
        if attention.urgent:
            if self.sound:
                QApplication.beep()
        else:
            QTimer.singleShot(NOTICE_MS, self, lambda a=attention: self.dismiss(a))

    @Slot(object)
    def go(self, attention: Attention) -> None:
        """A banner's button: it has done its job (the badge and status line stay while
        the vote is open); the main window takes the person there."""
        self.tracker.dismiss(attention)
        self._show()
        self.go_requested.emit(attention)

    @Slot(object)
    def dismiss(self, attention: Attention) -> None:
        if attention.urgent:
            return  # a vote's banner is not closed by hand
        self.tracker.dismiss(attention)
        self._show()

    def status_text(self, vote: Attention | None) -> str:
        """The status bar's line for an open vote ("" without one)."""
        if vote is None:
            return ""
        return self.tr("Vote open: {title} – you have not voted").format(title=vote.title)
