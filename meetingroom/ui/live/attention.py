"""What needs this person now (an open vote, the floor, a new current item): decisions, no Qt."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from meetingroom.domain.live import represented_by, voters
from meetingroom.domain.model import MeetingSnapshot
from meetingroom.domain.polls import BallotState, LocalBallot, PollStatus

CAST = frozenset({BallotState.STORED, BallotState.RECEIVED, BallotState.COUNTED})
"""A ballot in one of these states counts as "voted" (a refused one does not)."""


class Need(IntEnum):
    """What calls for the person, most urgent first (a lower value wins the banner)."""

    VOTE = 0
    """A poll is open and someone this user votes for has not voted: the banner stays
    until they vote, the poll closes, or they go to the ballot."""
    FLOOR = 1
    """The chair gave this user the floor (a lighter notice, dismissible)."""
    ITEM = 2
    """The meeting moved to another agenda item while the user follows (lighter)."""


@dataclass(frozen=True, slots=True)
class Attention:
    """One thing that needs the person, in one meeting."""

    need: Need
    meeting_id: str
    key: str
    """What it is about (the poll, the turn at speaking, the item): dismissing it hides
    this one, not the next."""
    title: str = ""
    """The poll's title or the item's title ("" for the floor)."""

    @property
    def urgent(self) -> bool:
        return self.need is Need.VOTE


def my_voters(snap: MeetingSnapshot, user_id: str) -> list[str]:
    """The members this user votes for: themselves (with a voting right), then the absent
    members whose proxy they hold."""
    members = voters(snap.participants)
    own = [user_id] if user_id in members else []
    return own + sorted(m for m, holder in represented_by(snap.live, members).items()
                        if holder == user_id)


def vote_needed(snap: MeetingSnapshot, user_id: str,
                ballots: Iterable[LocalBallot]) -> Attention | None:
    """The open poll, if someone this user votes for has no ballot in it yet."""
    poll = next((p for p in snap.polls if p.status is PollStatus.OPEN), None)
    if poll is None:
        return None
    cast = {b.member_id for b in ballots if b.poll_id == poll.id and b.state in CAST}
    if all(m in cast for m in my_voters(snap, user_id)):  # also: nobody to vote for
        return None
    return Attention(Need.VOTE, snap.meeting.id, f"poll:{poll.id}", poll.spec.title)


def floor_given(snap: MeetingSnapshot, user_id: str) -> Attention | None:
    """This user has the floor now (one key per turn at speaking)."""
    s = snap.live.speakers
    if s.speaking != user_id:
        return None
    return Attention(Need.FLOOR, snap.meeting.id, f"floor:{s.since}")


class AttentionTracker:
    """Follows every meeting's snapshots for one user and says what needs them now.

    Votes and the floor are read from the snapshot as it is; a new current item is a
    change, so the tracker remembers the item each meeting had when last seen (the
    first snapshot of a meeting announces nothing). Dismissed keys stay dismissed.
    """

    def __init__(self) -> None:
        self._needs: dict[str, list[Attention]] = {}
        self._items: dict[str, str | None] = {}
        self._dismissed: set[str] = set()

    def update(self, snap: MeetingSnapshot, *, user_id: str, ballots: Iterable[LocalBallot],
               following: bool, runs_meeting: bool) -> None:
        """Take a meeting's latest snapshot (and this device's ballots in it).

        ``following``: the user follows the presenter (only then is a new item
        announced); ``runs_meeting``: they set the item themselves (never announced).
        """
        mid = snap.meeting.id
        seen, item = mid in self._items, snap.live.current_item_id
        changed = seen and item != self._items[mid]
        self._items[mid] = item
        old_item = next((a for a in self._needs.get(mid, ()) if a.need is Need.ITEM), None)
        needs = [a for a in (vote_needed(snap, user_id, ballots), floor_given(snap, user_id))
                 if a is not None]
        if not snap.live.phase.running:
            needs = [a for a in needs if a.need is Need.VOTE]
        elif changed and item is not None and following and not runs_meeting:
            title = next((i.title for i in snap.items if i.id == item), "")
            needs.append(Attention(Need.ITEM, mid, f"item:{item}:{snap.rev}", title))
        elif old_item is not None and not changed and following:
            needs.append(old_item)  # announced earlier and not dismissed yet
        self._needs[mid] = needs

    def knows(self, meeting_id: str) -> bool:
        return meeting_id in self._items

    def meetings(self) -> set[str]:
        return set(self._items)

    def forget(self, meeting_id: str) -> None:
        """The meeting is gone (removed, or the user logged out)."""
        self._needs.pop(meeting_id, None)
        self._items.pop(meeting_id, None)

    def clear(self) -> None:
        self._needs.clear()
        self._items.clear()

    def dismiss(self, attention: Attention) -> None:
        """Hide this banner (its key) for good; the next thing that comes is shown."""
        self._dismissed.add(attention.key)

    def pending(self) -> list[Attention]:
        """Everything that needs the user, dismissed or not, most urgent first."""
        return sorted((a for needs in self._needs.values() for a in needs),
                      key=lambda a: (a.need, a.meeting_id))

    def banner(self) -> Attention | None:
        """What the banner shows now: the most urgent thing not dismissed."""
        return next((a for a in self.pending() if a.key not in self._dismissed), None)

    def vote(self) -> Attention | None:
        """An open vote this user has not voted in, dismissed or not (badge, status)."""
        return next((a for a in self.pending() if a.need is Need.VOTE), None)
