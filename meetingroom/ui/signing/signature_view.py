"""A signed file's signatures as every participant sees them: verdict, then one card each."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from meetingroom.domain.signatures import SignatureCheck, SignatureReport, Trust
from meetingroom.ui.base.i18n import format_moment
from meetingroom.ui.base.text_size import Emphasis, emphasize
from meetingroom.ui.base.theme import DARK, LIGHT, Colors
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.common.widgets import muted

log = logging.getLogger("meetingroom.ui")


class SignatureCard(QFrame):
    """One signature: signer, role, time, trust, warnings. Owner: the SignatureView."""

    def __init__(self, check: SignatureCheck, icons: IconSet, colors: Colors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.setProperty("role", "messagebar")
        ok = check.ok
        colour = colors.ok if ok else colors.bad
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon("check" if ok else "warning", colour).pixmap(24, 24))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.verdict = QLabel(self.tr("Valid") if ok else self.tr("Not valid"), self)
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.signer = QLabel(check.signer_name, self)
        self.signer.setStyleSheet("font-weight: bold;")
        self.signer.setWordWrap(True)
        self.lines: list[QLabel] = []
        texts = QVBoxLayout()
        texts.setSpacing(2)
        head = QHBoxLayout()
        head.addWidget(self.signer, 1)
        head.addWidget(self.verdict)
        texts.addLayout(head)
        for text, kind in self._details(check):
            label = muted(text, self) if kind == "muted" else QLabel(text, self)
            label.setWordWrap(True)
            if kind == "bad":
                label.setStyleSheet(f"color: {colors.bad};")
            elif kind == "warn":
                label.setStyleSheet(f"color: {colors.warn};")
            self.lines.append(label)
            texts.addWidget(label)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.icon)
        lay.addLayout(texts, 1)

    def _details(self, c: SignatureCheck) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if c.role:
            out.append((self.tr("Role: {role}").format(role=c.role), "muted"))
        when = format_moment(c.signing_time)
        out.append((self.tr("Signed {time}, time confirmed by a timestamp server").format(
            time=when) if c.timestamped else self.tr(
            "Signed {time} (time claimed by the signer, not confirmed)").format(time=when),
            "plain" if c.timestamped else "muted"))
        if c.trust is Trust.TRUSTED:
            out.append((self.tr("Certificate issued by a trusted authority"), "plain"))
        elif c.trust is Trust.SELF_SIGNED:
            out.append((self.tr("Self-signed certificate: no authority confirms who the "
                                "signer is"), "warn"))
        else:
            out.append((self.tr("Certificate from an issuer that is not among the trusted "
                                "authorities"), "warn"))
        if c.modified_after_signing:
            out.append((self.tr("⚠ The file was changed after this signature."), "bad"))
        if not c.covers_whole_file:
            out.append((self.tr("⚠ This signature does not cover the whole file."), "bad"))
        if not (c.intact and c.valid):
            out.append((self.tr("⚠ The signature does not match the file's content."), "bad"))
        if c.problem:
            out.append((self.tr("Problem: {problem}").format(problem=c.problem), "bad"))
        return out


class SignatureView(QWidget):
    """Shows a :class:`SignatureReport`; colours follow the theme, meaning never needs them
    (text and icon say the same). Owner: the MinutesPane or a dialog (parent)."""

    def __init__(self, icons: IconSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self.report: SignatureReport | None = None
        self.verdict_icon = QLabel(self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.cards: list[SignatureCard] = []
        self._list = QWidget(self)
        self._rows = QVBoxLayout(self._list)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        top = QHBoxLayout()
        top.addWidget(self.verdict_icon)
        top.addWidget(self.verdict, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.error)
        lay.addWidget(scroll, 1)
        self.show_report(None)

    def colors(self) -> Colors:
        """The theme's colours, judged from the palette (so a theme switch follows)."""
        window = self.palette().color(QPalette.ColorRole.Window)
        return DARK if window.lightness() < 128 else LIGHT

    def show_report(self, report: SignatureReport | None) -> None:
        self.report = report
        colors = self.colors()
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        if report is None:
            self.verdict_icon.clear()
            self.verdict.setText(self.tr("Not signed yet."))
            self.verdict.setStyleSheet("")
            self.error.hide()
            return
        ok = report.all_valid
        colour = colors.ok if ok else colors.bad
        self.verdict_icon.setPixmap(self._icons.icon("shield" if ok else "shield-off",
                                                     colour).pixmap(32, 32))
        self.verdict.setText(self.tr("All signatures are valid") if ok
                             else self.tr("The signatures are NOT valid"))
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        emphasize(self.verdict, Emphasis.HEADING)
        self.error.setVisible(bool(report.error))
        self.error.setText(self.tr("The file could not be checked: {reason}").format(
            reason=report.error))
        self.error.setStyleSheet(f"color: {colors.bad};")
        for check in report.signatures:
            card = SignatureCard(check, self._icons, colors, self._list)
            self._rows.insertWidget(self._rows.count() - 1, card)
            self.cards.append(card)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange):
            self.show_report(self.report)
        super().changeEvent(event)
