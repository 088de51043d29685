"""The banner that tells the person what needs them now, over the main window and each reader."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from meetingroom.ui.base.text_size import Emphasis, emphasize
from meetingroom.ui.base.theme import Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.translated import Retranslated
from meetingroom.ui.live.attention import Attention, Need

_ICON = {Need.VOTE: "check", Need.FLOOR: "user", Need.ITEM: "agenda"}


class AttentionBar(Retranslated, QFrame):
    """One line across the top of a window: what needs the person, and one button.

    An open vote is shown strongly (accent background, large text, no close button: it
    stays until the person votes, the poll closes or they go to the ballot); the floor
    and a new current item lighter, with a close button. Owner: the window it sits in
    (parent); the :class:`~meetingroom.ui.live.notifier.Notifier` fills it.
    """

    action_clicked = Signal(object)
    """Attention: the person pressed the bar's button (go to the ballot, …)."""
    dismissed = Signal(object)
    """Attention: the person closed a light notice."""

    def __init__(self, icons: IconSet, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attention")
        self._icons, self._colors = icons, colors
        self.attention: Attention | None = None
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.button = QPushButton(self)
        self.button.setMinimumHeight(44)
        self.button.clicked.connect(self._act)
        self.close_button = QToolButton(self)
        self.close_button.setIconSize(QSize(20, 20))
        self.close_button.setAutoRaise(True)
        self.close_button.setMinimumSize(44, 44)
        self.close_button.clicked.connect(self._close)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 6, 6)
        lay.setSpacing(12)
        lay.addWidget(self._icon)
        lay.addWidget(self._text, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button)
        self.hide()

    @property
    def text(self) -> str:
        """The shown sentence ("" while hidden)."""
        return "" if self.isHidden() else self._text.text()

    def show_attention(self, attention: Attention | None) -> None:
        """Show ``attention`` (None: hide the bar)."""
        self.attention = attention
        if attention is None:
            self.hide()
            return
        self._redraw()
        self.show()
        # a screen reader speaks it at once, whatever has the focus (an alert)
        self.setAccessibleName(self._text.text())
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        if self.attention is not None:
            self._redraw()

    def _redraw(self) -> None:
        a = self.attention
        if a is None:
            return
        c = self._colors
        if a.urgent:
            fg, bg, border = c.accent_text, c.accent, c.accent
        else:
            fg, bg, border = c.text, c.alt_base, c.accent
        self.setStyleSheet(
            f"QFrame#attention {{ background: {bg}; border: 2px solid {border}; "
            f"border-radius: 6px; }}"
            f"QFrame#attention QLabel {{ color: {fg}; background: transparent; border: none; "
            f"font-weight: bold; }}"
            f"QFrame#attention QPushButton {{ background: {fg if a.urgent else bg}; "
            f"color: {bg if a.urgent else c.text}; border: 2px solid {fg if a.urgent else border};"
            f" border-radius: 6px; padding: 4px 16px; font-weight: bold; }}")
        # sized by the text-size setting like every text (no size of its own here)
        emphasize(self._text, Emphasis.LARGE if a.urgent else Emphasis.HEADING)
        self._icon.setPixmap(self._icons.icon(_ICON[a.need], fg).pixmap(QSize(28, 28)))
        self.close_button.setIcon(self._icons.icon("close", fg))
        self.close_button.setVisible(not a.urgent)
        self._retranslate()

    def _retranslate(self) -> None:
        a = self.attention
        self.close_button.setToolTip(self.tr("Close this notice"))
        self.close_button.setAccessibleName(self.tr("Close this notice"))
        if a is None:
            return
        if a.need is Need.VOTE:
            self._text.setText(self.tr("A vote is open: {title}. You have not voted yet.")
                               .format(title=a.title))
            self.button.setText(self.tr("Go to the ballot"))
        elif a.need is Need.FLOOR:
            self._text.setText(self.tr("You have the floor. Please speak now."))
            self.button.setText(self.tr("Show the speaking time"))
        else:
            self._text.setText(self.tr("The meeting has moved on to: {title}")
                               .format(title=a.title))
            self.button.setText(self.tr("Show this item"))
        self.setAccessibleName(self._text.text())

    @Slot()
    def _act(self) -> None:
        if self.attention is not None:
            self.action_clicked.emit(self.attention)

    @Slot()
    def _close(self) -> None:
        if self.attention is not None:
            self.dismissed.emit(self.attention)

