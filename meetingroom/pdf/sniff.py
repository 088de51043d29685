"""Whether a file's first bytes say it is a PDF (the header window every reader allows)."""

from __future__ import annotations

HEADER_WINDOW = 1024
"""Readers accept the ``%PDF-`` header anywhere in the first 1024 bytes; so do we."""


def sniff_pdf(head: bytes) -> bool:
    """Whether ``head`` (the file's first bytes) carries a ``%PDF-`` header."""
    return b"%PDF-" in head[:HEADER_WINDOW]
