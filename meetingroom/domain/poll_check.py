"""Check a published poll record (the exported JSON) and say what was found, line by line.

What ``meetingroom verify-poll`` runs: :func:`load_record` reads the JSON (an exported
file, or a ``poll.record`` reply with the record under ``"record"``);
:func:`check_record` recounts it with :func:`~meetingroom.domain.polls.verify_record`
and returns the lines to print and whether everything checked: :attr:`CheckReport.status`
is 0 (all checked), 1 (a problem) or 3 (nothing wrong found, but a version-1 record
cannot show everything; the lines say what was not checked).
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
           "counted": "Thành viên: {m}; có mặt hoặc được ủy quyền: {p}",
           "sealed": "Mã biên nhận {r}: ghi cho {n}, người bỏ phiếu: {by}",
           "old": "Bản ghi phiên bản 1: không kiểm tra được {x}.",
           "partial": "CHƯA ĐỦ: không thấy sai sót, nhưng bản ghi phiên bản 1 không cho"
                      " kiểm tra mọi điều (mã thoát 3).",
           "problem": "SAI: {p}",
           "box": "Hòm phiếu niêm phong: {s} phiếu; mở được {o}; không hợp lệ {i}",
           "void": "  Không hợp lệ: {r} — {why}"},
    "en": {"recount": "Recounted from the {n} published ballots:",
           "published": "Published result (could not be recounted):",
           "ballots": "Ballots: {b}; members who voted: {v}",
           "mine": "Receipt {r}: in the record, recorded as: {c}",
           "not_mine": "Receipt {r}: NOT in the record",
           "ok": "OK: the recount matches the published result.",
           "counted": "Members: {m}; present or represented: {p}",
           "sealed": "Receipt {r}: sealed for {n}, cast by {by}",
           "old": "Version-1 record: cannot check {x}.",
           "partial": "INCOMPLETE: nothing wrong found, but a version-1 record cannot be"
                      " checked in full (exit 3).",
           "problem": "PROBLEM: {p}",
           "box": "Sealed ballot box: {s} ballots; opened {o}; invalid {i}",
           "void": "  Invalid: {r} — {why}"},
}

_WHY: dict[str, dict[str, str]] = {
    "vi": {"does_not_open": "không mở được", "not_a_ballot": "không phải là phiếu",
           "bad_receipt": "mã biên nhận sai dạng", "bad_choice": "lựa chọn không hợp lệ",
           "repeated_receipt": "trùng mã biên nhận"},
    "en": {"does_not_open": "does not open", "not_a_ballot": "not a ballot",
           "bad_receipt": "malformed receipt", "bad_choice": "invalid choice",
           "repeated_receipt": "repeated receipt"},
}
"""Why a sealed ballot did not count, as ``verify-poll`` prints it."""


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
    "your ballot is listed as invalid": "phiếu của bạn bị ghi là không hợp lệ",
    "a sealed ballot is listed twice": "một phiếu niêm phong được liệt kê hai lần",
    "your ballot is recorded with other choices than you made": "phiếu của bạn được ghi"
                                                                " nhận với lựa chọn khác"
                                                                " với lựa chọn bạn đã chọn",
    "a secret poll's record names who voted what": "bản ghi của cuộc bỏ phiếu kín nêu"
                                                   " ai chọn gì",
    "a user id appears twice among the names": "một mã người dùng xuất hiện hai lần trong"
                                               " danh sách tên",
    "a member is listed twice among the members": "một thành viên được liệt kê hai lần"
                                                  " trong danh sách thành viên",
    "a member is listed twice among the present": "một thành viên được liệt kê hai lần"
                                                  " trong danh sách có mặt",
    "a member is listed twice among the voters": "một thành viên được liệt kê hai lần"
                                                 " trong danh sách đã bỏ phiếu",
    "the published number of members differs from the member list": "số thành viên đã"
        " công bố khác với danh sách thành viên",
    "the published number present differs from the list of those present": "số người có"
        " mặt đã công bố khác với danh sách có mặt",
    "listed as present but not as a member": "có trong danh sách có mặt nhưng không phải"
                                             " thành viên",
    "voted but not listed as present": "đã bỏ phiếu nhưng không có trong danh sách có mặt",
    "a listed user id has no name": "một mã người dùng không có tên",
    "a voter is listed more often than they voted": "một người bỏ phiếu được liệt kê"
                                                    " nhiều lần hơn số lần bỏ phiếu",
    "a voter's name is not that of a member who voted": "tên người bỏ phiếu không phải"
                                                        " của thành viên đã bỏ phiếu",
    "a member who voted is missing from the voters": "một thành viên đã bỏ phiếu bị thiếu"
                                                     " trong danh sách người bỏ phiếu",
    "a member has more than one named ballot": "một thành viên có nhiều hơn một phiếu"
                                               " công khai",
    "a member who voted has no named ballot": "một thành viên đã bỏ phiếu nhưng không có"
                                              " phiếu công khai",
    "a named ballot belongs to a member not listed as voting": "một phiếu công khai thuộc"
        " về thành viên không có trong danh sách đã bỏ phiếu",
    "a named ballot has no opening, so it cannot be checked": "một phiếu công khai không"
        " có khóa mở nên không kiểm tra được",
    "a named ballot's receipt is not among the ballots": "mã biên nhận của một phiếu công"
                                                         " khai không có trong các phiếu",
    "a named ballot does not open its receipt (its member, who cast it or its choices were"
    " changed)": "một phiếu công khai không khớp với mã biên nhận (thành viên, người bỏ"
                 " phiếu hoặc lựa chọn đã bị sửa)",
    "a ballot has no named entry": "một phiếu không có trong danh sách công khai",
    "the named list shows what no sealed ballot says": "danh sách công khai ghi điều mà"
                                                       " không phiếu nào ghi",
    "the named list leaves out a sealed ballot": "danh sách công khai bỏ sót một phiếu",
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
    counted = re.fullmatch(r"(\d+) ballots but (\d+) members who voted", problem)
    if counted:
        return f"{counted[1]} phiếu nhưng {counted[2]} thành viên đã bỏ phiếu"
    counted = re.fullmatch(r"(\d+) sealed ballots but (\d+) members who voted", problem)
    if counted:
        return f"{counted[1]} phiếu niêm phong nhưng {counted[2]} thành viên đã bỏ phiếu"
    counted = re.fullmatch(r"(\d+) sealed ballots but (\d+) opened or invalid", problem)
    if counted:
        return (f"{counted[1]} phiếu niêm phong nhưng {counted[2]} phiếu được mở hoặc "
                "không hợp lệ")
    sentence, sep, words = problem.partition(": ")  # the record's own words stay as they are
    if sep and sentence in _PROBLEMS_VI:
        return f"{_PROBLEMS_VI[sentence]}: {words}"
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
    """Nothing wrong was found (a version-1 record may still leave things unchecked)."""
    lines: tuple[str, ...]
    complete: bool = True
    """Everything ``verify-poll`` checks could be checked (False for a version-1 record)."""

    @property
    def status(self) -> int:
        """The exit status: 0 all checked, 1 a problem, 3 nothing wrong but incomplete."""
        return 1 if not self.ok else 0 if self.complete else 3


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
    if record.lists is not None:
        lines.append(w["counted"].format(m=len(record.lists.members),
                                         p=len(record.lists.present)))
    if record.lists is not None and record.lists.opened_by is not None:
        box = record.lists
        lines.append(w["box"].format(s=len(box.sealed), o=len(record.ballots),
                                     i=len(box.invalid)))
        lines.extend(w["void"].format(r=receipt_text(r), why=_WHY[lang].get(why, why))
                     for r, why in box.invalid)
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
        sealed = None if record.lists is None else next(
            (o for o in record.lists.openings if o.receipt == code), None)
        if sealed is not None:  # the voter sees whom their receipt is sealed for
            names = dict(record.lists.names) if record.lists else {}
            lines.append(w["sealed"].format(
                r=receipt_text(code), n=names.get(sealed.member_id, sealed.member_id),
                by=names.get(sealed.cast_by, sealed.cast_by)))
    lines.extend(w["old"].format(x=_unchecked(x, lang)) for x in check.unchecked)
    lines.extend(w["problem"].format(p=_problem(p, lang)) for p in check.problems)
    if check.ok:
        lines.append(w["partial"] if check.unchecked else w["ok"])
    return CheckReport(check.ok, tuple(lines), complete=not check.unchecked)


_UNCHECKED_VI = {
    "the members and present counted in the result": "số thành viên và số người có mặt"
                                                     " dùng để tính kết quả",
    "that no member is listed twice among the voters": "không thành viên nào được liệt kê"
                                                       " hai lần",
    "who voted what, and who cast each named ballot": "ai chọn gì và ai bỏ từng phiếu"
                                                      " công khai",
}


def _unchecked(what: str, lang: str) -> str:
    return _UNCHECKED_VI.get(what, what) if lang == "vi" else what


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
