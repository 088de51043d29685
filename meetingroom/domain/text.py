"""Rules for text people type: titles, names, notes and meeting times."""

from __future__ import annotations

import unicodedata
from datetime import datetime

_ALLOWED_IN_NOTES = frozenset("\n\t")


class TextError(ValueError):
    """Text that breaks a rule; ``reason`` is a stable sub-code."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _has_hidden(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Control or format characters (e.g. U+202E, which makes 'fdp.exe' look like 'exe.pdf')."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed for ch in text)


def clean_line(text: str, field: str, *, max_len: int = 500, required: bool = True) -> str:
    """A one-line text (title, location): trimmed, visible characters only."""
    text = unicodedata.normalize("NFC", text.strip())
    if required and not text:
        raise TextError(f"{field} must not be empty", "empty")
    if len(text) > max_len:
        raise TextError(f"{field} is limited to {max_len} characters", "too_long")
    if _has_hidden(text):
        raise TextError(f"{field} contains control characters", "hidden_characters")
    return text


def clean_notes(text: str, *, max_len: int = 2000) -> str:
    """Multi-line notes: newlines and tabs are fine, other control characters are not."""
    text = unicodedata.normalize("NFC", text)
    if len(text) > max_len:
        raise TextError(f"notes are limited to {max_len} characters", "too_long")
    if _has_hidden(text, _ALLOWED_IN_NOTES):
        raise TextError("notes contain control characters", "hidden_characters")
    return text


def clean_file_name(name: str) -> str:
    """A document's display name: no path, no hidden characters, at most 200 characters."""
    try:
        name = clean_line(name, "a document name", max_len=200)
    except TextError as e:
        raise TextError(str(e), "bad_name") from None
    if "/" in name or "\\" in name or name in (".", ".."):
        raise TextError("a document name must not contain a path", "bad_name")
    return name


def clean_starts_at(text: str) -> str:
    """A meeting time as ``YYYY-MM-DDTHH:MM`` (local time), or empty for "not set"."""
    text = text.strip()
    if not text:
        return ""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise TextError("the time must look like 2026-12-01T08:00", "bad_time") from None
    if when.tzinfo is not None:
        raise TextError("give the room's local time, without a time zone", "bad_time")
    return when.strftime("%Y-%m-%dT%H:%M")
