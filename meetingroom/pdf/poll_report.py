"""Compose the PDF of a closed poll's result: sentences, counts with a bar chart, ballots.

One A4 document: the meeting, agenda item and poll, the rule and the outcome sentence
(from :mod:`~meetingroom.domain.voting_text`), the present/members/quorum line and the
closing time; a table of the counts with their shares and a bar chart drawn as vector
rectangles (a thin line marks the votes the rule required); then the ballots — for a
named poll who voted what and who cast it (proxies visible), for a secret ballot the
published (receipt, choice) list so that every voter can find their own.

Text is set with the shipped DejaVu fonts through :class:`~meetingroom.pdf._layout.Typesetter`
(the same embedded faces as the other PDFs we make, so Vietnamese renders anywhere), and
the file is finished by :func:`~meetingroom.pdf._pdfa.make_pdfa` (fonts subset with stable
tags, metadata, file /ID). The creation date defaults to the poll's closing time, so the
same record gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

import pymupdf

from meetingroom.domain.poll_csv import closed_result
from meetingroom.domain.poll_labels import (
    base_name,
    cast_by_text,
    choices_text,
    closed_text,
    labels,
    receipt_text,
)
from meetingroom.domain.polls import PollRecord
from meetingroom.domain.voting import BallotType
from meetingroom.domain.voting_text import describe_result, describe_rule, percent
from meetingroom.pdf import _layout as lay
from meetingroom.pdf._pdfa import make_pdfa

log = logging.getLogger("meetingroom.pdf")

BOTTOM_Y = lay.PAGE_H - lay.BOTTOM
"""No body baseline goes below this."""
LABEL_W = 110.0
"""Width of the label column of the heading lines ("Quy tắc:")."""
BAR_COLOUR = (0.36, 0.55, 0.80)
WINNER_COLOUR = (0.12, 0.42, 0.22)
RULE_COLOUR = (0.75, 0.15, 0.15)
RULE_GREY = (0.7, 0.7, 0.7)


@dataclass(slots=True)
class _Writer:
    """A cursor over pages: draws lines and table rows, starting a page when one is full."""

    ts: lay.Typesetter
    doc: Any = field(default_factory=pymupdf.open)
    page: Any = None
    shape: Any = None
    y: float = 0.0
    header: tuple[str, ...] = ()
    """Table header repeated at the top of a page that continues a table."""
    widths: tuple[float, ...] = ()

    def new_page(self) -> None:
        if self.shape is not None:
            self.shape.commit()
        self.page = self.doc.new_page(width=lay.PAGE_W, height=lay.PAGE_H)
        self.ts.prepare(self.page)
        self.shape = self.page.new_shape()
        self.y = lay.TOP + lay.BODY_SIZE
        if self.header:
            self.row(self.header, self.widths, bold=True)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` more points fit on this one."""
        if self.y + height > BOTTOM_Y:
            self.new_page()

    def wrapped(self, text: str, *, bold: bool = False, size: float = lay.BODY_SIZE,
                centred: bool = False, x: float = 0.0) -> None:
        step = size * 1.45
        for line in self.ts.wrap(text, lay.BODY_W - x, bold=bold, size=size):
            self.room(step)
            if centred:
                self.ts.centred(self.shape, lay.LEFT + lay.BODY_W / 2, self.y, line,
                                bold=bold, size=size)
            else:
                self.ts.text(self.shape, lay.LEFT + x, self.y, line, bold=bold, size=size)
            self.y += step

    def field(self, label: str, value: str, *, bold: bool = False) -> None:
        """``label:`` in the left column and ``value`` wrapped beside it."""
        lines = self.ts.wrap(value, lay.BODY_W - LABEL_W, bold=bold) or [""]
        self.room(lay.LINE_H * min(len(lines), 3))
        self.ts.text(self.shape, lay.LEFT, self.y, f"{label}:", bold=True)
        for line in lines:
            self.room(lay.LINE_H)
            self.ts.text(self.shape, lay.LEFT + LABEL_W, self.y, line, bold=bold)
            self.y += lay.LINE_H

    def row(self, cells: tuple[str, ...], widths: tuple[float, ...], *, bold: bool = False,
            right: frozenset[int] = frozenset()) -> float:
        """One table row (cells wrapped in their column); returns its top."""
        wrapped = [self.ts.wrap(c, w - 6, bold=bold) or [""] for c, w in zip(cells, widths,
                                                                             strict=True)]
        height = max(len(w) for w in wrapped) * lay.LINE_H
        if self.y + height - lay.LINE_H > BOTTOM_Y:
            self.new_page()
        top = self.y - lay.BODY_SIZE
        x = lay.LEFT
        for n, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
            for k, line in enumerate(lines):
                dx = w - 4 - self.ts.width(line, bold=bold) if n in right else 2.0
                self.ts.text(self.shape, x + dx, self.y + k * lay.LINE_H, line, bold=bold)
            x += w
        bottom = top + height + 2
        self.shape.draw_line(pymupdf.Point(lay.LEFT, bottom),
                             pymupdf.Point(lay.LEFT + sum(widths), bottom))
        self.shape.finish(color=RULE_GREY, width=0.4)
        self.y += height + 3
        return top

    def bar(self, x: float, top: float, width: float, fraction: float,
            colour: tuple[float, float, float]) -> None:
        frame = pymupdf.Rect(x, top + 2, x + width, top + lay.LINE_H - 2)
        self.shape.draw_rect(frame)
        self.shape.finish(color=RULE_GREY, width=0.4)
        if fraction > 0:
            filled = pymupdf.Rect(frame.x0, frame.y0, frame.x0 + frame.width * min(fraction, 1.0),
                                  frame.y1)
            self.shape.draw_rect(filled)
            self.shape.finish(color=colour, fill=colour, width=0)

    def mark(self, x: float, top: float, bottom: float) -> None:
        self.shape.draw_line(pymupdf.Point(x, top), pymupdf.Point(x, bottom))
        self.shape.finish(color=RULE_COLOUR, width=0.8)


