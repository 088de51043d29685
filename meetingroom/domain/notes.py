"""Private notes on a document page: values, their limits, their dict form and undo-able edits.

Coordinates are PDF points in the page's *unrotated* space with the origin at the top
left (what PyMuPDF reports for text and takes for annotations), so a note stays put
when a reader rotates the view or the page carries a ``/Rotate``.

Every value checks itself when built (``validate()`` runs in ``__post_init__``) and
raises :class:`NoteError` with a stable ``reason``; ``from_dict`` refuses unknown keys
and wrong types, because notes arrive from the network and from disk. Stdlib only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_POINTS_PER_STROKE = 4000
"""Points in one stroke (a long pen line sampled at 200 Hz for 20 s)."""
MAX_STROKES_PER_NOTE = 500
"""Strokes in one note."""
MAX_POINTS_PER_NOTE = 50_000
"""Points in all the strokes of one note together."""
MAX_TEXT = 10_000
"""Characters of a note's own text."""
MAX_QUOTE = 2000
"""Characters of an anchor's quoted text."""
MAX_CONTEXT = 64
"""Characters of an anchor's prefix or suffix."""
MAX_RECTS = 200
"""Rectangles of one anchor (one per line of the quote)."""
MAX_COORD = 100_000.0
"""Largest absolute coordinate in points (PDF pages stop at 14,400 units; UserUnit aside)."""
MAX_PAGE = 100_000
"""Largest zero-based page number."""
MIN_WIDTH, MAX_WIDTH = 0.1, 100.0
"""Stroke width bounds in points."""
MIN_FONT, MAX_FONT = 4.0, 96.0
"""Text box font size bounds in points."""
MAX_ID = 64
"""Characters of a note id or an author id."""

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_ID = re.compile(r"[A-Za-z0-9_-]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEXT_ALLOWED = frozenset("\n\t")


class NoteError(ValueError):
    """A note, or a part of one, that breaks a rule; ``reason`` is a stable sub-code.

    Reasons: ``bad_note`` (malformed dict, wrong type, unknown or missing key),
    ``bad_number`` (not finite or out of range), ``bad_color``, ``bad_id``,
    ``bad_page``, ``bad_text`` (control characters), ``too_large`` (a size limit),
    ``bad_shape`` (fields that do not fit the note's kind), ``duplicate``,
    ``not_found`` (an edit on a note that is not there).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class NoteKind(StrEnum):
    """What a note is, and so which fields it uses."""

    INK = "ink"
    """Pen strokes (``strokes``)."""
    HIGHLIGHT = "highlight"
    """Free-hand highlighter strokes: wide, translucent (``strokes``)."""
    TEXT_HIGHLIGHT = "text_highlight"
    """A highlight of selected text (``anchor`` with its ``rects``)."""
    STICKY = "sticky"
    """A sticky note: an icon at ``rect``'s top-left corner that opens ``text``."""
    TEXT_BOX = "text_box"
    """Text written on the page inside ``rect``."""


_STROKE_KINDS = frozenset({NoteKind.INK, NoteKind.HIGHLIGHT})
_RECT_KINDS = frozenset({NoteKind.STICKY, NoteKind.TEXT_BOX})


def _number(v: object, what: str, lo: float = -MAX_COORD, hi: float = MAX_COORD) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise NoteError(f"{what} must be a number", "bad_note")
    if not math.isfinite(v) or not lo <= v <= hi:
        raise NoteError(f"{what} must be a finite number between {lo:g} and {hi:g}",
                        "bad_number")
    return float(v)


def _color(v: object) -> str:
    if not isinstance(v, str) or not _COLOR.fullmatch(v):
        raise NoteError("a colour is written #rrggbb", "bad_color")
    return v


def _text(v: object, what: str, limit: int) -> str:
    if not isinstance(v, str):
        raise NoteError(f"{what} must be text", "bad_note")
    if len(v) > limit:
        raise NoteError(f"{what} is limited to {limit} characters", "too_large")
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in _TEXT_ALLOWED for ch in v):
        raise NoteError(f"{what} contains control characters", "bad_text")
    return v


def check_note_id(v: object) -> str:
    """``v`` if it is a well-formed note id; NoteError (``bad_id``) otherwise."""
    return _ident(v, "a note id")


def _ident(v: object, what: str) -> str:
    if not isinstance(v, str) or not 1 <= len(v) <= MAX_ID or not _ID.fullmatch(v):
        raise NoteError(f"{what} must be 1-{MAX_ID} letters, digits, '-' or '_'", "bad_id")
    return v


