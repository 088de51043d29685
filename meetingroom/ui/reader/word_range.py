"""Text selection on one page: which words lie between two points, and their text."""

from __future__ import annotations

from meetingroom.pdf.render_queries import Word


def nearest_word(words: tuple[Word, ...], x: float, y: float) -> int | None:
    """The word under page point (x, y), or the closest one (None on a page without text)."""
    best, best_d = None, float("inf")
    for i, w in enumerate(words):
        x0, y0, x1, y1 = w.rect
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        d = dx * dx + 4 * dy * dy  # lines count more than columns
        if d < best_d:
            best, best_d = i, d
            if d == 0:
                break
    return best


def selected(words: tuple[Word, ...], anchor: int, focus: int) -> tuple[Word, ...]:
    """The words from ``anchor`` to ``focus`` in reading order (either way round)."""
    a, b = sorted((anchor, focus))
    return words[a:b + 1]


def text_of(words: tuple[Word, ...]) -> str:
    """The words as text: a space between words, a new line between lines."""
    parts: list[str] = []
    previous: tuple[int, int] | None = None
    for w in words:
        where = (w.block, w.line)
        if previous is not None:
            parts.append(" " if where == previous else "\n")
        parts.append(w.text)
        previous = where
    return "".join(parts)
