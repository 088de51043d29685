"""Counting a closed poll: the tally, the quorum check and the outcome the rules give.

Integers only. How each ballot weighs:

* every ballot is *cast* (``ballots_cast``), including abstentions and blank ballots;
* an option's count is the number of ballots naming it (multiple choice: one per ballot);
* the majority base is ``present`` or ``members`` for head-count rules; for "votes cast"
  it is the ballots cast, minus abstentions and blank ballots when the rule leaves them out;
* an option needs ``required = max(1, smallest count reaching the threshold)`` votes:
  nothing is ever adopted or anyone elected on zero votes.

Outcomes: no quorum → ``NO_QUORUM`` (counts still reported, nothing decided). A motion is
about ``yes``: ``ADOPTED`` or ``REJECTED``. An election elects the candidates meeting the
rule, best first, up to ``seats``; when candidates tie for the last seat the result is
``TIE`` and they are listed in ``tied`` (never broken silently); ``elected`` then holds the
candidates placed above the tie. A single-choice poll of custom options works as an election
for one seat (``ADOPTED`` / ``TIE`` / ``REJECTED``); with multiple choice, every option
meeting the rule is adopted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from meetingroom.domain.voting import (
    MajorityBase,
    OptionKind,
    PollKind,
    PollSpec,
    VotingError,
    check_ballot,
)
from meetingroom.domain.voting_rules import _bool, _enum, _int, _is_int, _only


class Outcome(StrEnum):
    """What the poll decided."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"
    ELECTED = "elected"
    TIE = "tie"
    """A tie at the last seat (or between the best options): the body must decide again."""


@dataclass(frozen=True, slots=True)
class PollResult:
    """The stored, unchangeable result of a closed poll."""

    counts: tuple[tuple[str, int], ...]
    """(option id, ballots naming it) for every option, in ballot order."""
    ballots_cast: int
    """All ballots, abstentions and blank ones included."""
    abstentions: int
    blank: int
    """Empty ballots (only possible when ``min_choices == 0``)."""
    present: int
    members: int
    quorum_met: bool
    outcome: Outcome
    elected: tuple[str, ...]
    """Winning option ids, best first: elected candidates, or the adopted choice(s)."""
    tied: tuple[str, ...]
    """Option ids tied for the last place when ``outcome`` is ``TIE``; empty otherwise."""
    required: int
    """The smallest number of votes that meets the majority rule (at least 1)."""
    base_count: int
    """What the threshold was a fraction of (votes cast, present or members)."""

    def count(self, option_id: str) -> int:
        return dict(self.counts)[option_id]

    def to_dict(self) -> dict[str, Any]:
        return {"counts": [[i, n] for i, n in self.counts], "ballots_cast": self.ballots_cast,
                "abstentions": self.abstentions, "blank": self.blank, "present": self.present,
                "members": self.members, "quorum_met": self.quorum_met,
                "outcome": self.outcome.value, "elected": list(self.elected),
                "tied": list(self.tied), "required": self.required,
                "base_count": self.base_count}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PollResult:
        _only(d, ("counts", "ballots_cast", "abstentions", "blank", "present", "members",
                  "quorum_met", "outcome", "elected", "tied", "required", "base_count"))
        return cls(
            counts=tuple(_pair(p) for p in _list(d, "counts")),
            ballots_cast=_int(d, "ballots_cast"), abstentions=_int(d, "abstentions"),
            blank=_int(d, "blank"), present=_int(d, "present"), members=_int(d, "members"),
            quorum_met=_bool(d, "quorum_met"), outcome=_enum(Outcome, d, "outcome"),
            elected=tuple(_ids(d, "elected")), tied=tuple(_ids(d, "tied")),
            required=_int(d, "required"), base_count=_int(d, "base_count"))


def quorum_met(spec: PollSpec, present: int, members: int) -> bool:
    """Whether ``present`` of ``members`` voting members make the poll's quorum."""
    _check_heads(present, members)
    return spec.quorum.met(present, members)