@dataclass(frozen=True, slots=True)
class Point:
    """One sampled pen position."""

    x: float
    """Points from the left edge of the unrotated page."""
    y: float
    """Points from the top edge of the unrotated page."""
    pressure: float = 1.0
    """Stylus pressure 0..1 (1.0 for a mouse or finger)."""

    def __post_init__(self) -> None:
        _number(self.x, "x")
        _number(self.y, "y")
        _number(self.pressure, "pressure", 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class Stroke:
    """One pen-down-to-pen-up line."""

    points: tuple[Point, ...]
    """At least one point, at most ``MAX_POINTS_PER_STROKE``."""
    width: float
    """Nominal line width in points (at pressure 1.0)."""
    color: str
    """``#rrggbb``."""

    def __post_init__(self) -> None:
        if not isinstance(self.points, tuple) or not all(
                isinstance(p, Point) for p in self.points):
            raise NoteError("a stroke's points must be a tuple of points", "bad_note")
        if not self.points:
            raise NoteError("a stroke needs at least one point", "bad_shape")
        if len(self.points) > MAX_POINTS_PER_STROKE:
            raise NoteError(f"a stroke is limited to {MAX_POINTS_PER_STROKE} points",
                            "too_large")
        _number(self.width, "width", MIN_WIDTH, MAX_WIDTH)
        _color(self.color)

    def bounds(self) -> Rect:
        """The smallest rectangle holding the stroke's centre line, widened by half its width."""
        half = self.width / 2
        xs = [p.x for p in self.points]
        ys = [p.y for p in self.points]
        return Rect(min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half)

    def to_dict(self) -> dict[str, Any]:
        return {"points": [[p.x, p.y, p.pressure] for p in self.points], "width": self.width,
                "color": self.color}

    @classmethod
    def from_dict(cls, d: object) -> Stroke:
        m = _mapping(d, ("points", "width", "color"), ("points", "width", "color"))
        raw = m["points"]
        if not isinstance(raw, list):
            raise NoteError("a stroke's points must be a list", "bad_note")
        if len(raw) > MAX_POINTS_PER_STROKE:
            raise NoteError(f"a stroke is limited to {MAX_POINTS_PER_STROKE} points",
                            "too_large")
        points = []
        for p in raw:
            if not isinstance(p, list) or len(p) != 3:
                raise NoteError("a point is [x, y, pressure]", "bad_note")
            points.append(Point(p[0], p[1], p[2]))
        return cls(tuple(points), m["width"], m["color"])


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle: ``x0 <= x1`` and ``y0 <= y1`` (top left to bottom right)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        for name in ("x0", "y0", "x1", "y1"):
            _number(getattr(self, name), name)
        if self.x0 > self.x1 or self.y0 > self.y1:
            raise NoteError("a rectangle runs from its top left to its bottom right corner",
                            "bad_number")

    def moved(self, dx: float, dy: float) -> Rect:
        """The same rectangle shifted by (dx, dy)."""
        return Rect(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def to_dict(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]

    @classmethod
    def from_dict(cls, v: object) -> Rect:
        if not isinstance(v, list) or len(v) != 4:
            raise NoteError("a rectangle is [x0, y0, x1, y1]", "bad_note")
        return cls(v[0], v[1], v[2], v[3])


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note's text was: the exact quote with some context, W3C TextQuoteSelector style.

    ``rects`` are the quote's rectangles on the page it was found on (one per line);
    they are the highlight's geometry and the reference for moving other geometry.
    """

    quote: str
    """The selected text as extracted (non-empty)."""
    prefix: str = ""
    """Up to ``MAX_CONTEXT`` characters just before the quote on its page."""
    suffix: str = ""
    """Up to ``MAX_CONTEXT`` characters just after the quote on its page."""
    rects: tuple[Rect, ...] = ()
    """At least one rectangle, at most ``MAX_RECTS``."""

    def __post_init__(self) -> None:
        _text(self.quote, "the quoted text", MAX_QUOTE)
        if not self.quote.strip():
            raise NoteError("an anchor needs some quoted text", "bad_shape")
        _text(self.prefix, "the text before the quote", MAX_CONTEXT)
        _text(self.suffix, "the text after the quote", MAX_CONTEXT)
        if not isinstance(self.rects, tuple) or not all(isinstance(r, Rect) for r in self.rects):
            raise NoteError("an anchor's rects must be a tuple of rectangles", "bad_note")
        if not 1 <= len(self.rects) <= MAX_RECTS:
            raise NoteError(f"an anchor has 1 to {MAX_RECTS} rectangles", "too_large")

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "prefix": self.prefix, "suffix": self.suffix,
                "rects": [r.to_dict() for r in self.rects]}

    @classmethod
    def from_dict(cls, d: object) -> Anchor:
        m = _mapping(d, ("quote", "prefix", "suffix", "rects"), ("quote", "rects"))
        rects = m["rects"]
        if not isinstance(rects, list) or len(rects) > MAX_RECTS:
            raise NoteError(f"an anchor's rects are a list of at most {MAX_RECTS}", "bad_note")
        return cls(_nfc(m["quote"]), _nfc(m.get("prefix", "")), _nfc(m.get("suffix", "")),
                   tuple(Rect.from_dict(r) for r in rects))


@dataclass(frozen=True, slots=True)
class Note:
    """One private (or explicitly shared) note on one page of one document version."""

    id: str
    """Stable id chosen by the client that made it (letters, digits, '-', '_')."""
    document_sha256: str
    """The document version (its bytes' SHA-256, lower-case hex) the note belongs to."""
    page: int
    """Zero-based page number."""
    kind: NoteKind
    color: str
    """``#rrggbb``: the highlight, sticky or text colour (strokes carry their own)."""
    created_at: int
    """Milliseconds since 1970-01-01 UTC."""
    updated_at: int
    """Milliseconds since 1970-01-01 UTC; not before ``created_at``."""
    author_id: str
    """The user who wrote it; only they may change it."""
    shared: bool = False
    """False: only the author ever receives it. True: everyone in the meeting sees it."""
    strokes: tuple[Stroke, ...] = ()
    """``INK`` and ``HIGHLIGHT`` only (at least one)."""
    rect: Rect | None = None
    """``STICKY`` (icon at its top left) and ``TEXT_BOX`` (the box) only."""
    text: str = ""
    """The note's own words (any kind; the body of a sticky or a text box)."""
    anchor: Anchor | None = None
    """Required for ``TEXT_HIGHLIGHT``; optional for the others (ties them to the text)."""
    font_size: float = 12.0
    """``TEXT_BOX`` text size in points."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`NoteError` unless every field is well-formed and fits the kind."""
        _ident(self.id, "a note id")
        _ident(self.author_id, "an author id")
        if not isinstance(self.document_sha256, str) or not _SHA256.fullmatch(
                self.document_sha256):
            raise NoteError("document_sha256 must be 64 lower-case hex digits", "bad_id")
        if isinstance(self.page, bool) or not isinstance(self.page, int) or not (
                0 <= self.page <= MAX_PAGE):
            raise NoteError(f"page must be a whole number from 0 to {MAX_PAGE}", "bad_page")
        if not isinstance(self.kind, NoteKind):
            raise NoteError("unknown note kind", "bad_note")
        _color(self.color)
        for name in ("created_at", "updated_at"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 2**53:
                raise NoteError(f"{name} must be milliseconds since 1970", "bad_number")
        if self.updated_at < self.created_at:
            raise NoteError("a note cannot be updated before it was created", "bad_number")
        if not isinstance(self.shared, bool):
            raise NoteError("shared must be true or false", "bad_note")
        _text(self.text, "a note's text", MAX_TEXT)
        _number(self.font_size, "font_size", MIN_FONT, MAX_FONT)
        self._validate_shape()

    def _validate_shape(self) -> None:
        if not isinstance(self.strokes, tuple) or not all(
                isinstance(s, Stroke) for s in self.strokes):
            raise NoteError("strokes must be a tuple of strokes", "bad_note")
        if len(self.strokes) > MAX_STROKES_PER_NOTE:
            raise NoteError(f"a note is limited to {MAX_STROKES_PER_NOTE} strokes", "too_large")
        if sum(len(s.points) for s in self.strokes) > MAX_POINTS_PER_NOTE:
            raise NoteError(f"a note is limited to {MAX_POINTS_PER_NOTE} points", "too_large")
        if self.rect is not None and not isinstance(self.rect, Rect):
            raise NoteError("rect must be a rectangle", "bad_note")
        if self.anchor is not None and not isinstance(self.anchor, Anchor):
            raise NoteError("anchor must be an anchor", "bad_note")
        wants_strokes = self.kind in _STROKE_KINDS
        if wants_strokes != bool(self.strokes):
            raise NoteError(f"a {self.kind} note {'needs' if wants_strokes else 'has no'} strokes",
                            "bad_shape")
        wants_rect = self.kind in _RECT_KINDS
        if wants_rect != (self.rect is not None):
            raise NoteError(f"a {self.kind} note {'needs' if wants_rect else 'has no'} rect",
                            "bad_shape")
        if self.kind is NoteKind.TEXT_HIGHLIGHT and self.anchor is None:
            raise NoteError("a text highlight needs an anchor", "bad_shape")

    def bounds(self) -> Rect:
        """The area of the page the note covers."""
        rects: list[Rect] = [s.bounds() for s in self.strokes]
        if self.rect is not None:
            rects.append(self.rect)
        if self.kind is NoteKind.TEXT_HIGHLIGHT and self.anchor is not None:
            rects.extend(self.anchor.rects)
        return Rect(min(r.x0 for r in rects), min(r.y0 for r in rects),
                    max(r.x1 for r in rects), max(r.y1 for r in rects))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "document_sha256": self.document_sha256, "page": self.page,
            "kind": self.kind.value, "color": self.color, "created_at": self.created_at,
            "updated_at": self.updated_at, "author_id": self.author_id, "shared": self.shared,
            "strokes": [s.to_dict() for s in self.strokes],
            "rect": None if self.rect is None else self.rect.to_dict(),
            "text": self.text,
            "anchor": None if self.anchor is None else self.anchor.to_dict(),
            "font_size": self.font_size,
        }

    @classmethod
    def from_dict(cls, d: object) -> Note:
        """The note a dict describes (text NFC-normalised); :class:`NoteError` otherwise."""
        m = _mapping(d, _NOTE_KEYS, _NOTE_REQUIRED)
        try:
            kind = NoteKind(m["kind"])
        except (ValueError, TypeError):
            raise NoteError("unknown note kind", "bad_note") from None
        strokes = m.get("strokes", [])
        if not isinstance(strokes, list) or len(strokes) > MAX_STROKES_PER_NOTE:
            raise NoteError(f"strokes are a list of at most {MAX_STROKES_PER_NOTE}", "bad_note")
        rect, anchor = m.get("rect"), m.get("anchor")
        return cls(
            id=m["id"], document_sha256=m["document_sha256"], page=m["page"], kind=kind,
            color=m["color"], created_at=m["created_at"], updated_at=m["updated_at"],
            author_id=m["author_id"], shared=m.get("shared", False),
            strokes=tuple(Stroke.from_dict(s) for s in strokes),
            rect=None if rect is None else Rect.from_dict(rect),
            text=_nfc(m.get("text", "")),
            anchor=None if anchor is None else Anchor.from_dict(anchor),
            font_size=m.get("font_size", 12.0),
        )


_NOTE_REQUIRED = ("id", "document_sha256", "page", "kind", "color", "created_at",
                  "updated_at", "author_id")
_NOTE_KEYS = (*_NOTE_REQUIRED, "shared", "strokes", "rect", "text", "anchor", "font_size")


def _mapping(d: object, keys: tuple[str, ...], required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(d, Mapping):
        raise NoteError("expected an object", "bad_note")
    extra = [k for k in d if k not in keys]
    if extra:
        raise NoteError(f"unknown keys: {', '.join(sorted(map(str, extra)))}", "bad_note")
    missing = [k for k in required if k not in d]
    if missing:
        raise NoteError(f"missing keys: {', '.join(missing)}", "bad_note")
    return d


def _nfc(v: object) -> str:
    if not isinstance(v, str):
        raise NoteError("expected text", "bad_note")
    return unicodedata.normalize("NFC", v)


def may_read(note: Note, user_id: str) -> bool:
    """Private by default: the author reads their notes; others only shared ones."""
    return note.shared or note.author_id == user_id


def may_change(note: Note, user_id: str) -> bool:
    """Only the author changes or deletes a note, shared or not."""
    return note.author_id == user_id


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """One undo-able change to a list of notes: ``before`` becomes ``after``.

    Adding has ``before=None``, removing ``after=None``, replacing both (same id).
    ``apply`` returns a new tuple; ``inverse`` is the edit that undoes this one.
    """

    before: Note | None
    after: Note | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise NoteError("an edit changes at least one note", "bad_note")
        if self.before is not None and self.after is not None and (
                self.before.id != self.after.id):
            raise NoteError("a replacement keeps the note's id", "bad_note")

    @property
    def note_id(self) -> str:
        """The id of the note this edit touches."""
        note = self.after if self.after is not None else self.before
        assert note is not None  # __post_init__ refuses an edit with neither
        return note.id

    @property
    def inverse(self) -> NoteEdit:
        return NoteEdit(self.after, self.before)

    def apply(self, notes: Iterable[Note]) -> tuple[Note, ...]:
        """``notes`` with this edit made; :class:`NoteError` if they do not match ``before``.

        An added note goes last, a replaced one keeps its place: the order of a tuple of
        notes carries no meaning (show them through :func:`ordered`).
        """
        current = tuple(notes)
        note_id = self.note_id
        index = next((i for i, n in enumerate(current) if n.id == note_id), None)
        if self.before is None:
            if index is not None:
                raise NoteError("a note with this id already exists", "duplicate")
            assert self.after is not None
            return (*current, self.after)
        if index is None or current[index] != self.before:
            raise NoteError("the note to change is not there (or has changed)", "not_found")
        if self.after is None:
            return current[:index] + current[index + 1:]
        return (*current[:index], self.after, *current[index + 1:])


def ordered(notes: Iterable[Note]) -> tuple[Note, ...]:
    """Notes in reading order: by page, then top to bottom, left to right, then age."""
    def key(n: Note) -> tuple[int, float, float, int, str]:
        b = n.bounds()
        return n.page, b.y0, b.x0, n.created_at, n.id
    return tuple(sorted(notes, key=key))
