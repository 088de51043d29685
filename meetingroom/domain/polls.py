"""A poll's life on the server and every screen, its receipts, and the published record.

The spec and counting rules are in :mod:`~meetingroom.domain.voting`; this module holds
what happens around them: the status (draft → open → closed, or cancelled), the turnout
shown while the poll is open, the stored result, and the *record* published at close —
every ballot as (receipt code, choices), sorted by receipt — from which anyone can
recompute the tally (:func:`verify_record`). A version-2 record also lists the members
counted and, for named polls, each ballot's opening, checked by
:mod:`~meetingroom.domain.record_lists`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from meetingroom.domain.record_lists import (
    V1_UNCHECKED,
    V1_UNCHECKED_NAMED,
    RecordLists,
    check_lists,
)
from meetingroom.domain.seals import PollSeal
from meetingroom.domain.voting import BallotType, PollSpec, VotingError
from meetingroom.domain.voting_tally import PollResult, tally

RECEIPT_LEN = 20
"""Characters of a receipt code: 20 base32 characters, 100 random bits."""
_RECEIPT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_RECEIPT_RE = re.compile(rf"^[A-Z2-7]{{{RECEIPT_LEN}}}$")


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    COUNTING = "counting"
    """Sealed polls: closed to ballots, the box waits for the trustees to open it."""
    CLOSED = "closed"
    CANCELLED = "cancelled"
    UNOPENED = "unopened"
    """Sealed polls: too few trustees released their share; nothing was published."""


_WIRE_STATUS = {PollStatus.COUNTING: "closed", PollStatus.UNOPENED: "cancelled"}
"""How a sealed poll's own statuses travel: as the status an app before 0.3 knows (closed without
a result yet; cancelled), with the real one in ``stage`` (docs/protocol.md)."""


def _status(d: Mapping[str, Any]) -> PollStatus:
    stage = d.get("stage")
    if stage is not None:
        status = PollStatus(stage)
        if status not in _WIRE_STATUS or _WIRE_STATUS[status] != d["status"]:
            raise ValueError(f"stage {stage!r} does not go with status {d['status']!r}")
        return status
    return PollStatus(d["status"])


class BallotState(StrEnum):
    """A ballot as the voter's tablet tracks it."""

    STORED = "stored"
    """Saved on this device, not yet acknowledged by the server."""
    RECEIVED = "received"
    """The server committed it and said so."""
    COUNTED = "counted"
    """The poll closed and the receipt is in the published record with these choices."""
    REFUSED = "refused"
    """The server refused it (poll closed, not eligible, …); the reason says why."""
    MISSING = "missing"
    """The poll closed but the record does not hold this receipt as cast: report it."""


def new_receipt() -> str:
    """A fresh random receipt code (made on the voter's device, see docs/voting.md)."""
    return "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(RECEIPT_LEN))


def is_receipt(value: object) -> bool:
    return isinstance(value, str) and bool(_RECEIPT_RE.match(value))


TURNOUT_STEPS = 10
"""A secret poll's turnout is shown in steps of a tenth of those present."""


