"""The exported copy carries no active content: no actions on open or on pages, no
document JavaScript, no attached files, no link that launches, runs or opens file://;
links to the web stay; the notes are there and qpdf accepts the file."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import replace
from pathlib import Path

import pymupdf
from hostile_pdfs import external_links_pdf, hostile_pdf
from notes_fixtures import ink_note

from meetingroom.pdf.notes_export import export_with_notes


def test_the_export_of_a_document_with_active_content_is_inert(tmp_path: Path) -> None:
    src = hostile_pdf(tmp_path / "chu-dong.pdf", tmp_path / "ran")
    before = src.read_bytes()
    sha = hashlib.sha256(before).hexdigest()
    note = replace(ink_note("ink-1", sha, 1, [(80, 400), (200, 420), (260, 400)]),
                   author_id="u1")
    out = tmp_path / "kem-ghi-chu.pdf"
    export_with_notes(src, [note], out, authors={"u1": "Nguyễn Văn Đức"})
    assert src.read_bytes() == before  # the original is untouched
    with pymupdf.open(out) as doc:
        catalog = doc.pdf_catalog()
        assert doc.xref_get_key(catalog, "OpenAction")[0] == "null"
        assert doc.xref_get_key(catalog, "Names/JavaScript")[0] == "null"
        assert doc.embfile_count() == 0
        assert doc.xref_get_key(doc[0].xref, "AA")[0] == "null"
        actions = {}
        for xref, _kind, _id in doc[1].annot_xrefs():
            subtype = doc.xref_get_key(xref, "Subtype")[1]
            actions[xref] = (subtype, doc.xref_get_key(xref, "A/S")[1],
                             doc.xref_get_key(xref, "A/URI")[1])
        links = [a for a in actions.values() if a[0] == "/Link"]
        assert ("/Link", "/URI", "https://example.org/nghi-quyet") in links
        assert not any(a[1] in ("/Launch", "/JavaScript") for a in links)
        assert not any(a[2].startswith("file:") for a in links)
        assert [a[0] for a in actions.values()].count("/Ink") == 1
    with pymupdf.open(src) as original:  # the source really had all of it
        assert original.embfile_count() == 1
        assert original.xref_get_key(original.pdf_catalog(), "OpenAction")[0] != "null"
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr


FORBIDDEN = (b"/GoToR", b"/GoToE", b"/Launch", b"/JavaScript", b"/JS", b"/SubmitForm",
             b"/ImportData", b"/RichMedia", b"/EmbeddedFile", b"/OpenAction", b"198.51.100.7",
             b"file:", b"smb:", b"etc/passwd", b"touch ")


def _every_byte_uncompressed(path: Path, tmp_path: Path) -> bytes:
    """The file as qpdf writes it with every stream decompressed and no object streams,
    so a name hidden in a compressed object cannot escape the search."""
    qdf = tmp_path / (path.stem + ".qdf.pdf")
    done = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(qdf)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return qdf.read_bytes()


def test_no_revision_of_the_export_holds_active_content_or_an_external_link(
        tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    src = external_links_pdf(tmp_path / "lien-ket.pdf", marker)
    source = _every_byte_uncompressed(src, tmp_path)
    assert all(name in source for name in FORBIDDEN)  # the source really has every one
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "kem-ghi-chu.pdf"
    export_with_notes(src, [replace(ink_note("ink-1", sha, 0, [(80, 400), (200, 420)]),
                                    author_id="u1")], out, authors={"u1": "Lê Thị Hoa"})
    exported = _every_byte_uncompressed(out, tmp_path)
    assert [name for name in FORBIDDEN if name in exported] == []
    assert b"https://example.org/nghi-quyet" in exported  # a link to the web stays
    with pymupdf.open(out) as doc:
        assert doc.get_toc()[0][1] == "Phụ lục"  # the outline stays, without its action
        assert [a.type[1] for a in doc[0].annots()] == ["Ink"]
        assert doc.page_count == 2
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr
