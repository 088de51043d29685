"""A PDF full of active content, for the tests that show none of it runs or survives."""

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
