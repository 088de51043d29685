"""The title a document is shown under: the secretary's label, else the PDF's own title,
else its file name tidied ("bao-cao-kt-xh-9-thang-2026.pdf" → "Bao cao kt xh 9 thang 2026")."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol


class Titled(Protocol):
    """What a title is made of (``model.Document`` is one)."""

    @property
    def label(self) -> str: ...

    @property
    def pdf_title(self) -> str: ...

    @property
    def name(self) -> str: ...

MAX_TITLE = 300
"""Characters of a label or a PDF title kept."""
_JUNK = re.compile(r"^(untitled|document\d*|microsoft word - .*|.*\.(docx?|pdf|xlsx?|odt))$",
                   re.IGNORECASE)
"""PDF titles that name the tool or the source file rather than the document."""


def tidy_file_name(name: str) -> str:
    """A file name as a readable title: no extension, dashes and underscores as spaces,
    the first letter capitalised."""
    stem = re.sub(r"\.pdf$", "", name.strip(), flags=re.IGNORECASE)
    words = " ".join(re.split(r"[-_\s.]+", stem)).strip()
    return (words[:1].upper() + words[1:]) if words else name


def pdf_title(raw: str) -> str:
    """A PDF's metadata title fit to show (untrusted text): one line, visible characters,
    at most ``MAX_TITLE``; "" when it says nothing useful ("Untitled", "Microsoft Word -
    baocao.doc")."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                   for ch in text)
    text = " ".join(text.split())[:MAX_TITLE]
    return "" if _JUNK.match(text) else text


def display_title(doc: Titled) -> str:
    """What a document is called in lists: its label, its PDF title or its tidied name."""
    return doc.label or doc.pdf_title or tidy_file_name(doc.name)
