"""Light and dark themes, the shipped font, and touch-friendly sizes for the whole app."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from meetingroom.paths import font_path
from meetingroom.ui.base.marks import MarkStyle
from meetingroom.ui.base.text_size import NORMAL, clamp, emphasis_rules, points

log = logging.getLogger("meetingroom.ui")

BASE_POINT_SIZE = 11
"""Readable on an old 1366×768 laptop and on a 10" tablet."""
TOUCH_PX = 44
"""Smallest height of anything a finger must hit."""


class ThemeMode(StrEnum):
    """What the user chose; SYSTEM follows the desktop's light/dark setting."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Colors:
    """The colours widgets use beyond the palette (status, badges)."""

    dark: bool
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    accent: str
    accent_text: str
    ok: str
    warn: str
    bad: str
    border: str
    on_status: str = "#ffffff"
    """Text on a badge filled with ``ok``, ``warn``, ``bad`` or ``accent``: at least 4.5:1
    on each."""
    chosen: str = "#d7e2ef"
    """Background of a checked tool button (the tool, colour or mode in use): an accent
    tint the text keeps its contrast on."""


LIGHT = Colors(dark=False, window="#f3f4f6", base="#ffffff", alt_base="#f7f8fa",
               text="#1b1f24", muted="#5f6873", accent="#1f5fa8", accent_text="#ffffff",
               ok="#2e7d32", warn="#a15c00", bad="#c62828", border="#c9ced6",
               chosen="#d7e2ef")
DARK = Colors(dark=True, window="#1e2227", base="#262b31", alt_base="#2b3138",
              text="#e8eaed", muted="#a3abb5", accent="#5b9be6", accent_text="#0d1117",
              ok="#66bb6a", warn="#ffb74d", bad="#f07575", border="#434b55",
              on_status="#0d1117", chosen="#33475e")
"""Every text colour here reads at WCAG AA (4.5:1) on window, base and alt_base, and
on_status on ok/warn/bad/accent; tests/gui/test_theme_contrast.py checks them."""


def load_fonts() -> str:
    """Register the shipped DejaVu Sans (regular and bold); return its family name.

    The same font everywhere means Vietnamese diacritics look identical on every
    delegate's machine, whatever fonts the old system has.
    """
    family = ""
    for bold in (False, True):
        fid = QFontDatabase.addApplicationFont(str(font_path(bold)))
        if fid < 0:
            log.warning("could not load the shipped font %s", font_path(bold).name)
            continue
        families = QFontDatabase.applicationFontFamilies(fid)
        family = family or (families[0] if families else "")
    return family or "DejaVu Sans"


DISABLED_ALPHA = 200
"""Disabled text is ``muted`` at this opacity: at least 3:1 on its background in both
themes, and still fainter than enabled text."""


def palette(c: Colors) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, c.window), (role.WindowText, c.text), (role.Base, c.base),
                     (role.AlternateBase, c.alt_base), (role.Text, c.text),
                     (role.Button, c.base), (role.ButtonText, c.text),
                     (role.ToolTipBase, c.base), (role.ToolTipText, c.text),
                     (role.Highlight, c.accent), (role.HighlightedText, c.accent_text),
                     (role.Link, c.accent), (role.PlaceholderText, c.muted),
                     (role.Mid, c.border), (role.Dark, c.border)):
        pal.setColor(r, QColor(value))
    disabled = QColor(c.muted)
    disabled.setAlpha(DISABLED_ALPHA)
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return pal


FOCUS_PX = 2
"""Width of the focus frame: the accent colour, at least 3:1 against window and base."""


def focus_rules(c: Colors) -> str:
    """A frame in the accent colour around the control the keyboard is on.

    Unfocused controls keep a transparent frame of the same width, so nothing moves
    when the focus does. Combo and spin boxes keep Fusion's own drawing (a style sheet
    border would replace their arrows) and get Fusion's focus outline in the accent.
    """
    w = FOCUS_PX
    return f"""
QPushButton:focus, QToolButton:focus {{ border: {w}px solid {c.accent}; }}
QPushButton:focus {{ padding: {4 - w + 1}px {14 - w + 1}px; }}
QToolButton {{ border: {w}px solid transparent; }}
QCheckBox, QRadioButton {{ border: {w}px solid transparent; border-radius: 4px;
                          padding: 2px; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {c.accent}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: {w}px solid {c.accent}; }}
QAbstractItemView:focus {{ border: {w}px solid {c.accent}; }}
"""


def stylesheet(c: Colors, text_size: int = NORMAL) -> str:
    """A small stylesheet: sizes for touch, a primary button style, badges and message bars,
    text sizes for ``text_size`` %, and a focus frame that shows where the keyboard is."""
    return emphasis_rules(text_size) + focus_rules(c) + f"""
