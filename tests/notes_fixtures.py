"""Real PDFs with Vietnamese text for the notes tests, made with PyMuPDF and DejaVu."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from meetingroom.domain.notes import Anchor, Note, NoteKind, Point, Rect, Stroke
from meetingroom.paths import font_path

PHRASE = "đẩy nhanh tiến độ giải ngân vốn đầu tư công"
INTRO = ("Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện kế hoạch phát triển kinh tế xã hội "
         "sáu tháng đầu năm và nhiệm vụ trọng tâm sáu tháng cuối năm.")
PARAGRAPH = (INTRO + " Đại biểu Nguyễn Văn Đức đề nghị " + PHRASE + ", tăng cường kỷ luật tài "
             "chính và rà soát các dự án chậm tiến độ trên địa bàn.")
OTHER = ("Hội đồng nhân dân xem xét báo cáo về công tác phòng chống thiên tai, tìm kiếm cứu nạn "
         "và bảo vệ môi trường trong năm qua.")
BODY = pymupdf.Rect(72, 72, 523, 770)


@dataclass(frozen=True, slots=True)
class PageSpec:
    """What one generated page holds."""

    text: str = ""
    width: float = BODY.width
    """Width of the text column (changing it re-wraps the text)."""
    top: float = BODY.y0
    rotate: int = 0
    box: bool = False
    """Draw a filled rectangle (a page without text still looks like something)."""
    box_y: float = 300.0


def make_pdf(path: Path, pages: Sequence[PageSpec | str]) -> Path:
    """Write a PDF with one page per spec (a bare string is a text page)."""
    doc = pymupdf.open()
    font = font_path().read_bytes()
    for spec in pages:
        spec = PageSpec(spec) if isinstance(spec, str) else spec
        page = doc.new_page(width=595, height=842)
        if spec.text:
            page.insert_font(fontname="dv", fontbuffer=font)
            rect = pymupdf.Rect(BODY.x0, spec.top, BODY.x0 + spec.width, BODY.y1)
            left = page.insert_textbox(rect, spec.text, fontname="dv", fontsize=12)
            assert left >= 0, "the test text does not fit its page"
        if spec.box:
            page.draw_rect(pymupdf.Rect(100, spec.box_y, 300, spec.box_y + 120),
                           color=(0, 0, 0.6), fill=(0.7, 0.8, 1.0))
        if spec.rotate:
            page.set_rotation(spec.rotate)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def phrase_rects(path: Path, page: int, phrase: str = PHRASE) -> tuple[Rect, ...]:
    """Where PyMuPDF's own search finds ``phrase`` (one rectangle per line)."""
    with pymupdf.open(path) as doc:
        hits = doc[page].search_for(phrase)
    return tuple(Rect(h.x0, h.y0, h.x1, h.y1) for h in hits)


def note(note_id: str, sha: str, page: int, kind: NoteKind, **kw: object) -> Note:
    """A note by user ``u1`` with fixed times; ``kw`` sets the rest."""
    fields: dict[str, object] = dict(id=note_id, document_sha256=sha, page=page, kind=kind,
                                     color="#ff0000", created_at=1_764_000_000_000,
                                     updated_at=1_764_000_000_000, author_id="u1")
    fields.update(kw)
    return Note(**fields)  # type: ignore[arg-type]


def ink_note(note_id: str, sha: str, page: int, points: Sequence[tuple[float, float]],
             *, width: float = 4.0, color: str = "#d00000") -> Note:
    stroke = Stroke(tuple(Point(x, y, 0.8) for x, y in points), width, color)
    return note(note_id, sha, page, NoteKind.INK, strokes=(stroke,), color=color)


def highlight_note(note_id: str, sha: str, page: int, anchor: Anchor, *,
                   text: str = "") -> Note:
    return note(note_id, sha, page, NoteKind.TEXT_HIGHLIGHT, anchor=anchor, color="#ffd400",
                text=text)
