"""What a poll is and what a valid ballot is: options, kinds, the poll spec, ballot checks.

Pure values (stdlib only) shared by server and client. The majority and quorum rules are in
:mod:`~meetingroom.domain.voting_rules` (re-exported here), counting in
:mod:`~meetingroom.domain.voting_tally`, the sentences in :mod:`~meetingroom.domain.voting_text`.

A poll is one of three kinds, given by its options (see :attr:`PollSpec.kind`):

* a **motion**: one ``yes`` and one ``no`` option, maybe one ``abstain``; single choice;
* an **election**: ``candidate`` options (maybe one ``abstain``) and a number of ``seats``;
* a **choice**: two or more ``custom`` options (maybe one ``abstain``).

An ``abstain`` ballot is exactly ``{abstain}``: it is never combined with another choice
and is allowed whatever ``min_choices`` says. An empty (blank) ballot is allowed only when
``min_choices == 0``. Blank ballots and abstentions weigh the same in the majority base.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from meetingroom.domain.voting_rules import (
    ANY_VOTE,
    SIMPLE_MAJORITY,
    THREE_QUARTERS,
    TWO_THIRDS,
    MajorityBase,
    MajorityRule,
    QuorumRule,
    Threshold,
    VotingError,
    _as_map,
    _bool,
    _enum,
    _int,
    _is_int,
    _map,
    _only,
    _str,
)

__all__ = [
    "ANY_VOTE", "SIMPLE_MAJORITY", "THREE_QUARTERS", "TWO_THIRDS", "BallotType",
    "MajorityBase", "MajorityRule", "OptionKind", "PollKind", "PollOption", "PollSpec",
    "QuorumRule", "Threshold", "VotingError", "check_ballot",
]

MAX_OPTIONS = 500
"""More options than this is not a poll anyone can read on a tablet."""
MAX_ID_LEN = 64


class BallotType(StrEnum):
    """Whether who voted what is recorded."""

    NAMED = "named"
    """Each voter's choice is recorded and exportable."""
    SECRET = "secret"
    """Only *that* someone voted is linked to them, never *what*."""


class OptionKind(StrEnum):
    """What an option stands for; decides the poll's kind."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    CUSTOM = "custom"
    CANDIDATE = "candidate"


class PollKind(StrEnum):
    """Derived from the options: what the outcome is about."""

    MOTION = "motion"
    ELECTION = "election"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class PollOption:
    """One line on the ballot."""

    id: str
    """Stable id, unique in the poll; ballots name options by it."""
    label: str
    """What voters read (a candidate's name, "Tán thành", …)."""
    kind: OptionKind

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "kind": self.kind.value}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PollOption:
        _only(d, ("id", "label", "kind"))
        return cls(_str(d, "id"), _str(d, "label"), _enum(OptionKind, d, "kind"))


