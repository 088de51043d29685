"""The words the exported poll result uses (CSV, PDF, ``verify-poll``), Vietnamese or English.

Also the small formatting rules the exports share: how a ballot's choices, a receipt and
the closing time are written.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from meetingroom.domain.polls import Poll, format_receipt
from meetingroom.domain.voting import BallotType, PollSpec

LANGS = ("vi", "en")

_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "report_title": "KẾT QUẢ BIỂU QUYẾT",
        "meeting": "Cuộc họp", "item": "Nội dung", "poll": "Biểu quyết",
        "type": "Hình thức", BallotType.NAMED: "Biểu quyết công khai (ghi danh)",
        BallotType.SECRET: "Bỏ phiếu kín",
        "rule": "Quy tắc", "outcome": "Kết quả", "closed": "Kết thúc lúc",
        "present": "Có mặt", "present_line": "{p}/{m} thành viên có quyền biểu quyết",
        "quorum_ok": "đủ túc số", "quorum_no": "không đủ túc số", "quorum_need": "cần {n}",
        "ballots_cast": "Số phiếu", "abstentions": "Phiếu không biểu quyết",
        "blank": "Phiếu trắng",
        "option": "Phương án", "votes": "Số phiếu", "share": "Tỷ lệ",
        "field": "Mục", "value": "Giá trị", "share_of": "Tỷ lệ (trên {base})",
        "no": "STT", "member": "Thành viên", "choices": "Lựa chọn", "cast_by": "Người bỏ phiếu",
        "receipt": "Mã biên nhận", "blank_ballot": "(phiếu trắng)",
        "by_proxy": "{by} (ủy quyền)",
        "named_list": "Danh sách biểu quyết",
        "receipt_list": "Danh sách phiếu theo mã biên nhận",
        "receipt_note": "Mỗi đại biểu đối chiếu mã biên nhận trên máy tính bảng của mình với "
                        "danh sách dưới đây để kiểm tra lá phiếu đã được tính đúng như đã bỏ.",
        "share_note": "Tỷ lệ tính trên {b} ({base}).",
        "page": "Trang {n}/{t}", "when": "{H}:{M} ngày {d}/{mo}/{y} (UTC{z})",
        "none": "—",
    },
    "en": {
        "report_title": "POLL RESULT",
        "meeting": "Meeting", "item": "Item", "poll": "Poll",
        "type": "Ballot", BallotType.NAMED: "Named (recorded) vote",
        BallotType.SECRET: "Secret ballot",
        "rule": "Rule", "outcome": "Outcome", "closed": "Closed at",
        "present": "Present", "present_line": "{p}/{m} voting members",
        "quorum_ok": "quorum met", "quorum_no": "no quorum", "quorum_need": "{n} needed",
        "ballots_cast": "Ballots cast", "abstentions": "Abstentions", "blank": "Blank ballots",
        "option": "Option", "votes": "Votes", "share": "Share",
        "field": "Field", "value": "Value", "share_of": "Share (of {base})",
        "no": "No.", "member": "Member", "choices": "Choices", "cast_by": "Cast by",
        "receipt": "Receipt", "blank_ballot": "(blank)",
        "by_proxy": "{by} (proxy)",
        "named_list": "How each member voted",
        "receipt_list": "Ballots by receipt code",
        "receipt_note": "Each voter can compare the receipt code shown on their tablet with "
                        "this list to check that their ballot was counted as cast.",
        "share_note": "Shares are of {b} ({base}).",
        "page": "Page {n}/{t}", "when": "{d}/{mo}/{y} {H}:{M} (UTC{z})",
        "none": "—",
    },
}

_BASES = {
    "vi": {"votes_cast": "số phiếu biểu quyết", "present": "số đại biểu có mặt",
           "members": "tổng số thành viên"},
    "en": {"votes_cast": "votes cast", "present": "members present",
           "members": "all members"},
}


def labels(lang: str) -> dict[str, str]:
    """The export labels in ``lang``; ``ValueError`` for a language we do not have."""
    try:
        return _LABELS[lang]
    except KeyError:
        raise ValueError(f"no export labels for language {lang!r}") from None


def base_name(spec: PollSpec, lang: str) -> str:
    """What the percentages are a share of, in words ("số phiếu biểu quyết")."""
    return _BASES[lang][spec.rule.base.value]


def choices_text(spec: PollSpec, choices: tuple[str, ...], lang: str) -> str:
    """A ballot's choices as option labels in ballot order, ``; ``-separated.

    An option id the spec does not have is shown as the id itself (a tampered record
    must still print, so that the problem can be seen).
    """
    if not choices:
        return labels(lang)["blank_ballot"]
    order = {o.id: n for n, o in enumerate(spec.options)}
    known = {o.id: o.label for o in spec.options}
    picked = sorted(choices, key=lambda c: (order.get(c, len(order)), c))
    return "; ".join(known.get(c, c) for c in picked)


def cast_by_text(member: str, cast_by: str, lang: str) -> str:
    """Who put the ballot in: the member themself, or "X (ủy quyền)" for a proxy."""
    return cast_by if cast_by == member else labels(lang)["by_proxy"].format(by=cast_by)


def receipt_text(code: str) -> str:
    """A receipt as voters read it on their tablet (``ABCD-EFGH-…``)."""
    return format_receipt(code)


def closed_text(poll: Poll, lang: str, tz: tzinfo | None = None) -> str:
    """When the poll closed, in ``tz`` (default: this machine's zone), with its UTC offset."""
    if poll.closed_at is None:
        return labels(lang)["none"]
    when = datetime.fromtimestamp(poll.closed_at, tz).astimezone(tz)
    offset = when.strftime("%z") or "+0000"
    return labels(lang)["when"].format(
        H=f"{when.hour:02d}", M=f"{when.minute:02d}", d=f"{when.day:02d}",
        mo=f"{when.month:02d}", y=when.year, z=f"{offset[:3]}:{offset[3:]}")
