"""Who may see and change a meeting: the pure authorisation rules the server enforces."""

from __future__ import annotations

from meetingroom.domain.model import Meeting, MeetingStatus, User
from meetingroom.domain.roles import Role


def can_view(user: User, meeting: Meeting, participant_ids: set[str] | frozenset[str]) -> bool:
    """Admins see everything; editors see what they created; others only published
    meetings they take part in."""
    if user.role is Role.ADMIN or meeting.created_by == user.id:
        return True
    if user.id not in participant_ids:
        return False
    return meeting.status is MeetingStatus.PUBLISHED or user.role is Role.SECRETARY


def can_edit(user: User, meeting: Meeting, participant_ids: set[str] | frozenset[str]) -> bool:
    """Admins, and secretaries who created the meeting or take part in it, edit it."""
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.SECRETARY:
        return False
    return meeting.created_by == user.id or user.id in participant_ids


def can_create_meeting(user: User) -> bool:
    """Only admins and secretaries create meetings."""
    return user.role.manages_meetings