@dataclass(frozen=True, slots=True)
class PollSpec:
    """Everything that decides how a poll is voted and counted. Call :meth:`validate`."""

    title: str
    options: tuple[PollOption, ...]
    min_choices: int = 1
    """Fewest options a (non-abstain) ballot names; 0 allows a blank ballot."""
    max_choices: int = 1
    """Most options a ballot names; 1 is single choice."""
    ballot_type: BallotType = BallotType.NAMED
    rule: MajorityRule = field(default_factory=MajorityRule)
    quorum: QuorumRule = field(default_factory=QuorumRule)
    allow_change: bool = False
    """Whether a voter may replace their ballot until the poll closes."""
    seats: int | None = None
    """Elections only: how many candidates are to be elected."""

    @property
    def kind(self) -> PollKind:
        kinds = {o.kind for o in self.options}
        if OptionKind.CANDIDATE in kinds:
            return PollKind.ELECTION
        if OptionKind.CUSTOM in kinds:
            return PollKind.CHOICE
        return PollKind.MOTION

    def option(self, option_id: str) -> PollOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise VotingError(f"no option {option_id!r} in this poll", "unknown_option")

    def id_of(self, kind: OptionKind) -> str | None:
        """The id of the (first) option of ``kind``, e.g. the poll's ``yes``."""
        return next((o.id for o in self.options if o.kind is kind), None)

    def validate(self) -> PollSpec:
        """Raise :class:`VotingError` if the spec is inconsistent; return it otherwise."""
        if not isinstance(self.title, str) or not self.title.strip():
            raise VotingError("a poll needs a title", "no_title")
        _check_options(self.options)
        kinds = [o.kind for o in self.options]
        counted = len(kinds) - kinds.count(OptionKind.ABSTAIN)
        if kinds.count(OptionKind.ABSTAIN) > 1:
            raise VotingError("a poll has at most one abstain option", "duplicate_option")
        kind = self.kind
        if kind is PollKind.MOTION:
            if sorted(k for k in kinds if k is not OptionKind.ABSTAIN) != [OptionKind.NO,
                                                                           OptionKind.YES]:
                raise VotingError("a motion has exactly one yes and one no option",
                                  "mixed_kinds")
        elif {OptionKind.YES, OptionKind.NO} & set(kinds) or (
                kind is PollKind.ELECTION and OptionKind.CUSTOM in kinds):
            raise VotingError("candidates, custom options and yes/no do not mix", "mixed_kinds")
        elif kind is PollKind.CHOICE and counted < 2:
            raise VotingError("a choice needs at least two options", "no_options")
        mn, mx = self.min_choices, self.max_choices
        if not (_is_int(mn) and _is_int(mx)) or mn < 0 or mx < 1 or mn > mx or mx > counted:
            raise VotingError(
                f"choices must satisfy 0 ≤ min ≤ max, 1 ≤ max ≤ {counted} (got {mn}..{mx})",
                "bad_choices")
        if kind is PollKind.MOTION and mx != 1:
            raise VotingError("a motion is single choice", "bad_choices")
        if kind is PollKind.ELECTION:
            if self.seats is None or not _is_int(self.seats) or not 1 <= self.seats <= counted:
                raise VotingError(f"an election needs 1 to {counted} seats", "bad_seats")
            if mx > self.seats:
                raise VotingError("a voter cannot name more candidates than there are seats",
                                  "bad_choices")
        elif self.seats is not None:
            raise VotingError("only elections have seats", "bad_seats")
        if not isinstance(self.ballot_type, BallotType) or not isinstance(self.allow_change,
                                                                         bool):
            raise VotingError("ballot type and allow_change are malformed", "bad_spec")
        if not isinstance(self.rule, MajorityRule) or not isinstance(self.quorum, QuorumRule):
            raise VotingError("a poll needs a majority rule and a quorum rule", "bad_rule")
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "options": [o.to_dict() for o in self.options],
                "min_choices": self.min_choices, "max_choices": self.max_choices,
                "ballot_type": self.ballot_type.value, "rule": self.rule.to_dict(),
                "quorum": self.quorum.to_dict(), "allow_change": self.allow_change,
                "seats": self.seats}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PollSpec:
        """The validated spec in ``d``; unknown keys and wrong types are refused."""
        _only(d, ("title", "options", "min_choices", "max_choices", "ballot_type", "rule",
                  "quorum", "allow_change", "seats"))
        opts = d.get("options")
        if not isinstance(opts, list) or len(opts) > MAX_OPTIONS:
            raise VotingError("options must be a list", "bad_spec")
        return cls(
            title=_str(d, "title"),
            options=tuple(PollOption.from_dict(_as_map(o)) for o in opts),
            min_choices=_int(d, "min_choices"), max_choices=_int(d, "max_choices"),
            ballot_type=_enum(BallotType, d, "ballot_type"),
            rule=MajorityRule.from_dict(_map(d, "rule")),
            quorum=QuorumRule.from_dict(_map(d, "quorum")),
            allow_change=_bool(d, "allow_change"),
            seats=None if d.get("seats") is None else _int(d, "seats"),
        ).validate()


def check_ballot(spec: PollSpec, choices: Iterable[str]) -> frozenset[str]:
    """The option ids of a valid ballot for ``spec``; :class:`VotingError` otherwise."""
    if isinstance(choices, str | bytes):
        raise VotingError("a ballot is a collection of option ids", "unknown_option")
    picked = list(choices)
    if len(picked) > len(spec.options):
        raise VotingError("a ballot names more options than the poll has", "too_many")
    ids = {o.id for o in spec.options}
    for c in picked:
        if not isinstance(c, str) or c not in ids:
            raise VotingError("the ballot names an option this poll does not have",
                              "unknown_option")
    chosen = frozenset(picked)
    if len(chosen) != len(picked):
        raise VotingError("the ballot names an option twice", "duplicate_choice")
    abstain = spec.id_of(OptionKind.ABSTAIN)
    if abstain is not None and abstain in chosen:
        if len(chosen) > 1:
            raise VotingError("abstaining cannot be combined with another choice",
                              "abstain_with_others")
        return chosen
    if len(chosen) < spec.min_choices:
        raise VotingError(f"choose at least {spec.min_choices}", "too_few")
    if len(chosen) > spec.max_choices:
        raise VotingError(f"choose at most {spec.max_choices}", "too_many")
    return chosen


def _check_options(options: object) -> None:
    if not isinstance(options, tuple) or not options:
        raise VotingError("a poll needs options", "no_options")
    if len(options) > MAX_OPTIONS:
        raise VotingError(f"a poll has at most {MAX_OPTIONS} options", "too_many_options")
    seen: set[str] = set()
    for o in options:
        if not (isinstance(o, PollOption) and isinstance(o.id, str)
                and 1 <= len(o.id) <= MAX_ID_LEN and isinstance(o.label, str)
                and o.label.strip() and isinstance(o.kind, OptionKind)):
            raise VotingError("every option needs an id, a label and a kind", "bad_option")
        if o.id in seen:
            raise VotingError(f"option id {o.id!r} is used twice", "duplicate_option")
        seen.add(o.id)


