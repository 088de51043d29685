"""Export with notes: real annotations that poppler draws, qpdf accepts, original untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from notes_fixtures import (
    OTHER,
    PARAGRAPH,
    PageSpec,
    highlight_note,
    ink_note,
    make_pdf,
    note,
    phrase_rects,
    sha256_of,
)

from meetingroom.domain.notes import Note, NoteError, NoteKind, Point, Rect, Stroke
from meetingroom.errors import ConflictError, InvalidDocumentError
from meetingroom.pdf.anchors import anchor_for_selection
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.notes_export import HIGHLIGHTER_OPACITY, export_with_notes

AUTHOR = "Trần Thị Bình"
NAME = "Nguyễn Văn Đức"
DPI = 50


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


@dataclass(frozen=True)
class Case:
    src: Path
    out: Path
    notes: tuple[Note, ...]
    src_sha: str


@pytest.fixture
def case(tmp_path: Path) -> Case:
    src = make_pdf(tmp_path / "tờ trình.pdf", [PARAGRAPH, PageSpec(OTHER, rotate=90), OTHER])
    sha = sha256_of(src)
    with pymupdf.open(src) as doc:
        anchor = anchor_for_selection(doc[0], phrase_rects(src, 0))
    notes = (
        ink_note("ink0", sha, 0, [(100, 500), (200, 530), (300, 560)], color="#d00000"),
        highlight_note("hl0", sha, 0, anchor, text="Đồng ý, cần làm rõ tiến độ"),
        ink_note("ink1", sha, 1, [(100, 500), (200, 530), (300, 560)], color="#0000d0"),
        note("sticky2", sha, 2, NoteKind.STICKY, rect=Rect(450, 100, 470, 120), color="#ffcc00",
             text="Hỏi lại Sở Tài chính về số liệu quý ba"),
        note("box2", sha, 2, NoteKind.TEXT_BOX, rect=Rect(100, 600, 400, 660), color="#0000ff",
             text=NAME, font_size=14),
        note("marker2", sha, 2, NoteKind.HIGHLIGHT, color="#ffff00", strokes=(Stroke(
            (Point(100, 400), Point(400, 400)), 14.0, "#ffff00"),)),
    )
    return Case(src, tmp_path / "out" / "tờ trình - ghi chú.pdf", notes, sha)


@pytest.fixture
def exported(case: Case) -> Iterator[Case]:
    case.out.parent.mkdir()
    export_with_notes(case.src, case.notes, case.out, authors={"u1": AUTHOR})
    yield case


def annots_by_page(path: Path) -> dict[int, list[tuple[str, pymupdf.Rect, dict[str, object]]]]:
    with pymupdf.open(path) as doc:
        out: dict[int, list[tuple[str, pymupdf.Rect, dict[str, object]]]] = {}
        for page in doc:
            out[page.number] = [(a.type[1], pymupdf.Rect(a.rect),
                                 {"colors": a.colors, "info": a.info, "opacity": a.opacity,
                                  "vertices": a.vertices, "xref": a.xref})
                                for a in page.annots()]
        return out


def test_each_note_becomes_the_right_annotation(exported: Case) -> None:
    pages = annots_by_page(exported.out)
    assert [t for t, _, _ in pages[0]] == ["Ink", "Highlight"]
    assert [t for t, _, _ in pages[1]] == ["Ink"]
    assert sorted(t for t, _, _ in pages[2]) == ["FreeText", "Ink", "Text"]

    _, ink_rect, ink = pages[0][0]
    assert ink["colors"]["stroke"] == pytest.approx((0xD0 / 255, 0, 0), abs=0.01)
    assert ink_rect.contains(pymupdf.Rect(100, 500, 300, 560))
    assert ink_rect.width < 230 and ink_rect.height < 90
    assert ink["info"]["title"] == AUTHOR

    _, hl_rect, hl = pages[0][1]
    phrase = phrase_rects(exported.src, 0)
    assert len(hl["vertices"]) == 4 * len(phrase)
    assert hl["colors"]["stroke"] == pytest.approx((1.0, 0xD4 / 255, 0), abs=0.01)
    assert hl["info"]["content"] == "Đồng ý, cần làm rõ tiến độ"
    for r in phrase:
        assert hl_rect.contains(pymupdf.Rect(r.x0, r.y0, r.x1, r.y1))

    kinds = {t: (rect, a) for t, rect, a in pages[2]}
    assert kinds["Text"][1]["info"]["content"] == "Hỏi lại Sở Tài chính về số liệu quý ba"
    assert tuple(kinds["Text"][0].tl) == pytest.approx((450, 100), abs=0.5)
    assert kinds["FreeText"][1]["info"]["content"] == NAME
    assert kinds["FreeText"][0] == pymupdf.Rect(100, 600, 400, 660)
    assert kinds["Ink"][1]["opacity"] == pytest.approx(HIGHLIGHTER_OPACITY, abs=0.01)


def test_the_annotations_carry_appearances_and_nothing_active(exported: Case) -> None:
    with pymupdf.open(exported.out) as doc:
        for page in doc:
            for annot in page.annots():
                if annot.type[1] == "Popup":
                    continue
                assert doc.xref_get_key(annot.xref, "AP/N")[0] == "xref"
                assert doc.xref_get_key(annot.xref, "A")[0] == "null"
                assert doc.xref_get_key(annot.xref, "AA")[0] == "null"
                assert annot.flags & 4, "printable"
        assert b"/JavaScript" not in exported.out.read_bytes()
        assert b"/Launch" not in exported.out.read_bytes()


def test_the_original_is_untouched_and_the_export_is_a_full_rewrite(
        exported: Case) -> None:
    original = exported.src.read_bytes()
    assert hashlib.sha256(original).hexdigest() == exported.src_sha
    exported_bytes = exported.out.read_bytes()
    assert not exported_bytes.startswith(original)  # no earlier revision kept
    assert exported_bytes.count(b"startxref") == 1
    assert [p.name for p in exported.out.parent.iterdir()] == [exported.out.name]


def test_qpdf_finds_no_errors(exported: Case) -> None:
    done = subprocess.run([tool("qpdf"), "--check", str(exported.out)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    rows: tuple[bytes, ...]
    n: int


def render(path: Path, page: int, stem: Path) -> Image:
    """Page ``page`` of ``path`` as poppler draws it (``pdftoppm -r 50 -png``)."""
    subprocess.run([tool("pdftoppm"), "-r", str(DPI), "-png", "-f", str(page + 1), "-l",
                    str(page + 1), "-singlefile", str(path), str(stem)], check=True)
    pix = pymupdf.Pixmap(str(stem) + ".png")
    data = bytes(pix.samples)
    rows = tuple(data[y * pix.stride:y * pix.stride + pix.width * pix.n]
                 for y in range(pix.height))
    return Image(pix.width, pix.height, rows, pix.n)


def displayed(rect: Rect, rotation_matrix: pymupdf.Matrix, margin: float) -> pymupdf.IRect:
    """A note's bounds in pixels of the page as displayed (rotation applied), widened."""
    r = pymupdf.Rect(rect.x0 - margin, rect.y0 - margin, rect.x1 + margin, rect.y1 + margin)
    return (r * rotation_matrix * pymupdf.Matrix(DPI / 72, DPI / 72)).irect


