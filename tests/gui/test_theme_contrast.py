"""Text contrast of both themes against WCAG 2.x AA, read from the palette Qt is given and
from the colours our style sheets and badges use; and no colour hard-coded elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette

from meetingroom.ui.base.theme import DARK, LIGHT, Colors, palette
from meetingroom.ui.common.contrast import AA_LARGE, AA_TEXT, blend, contrast_ratio

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def seen(colour: QColor, under: QColor) -> str:
    """What the eye gets from ``colour`` (maybe translucent) painted on ``under``."""
    return blend(colour.name(), under.name(), colour.alphaF())


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_palette_text_pairs_reach_aa(qapp: Any, colors: Colors) -> None:
    pal = palette(colors)
    pairs = [(Role.WindowText, Role.Window), (Role.Text, Role.Base),
             (Role.Text, Role.AlternateBase), (Role.ButtonText, Role.Button),
             (Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase),
             (Role.PlaceholderText, Role.Base), (Role.Link, Role.Base), (Role.Link, Role.Window)]
    low = {f"{fg.name}/{bg.name}": round(contrast_ratio(
        seen(pal.color(Group.Active, fg), pal.color(bg)), pal.color(bg).name()), 2)
        for fg, bg in pairs}
    assert all(ratio >= AA_TEXT for ratio in low.values()), low
    # disabled text: WCAG asks nothing of it, we keep it readable at 3:1
    disabled = {f"{fg.name}/{bg.name}": round(contrast_ratio(
        seen(pal.color(Group.Disabled, fg), pal.color(bg)), pal.color(bg).name()), 2)
        for fg, bg in ((Role.WindowText, Role.Window), (Role.Text, Role.Base),
                       (Role.ButtonText, Role.Button))}
    assert all(ratio >= AA_LARGE for ratio in disabled.values()), disabled


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_style_sheet_and_badge_colours_reach_aa(colors: Colors) -> None:
    c = colors
    text = {  # (text, background) as our style sheets and painted badges use them
        **{f"{fg} on {bg}": (getattr(c, fg), getattr(c, bg))
           for fg in ("text", "muted", "accent", "ok", "warn", "bad")
           for bg in ("window", "base", "alt_base")},
        "primary button": (c.accent_text, c.accent),
        **{f"badge on {bg}": (c.on_status, getattr(c, bg))
           for bg in ("ok", "warn", "bad", "accent")},
    }
    ratios = {k: round(contrast_ratio(*pair), 2) for k, pair in text.items()}
    assert all(r >= AA_TEXT for r in ratios.values()), {k: r for k, r in ratios.items()
                                                        if r < AA_TEXT}
    # non-text (WCAG 1.4.11): the focus frame against what surrounds it, and the disabled
    # primary button's text on its grey
    parts = {"focus on window": (c.accent, c.window), "focus on base": (c.accent, c.base),
             "focus on alt_base": (c.accent, c.alt_base),
             "primary focus on window": (c.text, c.window),
             "disabled primary": (c.muted, c.border)}
    ratios = {k: round(contrast_ratio(*pair), 2) for k, pair in parts.items()}
    assert all(r >= AA_LARGE for r in ratios.values()), ratios


def test_the_check_fails_on_a_pair_that_fails(qapp: Any) -> None:
    """The old dark quorum badge (white on green) and grey placeholder text fail."""
    assert contrast_ratio("#ffffff", DARK.ok) < AA_TEXT
    assert contrast_ratio("#9aa0a6", "#ffffff") < AA_TEXT


def test_no_text_colour_is_hard_coded_outside_the_theme() -> None:
    """Widgets take colours from the theme's Colors; only ink colours (the notes' pens) and
    the white of a PDF page are literal."""
    ui = Path(__file__).parents[2] / "meetingroom" / "ui"
    literal = re.compile(r"(?:color|background)\s*:\s*(?:#[0-9a-fA-F]{3,8}|white|black|red)\b")
    found = [f"{p.relative_to(ui)}:{n}" for p in sorted(ui.rglob("*.py"))
             if p.name != "theme.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(line)]
    assert found == []
