"""Check a published poll record (the exported JSON) and say what was found, line by line.

What ``meetingroom verify-poll`` runs: :func:`load_record` reads the JSON (an exported
file, or a ``poll.record`` reply with the record under ``"record"``);
:func:`check_record` recounts it with :func:`~meetingroom.domain.polls.verify_record`
and returns the lines to print and whether everything checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from meetingroom.domain.poll_labels import choices_text, labels, receipt_text
from meetingroom.domain.polls import PollRecord, verify_record
from meetingroom.domain.voting import VotingError
from meetingroom.domain.voting_text import describe_result, percent

_WORDS: dict[str, dict[str, str]] = {
    "vi": {"recount": "Đếm lại từ {n} phiếu đã công bố:",
           "published": "Kết quả đã công bố (không đếm lại được):",
           "ballots": "Số phiếu: {b}; số người đã bỏ phiếu: {v}",
           "mine": "Mã biên nhận {r}: có trong danh sách, ghi nhận: {c}",
           "not_mine": "Mã biên nhận {r}: KHÔNG có trong danh sách",
           "ok": "ĐÚNG: kết quả đếm lại khớp với kết quả đã công bố.",
           "problem": "SAI: {p}"},
    "en": {"recount": "Recounted from the {n} published ballots:",
           "published": "Published result (could not be recounted):",
           "ballots": "Ballots: {b}; members who voted: {v}",
           "mine": "Receipt {r}: in the record, recorded as: {c}",
           "not_mine": "Receipt {r}: NOT in the record",
           "ok": "OK: the recount matches the published result.",
           "problem": "PROBLEM: {p}"},
}


_PROBLEMS_VI: dict[str, str] = {
    "the poll is not closed": "cuộc biểu quyết chưa kết thúc",
    "a receipt code appears twice": "một mã biên nhận xuất hiện hai lần",
    "a receipt code is malformed": "một mã biên nhận không đúng dạng",
    "the named list does not match the ballots": "danh sách bỏ phiếu công khai không khớp"
                                                 " với các phiếu",
    "the named list's choices differ from the ballots": "lựa chọn trong danh sách công khai"
                                                        " khác với các phiếu",
    "the recomputed result differs from the published result": "đếm lại cho kết quả khác"
                                                               " với kết quả đã công bố",
    "your receipt is not in the record": "mã biên nhận của bạn không có trong danh sách",
    "your ballot is recorded with other choices than you made": "phiếu của bạn được ghi"
                                                                " nhận với lựa chọn khác"
                                                                " với lựa chọn bạn đã chọn",
}


def _problem(problem: str, lang: str) -> str:
    """A :func:`verify_record` problem in ``lang`` (the record's own words stay as they are)."""
    if lang != "vi":
        return problem
    if problem in _PROBLEMS_VI:
        return _PROBLEMS_VI[problem]
    counted = re.fullmatch(r"(\d+) ballots but (\d+) voters", problem)
    if counted:
        return f"{counted[1]} phiếu nhưng {counted[2]} người bỏ phiếu"
    if problem.startswith("the ballots cannot be counted: "):
        return "không đếm được các phiếu: " + problem.split(": ", 1)[1]
    return problem


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """A record read from a file, with the titles the export added (may be empty)."""

    record: PollRecord
    meeting_title: str = ""
    item_title: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What :func:`check_record` found."""

    ok: bool
    lines: tuple[str, ...]


def load_record(text: str) -> LoadedRecord:
    """The record in ``text``; :class:`VotingError` (``bad_record``) if it is not one."""
    try:
        data: Any = json.loads(text)
    except ValueError as e:
        raise VotingError(f"not JSON: {e}", "bad_record") from None
    if isinstance(data, Mapping) and isinstance(data.get("record"), Mapping):
        data = data["record"]
    if not isinstance(data, Mapping):
        raise VotingError("not a poll record", "bad_record")
    try:
        record = PollRecord.from_dict(data)
    except AttributeError:
        raise VotingError("not a poll record", "bad_record") from None
    return LoadedRecord(record, _text(data.get("meeting_title")),
                        _text(data.get("item_title")))


def normalise_receipt(code: str) -> str:
    """A receipt as typed (``abcd-efgh …``) in its stored form (``ABCDEFGH…``)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def check_record(loaded: LoadedRecord, *, receipt: str | None = None,
                 choices: tuple[str, ...] | None = None, lang: str = "en") -> CheckReport:
    """Recount ``loaded`` (and find ``receipt`` with ``choices``, when given)."""
    t, w = labels(lang), _WORDS[lang]
    record = loaded.record
    poll = record.poll
    spec = poll.spec
    code = None if receipt is None else normalise_receipt(receipt)
    check = verify_record(record, receipt=code, choices=choices)
    lines = [f"{t['poll']}: {spec.title}"]
    if loaded.meeting_title:
        lines.append(f"{t['meeting']}: {loaded.meeting_title}")
    if loaded.item_title:
        lines.append(f"{t['item']}: {loaded.item_title}")
    lines.append(f"{t['type']}: {t[spec.ballot_type]}")
    lines.append(w["ballots"].format(b=len(record.ballots), v=len(record.voters)))
    result = check.recomputed or poll.result
    if result is not None:
        lines.append(w["recount" if check.recomputed else "published"].format(
            n=len(record.ballots)))
        label = {o.id: o.label for o in spec.options}
        for option_id, votes in result.counts:
            share = f" ({percent(votes, result.base_count, lang)})" if result.base_count else ""
            lines.append(f"  {label.get(option_id, option_id)}: {votes}{share}")
        try:
            lines.append(f"{t['outcome']}: {describe_result(spec, result, lang)}")
        except KeyError:  # a published result naming options the poll does not have
            lines.append(f"{t['outcome']}: {result.outcome.value}")
    if code is not None:
        mine = dict(record.ballots).get(code)
        lines.append(w["not_mine"].format(r=receipt_text(code)) if mine is None else
                     w["mine"].format(r=receipt_text(code), c=choices_text(spec, mine, lang)))
    lines.extend(w["problem"].format(p=_problem(p, lang)) for p in check.problems)
    if check.ok:
        lines.append(w["ok"])
    return CheckReport(check.ok, tuple(lines))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
