"""Who holds a sealed poll's key shares by default: the chair, the secretary, one more.

Pure rule, used by the device that opens a secret poll: among the participants whose app
has registered a trustee key, the chairs first, then the secretaries, then voting
members by name, up to ``DEFAULT_TRUSTEES``; any ``DEFAULT_THRESHOLD`` of them open the
box, so one lost device does not lose the vote and no single trustee opens it alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from meetingroom.domain.model import Participant
from meetingroom.domain.roles import Role

DEFAULT_TRUSTEES = 3
DEFAULT_THRESHOLD = 2


class TrusteeError(ValueError):
    """Too few participants can be trustees."""

    def __init__(self, message: str, reason: str = "no_trustees") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TrusteeChoice:
    trustees: tuple[str, ...]
    """User ids, chairs first."""
    threshold: int


def _rank(p: Participant) -> tuple[int, str]:
    order = {Role.CHAIR: 0, Role.SECRETARY: 1}.get(p.role, 3 if not p.voting else 2)
    return order, p.display_name.casefold()


def choose_trustees(participants: Sequence[Participant], registered: Collection[str], *,
                    count: int = DEFAULT_TRUSTEES,
                    threshold: int = DEFAULT_THRESHOLD) -> TrusteeChoice:
    """The default trustees among ``participants`` whose device key is ``registered``."""
    able = sorted((p for p in participants if p.user_id in registered
                   and p.role is not Role.OBSERVER), key=_rank)
    picked = tuple(p.user_id for p in able[:count])
    if len(picked) < 2:
        raise TrusteeError(
            "a secret poll needs at least two trustees whose Meetingroom app has connected "
            "to this meeting (the chair and the secretary by default)")
    return TrusteeChoice(picked, min(threshold, len(picked)))