def published_turnout(count: int, present: int, *, secret: bool) -> int:
    """The turnout shown while a poll is open: exact for a named poll; for a secret poll
    rounded down to a step of a tenth of those present, exact once all of them have voted,
    so that a turnout change does not date one ballot (docs/voting.md)."""
    if not secret or count >= present:
        return count
    step = max(1, -(-present // TURNOUT_STEPS))
    return count - count % step


def format_receipt(code: str) -> str:
    """``ABCD-EFGH-…`` for reading aloud and comparing by eye."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True, slots=True)
class LocalBallot:
    """A ballot as the voter's tablet keeps it until the poll's record proves it counted."""

    ballot_id: str
    meeting_id: str
    poll_id: str
    member_id: str
    """Whose vote: the voter, or the absent member whose proxy they hold."""
    choices: tuple[str, ...]
    receipt: str
    replaces: str | None
    """The receipt of the ballot this one changes (polls that allow changes)."""
    state: BallotState
    reason: str = ""
    """Why the server refused it (``REFUSED``)."""
    created_at: float = 0.0
    sealed: str | None = None
    """Sealed polls: the ballot sealed on this device (base64), made once before it is
    first sent, so that every resend is the same ballot; the receipt and choices travel
    only inside it."""
    tag: str | None = None
    """Sealed polls: the seal tag the server names this ballot by (``replaces`` of a
    change names it)."""


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll as every participant sees it (never anyone's choice)."""

    id: str
    item_id: str | None
    spec: PollSpec
    status: PollStatus = PollStatus.DRAFT
    created_at: float = 0.0
    opened_at: float | None = None
    closed_at: float | None = None
    members: int = 0
    """Voting members when the poll opened (the base for "all members")."""
    present_at_open: int = 0
    """Present or represented voting members when it opened."""
    turnout: int = 0
    """Ballots received so far (never what they say before close)."""
    result: PollResult | None = None
    seal: PollSeal | None = None
    """Sealed (secret) polls: the box's public key and its trustees."""

    def to_dict(self) -> dict[str, Any]:
        status = _WIRE_STATUS.get(self.status, self.status.value)
        d: dict[str, Any] = {"id": self.id, "item_id": self.item_id, "spec": self.spec.to_dict(),
                "status": status, "created_at": self.created_at,
                "opened_at": self.opened_at, "closed_at": self.closed_at,
                "members": self.members, "present_at_open": self.present_at_open,
                "turnout": self.turnout,
                "result": None if self.result is None else self.result.to_dict()}
        if self.seal is not None:
            d["seal"] = self.seal.to_dict()
        if status != self.status.value:
            d["stage"] = self.status.value
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Poll:
        res = d.get("result")
        seal = d.get("seal")
        return cls(
            id=str(d["id"]), item_id=None if d.get("item_id") is None else str(d["item_id"]),
            spec=PollSpec.from_dict(d["spec"]), status=_status(d),
            created_at=float(d.get("created_at", 0.0)),
            opened_at=None if d.get("opened_at") is None else float(d["opened_at"]),
            closed_at=None if d.get("closed_at") is None else float(d["closed_at"]),
            members=int(d.get("members", 0)), present_at_open=int(d.get("present_at_open", 0)),
            turnout=int(d.get("turnout", 0)),
            result=None if res is None else PollResult.from_dict(res),
            seal=None if seal is None else PollSeal.from_dict(seal))


RECORD_VERSION = 2
"""The version of the records this server publishes (1: before member lists and openings)."""


@dataclass(frozen=True, slots=True)
class PollRecord:
    """What is published when a poll closes: enough to recompute and check the result."""

    poll: Poll
    ballots: tuple[tuple[str, tuple[str, ...]], ...]
    """(receipt, chosen option ids) for every ballot counted, sorted by receipt."""
    voters: tuple[str, ...]
    """Display names of the members whose vote was cast (by them or their proxy), sorted."""
    named: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    """Named ballots only: (member name, choices, cast by name), sorted by member name."""
    lists: RecordLists | None = None
    """Version 2: who was counted and how each named ballot opens; None in a version-1
    record (published before these lists existed), which cannot be checked as far."""

    @property
    def version(self) -> int:
        return 1 if self.lists is None else RECORD_VERSION

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"poll": self.poll.to_dict(),
                             "ballots": [[r, list(c)] for r, c in self.ballots],
                             "voters": list(self.voters),
                             "named": [[n, list(c), by] for n, c, by in self.named]}
        if self.lists is not None:
            d |= {"version": RECORD_VERSION, **self.lists.to_dict()}
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PollRecord:
        try:
            version = int(d.get("version", 1))
            if version not in (1, 2):
                raise VotingError(f"record version {version} is unknown to this program",
                                  "bad_record")
            return cls(
                poll=Poll.from_dict(d["poll"]),
                ballots=tuple((str(r), tuple(str(x) for x in c)) for r, c in d["ballots"]),
                voters=tuple(str(v) for v in d["voters"]),
                named=tuple((str(n), tuple(str(x) for x in c), str(by))
                            for n, c, by in d.get("named", [])),
                lists=RecordLists.from_dict(d) if version >= 2 else None)
        except (KeyError, TypeError, ValueError) as e:
            if isinstance(e, VotingError):
                raise
            raise VotingError(f"malformed poll record: {e}", "bad_record") from None


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """The outcome of :func:`verify_record`."""

    ok: bool
    """No problem was found (see ``unchecked`` for what could not be looked at)."""
    problems: tuple[str, ...]
    recomputed: PollResult | None
    unchecked: tuple[str, ...] = ()
    """What this record cannot show (a version-1 record): say so, never claim it."""


def verify_record(record: PollRecord, *, receipt: str | None = None,
                  choices: tuple[str, ...] | None = None) -> RecordCheck:
    """Recompute the tally from the published ballots and compare it with the stored result.

    With ``receipt`` (and optionally the ``choices`` the voter made), also check that this
    ballot is in the record as cast.
    """
    problems: list[str] = []
    poll = record.poll
    if poll.status is not PollStatus.CLOSED or poll.result is None:
        return RecordCheck(False, ("the poll is not closed",), None)
    receipts = [r for r, _ in record.ballots]
    if len(set(receipts)) != len(receipts):
        problems.append("a receipt code appears twice")
    if any(not is_receipt(r) for r in receipts):
        problems.append("a receipt code is malformed")
    invalid = record.lists.invalid if record.lists is not None else ()
    if len(record.ballots) + len(invalid) != len(record.voters):
        problems.append(f"{len(record.ballots) + len(invalid)} ballots but "
                        f"{len(record.voters)} voters")
    named = poll.spec.ballot_type is BallotType.NAMED
    if named and len(record.named) != len(record.ballots):
        problems.append("the named list does not match the ballots")
    if not named and (record.named or (record.lists and record.lists.openings)):
        problems.append("a secret poll's record names who voted what")
    if named and sorted(
            tuple(sorted(c)) for _, c, _ in record.named) != sorted(
            tuple(sorted(c)) for _, c in record.ballots):
        problems.append("the named list's choices differ from the ballots")
    stored = poll.result
    recomputed: PollResult | None = None
    try:
        recomputed = tally(poll.spec, (c for _, c in record.ballots),
                           present=stored.present, members=stored.members)
    except VotingError as e:
        problems.append(f"the ballots cannot be counted: {e}")
    if recomputed is not None and recomputed != stored:
        problems.append("the recomputed result differs from the published result")
    unchecked: tuple[str, ...] = ()
    if record.lists is not None:
        problems.extend(check_lists(record.lists, poll_id=poll.id, named_poll=named,
                                    result=stored, ballots=record.ballots,
                                    voters=record.voters, named=record.named))
    else:
        unchecked = V1_UNCHECKED_NAMED if named else V1_UNCHECKED
    if receipt is not None:
        mine = dict(record.ballots).get(receipt)
        void = dict(invalid).get(receipt)
        if void is not None:
            problems.append(f"your ballot is listed as invalid: {void}")
        elif mine is None:
            problems.append("your receipt is not in the record")
        elif choices is not None and sorted(mine) != sorted(choices):
            problems.append("your ballot is recorded with other choices than you made")
    return RecordCheck(not problems, tuple(problems), recomputed, unchecked)
