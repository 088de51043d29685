"""A closed poll's result as CSV text for spreadsheets: the ballot list and a summary.

Two files, each one plain table, because a spreadsheet (and any program) reads one
table per file well and two stacked tables badly:

* :func:`ballots_csv` — one row per ballot. Named ballots: ``STT, Thành viên, Lựa chọn,
  Người bỏ phiếu`` (the proxy holder shows as "Tên (ủy quyền)"); secret ballots:
  ``STT, Mã biên nhận, Lựa chọn`` — the published (receipt, choice) list;
* :func:`summary_csv` — ``Mục, Giá trị, Tỷ lệ`` rows: meeting, item, poll, ballot type,
  rule, present/members, ballots cast, one row per option with its votes and share,
  the outcome sentence and the closing time.

Both start with a UTF-8 byte order mark (write the text as ``utf-8``, not ``utf-8-sig``)
so that Excel opens Vietnamese correctly, use ``\\r\\n`` line ends and quote fields as
the ``csv`` module does (commas, quotes, line breaks). A cell that a spreadsheet would run
as a formula (starting with ``= + - @``, a tab or a carriage return) is written with a
leading apostrophe. Several choices in one ballot are joined with ``"; "`` in ballot
order, by label.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import tzinfo

from meetingroom.domain.poll_labels import (
    base_name,
    cast_by_text,
    choices_text,
    closed_text,
    labels,
    receipt_text,
)
from meetingroom.domain.polls import PollRecord, PollStatus
from meetingroom.domain.voting import BallotType, VotingError
from meetingroom.domain.voting_tally import PollResult
from meetingroom.domain.voting_text import describe_result, describe_rule, percent

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def closed_result(record: PollRecord) -> PollResult:
    """The record's stored result; :class:`VotingError` (``not_closed``) if it has none."""
    poll = record.poll
    if poll.status is not PollStatus.CLOSED or poll.result is None:
        raise VotingError("only a closed poll's result can be exported", "not_closed")
    return poll.result


def ballots_csv(record: PollRecord, lang: str = "vi") -> str:
    """One row per ballot of a closed poll (see the module docstring for the columns)."""
    closed_result(record)
    t = labels(lang)
    spec = record.poll.spec
    rows: list[Sequence[object]]
    if spec.ballot_type is BallotType.NAMED:
        rows = [(t["no"], t["member"], t["choices"], t["cast_by"])]
        rows += [(n, member, choices_text(spec, choices, lang),
                  cast_by_text(member, by, lang))
                 for n, (member, choices, by) in enumerate(record.named, start=1)]
    else:
        rows = [(t["no"], t["receipt"], t["choices"])]
        rows += [(n, receipt_text(receipt), choices_text(spec, choices, lang))
                 for n, (receipt, choices) in enumerate(record.ballots, start=1)]
    return _write(rows)


def summary_csv(record: PollRecord, *, meeting_title: str, item_title: str | None,
                lang: str = "vi", tz: tzinfo | None = None) -> str:
    """The result of a closed poll as ``label, value, share`` rows."""
    result = closed_result(record)
    t = labels(lang)
    poll = record.poll
    spec = poll.spec
    rows: list[Sequence[object]] = [
        (t["field"], t["value"], t["share_of"].format(base=base_name(spec, lang))),
        (t["meeting"], meeting_title, ""),
        (t["item"], item_title or t["none"], ""),
        (t["poll"], spec.title, ""),
        (t["type"], t[spec.ballot_type], ""),
        (t["rule"], describe_rule(spec.rule, spec.quorum, lang), ""),
        (t["present"], f"{result.present}/{result.members}", ""),
        (t["ballots_cast"], result.ballots_cast, ""),
    ]
    label = {o.id: o.label for o in spec.options}
    for option_id, votes in result.counts:
        share = percent(votes, result.base_count, lang) if result.base_count else ""
        rows.append((label.get(option_id, option_id), votes, share))
    if spec.min_choices == 0:
        rows.append((t["blank"], result.blank, ""))
    rows.append((t["outcome"], describe_result(spec, result, lang), ""))
    rows.append((t["closed"], closed_text(poll, lang, tz), ""))
    return _write(rows)


def _write(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return BOM + out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
