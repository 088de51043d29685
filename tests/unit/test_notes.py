"""The notes model: every value checks itself, dicts round-trip, bad input is refused."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingroom.domain.notes import (
    MAX_POINTS_PER_STROKE,
    MAX_TEXT,
    Anchor,
    Note,
    NoteEdit,
    NoteError,
    NoteKind,
    Point,
    Rect,
    Stroke,
    may_change,
    may_read,
    ordered,
)

SHA = "ab" * 32


def ink(note_id: str = "n1", **kw: Any) -> Note:
    base: dict[str, Any] = dict(
        id=note_id, document_sha256=SHA, page=1, kind=NoteKind.INK, color="#ff0000",
        created_at=1_700_000_000_000, updated_at=1_700_000_000_500, author_id="u1",
        strokes=(Stroke((Point(10, 20, 0.5), Point(30, 40)), 2.0, "#ff0000"),))
    base.update(kw)
    return Note(**base)


def highlight(**kw: Any) -> Note:
    anchor = Anchor("kinh tế xã hội", "Phát triển ", " bền vững", (Rect(10, 10, 90, 22),))
    base: dict[str, Any] = dict(
        id="h1", document_sha256=SHA, page=0, kind=NoteKind.TEXT_HIGHLIGHT, color="#ffff00",
        created_at=1, updated_at=1, author_id="u1", anchor=anchor, text="Đồng ý với ý này")
    base.update(kw)
    return Note(**base)


# --- hypothesis strategies -----------------------------------------------------------------

coords = st.floats(-1000, 5000, allow_nan=False, allow_infinity=False)
colors = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
texts = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs")), max_size=40).map(
    lambda s: __import__("unicodedata").normalize("NFC", s))
points = st.builds(Point, coords, coords, st.floats(0, 1))
strokes = st.builds(Stroke, st.lists(points, min_size=1, max_size=8).map(tuple),
                    st.floats(0.1, 100), colors)


@st.composite
def rects(draw: st.DrawFn) -> Rect:
    x0, y0 = draw(coords), draw(coords)
    return Rect(x0, y0, x0 + draw(st.floats(0, 500)), y0 + draw(st.floats(0, 500)))


anchors = st.builds(Anchor, texts.filter(lambda s: s.strip() != ""), texts, texts,
                    st.lists(rects(), min_size=1, max_size=4).map(tuple))


@st.composite
def notes(draw: st.DrawFn) -> Note:
    kind = draw(st.sampled_from(NoteKind))
    created = draw(st.integers(0, 2**50))
    stroke_kind = kind in (NoteKind.INK, NoteKind.HIGHLIGHT)
    return Note(
        id=draw(st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)),
        document_sha256=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        page=draw(st.integers(0, 5000)), kind=kind, color=draw(colors), created_at=created,
        updated_at=created + draw(st.integers(0, 10**9)),
        author_id=draw(st.from_regex(r"[a-z0-9]{1,32}", fullmatch=True)),
        shared=draw(st.booleans()),
        strokes=tuple(draw(st.lists(strokes, min_size=1, max_size=3))) if stroke_kind else (),
        rect=draw(rects()) if kind in (NoteKind.STICKY, NoteKind.TEXT_BOX) else None,
        text=draw(texts),
        anchor=draw(anchors) if kind is NoteKind.TEXT_HIGHLIGHT else draw(
            st.none() | anchors),
        font_size=draw(st.floats(4, 96)),
    )


@settings(max_examples=150, deadline=None)
@given(notes())
def test_every_valid_note_survives_json_and_back(note: Note) -> None:
    wire = json.dumps(note.to_dict(), ensure_ascii=False)
    assert Note.from_dict(json.loads(wire)) == note


# --- refusals ------------------------------------------------------------------------------


def test_vietnamese_note_round_trips_and_nfd_text_is_stored_as_nfc() -> None:
    note = highlight()
    d = note.to_dict()
    d["text"] = __import__("unicodedata").normalize("NFD", "Đồng ý với ý này")
    back = Note.from_dict(d)
    assert back.text == "Đồng ý với ý này"
    assert back == note


@pytest.mark.parametrize(("change", "reason"), [
    ({"surprise": 1}, "bad_note"),
    ({"page": -1}, "bad_page"),
    ({"page": True}, "bad_page"),
    ({"page": 1.0}, "bad_page"),
    ({"color": "red"}, "bad_color"),
    ({"color": "#ff00001"}, "bad_color"),
    ({"kind": "scribble"}, "bad_note"),
    ({"id": "../etc"}, "bad_id"),
    ({"id": ""}, "bad_id"),
    ({"document_sha256": "AB" * 32}, "bad_id"),
    ({"created_at": "yesterday"}, "bad_number"),
    ({"updated_at": 0}, "bad_number"),
    ({"shared": "yes"}, "bad_note"),
    ({"text": "a\u202eb"}, "bad_text"),
    ({"text": "x" * (MAX_TEXT + 1)}, "too_large"),
    ({"text": 5}, "bad_note"),
    ({"strokes": []}, "bad_shape"),
    ({"rect": [0, 0, 10, 10]}, "bad_shape"),
    ({"strokes": [{"points": [[0, 0, 1]], "width": 1, "color": "#000000", "x": 1}]},
     "bad_note"),
    ({"strokes": [{"points": [[float("nan"), 0, 1]], "width": 1, "color": "#000000"}]},
     "bad_number"),
    ({"strokes": [{"points": [[1e12, 0, 1]], "width": 1, "color": "#000000"}]}, "bad_number"),
    ({"strokes": [{"points": [[0, 0, 2]], "width": 1, "color": "#000000"}]}, "bad_number"),
    ({"strokes": [{"points": [[0, 0]], "width": 1, "color": "#000000"}]}, "bad_note"),
    ({"strokes": [{"points": [], "width": 1, "color": "#000000"}]}, "bad_shape"),
    ({"strokes": [{"points": [[0, 0, 1]], "width": 0, "color": "#000000"}]}, "bad_number"),
    ({"strokes": [{"points": [[0, 0, 1]] * (MAX_POINTS_PER_STROKE + 1), "width": 1,
                   "color": "#000000"}]}, "too_large"),
    ({"font_size": math.inf}, "bad_number"),
])
def test_malformed_note_dicts_are_refused_with_a_reason(change: dict[str, Any],
                                                         reason: str) -> None:
    d = ink().to_dict()
    d.update(change)
    with pytest.raises(NoteError) as err:
        Note.from_dict(d)
    assert err.value.reason == reason


def test_missing_keys_and_non_objects_are_refused() -> None:
    d = ink().to_dict()
    del d["author_id"]
    with pytest.raises(NoteError, match="author_id"):
        Note.from_dict(d)
    with pytest.raises(NoteError):
        Note.from_dict([1, 2])


@pytest.mark.parametrize("bad_anchor", [
    {"quote": "   ", "rects": [[0, 0, 1, 1]]},
    {"quote": "a", "rects": []},
    {"quote": "a", "rects": [[5, 5, 1, 1]]},
    {"quote": "a", "prefix": "p" * 65, "rects": [[0, 0, 1, 1]]},
    {"quote": "a", "rects": [[0, 0, 1, 1]], "extra": 1},
])
def test_malformed_anchors_are_refused(bad_anchor: dict[str, Any]) -> None:
    d = highlight().to_dict()
    d["anchor"] = bad_anchor
    with pytest.raises(NoteError):
        Note.from_dict(d)


def test_kind_decides_the_fields() -> None:
    with pytest.raises(NoteError, match="anchor") as err:
        highlight(anchor=None)
    assert err.value.reason == "bad_shape"
    with pytest.raises(NoteError, match="rect"):
        Note(id="s", document_sha256=SHA, page=0, kind=NoteKind.STICKY, color="#ffcc00",
             created_at=0, updated_at=0, author_id="u1", text="Hỏi lại")
    sticky = Note(id="s", document_sha256=SHA, page=0, kind=NoteKind.STICKY, color="#ffcc00",
                  created_at=0, updated_at=0, author_id="u1", text="Hỏi lại",
                  rect=Rect(5, 5, 25, 25))
    assert sticky.bounds() == Rect(5, 5, 25, 25)


def test_bounds_cover_strokes_with_their_width() -> None:
    assert ink().bounds() == Rect(9, 19, 31, 41)


def test_only_the_author_reads_a_private_note_and_everyone_a_shared_one() -> None:
    private, shared = ink(), ink(shared=True)
    assert may_read(private, "u1") and not may_read(private, "u2")
    assert may_read(shared, "u2")
    assert may_change(shared, "u1") and not may_change(shared, "u2")


def test_edits_apply_and_undo() -> None:
    a, b = ink("a"), ink("b")
    b2 = ink("b", text="sửa lại", updated_at=1_700_000_009_000)
    notes: tuple[Note, ...] = ()
    history = [NoteEdit(None, a), NoteEdit(None, b), NoteEdit(b, b2), NoteEdit(a, None)]
    states = [notes]
    for edit in history:
        notes = edit.apply(notes)
        states.append(notes)
    assert notes == (b2,)
    for edit, before in zip(reversed(history), reversed(states[:-1]), strict=True):
        notes = edit.inverse.apply(notes)
        assert ordered(notes) == ordered(before)
    assert notes == ()


def test_edits_refuse_what_does_not_match() -> None:
    a = ink("a")
    with pytest.raises(NoteError) as err:
        NoteEdit(None, a).apply((a,))
    assert err.value.reason == "duplicate"
    with pytest.raises(NoteError) as err:
        NoteEdit(ink("a", text="old"), None).apply((a,))
    assert err.value.reason == "not_found"
    with pytest.raises(NoteError):
        NoteEdit(ink("a"), ink("b"))
    with pytest.raises(NoteError):
        NoteEdit(None, None)


def test_ordered_is_reading_order() -> None:
    low = ink("low", strokes=(Stroke((Point(10, 500),), 1.0, "#000000"),))
    high = ink("high", strokes=(Stroke((Point(300, 50),), 1.0, "#000000"),))
    first_page = highlight()
    assert ordered((low, high, first_page)) == (first_page, high, low)
