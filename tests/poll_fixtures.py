"""Closed poll records built with the real tally, for the export and verify-poll tests."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace

from meetingroom.domain.ballot_proofs import named_receipt
from meetingroom.domain.live import LiveState, Presence
from meetingroom.domain.model import (
    AgendaItem,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    Participant,
)
from meetingroom.domain.polls import Poll, PollRecord, PollStatus, new_receipt
from meetingroom.domain.record_lists import NamedOpening, RecordLists
from meetingroom.domain.roles import Role
from meetingroom.domain.voting import (
    SIMPLE_MAJORITY,
    BallotType,
    MajorityRule,
    OptionKind,
    PollOption,
    PollSpec,
)
from meetingroom.domain.voting_tally import tally

CLOSED_AT = 1_796_112_000.0
"""2026-12-01 08:00 UTC."""


def motion(ballot_type: BallotType, *, title: str = "Thông qua Nghị quyết số 12/NQ-HĐND",
           yes: str = "Tán thành") -> PollSpec:
    return PollSpec(title, (PollOption("yes", yes, OptionKind.YES),
                            PollOption("no", "Không tán thành", OptionKind.NO),
                            PollOption("abstain", "Không biểu quyết", OptionKind.ABSTAIN)),
                    ballot_type=ballot_type,
                    rule=MajorityRule(threshold=SIMPLE_MAJORITY)).validate()


def election(*, seats: int = 2) -> PollSpec:
    return PollSpec("Bầu Ủy viên Thường trực", (
        PollOption("c1", "Nguyễn Thị Hoà", OptionKind.CANDIDATE),
        PollOption("c2", "Trần Đức Lương", OptionKind.CANDIDATE),
        PollOption("c3", "Lê, \"Bé\" Út", OptionKind.CANDIDATE)),
        min_choices=0, max_choices=seats, seats=seats,
        ballot_type=BallotType.SECRET).validate()


def closed(spec: PollSpec, choices: Sequence[tuple[str, ...]], *, present: int, members: int,
           named: Sequence[tuple[str, str]] = (), poll_id: str = "p7") -> PollRecord:
    """The version-2 record of ``spec`` closed with ``choices``; ``named`` gives (member,
    cast by) for each ballot of a named poll, in the same order (names double as ids)."""
    result = tally(spec, choices, present=present, members=members)
    poll = Poll(id=poll_id, item_id="i2", spec=spec, status=PollStatus.CLOSED,
                created_at=CLOSED_AT - 600, opened_at=CLOSED_AT - 300, closed_at=CLOSED_AT,
                members=members, present_at_open=present, turnout=len(choices), result=result)
    openings: tuple[NamedOpening, ...] = ()
    if named:
        sealed = []
        for (m, by), c in zip(named, choices, strict=True):
            opening = secrets.token_hex(32)
            receipt = named_receipt(poll_id, m, by, c, opening)
            sealed.append((m, by, receipt, opening, tuple(sorted(c))))
        ballots = tuple(sorted((r, c) for _, _, r, _, c in sealed))
        rows = tuple(sorted((m, c, by) for m, by, _, _, c in sealed))
        openings = tuple(NamedOpening(m, by, r, o) for m, by, r, o, _ in sorted(sealed))
        voted = [m for m, _ in named]
    else:
        ballots = tuple(sorted((new_receipt(), tuple(sorted(c))) for c in choices))
        rows = ()
        voted = [f"Đại biểu {n:02d}" for n in range(len(choices))]
    others = [f"Vắng mặt {n:02d}" for n in range(max(members, len(voted)) - len(voted))]
    everyone = voted + others
    here = everyone[:max(present, len(voted))]
    people = set(everyone) | {by for _, by in named}
    lists = RecordLists(names=tuple(sorted((u, u) for u in people)),
                        members=tuple(sorted(everyone)), present=tuple(sorted(here)),
                        voted=tuple(sorted(voted)), openings=openings)
    return PollRecord(poll=poll, ballots=ballots, voters=tuple(sorted(voted)), named=rows,
                      lists=lists)


def held_meeting() -> MeetingSnapshot:
    """A meeting after its session: attendance with a proxy, two closed polls, a draft."""
    people = (
        Participant("u1", "Nguyễn Văn An", Role.CHAIR, True),
        Participant("u2", "Trần Thị Bình", Role.SECRETARY, True),
        Participant("u3", "Lê Văn Cường", Role.DELEGATE, True),
        Participant("u4", "Phạm Thị Dung", Role.DELEGATE, True),
        Participant("u5", "Hoàng Văn Em", Role.DELEGATE, True),
        Participant("u6", "Võ Khách Mời", Role.OBSERVER, False),
    )
    live = LiveState(attendance={"u1": Presence.PRESENT, "u2": Presence.PRESENT,
                                 "u3": Presence.PRESENT, "u4": Presence.EXCUSED,
                                 "u5": Presence.ABSENT},
                     proxies={"u4": "u3"})
    adopted = closed(motion(BallotType.SECRET), [("yes",)] * 3 + [("no",)], present=4,
                     members=5).poll
    rejected = replace(closed(motion(BallotType.NAMED, title="Điều chỉnh dự toán"),
                              [("no",), ("no",), ("yes",)], present=4, members=5,
                              named=[("A", "A"), ("B", "B"), ("C", "C")]).poll,
                       id="p8", item_id=None, closed_at=CLOSED_AT - 1000)
    draft = Poll(id="p9", item_id="i2", spec=motion(BallotType.SECRET, title="Chưa mở"))
    return MeetingSnapshot(
        meeting=Meeting(id="m1", title="Kỳ họp thứ 12", location="Hội trường",
                        starts_at="2026-12-01T08:00", status=MeetingStatus.PUBLISHED,
                        created_by="u2"),
        rev=40, participants=people,
        items=(AgendaItem("i1", None, 0, "Báo cáo"), AgendaItem("i2", None, 1, "Dự toán 2027")),
        live=live, polls=(adopted, draft, rejected))
