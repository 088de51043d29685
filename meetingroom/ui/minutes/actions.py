"""Which minutes actions a user is offered, by their role in the meeting and the minutes' state.

Pure (no Qt) so the rules are easy to read and test. The server authorises every
command again; hiding a button is convenience, not security.
"""

from __future__ import annotations

from enum import StrEnum

from meetingroom.domain.minutes import MinutesState, MinutesStatus
from meetingroom.domain.roles import Role

SIGNER_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})
"""Who signs the minutes by default: the chair and the secretary."""


class MinutesAction(StrEnum):
    """A button of the minutes screen."""

    NEW_DRAFT = "new_draft"
    """Fill the editor from the meeting record (the secretary, while drafting)."""
    SAVE = "save"
    SUBMIT = "submit"
    RESTORE = "restore"
    """Save an older version as a new one."""
    APPROVE = "approve"
    RETURN = "return"
    """The chair sends the minutes back with a comment."""
    REOPEN = "reopen"
    FINALISE = "finalise"
    OPEN_PDF = "open_pdf"
    SIGN = "sign"


def is_editor(role: Role) -> bool:
    """The secretary (or an admin) writes the minutes."""
    return role in (Role.SECRETARY, Role.ADMIN)


def allowed_actions(status: MinutesStatus, role: Role, *, signer: bool | None = None
                    ) -> frozenset[MinutesAction]:
    """The actions to offer ``role`` now; ``signer`` overrides :data:`SIGNER_ROLES`."""
    a = MinutesAction
    state = status.state
    out: set[MinutesAction] = set()
    if is_editor(role):
        if state is MinutesState.DRAFT:
            out |= {a.NEW_DRAFT, a.SAVE, a.RESTORE}
            if status.latest_version:
                out.add(a.SUBMIT)
        if state in (MinutesState.IN_REVIEW, MinutesState.APPROVED):
            out.add(a.REOPEN)
        if state is MinutesState.APPROVED:
            out.add(a.FINALISE)
    if role is Role.CHAIR and state is MinutesState.IN_REVIEW:
        out |= {a.APPROVE, a.RETURN}
    if status.pdf is not None or status.signed is not None:
        out.add(a.OPEN_PDF)
    may_sign = role in SIGNER_ROLES if signer is None else signer
    if may_sign and state in (MinutesState.FINAL, MinutesState.SIGNED):
        out.add(a.SIGN)
    return frozenset(out)


def editable(status: MinutesStatus, role: Role) -> bool:
    """Whether the text may be typed into now."""
    return is_editor(role) and status.state is MinutesState.DRAFT
