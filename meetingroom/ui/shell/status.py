"""The always-visible connection indicator, document sync progress and pending changes."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from PySide6.QtCore import QSize, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from meetingroom.domain.live import head_count
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.sync.events import ConnectionChanged, ConnectionState, OutboxChanged, SyncProgress
from meetingroom.ui.base.i18n import local_time
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.live_text import phase_text
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.common.widgets import ElidedLabel

log = logging.getLogger("meetingroom.ui")

_ICON = {
    ConnectionState.ONLINE: "online",
    ConnectionState.CONNECTING: "reconnecting",
    ConnectionState.RECONNECTING: "reconnecting",
    ConnectionState.OFFLINE: "offline",
    ConnectionState.LOGGED_OUT: "user",
    ConnectionState.UPDATE_REQUIRED: "warning",
}


class ConnectionIndicator(Retranslated, QWidget):
    """Online (green) / Connecting / Reconnecting with countdown (amber) / Offline since
    HH:MM (red), plus the age of the cached data when not online. Owner: StatusPanel."""

    def __init__(self, icons: IconSet, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._colors = colors
        self._icon = QLabel(self)
        self._label = QLabel(self)
        self._label.setMinimumWidth(120)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self._icon)
        lay.addWidget(self._label)
        self.state = ConnectionState.LOGGED_OUT
        self._since: datetime = datetime.now(UTC)
        self._retry_at: float | None = None
        self._data_time: datetime | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh)
        self._refresh()

    @property
    def text(self) -> str:
        return self._label.text()

    @property
    def since(self) -> datetime:
        """When the shown state began (offline: when the server was last reachable)."""
        return self._since

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self._refresh()

    @Slot(object)
    def on_connection_changed(self, event: ConnectionChanged) -> None:
        self.state = event.state
        self._since = event.since
        self._retry_at = (time.monotonic() + event.retry_in) if event.retry_in else None
        log.debug("connection %s", event.state.value)
        self._refresh()

    def set_data_time(self, when: datetime | None) -> None:
        """When the cache last matched the server (shown while not online); never goes back."""
        if when is not None and self._data_time is not None and when < self._data_time:
            return
        self._data_time = when
        self._refresh()

    def _colour(self) -> str:
        c = self._colors
        return {ConnectionState.ONLINE: c.ok, ConnectionState.CONNECTING: c.warn,
                ConnectionState.RECONNECTING: c.warn, ConnectionState.OFFLINE: c.bad,
                ConnectionState.LOGGED_OUT: c.muted,
                ConnectionState.UPDATE_REQUIRED: c.bad}[self.state]

    def _state_text(self) -> str:
        s = self.state
        if s is ConnectionState.ONLINE:
            return self.tr("Online")
        if s is ConnectionState.CONNECTING:
            return self.tr("Connecting…")
        if s is ConnectionState.RECONNECTING:
            left = None if self._retry_at is None else round(self._retry_at - time.monotonic())
            if left is not None and left >= 1:
                return self.tr("Connection lost – reconnecting in {seconds} s").format(
                    seconds=left)
            return self.tr("Connection lost – reconnecting…")
        if s is ConnectionState.OFFLINE:
            return self.tr("Offline since {time}").format(time=local_time(self._since))
        if s is ConnectionState.UPDATE_REQUIRED:
            return self.tr("Update needed")
        return self.tr("Not logged in")

    @Slot()
    def _refresh(self) -> None:
        text = self._state_text()
        if self.state is not ConnectionState.ONLINE and self._data_time is not None:
            text += " · " + self.tr("data from {time}").format(time=_when(self._data_time))
        self._label.setText(text)
        colour = self._colour()
        self._label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self._icon.setPixmap(self._icons.icon(_ICON[self.state], colour).pixmap(QSize(20, 20)))
        counting = self.state is ConnectionState.RECONNECTING and self._retry_at is not None
        if counting and not self._tick.isActive():
            self._tick.start()
        elif not counting and self._tick.isActive():
            self._tick.stop()

    def _retranslate(self) -> None:
        self._refresh()


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local_time(moment)
    return local.strftime("%d/%m %H:%M")


class StatusPanel(Retranslated, QWidget):
    """Connection (with "Reconnect now" while the server is out of reach), download
    progress, unsent changes, the session's figures and what needs the person now, for
    the window's status bar."""

    reconnect_requested = Signal()
    """The person pressed "Reconnect now"."""

    def __init__(self, icons: IconSet, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection = ConnectionIndicator(icons, colors, self)
        self.reconnect = QPushButton(self)
        """Shown while reconnecting or offline: try again at once."""
        self.reconnect.setFlat(True)
        self.reconnect.clicked.connect(self._reconnect_clicked)
        self.reconnect.hide()
        self.attention = ElidedLabel("", self)
        """What needs the person now (an open vote they have not voted in); it gives way
        (ending in "…", whole in its tooltip) to the connection state and the figures."""
        self.progress = QProgressBar(self)
        self.progress.setMinimumWidth(260)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.outbox = QLabel(self)
        self.outbox.setProperty("role", "muted")
        self.outbox.hide()
        self.session = QLabel(self)
        """The running session's head count and quorum, on every tab."""
        self.session.hide()
        self._colors = colors
        self._snap: MeetingSnapshot | None = None
        self._as_of: datetime | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(16)
        lay.addWidget(self.connection)
        lay.addWidget(self.reconnect)
        lay.addWidget(self.progress)
        lay.addWidget(self.outbox)
        lay.addWidget(self.session)
        lay.addWidget(self.attention, 1)
        self._last_sync: SyncProgress | None = None
        self._pending = 0
        self.set_colors(colors)

    def set_reconnectable(self, on: bool, *, waiting: bool = False) -> None:
        """Offer "Reconnect now" (``on``); ``waiting``: an attempt is under way."""
        self.reconnect.setVisible(on)
        self.reconnect.setEnabled(not waiting)
        self.reconnect.setText(self.tr("Reconnect now"))

    @Slot()
    def _reconnect_clicked(self) -> None:
        self.reconnect.setEnabled(False)  # until the attempt ends (set_reconnectable)
        self.reconnect_requested.emit()

    def show_attention(self, text: str) -> None:
        """Say what needs the person now ("" leaves the line empty)."""
        self.attention.setText(text)
        self.attention.setStyleSheet(f"QLabel {{ color: {self._colors.accent}; "
                                     f"font-weight: bold; }}")

    def show_session(self, snap: MeetingSnapshot | None, *,
                     as_of: datetime | None = None) -> None:
        """Phase, present count and quorum of the shown meeting while its session runs;
        ``as_of``: offline, the figures are as of then (said, and not in green)."""
        self._snap, self._as_of = snap, as_of
        if snap is None or not snap.live.phase.running:
            self.session.hide()
            return
        heads = head_count(snap.live, snap.participants)
        quorum = (self.tr("quorum met") if heads.quorum_met
                  else self.tr("no quorum ({needed} needed)").format(
                      needed=heads.quorum_required))
        text = self.tr("{phase} · {here}/{members} present · {quorum}").format(
            phase=phase_text(snap.live.phase), here=heads.present_or_represented,
            members=heads.members, quorum=quorum)
        if as_of is not None:
            text += " · " + self.tr("as of {time}").format(time=local_time(as_of))
        self.session.setText(text)
        colour = (self._colors.muted if as_of is not None
                  else self._colors.ok if heads.quorum_met else self._colors.bad)
        self.session.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        self.session.show()

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self.reconnect.setStyleSheet(
            f"QPushButton {{ border: none; background: transparent; color: {colors.accent}; "
            f"text-decoration: underline; font-weight: bold; padding: 0 4px; }}")
        self.connection.set_colors(colors)
        self.show_session(self._snap, as_of=self._as_of)
        self.show_attention(self.attention.text())

    @property
    def downloading(self) -> bool:
        s = self._last_sync
        return s is not None and s.docs_done < s.docs_total

    @Slot(object)
    def on_sync_progressed(self, event: SyncProgress) -> None:
        self._last_sync = event
        self._refresh_progress()

    @Slot(object)
    def on_outbox_changed(self, event: OutboxChanged) -> None:
        self._pending = event.pending
        self._refresh_outbox()

    def _refresh_progress(self) -> None:
        s = self._last_sync
        if s is None or s.docs_total == 0 or s.docs_done >= s.docs_total:
            self.progress.hide()
            return
        fraction = s.done_bytes / s.total_bytes if s.total_bytes else 0.0
        self.progress.setValue(round(fraction * 1000))
        self.progress.setFormat(self.tr("Downloading documents {done}/{total} – {percent} %")
                                .format(done=s.docs_done, total=s.docs_total,
                                        percent=int(fraction * 100)))
        self.progress.show()

    def _refresh_outbox(self) -> None:
        self.outbox.setVisible(self._pending > 0)
        self.outbox.setText(self.tr("%n change(s) waiting to be sent", "", self._pending))

    def _retranslate(self) -> None:
        self._refresh_progress()
        self._refresh_outbox()
        self.reconnect.setText(self.tr("Reconnect now"))
        self.show_session(self._snap, as_of=self._as_of)
