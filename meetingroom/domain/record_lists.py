"""The member lists and named-ballot openings of a version-2 poll record, and their checks.

A version-1 record listed ballots, voters' names and (named polls) who voted what, but
nothing tied those lists to each other or to the counts: choices swapped between two
members, an edited "cast by", a repeated name or an inflated member count all recounted
cleanly (issue 13). Version 2 adds, by user id, the members and the present counted in
the result, the members who voted, their names, and for each **named** ballot the
opening of its receipt (:func:`~meetingroom.domain.ballot_proofs.named_receipt`), so
that :func:`check_lists` can tell an edited entry from a sealed one. Secret polls get
the lists but never an opening: an opening names its member.

Every problem is a fixed English sentence, optionally followed by ``": "`` and words
from the record (names, numbers), so that the sentence can be translated as a whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from meetingroom.domain.ballot_proofs import is_key, named_receipt
from meetingroom.domain.voting_tally import PollResult

V1_UNCHECKED = ("the members and present counted in the result",
                "that no member is listed twice among the voters")
"""What a version-1 record cannot show (``verify-poll`` says so and exits 3)."""
V1_UNCHECKED_NAMED = (*V1_UNCHECKED, "who voted what, and who cast each named ballot")

_SHOWN = 5
"""Names listed in one problem before "and N more"."""


@dataclass(frozen=True, slots=True)
class NamedOpening:
    """How one named ballot's receipt opens."""

    member_id: str
    """Whose vote."""
    cast_by: str
    """The user who cast it: the member, or the holder of their proxy."""
    receipt: str | None
    """The receipt it opens (None: a ballot stored without an opening, before 0.2)."""
    opening: str | None
    """64 hex digits; with poll, member, cast-by and choices it gives the receipt."""


@dataclass(frozen=True, slots=True)
class RecordLists:
    """What a version-2 record adds to the version-1 lists."""

    names: tuple[tuple[str, str], ...]
    """(user id, display name) of every member and every proxy holder who cast, by id."""
    members: tuple[str, ...]
    """Ids of the voting members counted in the result's ``members``, sorted."""
    present: tuple[str, ...]
    """Ids of the members present or represented, counted in the result's ``present``."""
    voted: tuple[str, ...]
    """Ids of the members whose vote was cast, sorted (the record's ``voters`` are their
    names)."""
    openings: tuple[NamedOpening, ...] = ()
    """Named polls only: each ballot's opening, sorted by member id."""
    sealed: tuple[str, ...] = ()
    """Sealed polls: the seal tag of every ballot in the box, sorted (each tablet finds
    its own sealed ballot here)."""
    invalid: tuple[tuple[str, str], ...] = ()
    """Sealed polls: ballots that did not count, as (receipt — or seal tag when it did not
    open —, reason), sorted: listed, never dropped."""
    opened_by: str | None = None
    """Sealed polls: the trustee whose device opened the box."""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "names": [list(n) for n in self.names], "members": list(self.members),
            "present": list(self.present), "voted": list(self.voted),
            "openings": [[o.member_id, o.cast_by, o.receipt, o.opening]
                         for o in self.openings]}
        if self.opened_by is not None:
            d |= {"sealed": list(self.sealed), "invalid": [list(i) for i in self.invalid],
                  "opened_by": self.opened_by}
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RecordLists:
        """The lists of a version-2 record; ``KeyError``/``TypeError``/``ValueError`` if
        they are missing or malformed."""
        return cls(names=tuple((_s(i), _s(n)) for i, n in d["names"]),
                   members=tuple(_s(i) for i in d["members"]),
                   present=tuple(_s(i) for i in d["present"]),
                   voted=tuple(_s(i) for i in d["voted"]),
                   openings=tuple(NamedOpening(_s(m), _s(by), _opt(r), _opt(o))
                                  for m, by, r, o in d["openings"]),
                   sealed=tuple(_s(t) for t in d.get("sealed", ())),
                   invalid=tuple((_s(r), _s(why)) for r, why in d.get("invalid", ())),
                   opened_by=_opt(d.get("opened_by")))


