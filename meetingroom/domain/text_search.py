"""Finding typed text in a text: tone marks, đ and case ignored unless asked to match exactly.

Vietnamese readers type "ngan sach" for "ngân sách": by default a search folds both the
text and what was typed (Unicode NFD, combining marks dropped, đ/Đ → d, case folded,
runs of white space as one space). With ``exact`` only the Unicode form is evened out
(NFC and NFD text match each other), so marks and case must be as typed.

Folding changes lengths (one "ệ" may be three code points, "ß" folds to "ss"), so the
folded text keeps, for each of its characters, the span of original characters it came
from: a match in folded text maps back to exactly the original characters (a base letter
with all its combining marks), whose boxes a PDF reader then highlights.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_D = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}
"""Letters NFD does not decompose but readers expect to match their base letter."""


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Text prepared for searching, with the way back to the original characters."""

    text: str
    """The folded text."""
    spans: tuple[tuple[int, int], ...]
    """For each character of ``text``, the original characters [start, end) it came from."""


def _clusters(text: str) -> list[tuple[int, int]]:
    """[start, end) of each base character with the combining marks that follow it."""
    out: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if out and unicodedata.combining(ch):
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def fold_cluster(cluster: str, *, exact: bool) -> str:
    """One base character with its marks, folded (exact: only put in canonical NFD order)."""
    if exact:
        return unicodedata.normalize("NFD", cluster)
    decomposed = unicodedata.normalize("NFKD", cluster)  # also ligatures: "ﬁ" → "fi"
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_D.get(ch, ch) for ch in base).casefold()


def fold(text: str, *, exact: bool = False) -> FoldedText:
    """``text`` folded for searching, each folded character knowing where it came from.

    White space (spaces, tabs, line breaks, no-break spaces) of any length becomes one
    space, so a phrase matches across a line break.
    """
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in _clusters(text):
        cluster = text[start:end]
        if cluster[0].isspace():
            if chars and chars[-1] == " ":
                spans[-1] = (spans[-1][0], end)
            else:
                chars.append(" ")
                spans.append((start, end))
            continue
        for ch in fold_cluster(cluster, exact=exact):
            chars.append(ch)
            spans.append((start, end))
    return FoldedText(text="".join(chars), spans=tuple(spans))


def fold_query(query: str, *, exact: bool = False) -> str:
    """What the user typed, folded like the text it is looked for in (trimmed)."""
    return fold(query.strip(), exact=exact).text.strip()


def find_all(haystack: FoldedText, query: str, *, exact: bool = False,
             limit: int | None = None) -> list[tuple[int, int]]:
    """[start, end) in the *original* text of each place ``query`` occurs, in text order,
    not overlapping; at most ``limit``. An empty query finds nothing."""
    needle = fold_query(query, exact=exact)
    found: list[tuple[int, int]] = []
    if not needle:
        return found
    text, spans = haystack.text, haystack.spans
    at = text.find(needle)
    while at >= 0 and (limit is None or len(found) < limit):
        end = at + len(needle)
        # exact: "e" is not found in "ệ" (e + two marks): a match takes whole characters
        whole = not exact or ((at == 0 or spans[at - 1] != spans[at])
                              and (end == len(text) or spans[end] != spans[end - 1]))
        if whole:
            found.append((spans[at][0], spans[end - 1][1]))
            at = text.find(needle, end)
        else:
            at = text.find(needle, at + 1)
    return found


def contains(text: str, query: str, *, exact: bool = False) -> bool:
    """Whether ``query`` occurs in ``text`` (as :func:`find_all` finds it)."""
    return bool(find_all(fold(text, exact=exact), query, exact=exact, limit=1))
