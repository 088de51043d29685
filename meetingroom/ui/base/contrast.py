"""WCAG 2.x contrast between two colours (text needs 4.5:1, marks and borders 3:1)."""

from __future__ import annotations

from PySide6.QtGui import QColor

TEXT_AA = 4.5
"""WCAG AA for normal text (1.4.3)."""
UI_AA = 3.0
"""WCAG AA for the parts of a control one must see to use it (1.4.11)."""


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor | str) -> float:
    """Relative luminance, 0 (black) to 1 (white), of an opaque colour."""
    c = QColor(colour)
    return (0.2126 * _channel(c.redF()) + 0.7152 * _channel(c.greenF())
            + 0.0722 * _channel(c.blueF()))


def contrast(a: QColor | str, b: QColor | str) -> float:
    """The contrast ratio of two opaque colours, 1.0 to 21.0, whichever is lighter."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)
