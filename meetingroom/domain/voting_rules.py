"""Majority and quorum rules as exact fractions, and the voting error with its reasons.

Every comparison is made by cross-multiplying whole numbers, never through a float, so a
rule gives the same answer for 45 members and for 10**12.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

MAX_DENOMINATOR = 1000
"""Bounds a custom fraction to something a person can state (e.g. 3/5, 11/20)."""


class VotingError(ValueError):
    """A poll spec, rule, ballot or count that breaks a rule; ``reason`` is a stable sub-code.

    Reasons: ``bad_threshold``, ``bad_rule``, ``bad_quorum``, ``bad_spec`` (malformed dict),
    ``no_title``, ``no_options``, ``too_many_options``, ``bad_option``, ``duplicate_option``,
    ``mixed_kinds``, ``bad_choices``, ``bad_seats``, ``unknown_option``,
    ``duplicate_choice``, ``abstain_with_others``, ``too_few``, ``too_many``, ``bad_counts``.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


_E = TypeVar("_E", bound=StrEnum)


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _only(d: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    if not isinstance(d, Mapping):
        raise VotingError("expected an object", "bad_spec")
    extra = set(d) - set(keys)
    if extra:
        raise VotingError(f"unknown keys: {', '.join(sorted(map(str, extra)))}", "bad_spec")


def _get(d: Mapping[str, Any], key: str) -> Any:
    if key not in d:
        raise VotingError(f"missing {key!r}", "bad_spec")
    return d[key]


def _int(d: Mapping[str, Any], key: str) -> int:
    v = _get(d, key)
    if not _is_int(v):
        raise VotingError(f"{key!r} must be a whole number", "bad_spec")
    return int(v)


def _bool(d: Mapping[str, Any], key: str) -> bool:
    v = _get(d, key)
    if not isinstance(v, bool):
        raise VotingError(f"{key!r} must be true or false", "bad_spec")
    return v


def _str(d: Mapping[str, Any], key: str) -> str:
    v = _get(d, key)
    if not isinstance(v, str):
        raise VotingError(f"{key!r} must be text", "bad_spec")
    return v


def _as_map(v: object) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise VotingError("expected an object", "bad_spec")
    return v


def _map(d: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    return _as_map(_get(d, key))


def _enum(cls: type[_E], d: Mapping[str, Any], key: str) -> _E:
    v = _get(d, key)
    try:
        return cls(v)
    except (ValueError, TypeError):
        raise VotingError(f"{key!r} has an unknown value", "bad_spec") from None


class MajorityBase(StrEnum):
    """What the threshold is a fraction of."""

    VOTES_CAST = "votes_cast"
    """Ballots cast (abstentions and blank ballots included or not, per rule)."""
    PRESENT = "present"
    """Voting members present (or represented) when the poll closes."""
    MEMBERS = "members"
    """All voting members of the body."""


@dataclass(frozen=True, slots=True)
class Threshold:
    """An exact fraction ``numerator/denominator``: "more than" (strict) or "at least"."""

    numerator: int
    denominator: int
    strict: bool
    """True: votes/base must be *more than* the fraction; False: *at least* the fraction."""

    def __post_init__(self) -> None:
        n, d = self.numerator, self.denominator
        if not (_is_int(n) and _is_int(d) and isinstance(self.strict, bool)):
            raise VotingError("a threshold is two whole numbers and a flag", "bad_threshold")
        if not 1 <= d <= MAX_DENOMINATOR or not 0 <= n <= d:
            raise VotingError(
                f"a threshold must be a fraction between 0 and 1 with a denominator of at "
                f"most {MAX_DENOMINATOR}", "bad_threshold")
        if (n == 0 and not self.strict) or (n == d and self.strict):
            raise VotingError("'at least 0' and 'more than all' are not thresholds",
                              "bad_threshold")

    def met_by(self, votes: int, base: int) -> bool:
        """Whether ``votes`` out of ``base`` reach the fraction (exact integer arithmetic)."""
        lhs, rhs = votes * self.denominator, self.numerator * base
        return lhs > rhs if self.strict else lhs >= rhs

    def required(self, base: int) -> int:
        """The smallest whole number of votes out of ``base`` that reaches the fraction."""
        q = self.numerator * base
        return q // self.denominator + 1 if self.strict else -(-q // self.denominator)

    def to_dict(self) -> dict[str, Any]:
        return {"numerator": self.numerator, "denominator": self.denominator,
                "strict": self.strict}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Threshold:
        _only(d, ("numerator", "denominator", "strict"))
        return cls(_int(d, "numerator"), _int(d, "denominator"), _bool(d, "strict"))


SIMPLE_MAJORITY = Threshold(1, 2, strict=True)
"""More than half."""
TWO_THIRDS = Threshold(2, 3, strict=False)
"""At least two thirds."""
THREE_QUARTERS = Threshold(3, 4, strict=False)
"""At least three quarters."""
ANY_VOTE = Threshold(0, 1, strict=True)
"""More than nothing: at least one vote (plurality, e.g. best-placed candidates)."""


@dataclass(frozen=True, slots=True)
class MajorityRule:
    """How many votes an option needs: ``threshold`` of ``base``, and never fewer than one."""

    base: MajorityBase = MajorityBase.VOTES_CAST
    threshold: Threshold = SIMPLE_MAJORITY
    abstentions_count: bool = True
    """Only for ``VOTES_CAST``: whether abstentions and blank ballots are part of the base.
    Must stay True for the head-count bases, where everyone present or a member counts."""

    def __post_init__(self) -> None:
        if not isinstance(self.base, MajorityBase) or not isinstance(self.threshold, Threshold):
            raise VotingError("a majority rule needs a base and a threshold", "bad_rule")
        if not isinstance(self.abstentions_count, bool):
            raise VotingError("abstentions_count must be true or false", "bad_rule")
        if not self.abstentions_count and self.base is not MajorityBase.VOTES_CAST:
            raise VotingError("leaving abstentions out only applies to a base of votes cast",
                              "bad_rule")

    def required(self, base_count: int) -> int:
        """Smallest number of votes that meets the rule out of ``base_count`` (at least 1)."""
        return max(1, self.threshold.required(base_count))

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base.value, "threshold": self.threshold.to_dict(),
                "abstentions_count": self.abstentions_count}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> MajorityRule:
        _only(d, ("base", "threshold", "abstentions_count"))
        return cls(_enum(MajorityBase, d, "base"), Threshold.from_dict(_map(d, "threshold")),
                   _bool(d, "abstentions_count"))


@dataclass(frozen=True, slots=True)
class QuorumRule:
    """Minimum voting members present; both parts apply when both are set, none = no quorum."""

    min_present: int | None = None
    """At least this many present (1 or more)."""
    fraction_of_members: Threshold | None = None
    """Present members reaching this fraction of all members."""

    def __post_init__(self) -> None:
        if self.min_present is not None and not (_is_int(self.min_present)
                                                 and self.min_present >= 1):
            raise VotingError("a quorum's minimum must be 1 or more", "bad_quorum")
        if self.fraction_of_members is not None and not isinstance(self.fraction_of_members,
                                                                   Threshold):
            raise VotingError("a quorum's fraction must be a threshold", "bad_quorum")

    def met(self, present: int, members: int) -> bool:
        """Whether ``present`` of ``members`` voting members make the quorum."""
        if self.min_present is not None and present < self.min_present:
            return False
        return self.fraction_of_members is None or self.fraction_of_members.met_by(present,
                                                                                   members)

    def required(self, members: int) -> int:
        """The smallest number present that makes the quorum (0 when there is none)."""
        need = self.min_present or 0
        if self.fraction_of_members is not None:
            need = max(need, self.fraction_of_members.required(members))
        return need

    def to_dict(self) -> dict[str, Any]:
        f = self.fraction_of_members
        return {"min_present": self.min_present,
                "fraction_of_members": None if f is None else f.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QuorumRule:
        _only(d, ("min_present", "fraction_of_members"))
        mp = d.get("min_present")
        fr = d.get("fraction_of_members")
        return cls(None if mp is None else _int(d, "min_present"),
                   None if fr is None else Threshold.from_dict(_map(d, "fraction_of_members")))
