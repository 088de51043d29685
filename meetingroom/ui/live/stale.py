"""The live screen's offline line: every figure is as of HH:MM, and "Reconnect now"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from meetingroom.ui.base.i18n import local_time
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated


def as_of_text(when: datetime) -> str:
    """``HH:MM`` (local time) of the moment the figures last matched the server."""
    return local_time(when)


class StaleBar(Retranslated, QFrame):
    """Shown while the server is out of reach: the figures below are as of a time, and
    a button asks the engine to reconnect at once. Owner: the live pane (parent)."""

    reconnect_requested = Signal()
    """The person pressed "Reconnect now"."""

    def __init__(self, icons: IconSet, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stale")
        self._icons, self._colors = icons, colors
        self.as_of: datetime | None = None
        self._icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.reconnect = QPushButton(self)
        self.reconnect.setMinimumHeight(44)
        self.reconnect.clicked.connect(self._reconnect)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 6, 4)
        lay.addWidget(self._icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.reconnect)
        self._restyle()
        self.hide()

    def set_as_of(self, when: datetime | None, *, can_reconnect: bool) -> None:
        """Show that the figures are as of ``when`` (None: they are live; hide)."""
        self.as_of = when
        self.reconnect.setVisible(can_reconnect)
        if when is None:
            self.hide()
            return
        self._retranslate()
        self.show()

    def retry_started(self, waiting: bool) -> None:
        """``waiting``: a reconnect attempt is under way (the button waits for it)."""
        self.reconnect.setEnabled(not waiting)

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        self._restyle()

    def _restyle(self) -> None:
        c = self._colors
        self.setStyleSheet(f"QFrame#stale {{ border: 2px solid {c.warn}; border-radius: 6px; }}"
                           f"QFrame#stale QLabel {{ color: {c.text}; border: none; }}")
        self._icon.setPixmap(self._icons.icon("offline", c.warn).pixmap(QSize(24, 24)))

    def _reconnect(self) -> None:
        self.retry_started(True)
        self.reconnect_requested.emit()

    def _retranslate(self) -> None:
        self.reconnect.setText(self.tr("Reconnect now"))
        if self.as_of is not None:
            self.label.setText(self.tr(
                "Not connected to the server. The figures below are as of {time} and may "
                "have changed since.").format(time=as_of_text(self.as_of)))
