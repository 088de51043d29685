"""The Live tab's header every participant sees: phase, item, head count, quorum, speaker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from meetingroom.domain.live import HeadCount, Speakers, head_count
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.ui.base.i18n import local_time
from meetingroom.ui.base.text_size import Emphasis, emphasize
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.live_text import phase_text
from meetingroom.ui.common.translated import Retranslated

TICK_MS = 500
"""How often the speaking timer is redrawn."""


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) of a non-negative duration, rounded down."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def open_poll(snap: MeetingSnapshot) -> Poll | None:
    """The poll being voted on now (the server allows one at a time)."""
    return next((p for p in snap.polls if p.status is PollStatus.OPEN), None)


def speaker_name(snap: MeetingSnapshot, user_id: str) -> str:
    p = snap.participant(user_id)
    return p.display_name if p is not None else "?"


class LiveHeader(Retranslated, QFrame):
    """Phase, current item, present count, quorum badge, speaker timer, poll turnout.

    Owner: the live pane (parent). Redrawn by :meth:`show_snapshot`; the speaking timer
    redraws itself from ``server_time`` (the server's clock, as the engine knows it).
    While the server is out of reach (:meth:`set_as_of`), every figure says "as of HH:MM",
    the quorum badge is grey and the timer stops: old figures must not look current.
    """

    def __init__(self, server_time: Callable[[], float], colors: Colors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._server_time, self._colors = server_time, colors
        self._snap: MeetingSnapshot | None = None
        self.as_of: datetime | None = None
        """When the figures last matched the server, while offline (None: live)."""
        self.heads: HeadCount | None = None
        self.quorum_colours: tuple[str, str] = ("", "")
        """(fill, text) of the quorum badge as last drawn."""
        self.phase = QLabel(self)
        self.phase.setProperty("role", "heading")
        self.item = QLabel(self)
        self.item.setWordWrap(True)
        self.count = QLabel(self)
        self.count.setProperty("role", "heading")
        self.quorum = QLabel(self)
        self.quorum.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # never narrower than its text (an explicit minimum width would allow that)
        self.quorum.setSizePolicy(QSizePolicy.Policy.MinimumExpanding,
                                  QSizePolicy.Policy.Preferred)
        self.speaker = QLabel(self)
        self.speaker.setWordWrap(True)
        self.timer_label = QLabel(self)
        self.timer_label.setProperty("role", "heading")
        self.turnout = QLabel(self)
        self.turnout.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.addWidget(self.phase, 0, 0)
        grid.addWidget(self.item, 0, 1, 1, 2)
        grid.addWidget(self.quorum, 0, 3, 2, 1)
        grid.addWidget(self.count, 1, 0)
        grid.addWidget(self.speaker, 1, 1)
        grid.addWidget(self.timer_label, 1, 2)
        grid.addWidget(self.turnout, 2, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._redraw()

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self._redraw()

    def show_snapshot(self, snap: MeetingSnapshot | None) -> None:
        self._snap = snap
        self._redraw()

    def set_as_of(self, when: datetime | None) -> None:
        """Mark the figures as of ``when`` (offline), or as live (None)."""
        if when != self.as_of:
            self.as_of = when
            self._redraw()

    def _stale(self, text: str) -> str:
        """``text`` marked with the time it is as of, while offline."""
        if self.as_of is None or not text:
            return text
        return self.tr("{figure} · as of {time}").format(figure=text,
                                                          time=local_time(self.as_of))

    def _redraw(self) -> None:
        snap = self._snap
        if snap is None:
            self.heads = None
            for w in (self.phase, self.item, self.count, self.quorum, self.speaker,
                      self.timer_label, self.turnout):
                w.setText("")
            self._timer.stop()
            return
        live = snap.live
        self.phase.setText(phase_text(live.phase))
        item = next((i for i in snap.items if i.id == live.current_item_id), None)
        self.item.setText(self.tr("Current item: {title}").format(title=item.title)
                          if item is not None else self.tr("No current item"))
        heads = head_count(live, snap.participants)
        self.heads = heads
        self.count.setText(self._stale(self.tr(
            "{present} present + {proxies} by proxy / {total}").format(
            present=heads.present, proxies=heads.represented, total=heads.members)))
        met = heads.quorum_met
        below = (self.tr("needs {count}").format(count=heads.quorum_required)
                 if self.as_of is None
                 else self.tr("as of {time}").format(time=local_time(self.as_of)))
        self.quorum.setText(
            (self.tr("QUORUM MET") if met else self.tr("NO QUORUM")) + "\n" + below)
        c = self._colors
        if self.as_of is not None:  # no green "quorum met" from old figures
            fill, ink = c.alt_base, c.muted
        else:
            fill, ink = (c.ok if met else c.bad), c.on_status
        self.quorum_colours = (fill, ink)
        border = c.border if self.as_of is not None else fill
        self.quorum.setStyleSheet(
            f"QLabel {{ background: {fill}; color: {ink}; "
            f"font-weight: bold; border: 2px dashed {border}; border-radius: 8px; "
            f"padding: 6px 12px; }}")
        emphasize(self.quorum, Emphasis.LARGER)
        self.quorum.setProperty("stale", self.as_of is not None)
        poll = open_poll(snap)
        self.turnout.setText("" if poll is None else self._stale(self.tr(
            "Voting: {title} – {done}/{total} have voted").format(
            title=poll.spec.title, done=poll.turnout, total=poll.present_at_open)))
        self.turnout.setVisible(poll is not None)
        self._tick()

    @Slot()
    def _tick(self) -> None:
        snap = self._snap
        s = snap.live.speakers if snap is not None else Speakers()
        if snap is None or s.speaking is None:
            self.speaker.setText(self._stale(self.tr("Nobody has the floor"))
                                 if snap is not None else "")
            self.timer_label.setText("")
            self._timer.stop()
            return
        self.speaker.setText(self._stale(self.tr("Speaking: {name}").format(
            name=speaker_name(snap, s.speaking))))
        if self.as_of is not None:  # who speaks now, and for how long, is not known
            self.timer_label.setText("")
            self._timer.stop()
            return
        self.timer_label.setText(self.timer_text(s, self._server_time()))
        if not self._timer.isActive():
            self._timer.start()

    def timer_text(self, s: Speakers, now: float) -> str:
        """Elapsed time, or the time left when a limit is set ("over by" past it)."""
        elapsed = max(0.0, now - (s.since or now))
        if not s.limit:
            return clock_text(elapsed)
        left = s.limit - elapsed
        if left >= 0:
            return self.tr("{time} left").format(time=clock_text(left + 0.999))
        return self.tr("over by {time}").format(time=clock_text(-left))

    def _retranslate(self) -> None:
        self._redraw()