def tally(spec: PollSpec, ballots: Iterable[Iterable[str]], *, present: int,
          members: int) -> PollResult:
    """Count ``ballots`` (each the option ids one voter chose) and apply ``spec``'s rules.

    ``present`` is the number of voting members present or represented at close (the server
    should count everyone who voted); ``members`` all voting members. Every ballot is checked
    again with :func:`check_ballot`; a bad one raises :class:`VotingError` and nothing is
    counted.
    """
    spec.validate()
    _check_heads(present, members)
    counts = {o.id: 0 for o in spec.options}
    abstain_id = spec.id_of(OptionKind.ABSTAIN)
    cast = abstentions = blank = 0
    for ballot in ballots:
        chosen = check_ballot(spec, ballot)
        cast += 1
        if not chosen:
            blank += 1
        elif abstain_id in chosen:
            abstentions += 1
        for option_id in chosen:
            counts[option_id] += 1
    if cast > members:
        raise VotingError(f"{cast} ballots for {members} members", "bad_counts")
    rule = spec.rule
    if rule.base is MajorityBase.PRESENT:
        base = present
    elif rule.base is MajorityBase.MEMBERS:
        base = members
    else:
        base = cast if rule.abstentions_count else cast - abstentions - blank
    required = rule.required(base)
    met = spec.quorum.met(present, members)
    outcome, elected, tied = _decide(spec, counts, required) if met else (
        Outcome.NO_QUORUM, (), ())
    return PollResult(
        counts=tuple((o.id, counts[o.id]) for o in spec.options), ballots_cast=cast,
        abstentions=abstentions, blank=blank, present=present, members=members,
        quorum_met=met, outcome=outcome, elected=elected, tied=tied, required=required,
        base_count=base)


def _decide(spec: PollSpec, counts: dict[str, int], required: int
            ) -> tuple[Outcome, tuple[str, ...], tuple[str, ...]]:
    kind = spec.kind
    if kind is PollKind.MOTION:
        yes = spec.id_of(OptionKind.YES)
        assert yes is not None  # validate() guarantees a motion has a yes option
        return (Outcome.ADOPTED, (yes,), ()) if counts[yes] >= required else (
            Outcome.REJECTED, (), ())
    contenders = [o.id for o in spec.options if o.kind is not OptionKind.ABSTAIN]
    if kind is PollKind.ELECTION:
        assert spec.seats is not None  # validate() guarantees an election has seats
        seats, won = spec.seats, Outcome.ELECTED
    else:
        seats = 1 if spec.max_choices == 1 else len(contenders)
        won = Outcome.ADOPTED
    qualified = [i for i in contenders if counts[i] >= required]
    # Best first; equal counts keep ballot order (display only: a tie is reported below).
    qualified.sort(key=lambda i: -counts[i])
    if not qualified:
        return Outcome.REJECTED, (), ()
    if len(qualified) <= seats:
        return won, tuple(qualified), ()
    last = counts[qualified[seats - 1]]
    if counts[qualified[seats]] < last:
        return won, tuple(qualified[:seats]), ()
    above = tuple(i for i in qualified if counts[i] > last)
    return Outcome.TIE, above, tuple(i for i in qualified if counts[i] == last)


def _check_heads(present: int, members: int) -> None:
    if not (_is_int(present) and _is_int(members)) or members < 1 or not (
            0 <= present <= members):
        raise VotingError("need 0 ≤ present ≤ members and at least one member", "bad_counts")


def _list(d: Mapping[str, Any], key: str) -> list[Any]:
    v = d.get(key)
    if not isinstance(v, list):
        raise VotingError(f"{key!r} must be a list", "bad_spec")
    return v


def _ids(d: Mapping[str, Any], key: str) -> list[str]:
    v = _list(d, key)
    if not all(isinstance(i, str) for i in v):
        raise VotingError(f"{key!r} must list option ids", "bad_spec")
    return v


def _pair(p: object) -> tuple[str, int]:
    if not (isinstance(p, list | tuple) and len(p) == 2 and isinstance(p[0], str)
            and _is_int(p[1])):
        raise VotingError("counts must be [option id, number] pairs", "bad_spec")
    return p[0], int(p[1])
