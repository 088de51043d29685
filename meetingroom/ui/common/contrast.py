"""Contrast between two colours as WCAG 2.x defines it (no Qt: plain "#rrggbb" strings)."""

from __future__ import annotations

AA_TEXT = 4.5
"""WCAG 2.x level AA, normal text (1.4.3)."""
AA_LARGE = 3.0
"""WCAG 2.x level AA, large text (18 pt, or 14 pt bold) and non-text parts such as a
focus frame or a control's border (1.4.3, 1.4.11)."""


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rgb or #rrggbb colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """0.0 (black) to 1.0 (white), WCAG 2.x's relative luminance of an sRGB colour."""
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1.0 to 21.0."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def blend(over: str, under: str, alpha: float) -> str:
    """The colour seen when ``over`` is painted with opacity ``alpha`` (0–1) on ``under``."""
    top, bottom = _rgb(over), _rgb(under)
    mixed = (round(t * alpha + b * (1 - alpha)) for t, b in zip(top, bottom, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)
