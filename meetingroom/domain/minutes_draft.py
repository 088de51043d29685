"""The first draft of a meeting's minutes ("Biên bản cuộc họp"), built from its record.

``record_from_snapshot`` gathers what the minutes state as plain values; ``draft_html``
writes them as the sanitised HTML the secretary then edits (it passes
:func:`~meetingroom.domain.richtext.sanitize_html` unchanged); ``header_for`` gives the
line the PDF repeats on every page. Labels are Vietnamese by default or English; every
user-supplied text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from meetingroom.domain.agenda import ordered
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.richtext import escape_text
from meetingroom.domain.roles import Role

ATTENDANCE_STATUSES = ("present", "absent", "excused", "")
"""Values of ``AttendanceEntry.status``; empty means not recorded yet."""

_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "doc_title": "BIÊN BẢN CUỘC HỌP",
        "time": "Thời gian", "place": "Địa điểm", "chair": "Chủ trì", "secretary": "Thư ký",
        "attendance": "Thành phần tham dự", "no": "STT", "name": "Họ và tên",
        "role": "Chức vụ / vai trò", "status": "Tình trạng", "proxy": "ủy quyền cho",
        "present": "Có mặt", "absent": "Vắng", "excused": "Vắng có lý do",
        "summary": "Có mặt {present}/{total}; vắng {absent}; vắng có lý do {excused}.",
        "content": "Nội dung cuộc họp", "documents": "Tài liệu", "pages": "{n} trang",
        "notes": "Ý kiến, thảo luận", "decision": "Kết luận",
        "polls": "Kết quả biểu quyết", "item": "Nội dung", "rule": "Quy tắc",
        "outcome": "Kết quả",
        "closing": "Cuộc họp kết thúc vào lúc … giờ … cùng ngày. Biên bản đã được thông qua "
                   "trước các thành viên dự họp và được lập thành … bản.",
        "unset": "…", "when": "{h} giờ {m}, ngày {d} tháng {mo} năm {y}",
        "chair_role": "Chủ tọa", "secretary_role": "Thư ký", "delegate_role": "Đại biểu",
        "admin_role": "Quản trị", "observer_role": "Khách mời",
    },
    "en": {
        "doc_title": "MINUTES OF THE MEETING",
        "time": "Time", "place": "Place", "chair": "Chair", "secretary": "Secretary",
        "attendance": "Attendance", "no": "No.", "name": "Name",
        "role": "Position / role", "status": "Status", "proxy": "proxy for",
        "present": "Present", "absent": "Absent", "excused": "Excused",
        "summary": "Present {present}/{total}; absent {absent}; excused {excused}.",
        "content": "Proceedings", "documents": "Documents", "pages": "{n} pages",
        "notes": "Discussion", "decision": "Decision",
        "polls": "Votes", "item": "Item", "rule": "Rule", "outcome": "Outcome",
        "closing": "The meeting closed at … . These minutes were read to and agreed by the "
                   "members present.",
        "unset": "…", "when": "{h}:{m}, {d}/{mo}/{y}",
        "chair_role": "Chair", "secretary_role": "Secretary", "delegate_role": "Delegate",
        "admin_role": "Administrator", "observer_role": "Observer",
    },
}


@dataclass(frozen=True, slots=True)
class AttendanceEntry:
    """One participant's attendance line."""

    name: str
    role: str
    """A ``Role`` value (printed as its label) or any other text (printed as is)."""
    status: str
    """One of ``ATTENDANCE_STATUSES``; empty when not recorded (the column stays blank)."""
    proxy_for: str = ""
    """Name of the absent member this person holds a proxy for, if any."""


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """The result of one vote as the minutes state it."""

    title: str
    item_title: str
    rule: str
    """The majority rule in words (e.g. "quá 1/2 tổng số thành viên"); may be empty."""
    counts: tuple[tuple[str, int], ...]
    """(option label, votes) in ballot order."""
    outcome: str
    """Passed / rejected, in words."""


@dataclass(frozen=True, slots=True)
class RecordDocument:
    """A document attached to an agenda item."""

    name: str
    pages: int


@dataclass(frozen=True, slots=True)
class RecordItem:
    """An agenda item in display order."""

    number: str
    """Printed number, e.g. ``2.1``."""
    depth: int
    """1 for a top-level item."""
    title: str
    notes: str
    """The secretary's notes on the item (plain text, may span lines)."""
    documents: tuple[RecordDocument, ...]


@dataclass(frozen=True, slots=True)
class MinutesRecord:
    """Everything the first draft of the minutes states."""

    title: str
    starts_at: str
    """ISO 8601 local date-time (``2026-12-01T08:00``) or empty when not set."""
    location: str
    chair: str
    """Names of the chair(s), comma-separated; empty if none is a participant."""
    secretary: str
    attendance: tuple[AttendanceEntry, ...]
    items: tuple[RecordItem, ...]
    polls: tuple[PollOutcome, ...] = ()


@dataclass(frozen=True, slots=True)
class MinutesHeader:
    """The line repeated at the top of every page of the minutes PDF."""

    organisation: str
    """Issuing body; empty when unknown (the meeting record does not hold one yet)."""
    title: str
    meeting_date: str
    """Human-readable date (``01/12/2026``), empty when the meeting has no time."""


