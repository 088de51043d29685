"""Reproducible PDF bytes: stable font subset tags and a file /ID derived from content."""

from __future__ import annotations

import hashlib
import re
from typing import Any

_SUBSET_TAG = re.compile(r"/[A-Z]{6}\+.+")


def stable_subset_tags(doc: Any) -> None:
    """Replace MuPDF's random "ABCDEF+" font subset tags with ones derived from the name.

    Without this two documents made the same way in one process differ in their
    bytes, and so in their SHA-256 — the name of a blob everywhere else.
    """
    for xref in range(1, doc.xref_length()):
        for key in ("BaseFont", "FontName"):
            kind, value = doc.xref_get_key(xref, key)
            if kind == "name" and _SUBSET_TAG.fullmatch(value):
                digest = hashlib.sha256(value[8:].encode()).digest()
                tag = "".join(chr(65 + b % 26) for b in digest[:6])
                source = doc.xref_object(xref, compressed=True)
                doc.update_object(xref, source.replace(value[:8], f"/{tag}+"))


def set_file_id(doc: Any, identity: bytes) -> None:
    """The trailer /ID, both halves, from ``identity`` (save with ``no_new_id=True``)."""
    file_id = hashlib.sha256(identity).hexdigest()[:32].upper()
    doc.xref_set_key(-1, "ID", f"[<{file_id}><{file_id}>]")
