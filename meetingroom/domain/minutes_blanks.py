"""The first draft's blanks ("… giờ …", "… bản") filled from the meeting's data, or dropped.

The first draft (:mod:`meetingroom.domain.minutes_draft`) leaves "…" where the meeting
record says nothing yet, as prompts for the secretary. A published minutes PDF must
never show them: :func:`settle_blanks` runs on the approved text when it is finalised,
fills the closing sentence's end time (and number of copies, when known) from
:class:`MinutesFacts`, and drops what is still blank — the closing's phrases whose data
is unknown, and every line that is only a label and a blank ("Kết luận: …"). Text the
secretary wrote, an ellipsis inside a sentence included, is left as it is.

Works on sanitised HTML (:func:`~meetingroom.domain.richtext.sanitize_html`'s output:
well-formed, blocks closed, text escaped), whatever inline markup the editor added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

BLANK = "…"
"""The blank the first draft leaves (U+2026)."""


@dataclass(frozen=True, slots=True)
class MinutesFacts:
    """What the meeting's data says about the draft's blanks."""

    starts_at: str = ""
    """ISO 8601 local date-time the meeting was planned to start (``2026-12-01T08:00``)."""
    ended_at: str = ""
    """ISO 8601 local date-time the session was ended; empty when it never was."""
    copies: int = 0
    """How many copies of the minutes are made; 0 when nobody said."""


_B = r"\s*…\s*"
_TAGS = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<(p|h[1-4]|li|td|th)\b([^>]*)>(.*?)</\1>", re.S)
_BREAK = re.compile(r"<br\s*/?>")
_LABEL_ONLY = re.compile(r"^\s*[^:…]{1,60}:\s*…\s*$")
"""A line that is a label and a blank only, e.g. "Kết luận: …"."""

_END_VI = re.compile(rf"vào lúc{_B}giờ{_B}(?:phút\s*)?cùng ngày")
_END_VI_SENTENCE = re.compile(rf"\s*Cuộc họp kết thúc vào lúc{_B}giờ{_B}(?:phút\s*)?"
                              rf"cùng ngày\.")
_COPIES_VI = re.compile(rf"\s*và được lập thành{_B}bản")
_END_EN = re.compile(rf"closed at{_B}\.")
_END_EN_SENTENCE = re.compile(rf"\s*The meeting closed at{_B}\.")


def settle_blanks(html: str, facts: MinutesFacts) -> str:
    """``html`` with the first draft's blanks filled from ``facts`` and the rest dropped
    (a block left empty goes too)."""
    def block(m: re.Match[str]) -> str:
        tag, attrs, inner = m.group(1), m.group(2), m.group(3)
        if BLANK not in inner:
            return m.group(0)
        inner = _closing(inner, facts)
        parts = _BREAK.split(inner)
        kept = [p for p in parts if not _LABEL_ONLY.match(_text(p))]
        if len(kept) != len(parts):
            breaks = _BREAK.findall(inner) or ["<br>"]
            inner = breaks[0].join(kept)
        if not _text(inner).strip():
            return ""
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return _BLOCK.sub(block, html)


def _closing(inner: str, facts: MinutesFacts) -> str:
    """The closing sentence's end time and copies, filled or dropped (inner HTML of one
    block; the draft writes that sentence as plain text)."""
    end = _moment(facts.ended_at)
    if end is not None:
        start = _moment(facts.starts_at)
        same_day = start is None or start.date() == end.date()
        when = f"vào lúc {end.hour:02d} giờ {end.minute:02d}" + (
            " cùng ngày" if same_day else f" ngày {end:%d/%m/%Y}")
        inner = _END_VI.sub(when, inner)
        inner = _END_EN.sub(f"closed at {end:%H:%M}" + (
            "." if same_day else f" on {end:%d/%m/%Y}."), inner)
    else:
        inner = _END_VI_SENTENCE.sub("", inner)
        inner = _END_EN_SENTENCE.sub("", inner)
    if facts.copies > 0:
        inner = _COPIES_VI.sub(f" và được lập thành {facts.copies:02d} bản", inner)
    else:
        inner = _COPIES_VI.sub("", inner)
    return inner.lstrip() if inner[:1].isspace() else inner


def _text(fragment: str) -> str:
    return unescape(_TAGS.sub("", fragment))


def _moment(iso: str) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None
