"""Where data, cache and shipped resources live (platformdirs, overridable with --data)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "meetingroom"


def default_data_dir(kind: str) -> Path:
    """Per-user data directory for ``kind`` ("server" or "client")."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / kind


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in ``resources/`` (works from a checkout and when installed)."""
    base = resources.files("meetingroom.resources")
    return Path(str(base.joinpath(*parts)))


def font_path(bold: bool = False) -> Path:
    """The shipped font covering Vietnamese diacritics."""
    return resource_path("fonts", "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