def record_from_snapshot(snap: MeetingSnapshot, *,
                         attendance: Sequence[AttendanceEntry] | None = None,
                         polls: Sequence[PollOutcome] = ()) -> MinutesRecord:
    """The minutes' record of ``snap``; without ``attendance`` every participant is
    listed with their role and a blank status for the secretary to fill."""
    def names(role: Role) -> str:
        return ", ".join(p.display_name for p in snap.participants if p.role == role)

    if attendance is None:
        attendance = [AttendanceEntry(p.display_name, p.role.value, "")
                      for p in snap.participants]
    for entry in attendance:
        if entry.status not in ATTENDANCE_STATUSES:
            raise ValueError(f"unknown attendance status {entry.status!r}")
    items = tuple(
        RecordItem(number=o.number, depth=o.depth, title=o.item.title, notes=o.item.notes,
                   documents=tuple(RecordDocument(d.name, d.pages)
                                   for d in snap.documents_of(o.item.id)))
        for o in ordered(snap.items))
    m = snap.meeting
    return MinutesRecord(title=m.title, starts_at=m.starts_at, location=m.location,
                         chair=names(Role.CHAIR), secretary=names(Role.SECRETARY),
                         attendance=tuple(attendance), items=items, polls=tuple(polls))


def header_for(snap: MeetingSnapshot) -> MinutesHeader:
    """The page header of ``snap``'s minutes (organisation left empty: not recorded yet)."""
    return MinutesHeader(organisation="", title=snap.meeting.title,
                         meeting_date=_format_time(snap.meeting.starts_at, "{d}/{mo}/{y}"))


def draft_html(record: MinutesRecord, *, lang: str = "vi") -> str:
    """The first draft as sanitised HTML in ``lang`` ("vi" or "en")."""
    t = _LABELS.get(lang)
    if t is None:
        raise ValueError(f"no minutes labels for language {lang!r}")
    e = escape_text
    unset = t["unset"]
    out = [
        f'<h1 align="center">{e(t["doc_title"])}</h1>',
        f'<p align="center"><b>{e(record.title)}</b></p>',
        f'<p><b>{e(t["time"])}:</b> {e(_format_time(record.starts_at, t["when"]) or unset)}</p>',
        f'<p><b>{e(t["place"])}:</b> {e(record.location or unset)}</p>',
        f'<p><b>{e(t["chair"])}:</b> {e(record.chair or unset)}</p>',
        f'<p><b>{e(t["secretary"])}:</b> {e(record.secretary or unset)}</p>',
        f'<h2>{e(t["attendance"])}</h2>',
        *_attendance(record.attendance, t),
        f'<h2>{e(t["content"])}</h2>',
    ]
    for item in record.items:
        out.extend(_item(item, t))
    if record.polls:
        out.append(f'<h2>{e(t["polls"])}</h2>')
        out.extend(_poll(p, t) for p in record.polls)
    out.append(f'<p>{e(t["closing"])}</p>')
    return "\n".join(out)


def _attendance(entries: Sequence[AttendanceEntry], t: dict[str, str]) -> list[str]:
    e = escape_text
    head = "".join(f"<th>{e(t[k])}</th>" for k in ("no", "name", "role", "status"))
    rows = []
    for n, a in enumerate(entries, start=1):
        status = t[a.status] if a.status else ""
        if a.proxy_for:
            status = f'{status} ({t["proxy"]} {a.proxy_for})'.strip()
        role = t.get(f"{a.role}_role", a.role)
        rows.append(f"<tr><td>{n}</td><td>{e(a.name)}</td><td>{e(role)}</td>"
                    f"<td>{e(status)}</td></tr>")
    out = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>",
           "</table>"]
    recorded = [a.status for a in entries if a.status]
    if recorded:
        out.append("<p>" + e(t["summary"].format(
            present=recorded.count("present"), total=len(entries),
            absent=recorded.count("absent"), excused=recorded.count("excused"))) + "</p>")
    return out


def _item(item: RecordItem, t: dict[str, str]) -> list[str]:
    e = escape_text
    level = "h3" if item.depth == 1 else "h4"
    out = [f"<{level}>{e(item.number)}. {e(item.title)}</{level}>"]
    if item.documents:
        out.append(f'<p><i>{e(t["documents"])}:</i></p>')
        out.append("<ul>" + "".join(
            f'<li>{e(d.name)} ({e(t["pages"].format(n=d.pages))})</li>'
            for d in item.documents) + "</ul>")
    notes = [line for line in item.notes.splitlines() if line.strip()]
    if notes:
        out.append(f'<p><i>{e(t["notes"])}:</i><br>' + "<br>".join(e(n) for n in notes)
                   + "</p>")
    out.append(f'<p><b>{e(t["decision"])}:</b> {e(t["unset"])}</p>')
    return out


def _poll(p: PollOutcome, t: dict[str, str]) -> str:
    e = escape_text
    parts = [f"<b>{e(p.title)}</b>"]
    if p.item_title:
        parts.append(f'{e(t["item"])}: {e(p.item_title)}')
    if p.rule:
        parts.append(f'{e(t["rule"])}: {e(p.rule)}')
    if p.counts:
        parts.append("; ".join(f"{e(label)}: {n}" for label, n in p.counts))
    parts.append(f'<b>{e(t["outcome"])}:</b> {e(p.outcome or t["unset"])}')
    return "<p>" + "<br>".join(parts) + "</p>"


def _format_time(starts_at: str, pattern: str) -> str:
    """``starts_at`` (``YYYY-MM-DDTHH:MM``) through ``pattern``; the raw text if unparsable."""
    if not starts_at:
        return ""
    try:
        when = datetime.fromisoformat(starts_at)
    except ValueError:
        return starts_at
    return pattern.format(h=f"{when.hour:02d}", m=f"{when.minute:02d}", d=f"{when.day:02d}",
                          mo=f"{when.month:02d}", y=when.year)