def _s(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _opt(value: object) -> str | None:
    return None if value is None else _s(value)


def check_lists(lists: RecordLists, *, poll_id: str, named_poll: bool, result: PollResult,
                ballots: tuple[tuple[str, tuple[str, ...]], ...], voters: tuple[str, ...],
                named: tuple[tuple[str, tuple[str, ...], str], ...]) -> list[str]:
    """Every way the lists disagree with each other, with the counts, or with the seals."""
    problems: list[str] = []
    names = dict(lists.names)
    if len(names) != len(lists.names):
        problems.append("a user id appears twice among the names")

    def who(ids: Iterable[str]) -> str:
        shown = sorted(names.get(i, i) for i in ids)
        more = f" and {len(shown) - _SHOWN} more" if len(shown) > _SHOWN else ""
        return ", ".join(shown[:_SHOWN]) + more

    for label, ids in (("members", lists.members), ("present", lists.present),
                       ("voters", lists.voted)):
        twice = [i for i, n in Counter(ids).items() if n > 1]
        if twice:
            problems.append(f"a member is listed twice among the {label}: {who(twice)}")
    members, present, voted = set(lists.members), set(lists.present), set(lists.voted)
    if result.members != len(lists.members):
        problems.append("the published number of members differs from the member list: "
                        f"{result.members} published, {len(lists.members)} listed")
    if result.present != len(lists.present):
        problems.append("the published number present differs from the list of those "
                        f"present: {result.present} published, {len(lists.present)} listed")
    if present - members:
        problems.append(f"listed as present but not as a member: {who(present - members)}")
    if voted - present:
        problems.append(f"voted but not listed as present: {who(voted - present)}")
    people = members | {o.cast_by for o in lists.openings}
    nameless = sorted(people - names.keys())
    if nameless:
        problems.append(f"a listed user id has no name: {', '.join(nameless[:_SHOWN])}")
    cast = len(ballots) + len(lists.invalid)
    if len(lists.voted) != cast:
        problems.append(f"{cast} ballots but {len(lists.voted)} members who voted")
    if lists.opened_by is not None:
        problems.extend(_box(lists, ballots))
    problems.extend(_voter_names(voters, [names.get(i, i) for i in lists.voted]))
    if named_poll:
        problems.extend(_openings(lists, names, who, poll_id=poll_id, ballots=ballots,
                                  named=named))
    return problems


def _box(lists: RecordLists, ballots: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """A sealed poll's box: one sealed ballot per voter, each opened or listed invalid."""
    out: list[str] = []
    if len(set(lists.sealed)) != len(lists.sealed):
        out.append("a sealed ballot is listed twice")
    if len(lists.sealed) != len(lists.voted):
        out.append(f"{len(lists.sealed)} sealed ballots but {len(lists.voted)} members "
                   "who voted")
    opened = len(ballots) + len(lists.invalid)
    if opened != len(lists.sealed):
        out.append(f"{len(lists.sealed)} sealed ballots but {opened} opened or invalid")
    return out


def _voter_names(voters: tuple[str, ...], expected: list[str]) -> list[str]:
    """The ``voters`` names against the names of the members listed as having voted."""
    out: list[str] = []
    listed, due = Counter(voters), Counter(expected)
    for name in sorted(listed - due):
        out.append(f"a voter is listed more often than they voted: {name}" if name in due
                   else f"a voter's name is not that of a member who voted: {name}")
    for name in sorted(due - listed):
        out.append(f"a member who voted is missing from the voters: {name}")
    return out


def _openings(lists: RecordLists, names: dict[str, str], who: Any, *, poll_id: str,
              ballots: tuple[tuple[str, tuple[str, ...]], ...],
              named: tuple[tuple[str, tuple[str, ...], str], ...]) -> list[str]:
    """Each named ballot opens to its receipt, and the ``named`` list shows what they say."""
    out: list[str] = []
    by_receipt = dict(ballots)
    owners = Counter(o.member_id for o in lists.openings)
    twice = [m for m, n in owners.items() if n > 1]
    if twice:
        out.append(f"a member has more than one named ballot: {who(twice)}")
    voted = set(lists.voted)
    if voted - owners.keys():
        out.append(f"a member who voted has no named ballot: {who(voted - owners.keys())}")
    if owners.keys() - voted:
        out.append(f"a named ballot belongs to a member not listed as voting: "
                   f"{who(owners.keys() - voted)}")
    sealed: list[tuple[str, tuple[str, ...], str]] = []
    for o in lists.openings:
        choices = by_receipt.get(o.receipt or "")
        if o.receipt is None or o.opening is None or not is_key(o.opening):
            out.append(f"a named ballot has no opening, so it cannot be checked: "
                       f"{who([o.member_id])}")
        elif choices is None:
            out.append(f"a named ballot's receipt is not among the ballots: "
                       f"{who([o.member_id])}")
        elif named_receipt(poll_id, o.member_id, o.cast_by, choices, o.opening) != o.receipt:
            out.append("a named ballot does not open its receipt (its member, who cast it "
                       f"or its choices were changed): {who([o.member_id])}")
        else:
            sealed.append((names.get(o.member_id, o.member_id), tuple(sorted(choices)),
                           names.get(o.cast_by, o.cast_by)))
    opened = {o.receipt for o in lists.openings}
    unopened = [r for r, _ in ballots if r not in opened]
    if unopened:
        out.append(f"a ballot has no named entry: {len(unopened)} ballot(s)")
    if not out:  # every ballot opened: the shown list must be exactly what they say
        shown = Counter((n, tuple(sorted(c)), by) for n, c, by in named)
        for n, c, by in sorted((shown - Counter(sealed)).elements()):
            out.append("the named list shows what no sealed ballot says: "
                       f"{n} — {', '.join(c) or '-'} — cast by {by}")
        if not shown - Counter(sealed) and shown != Counter(sealed):
            out.append("the named list leaves out a sealed ballot")
    return out