QPushButton, QToolButton, QLineEdit, QComboBox, QAbstractSpinBox {{
    min-height: {TOUCH_PX - 10}px; }}
QAbstractSpinBox {{ min-width: 72px; }}
QPushButton {{ padding: 4px 14px; border: 1px solid {c.border}; border-radius: 6px;
              background: {c.base}; }}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:disabled {{ color: {c.muted}; }}
QPushButton[primary="true"] {{ background: {c.accent}; color: {c.accent_text};
                              border-color: {c.accent}; font-weight: bold; }}
QPushButton[primary="true"]:focus {{ border: {FOCUS_PX}px solid {c.text}; }}
QPushButton[primary="true"]:disabled {{ background: {c.border}; border-color: {c.border}; }}
QPushButton[danger="true"] {{ color: {c.bad}; border-color: {c.bad}; }}
QPushButton[danger="true"]:disabled {{ color: {c.muted}; border-color: {c.border}; }}
QPushButton[destructive="true"] {{ background: {c.bad}; color: {c.on_status};
                                  border-color: {c.bad}; font-weight: bold; }}
QFrame[role="separator"] {{ color: {c.border}; }}
QToolButton {{ padding: 4px 6px; border-radius: 6px; border: 2px solid transparent; }}
QToolButton:hover {{ background: {c.alt_base}; border-color: {c.border}; }}
QToolButton:checked {{ background: {c.chosen}; border-color: {c.accent}; }}
QLineEdit, QPlainTextEdit {{ padding: 2px 8px;
    border: 1px solid {c.border}; border-radius: 6px; background: {c.base}; }}
QTreeView, QListView {{ border: 1px solid {c.border}; border-radius: 6px;
                        background: {c.base}; }}
QTreeView:focus, QListView:focus {{ border: {FOCUS_PX}px solid {c.accent}; }}
QTreeView::item {{ min-height: {TOUCH_PX}px; }}
QListView::item {{ min-height: {TOUCH_PX}px; padding: 2px 0; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="error"] {{ color: {c.bad}; }}
QFrame[role="messagebar"] {{ border-radius: 6px; border: 1px solid {c.border};
                             background: {c.alt_base}; }}
QFrame[role="messagebar"][kind="error"] {{ border-color: {c.bad}; }}
QFrame[role="messagebar"][kind="info"] {{ border-color: {c.accent}; }}
QStatusBar {{ border-top: 1px solid {c.border}; }}
QProgressBar {{ border: 1px solid {c.border}; border-radius: 4px; text-align: center;
               min-height: 20px; background: {c.base}; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
"""


class ThemeManager(QObject):
    """Applies a theme to the QApplication; its owner is the ClientApp (parent: the app).

    In SYSTEM mode it follows the desktop's colour scheme as it changes.
    """

    changed = Signal(object)
    """Colors: the effective theme changed (widgets that paint custom colours redraw)."""

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.mode = ThemeMode.SYSTEM
        self.colors = LIGHT
        self.text_size = NORMAL
        """Per cent of the normal text size (``text_size.TEXT_SIZES``)."""
        self.family = load_fonts()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    def system_is_dark(self) -> bool:
        return QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark

    def apply(self, mode: ThemeMode | str, *, text_size: int | None = None) -> Colors:
        """Switch to ``mode`` ("system", "light" or "dark") and, if given, ``text_size``
        (per cent); return the effective colours."""
        self.mode = ThemeMode(mode)
        if text_size is not None:
            self.text_size = clamp(text_size)
        dark = self.mode is ThemeMode.DARK or (
            self.mode is ThemeMode.SYSTEM and self.system_is_dark())
        self.colors = DARK if dark else LIGHT
        self._app.setStyle(MarkStyle())  # Fusion, with large marks in the theme's colours
        font = QFont(self.family)
        font.setPointSizeF(points(BASE_POINT_SIZE, self.text_size))
        self._app.setFont(font)
        self._app.setPalette(palette(self.colors))
        self._app.setStyleSheet(stylesheet(self.colors, self.text_size))
        log.info("theme %s (%s), text %d %%", self.mode.value, "dark" if dark else "light",
                 self.text_size)
        self.changed.emit(self.colors)
        return self.colors

    def set_text_size(self, percent: int) -> int:
        """Show all text at ``percent`` % (clamped to the sizes offered), live; return it."""
        self.apply(self.mode, text_size=percent)
        return self.text_size

    @Slot(Qt.ColorScheme)
    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode is ThemeMode.SYSTEM:
            self.apply(ThemeMode.SYSTEM)
