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


def can_write_minutes(user: User, meeting: Meeting,
                      participant_ids: set[str] | frozenset[str]) -> bool:
    """The minutes' writers: admins, the meeting's creator, and secretaries taking part."""
    if user.role is Role.ADMIN or meeting.created_by == user.id:
        return True
    return user.role is Role.SECRETARY and user.id in participant_ids


def can_review_minutes(user: User, meeting: Meeting,
                       participant_ids: set[str] | frozenset[str]) -> bool:
    """The reviewer: a chair taking part in a meeting they can see."""
    return (user.role is Role.CHAIR and user.id in participant_ids
            and can_view(user, meeting, participant_ids))


def can_read_minutes_draft(user: User, meeting: Meeting,
                           participant_ids: set[str] | frozenset[str]) -> bool:
    """The text of saved versions: writers and the chair (others see the status only)."""
    if not can_view(user, meeting, participant_ids):
        return False
    return (can_write_minutes(user, meeting, participant_ids)
            or can_review_minutes(user, meeting, participant_ids))


def can_sign_minutes(user: User, meeting: Meeting,
                     participant_ids: set[str] | frozenset[str]) -> bool:
    """Who may add a signature to the final minutes: the writers (the secretary signs
    first) and the chair (co-signs)."""
    return can_read_minutes_draft(user, meeting, participant_ids)


def can_run_meeting(user: User, meeting: Meeting,
                    participant_ids: set[str] | frozenset[str]) -> bool:
    """Who runs the session (phase, current item, attendance, speakers, polls): the
    meeting's editors and the chair taking part."""
    return can_edit(user, meeting, participant_ids) or (
        user.role is Role.CHAIR and user.id in participant_ids
        and can_view(user, meeting, participant_ids))
