"""Who has signed the minutes and whose signature is still awaited.

The minutes are signed by the secretary (whoever writes them) and the chair; they are
the official record only once every required signature is there. A signature counts
for the chair when its uploader takes part in the meeting as a chair, and for the
secretary otherwise (only the writers and the chair may sign: ``access.can_sign_minutes``).
The chair's signature is required when the meeting has a chair among its participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from meetingroom.domain.minutes import MinutesStatus
from meetingroom.domain.model import Participant
from meetingroom.domain.roles import Role

_CHAIR_WORDS = frozenset({"chủ tọa", "chủ toạ", "chair", "chairman", "chairwoman"})
"""Claimed roles (``SignatureCheck.role``) that name the chair."""


class SignerRole(StrEnum):
    """A required signature of the minutes, in signing order."""

    SECRETARY = "secretary"
    CHAIR = "chair"


@dataclass(frozen=True, slots=True)
class SigningProgress:
    """The minutes' signatures by role: given, and still awaited."""

    signed: tuple[SignerRole, ...] = ()
    """Roles whose signature is there, in the order they signed."""
    awaited: tuple[SignerRole, ...] = ()
    """Required roles that have not signed yet, in signing order."""

    @property
    def complete(self) -> bool:
        """Every required signature is there: the signed minutes are the official record."""
        return bool(self.signed) and not self.awaited


def signing_progress(status: MinutesStatus | None,
                     participants: Iterable[Participant]) -> SigningProgress:
    """Which required signatures ``status`` has and which it still awaits."""
    chairs = {p.user_id for p in participants if p.role is Role.CHAIR}
    required = (SignerRole.SECRETARY, SignerRole.CHAIR) if chairs else (SignerRole.SECRETARY,)
    signed: list[SignerRole] = []
    if status is not None and status.signed is not None:
        given = status.signed
        roles = ([SignerRole.CHAIR if u in chairs else SignerRole.SECRETARY
                  for u in given.signed_by] if given.signed_by else
                 # minutes signed before uploaders were recorded: the roles they claimed
                 [SignerRole.CHAIR if s.role.strip().casefold() in _CHAIR_WORDS
                  else SignerRole.SECRETARY for s in given.report.signatures])
        for role in roles:
            if role not in signed:
                signed.append(role)
    return SigningProgress(signed=tuple(signed),
                           awaited=tuple(r for r in required if r not in signed))