def differing(a: Image, b: Image, box: pymupdf.IRect) -> int:
    """Pixels inside ``box`` that differ between ``a`` and ``b``."""
    n, count = a.n, 0
    x0, x1 = max(box.x0, 0), min(box.x1, a.width)
    for y in range(max(box.y0, 0), min(box.y1, a.height)):
        ra, rb = a.rows[y][x0 * n:x1 * n], b.rows[y][x0 * n:x1 * n]
        if ra != rb:
            count += sum(ra[i:i + n] != rb[i:i + n] for i in range(0, len(ra), n))
    return count


def differing_outside(a: Image, b: Image, boxes: list[pymupdf.IRect]) -> int:
    """Pixels outside every box in ``boxes`` that differ between ``a`` and ``b``."""
    count = 0
    for y in range(a.height):
        if a.rows[y] == b.rows[y]:
            continue
        for x in range(a.width):
            i = x * a.n
            if a.rows[y][i:i + a.n] != b.rows[y][i:i + a.n] and not any(
                    box.contains(pymupdf.Point(x, y)) for box in boxes):
                count += 1
    return count


@pytest.mark.parametrize("page_number", [0, 1, 2])
def test_poppler_draws_the_notes_where_they_are_and_nothing_else(
        exported: Case, tmp_path: Path, page_number: int) -> None:
    before = render(exported.src, page_number, tmp_path / f"before{page_number}")
    after = render(exported.out, page_number, tmp_path / f"after{page_number}")
    assert (before.width, before.height) == (after.width, after.height)
    with pymupdf.open(exported.src) as doc:
        matrix = doc[page_number].rotation_matrix
    notes = [n for n in exported.notes if n.page == page_number]
    assert notes
    for n in notes:
        inside = displayed(n.bounds(), matrix, 0)
        assert differing(before, after, inside) > 0, n.id
    near = [displayed(n.bounds(), matrix, 30) for n in notes]
    assert differing_outside(before, after, near) == 0


def test_the_ink_on_a_rotated_page_is_drawn_where_the_rotation_puts_it(
        exported: Case, tmp_path: Path) -> None:
    before = render(exported.src, 1, tmp_path / "b")
    after = render(exported.out, 1, tmp_path / "a")
    assert after.width > after.height  # the page is displayed landscape
    ink = next(n for n in exported.notes if n.id == "ink1")
    with pymupdf.open(exported.src) as doc:
        rotated = displayed(ink.bounds(), doc[1].rotation_matrix, 0)
    unrotated = displayed(ink.bounds(), pymupdf.Identity, 0)
    assert not rotated.intersects(unrotated)
    assert differing(before, after, rotated) > 0.1 * rotated.width * rotated.height / 3
    assert differing(before, after, unrotated) == 0


def assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize(("content", "error", "reason"), [
    (b"Bi\xean b\xe1n h\xf4m nay", InvalidDocumentError, "not_pdf"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 40, InvalidDocumentError, None),
])
def test_damaged_input_is_refused_and_nothing_is_written(
        tmp_path: Path, content: bytes, error: type[Exception], reason: str | None) -> None:
    src = tmp_path / "hỏng.pdf"
    src.write_bytes(content)
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    note_ = ink_note("i", hashlib.sha256(content).hexdigest(), 0, [(1, 1), (2, 2)])
    with pytest.raises(error) as err:
        export_with_notes(src, [note_], out)
    if reason:
        assert getattr(err.value, "reason", None) == reason
    else:
        assert getattr(err.value, "reason", None) in ("damaged", "no_pages")
    assert src.read_bytes() == content
    assert_nothing_written(out)


def encrypted(tmp_path: Path, *, user_pw: str) -> Path:
    plain = make_pdf(tmp_path / "plain.pdf", [PARAGRAPH])
    path = tmp_path / "mật.pdf"
    with pymupdf.open(plain) as doc:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw,
                 owner_pw="chủ tọa", permissions=int(pymupdf.PDF_PERM_PRINT))
    return path


@pytest.mark.parametrize(("user_pw", "error", "reason"), [
    ("mật khẩu", PasswordRequiredError, "password"),
    ("", InvalidDocumentError, "encrypted"),
])
def test_encrypted_input_is_refused_and_nothing_is_written(
        tmp_path: Path, user_pw: str, error: type[Exception], reason: str) -> None:
    src = encrypted(tmp_path, user_pw=user_pw)
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    with pytest.raises(error) as err:
        export_with_notes(src, [ink_note("i", sha256_of(src), 0, [(1, 1), (2, 2)])], out)
    assert getattr(err.value, "reason", None) == reason
    assert_nothing_written(out)


def test_notes_of_another_version_or_page_and_the_original_as_target_are_refused(
        case: Case) -> None:
    case.out.parent.mkdir()
    with pytest.raises(NoteError) as err:
        export_with_notes(case.src, [ink_note("i", "0" * 64, 0, [(1, 1), (2, 2)])], case.out)
    assert err.value.reason == "wrong_document"
    with pytest.raises(NoteError) as err:
        export_with_notes(case.src, [ink_note("i", case.src_sha, 9, [(1, 1), (2, 2)])],
                          case.out)
    assert err.value.reason == "bad_page"
    assert_nothing_written(case.out)
    with pytest.raises(ConflictError) as err2:
        export_with_notes(case.src, case.notes, case.src)
    assert err2.value.reason == "same_file"
    assert sha256_of(case.src) == case.src_sha


def test_the_text_box_shows_vietnamese(exported: Case) -> None:
    """The FreeText appearance draws every letter of the name with an embedded font that
    has it: the text extracts back, no glyph is .notdef (id 0), every font is embedded."""
    with pymupdf.open(exported.out) as doc:
        page = doc[2]
        box = next(a for a in page.annots() if a.type[1] == "FreeText")
        words = page.get_text("text", clip=box.rect)
        kind, ref = doc.xref_get_key(box.xref, "AP/N")
        assert kind == "xref"
        ap = int(ref.split()[0])
        stream = doc.xref_stream(ap).decode("latin-1")
        fonts = doc.xref_get_key(ap, "Resources/Font")[1]
        font_xrefs = [int(x) for x in re.findall(r"(\d+) 0 R", fonts)]
        assert font_xrefs
        for f in font_xrefs:
            descendant = int(doc.xref_get_key(f, "DescendantFonts")[1].strip("[]").split()[0])
            descriptor = int(doc.xref_get_key(descendant, "FontDescriptor")[1].split()[0])
            assert any(doc.xref_get_key(descriptor, k)[0] == "xref"
                       for k in ("FontFile", "FontFile2", "FontFile3"))
    assert " ".join(words.split()) == NAME
    glyphs = [g for hexes in re.findall(r"<([0-9a-fA-F]+)>", stream)
              for g in re.findall("....", hexes)]
    assert len(glyphs) >= len(NAME.replace(" ", "")) and "0000" not in glyphs


def test_a_pdf_mupdf_repairs_is_saved_whole_and_passes_qpdf(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "v.pdf", [PARAGRAPH])
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999", src.read_bytes())
    src.write_bytes(broken)
    with pymupdf.open(src) as doc:
        assert doc.is_repaired  # the test needs a PDF MuPDF had to repair
    out = tmp_path / "out.pdf"
    export_with_notes(src, [ink_note("i", sha256_of(src), 0, [(100, 100), (200, 200)])], out)
    assert src.read_bytes() == broken
    assert not out.read_bytes().startswith(broken)
    with pymupdf.open(out) as doc:
        assert [a.type[1] for a in doc[0].annots()] == ["Ink"]
    done = subprocess.run([tool("qpdf"), "--check", str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