def render_poll_report(record: PollRecord, *, meeting_title: str, item_title: str | None,
                       lang: str = "vi", tz: tzinfo | None = None,
                       producer: str = "Meetingroom",
                       created: datetime | None = None) -> bytes:
    """The result of the closed poll in ``record`` as PDF bytes.

    ``tz`` is the zone the closing time is written in (default: this machine's);
    ``created`` (default: the closing time) goes into the metadata. Raises
    :class:`~meetingroom.domain.voting.VotingError` (``not_closed``) for a poll that has
    no result and ``ValueError`` for an unknown ``lang``.
    """
    result = closed_result(record)
    t = labels(lang)
    poll = record.poll
    spec = poll.spec
    w = _Writer(lay.Typesetter())
    w.new_page()
    w.wrapped(t["report_title"], bold=True, size=14, centred=True)
    w.y += 2
    w.wrapped(_clean(spec.title), bold=True, size=12.5, centred=True)
    w.y += 8
    w.field(t["meeting"], _clean(meeting_title) or t["none"])
    w.field(t["item"], _clean(item_title or "") or t["none"])
    w.field(t["type"], t[spec.ballot_type])
    w.field(t["rule"], describe_rule(spec.rule, spec.quorum, lang))
    quorum = t["quorum_ok" if result.quorum_met else "quorum_no"]
    need = spec.quorum.required(result.members)
    if need:
        quorum += f" ({t['quorum_need'].format(n=need)})"
    w.field(t["present"], f"{t['present_line'].format(p=result.present, m=result.members)}; "
                          f"{quorum}")
    w.field(t["closed"], closed_text(poll, lang, tz))
    w.field(t["outcome"], describe_result(spec, result, lang), bold=True)
    w.y += 8

    widths: tuple[float, ...] = (170.0, 62.0, 62.0, lay.BODY_W - 294.0)
    w.room(lay.LINE_H * 3)
    w.row((t["option"], t["votes"], t["share"], ""), widths, bold=True,
          right=frozenset({1, 2}))
    label = {o.id: _clean(o.label) for o in spec.options}
    base = result.base_count
    bar_x, bar_w = lay.LEFT + 297.0, widths[3] - 6
    winners = set(result.elected)
    for option_id, votes in result.counts:
        share = percent(votes, base, lang) if base else ""
        top = w.row((label.get(option_id, option_id), str(votes), share, ""), widths,
                            right=frozenset({1, 2}))
        w.bar(bar_x, top, bar_w, votes / base if base else 0.0,
              WINNER_COLOUR if option_id in winners else BAR_COLOUR)
        if base and 0 < result.required <= base:
            w.mark(bar_x + bar_w * result.required / base, top, top + lay.LINE_H)
    totals = [f"{t['ballots_cast']}: {result.ballots_cast}",
              f"{t['abstentions']}: {result.abstentions}"]
    if spec.min_choices == 0:
        totals.append(f"{t['blank']}: {result.blank}")
    w.y += 4
    w.wrapped("; ".join(totals) + ".")
    if base:
        w.wrapped(t["share_note"].format(b=base, base=base_name(spec, lang)), size=9.5)
    w.y += 10

    if spec.ballot_type is BallotType.NAMED:
        w.room(lay.LINE_H * 3)
        w.wrapped(t["named_list"], bold=True, size=12)
        head: tuple[str, ...] = (t["no"], t["member"], t["choices"], t["cast_by"])
        widths = (32.0, 150.0, 150.0, lay.BODY_W - 332.0)
        rows: list[tuple[str, ...]] = [
            (str(n), _clean(m), _clean(choices_text(spec, c, lang)),
             _clean(cast_by_text(m, by, lang)))
            for n, (m, c, by) in enumerate(record.named, start=1)]
    else:
        w.room(lay.LINE_H * 4)
        w.wrapped(t["receipt_list"], bold=True, size=12)
        w.wrapped(t["receipt_note"], size=9.5)
        w.y += 4
        head = (t["no"], t["receipt"], t["choices"])
        widths = (32.0, 200.0, lay.BODY_W - 232.0)
        rows = [(str(n), _clean(receipt_text(r)), _clean(choices_text(spec, c, lang)))
                for n, (r, c) in enumerate(record.ballots, start=1)]
    w.row(head, widths, bold=True)
    w.header, w.widths = head, widths
    for cells in rows:
        w.row(cells, widths)
    w.shape.commit()
    doc = w.doc
    try:
        _running_lines(w.ts, doc, f"{_clean(meeting_title)} · {_clean(spec.title)}", t["page"])
        when = created or datetime.fromtimestamp(poll.closed_at or 0.0, UTC)
        identity = json.dumps([record.to_dict(), meeting_title, item_title, lang, producer,
                               when.isoformat(), closed_text(poll, lang, tz)],
                              ensure_ascii=False, sort_keys=True).encode()
        make_pdfa(doc, title=spec.title, producer=producer, created=when, identity=identity)
        data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
        pages = doc.page_count
    finally:
        doc.close()
    log.info("poll report composed: %d pages, %d bytes, sha256 %s", pages, len(data),
             hashlib.sha256(data).hexdigest()[:12])
    return data


def _running_lines(ts: lay.Typesetter, doc: Any, title: str, page_label: str) -> None:
    """The meeting and poll over a rule at the top of each page, "Trang X/Y" at the foot."""
    total = doc.page_count
    for n, page in enumerate(doc, start=1):
        shape = page.new_shape()
        ts.text(shape, lay.LEFT, lay.TOP - 24, ts.fit(title, lay.BODY_W, size=8.5), size=8.5,
                grey=True)
        shape.draw_line(pymupdf.Point(lay.LEFT, lay.TOP - 17),
                        pymupdf.Point(lay.PAGE_W - lay.RIGHT, lay.TOP - 17))
        shape.finish(color=RULE_GREY, width=0.5)
        footer = page_label.format(n=n, t=total)
        ts.text(shape, (lay.PAGE_W - ts.width(footer, size=9)) / 2, lay.PAGE_H - lay.BOTTOM + 32,
                footer, size=9, grey=True)
        shape.commit()


def _clean(text: str) -> str:
    """``text`` in NFC on one line: control characters (line breaks, tabs) become spaces."""
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch
                            for ch in unicodedata.normalize("NFC", text)).split())
