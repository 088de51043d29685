"""Text anchors on real PDFs, and notes carried to a new version of a document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from notes_fixtures import (
    INTRO,
    OTHER,
    PARAGRAPH,
    PHRASE,
    PageSpec,
    highlight_note,
    ink_note,
    make_pdf,
    note,
    phrase_rects,
    sha256_of,
)

from meetingroom.domain.notes import Anchor, NoteError, NoteKind, Rect
from meetingroom.paths import font_path
from meetingroom.pdf.anchors import anchor_for_selection, match_key, relocate
from meetingroom.pdf.carry import carried_id, carry_over


def close_to(a: Rect, b: Rect, tol: float = 1.5) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.to_dict(), b.to_dict(), strict=True))


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """Page 1 about something else, the paragraph with the phrase on page 2."""
    return make_pdf(tmp_path / "v1.pdf", [OTHER, PARAGRAPH, OTHER + " Trang cuối."])


def test_anchor_for_selection_quotes_the_text_with_context(v1: Path) -> None:
    rects = phrase_rects(v1, 1)
    assert rects, "the test PDF must contain the phrase"
    with pymupdf.open(v1) as doc:
        anchor = anchor_for_selection(doc[1], rects)
    assert anchor.quote == PHRASE
    assert anchor.prefix.endswith("Nguyễn Văn Đức đề nghị")
    assert anchor.suffix.startswith(", tăng cường kỷ luật")
    assert 0 < len(anchor.prefix) <= 32 and 0 < len(anchor.suffix) <= 32
    assert len(anchor.rects) == len(rects)
    assert all(close_to(a, b) for a, b in zip(anchor.rects, rects, strict=True))


def test_a_selection_over_no_text_is_refused(v1: Path) -> None:
    with pymupdf.open(v1) as doc, pytest.raises(NoteError) as err:
        anchor_for_selection(doc[1], [Rect(10, 800, 40, 830)])
    assert err.value.reason == "no_text"


def test_highlight_moves_to_the_new_page_and_rects_when_a_page_is_inserted(
        tmp_path: Path, v1: Path) -> None:
    # v2: a new first page, and the paragraph re-wrapped in a narrower column lower down.
    v2 = make_pdf(tmp_path / "v2.pdf", [
        "Trang bìa mới: báo cáo bổ sung.", OTHER,
        PageSpec("Phần mở đầu mới. " + PARAGRAPH, width=300, top=200), OTHER + " Trang cuối."])
    with pymupdf.open(v1) as doc:
        anchor = anchor_for_selection(doc[1], phrase_rects(v1, 1))
    old = highlight_note("h1", sha256_of(v1), 1, anchor, text="Cần hỏi thêm Sở Tài chính")
    with pymupdf.open(v1) as old_doc, pymupdf.open(v2) as new_doc:
        moved, unplaced = carry_over([old], old_doc=old_doc, new_doc=new_doc,
                                     new_sha256=sha256_of(v2))
    assert unplaced == ()
    (new,) = moved
    assert new.page == 2  # shown to people as page 3
    assert new.document_sha256 == sha256_of(v2) != old.document_sha256
    assert new.id == carried_id("h1", sha256_of(v2)) != old.id
    assert new.text == old.text and new.anchor is not None
    assert new.anchor.quote == PHRASE
    expected = phrase_rects(v2, 2)
    assert len(new.anchor.rects) == len(expected)
    assert all(close_to(a, b) for a, b in zip(new.anchor.rects, expected, strict=True))
    assert new.anchor.rects != anchor.rects


def test_highlight_whose_text_was_deleted_is_unplaced(tmp_path: Path, v1: Path) -> None:
    v3 = make_pdf(tmp_path / "v3.pdf", [OTHER, INTRO + " Nội dung này đã được lược bỏ.",
                                        OTHER + " Trang cuối."])
    with pymupdf.open(v1) as doc:
        anchor = anchor_for_selection(doc[1], phrase_rects(v1, 1))
    old = highlight_note("h1", sha256_of(v1), 1, anchor)
    with pymupdf.open(v1) as old_doc, pymupdf.open(v3) as new_doc:
        moved, unplaced = carry_over([old], old_doc=old_doc, new_doc=new_doc,
                                     new_sha256=sha256_of(v3))
        assert relocate(new_doc, anchor, 1) is None
    assert moved == () and unplaced == (old,)


def test_context_chooses_between_two_occurrences(tmp_path: Path) -> None:
    first = "Sở Kế hoạch đề nghị " + PHRASE + " trong quý ba."
    second = "Sở Tài chính kiến nghị " + PHRASE + " trước ngày 30 tháng 9."
    v1 = make_pdf(tmp_path / "v1.pdf", [first + " " + second])
    with pymupdf.open(v1) as doc:
        rects = phrase_rects(v1, 0)
        assert len(rects) >= 2
        second_rects = [r for r in rects if r.y0 > rects[0].y0 + 1] or [rects[-1]]
        anchor = anchor_for_selection(doc[0], second_rects)
    assert anchor.quote == PHRASE and "Tài chính" in anchor.prefix
    # v2: the second sentence comes first, on page 2; the other one stays on page 1,
    # which is nearer the hint. The context must win over the distance.
    v2 = make_pdf(tmp_path / "v2.pdf", [first, second + " " + first])
    with pymupdf.open(v2) as doc:
        found = relocate(doc, anchor, 0)
        assert found is not None and found.page == 1
        expected = doc[1].search_for(PHRASE)[0]
    assert found.anchor.rects[0].y0 == pytest.approx(expected.y0, abs=1.5)
    assert found.anchor.prefix.endswith("Sở Tài chính kiến nghị")


def test_matching_ignores_spacing_line_breaks_and_hyphenation(tmp_path: Path) -> None:
    path = tmp_path / "hyphen.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="dv", fontfile=str(font_path()))
    lines = ["Đại biểu đề nghị đẩy nhanh tiến độ giải", "ngân vốn đầu-",
             "tư   công, tăng cường kỷ luật."]
    for n, line in enumerate(lines):
        page.insert_text((72, 100 + 16 * n), line, fontname="dv", fontsize=12)
    doc.save(path)
    doc.close()
    assert match_key("đầu-\ntư  công") == match_key("đầu tư công")
    anchor = Anchor(PHRASE, "Đại biểu đề nghị ", ", tăng cường", (Rect(0, 0, 1, 1),))
    with pymupdf.open(path) as doc:
        found = relocate(doc, anchor, 0)
    assert found is not None and found.page == 0
    assert len(found.anchor.rects) == 3  # the quote spans three lines


def test_ink_and_sticky_follow_an_unchanged_page_and_not_a_changed_one(
        tmp_path: Path, v1: Path) -> None:
    sha = sha256_of(v1)
    ink = ink_note("i1", sha, 1, [(100, 500), (200, 520), (260, 560)])
    sticky = note("s1", sha, 0, NoteKind.STICKY, rect=Rect(400, 100, 420, 120),
                  text="Xem lại số liệu", color="#ffcc00")
    lost = ink_note("i2", sha, 2, [(100, 100), (120, 130)])
    beyond = ink_note("i3", sha, 7, [(100, 100), (120, 130)])
    # v2: a page inserted first; old page 1 (index 1) is unchanged and now index 2;
    # old page 0 unchanged, now index 1; old page 2's text was edited.
    v2 = make_pdf(tmp_path / "v2.pdf", ["Trang bìa mới.", OTHER, PARAGRAPH,
                                        OTHER + " Trang cuối, đã sửa."])
    with pymupdf.open(v1) as old_doc, pymupdf.open(v2) as new_doc:
        moved, unplaced = carry_over([ink, sticky, lost, beyond], old_doc=old_doc,
                                     new_doc=new_doc, new_sha256=sha256_of(v2))
    assert [(n.id, n.page) for n in moved] == [(carried_id("i1", sha256_of(v2)), 2),
                                                (carried_id("s1", sha256_of(v2)), 1)]
    assert moved[0].strokes == ink.strokes and moved[1].rect == sticky.rect
    assert unplaced == (lost, beyond)


def test_pages_without_text_are_compared_by_their_look(tmp_path: Path) -> None:
    v1 = make_pdf(tmp_path / "v1.pdf", [PageSpec(box=True), PageSpec(box=True, box_y=500)])
    v2 = make_pdf(tmp_path / "v2.pdf", [PageSpec(box=True, box_y=500), PageSpec(box=True)])
    v3 = make_pdf(tmp_path / "v3.pdf", [PageSpec(box=True, box_y=600)] * 2)
    sha = sha256_of(v1)
    notes = [ink_note("a", sha, 0, [(150, 350), (250, 380)]),
             ink_note("b", sha, 1, [(150, 550), (250, 580)])]
    with pymupdf.open(v1) as old_doc, pymupdf.open(v2) as new_doc:
        moved, unplaced = carry_over(notes, old_doc=old_doc, new_doc=new_doc,
                                     new_sha256=sha256_of(v2))
    assert [n.page for n in moved] == [1, 0] and unplaced == ()
    with pymupdf.open(v1) as old_doc, pymupdf.open(v3) as new_doc:
        moved, unplaced = carry_over(notes, old_doc=old_doc, new_doc=new_doc,
                                     new_sha256=sha256_of(v3))
    assert moved == () and unplaced == tuple(notes)


def test_an_anchored_ink_note_moves_with_its_text(tmp_path: Path, v1: Path) -> None:
    with pymupdf.open(v1) as doc:
        anchor = anchor_for_selection(doc[1], phrase_rects(v1, 1))
    base = ink_note("i1", sha256_of(v1), 1, [(100, 400), (300, 400)])
    anchored = replace(base, anchor=anchor)
    v2 = make_pdf(tmp_path / "v2.pdf", [OTHER, PageSpec(PARAGRAPH, top=172)])
    with pymupdf.open(v1) as old_doc, pymupdf.open(v2) as new_doc:
        (moved,), _ = carry_over([anchored], old_doc=old_doc, new_doc=new_doc,
                                 new_sha256=sha256_of(v2))
    assert moved.page == 1
    assert [(p.x, p.y) for p in moved.strokes[0].points] == [
        pytest.approx((100, 500), abs=0.5), pytest.approx((300, 500), abs=0.5)]
