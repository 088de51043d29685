"""The shipped DejaVu faces for MuPDF's ``Story``: one ``@font-face`` family and its archive.

A story reaches fonts only through its archive, so pointing the archive at the fonts
folder (and nothing else) gives it Vietnamese-capable fonts and no other file.
Used by the minutes PDF and the notes summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf

from meetingroom.paths import font_path

FAMILY = "dv"
"""The CSS ``font-family`` name the faces are declared under."""

_FACES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)


def font_css(fonts: Path) -> str:
    """``@font-face`` rules for the DejaVu faces shipped in ``fonts`` (italic if present)."""
    return "".join(
        f"@font-face {{ font-family: {FAMILY}; src: url({name}); font-weight: {weight};"
        f" font-style: {style}; }}\n"
        for name, weight, style in _FACES if (fonts / name).is_file())


def story_fonts() -> tuple[str, Any]:
    """The ``@font-face`` CSS and the ``pymupdf.Archive`` of the shipped fonts folder."""
    fonts = font_path().parent
    return font_css(fonts), pymupdf.Archive(str(fonts))
