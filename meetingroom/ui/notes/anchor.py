"""The anchor of a text selection, made from the words the render worker already sent.

The GUI never opens the PDF (PyMuPDF lives in the render process): the reader's
selection is a run of :class:`Word` objects with their boxes, which is all an
:class:`Anchor` needs — the quote, some context either side, one rectangle per line.
Word boxes are in the page's displayed space (its ``/Rotate`` applied); the anchor's
rectangles are turned into the notes' unrotated space with the page's :class:`PageFrame`.
"""

from __future__ import annotations

from collections.abc import Sequence

from meetingroom.domain.notes import MAX_QUOTE, MAX_RECTS, Anchor, NoteError, Rect
from meetingroom.domain.page_space import PageFrame
from meetingroom.pdf.render_queries import Word
from meetingroom.ui.reader.word_range import text_of

CONTEXT = 32
"""Characters of context kept on each side (as ``meetingroom.pdf.anchors.CONTEXT``)."""
_CONTEXT_WORDS = 16


def anchor_from_words(words: Sequence[Word], first: int, last: int, *,
                      frame: PageFrame | None = None) -> Anchor:
    """The anchor of ``words[first:last + 1]`` on their page (``frame``: that page's
    rotation; the rectangles come back in unrotated page space).

    Raises :class:`NoteError` (``no_text`` when the range is empty, ``too_large`` past
    the quote or line limits).
    """
    chosen = tuple(words[first:last + 1])
    if first < 0 or not chosen:
        raise NoteError("there is no text under the selection", "no_text")
    quote = " ".join(text_of(chosen).split())
    if not quote:
        raise NoteError("there is no text under the selection", "no_text")
    if len(quote) > MAX_QUOTE:
        raise NoteError(f"a highlight is limited to {MAX_QUOTE} characters", "too_large")
    lines: dict[tuple[int, int], list[float]] = {}
    for w in chosen:
        box = lines.get((w.block, w.line))
        if box is None:
            lines[(w.block, w.line)] = list(w.rect)
        else:
            box[0], box[1] = min(box[0], w.rect[0]), min(box[1], w.rect[1])
            box[2], box[3] = max(box[2], w.rect[2]), max(box[3], w.rect[3])
    if len(lines) > MAX_RECTS:
        raise NoteError(f"a highlight is limited to {MAX_RECTS} lines", "too_large")
    before = " ".join(text_of(tuple(words[max(0, first - _CONTEXT_WORDS):first])).split())
    after = " ".join(text_of(tuple(words[last + 1:last + 1 + _CONTEXT_WORDS])).split())
    boxes = [(b[0], b[1], b[2], b[3]) for b in lines.values()]
    if frame is not None:
        boxes = [frame.rect_to_unrotated(b) for b in boxes]
    return Anchor(quote, before[-CONTEXT:], after[:CONTEXT], tuple(Rect(*b) for b in boxes))


def selected_range(words: Sequence[Word], rects: Sequence[tuple[float, float, float, float]]
                   ) -> tuple[int, int] | None:
    """The first and last index of the words whose boxes are ``rects`` (the selection)."""
    wanted = set(rects)
    hit = [i for i, w in enumerate(words) if tuple(w.rect) in wanted]
    return (hit[0], hit[-1]) if hit else None
