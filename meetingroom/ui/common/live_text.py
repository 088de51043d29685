"""The translated words of the live session: phases, presence, ballot states, refusals."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from meetingroom.domain.live import MeetingPhase, Presence
from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.errors import MeetingroomError
from meetingroom.ui.base.errors import error_text, signing_text

_TOKEN_REASONS = {"bad_pin": "bad_pin", "token_not_found": "token_not_found",
                  "token_module": "module"}
"""The trustee token's refusals that say the same as a signing token's (``signing_text``)."""


def ui_language() -> str:
    """"vi" or "en": the language the voting sentences (domain.voting_text) are written in."""
    return "vi" if QLocale().language() == QLocale.Language.Vietnamese else "en"


def phase_text(phase: MeetingPhase) -> str:
    return {
        MeetingPhase.NOT_STARTED: QCoreApplication.translate("live", "Not started"),
        MeetingPhase.IN_SESSION: QCoreApplication.translate("live", "In session"),
        MeetingPhase.PAUSED: QCoreApplication.translate("live", "Paused"),
        MeetingPhase.ENDED: QCoreApplication.translate("live", "Ended"),
    }[phase]


def presence_text(presence: Presence) -> str:
    return {
        Presence.UNKNOWN: QCoreApplication.translate("live", "Not checked in"),
        Presence.PRESENT: QCoreApplication.translate("live", "Present"),
        Presence.ABSENT: QCoreApplication.translate("live", "Absent"),
        Presence.EXCUSED: QCoreApplication.translate("live", "Excused"),
    }[presence]


def poll_status_text(status: PollStatus) -> str:
    return {
        PollStatus.DRAFT: QCoreApplication.translate("live", "Draft"),
        PollStatus.OPEN: QCoreApplication.translate("live", "Voting open"),
        PollStatus.COUNTING: QCoreApplication.translate("live", "Waiting for the trustees"),
        PollStatus.CLOSED: QCoreApplication.translate("live", "Closed"),
        PollStatus.CANCELLED: QCoreApplication.translate("live", "Cancelled"),
        PollStatus.UNOPENED: QCoreApplication.translate("live", "Not opened"),
    }[status]


def ballot_state_text(state: BallotState) -> str:
    """The ballot's state in plain words, as the voter's tablet shows it."""
    return {
        BallotState.STORED: QCoreApplication.translate(
            "live", "Stored on this device"),
        BallotState.RECEIVED: QCoreApplication.translate(
            "live", "Received by the server"),
        BallotState.COUNTED: QCoreApplication.translate(
            "live", "Counted"),
        BallotState.REFUSED: QCoreApplication.translate(
            "live", "Refused by the server"),
        BallotState.MISSING: QCoreApplication.translate(
            "live", "ALARM: the published record does not hold your "
            "ballot as you cast it. Tell the secretary now."),
    }[state]


def reason_text(reason: str) -> str | None:
    """The translated sentence for a server refusal's ``reason``, if we know it."""
    if reason in _TOKEN_REASONS:
        return signing_text(_TOKEN_REASONS[reason])
    texts = {
        "no_quorum": QCoreApplication.translate(
            "live", "There is no quorum: not enough voting members are present."),
        "poll_open": QCoreApplication.translate(
            "live", "A poll is open. Close it first."),
        "poll_closed": QCoreApplication.translate(
            "live", "The poll is already closed."),
        "poll_draft": QCoreApplication.translate(
            "live", "The poll has not been opened yet."),
        "poll_cancelled": QCoreApplication.translate(
            "live", "The poll was cancelled."),
        "not_present": QCoreApplication.translate(
            "live", "Check in first: only members who are present can vote."),
        "not_a_voter": QCoreApplication.translate(
            "live", "You have no voting right in this meeting."),
        "no_proxy": QCoreApplication.translate(
            "live", "You do not hold this member's proxy."),
        "already_voted": QCoreApplication.translate(
            "live", "This vote was already cast; this poll does not allow changes."),
        "pending": QCoreApplication.translate(
            "live", "Your vote is still being sent. Please wait a moment."),
        "not_in_session": QCoreApplication.translate(
            "live", "The meeting is not in session."),
        "meeting_ended": QCoreApplication.translate(
            "live", "The meeting has ended."),
        "bad_phase": QCoreApplication.translate(
            "live", "The meeting cannot move to this state now."),
        "queue_empty": QCoreApplication.translate(
            "live", "Nobody is waiting to speak."),
        "stale": QCoreApplication.translate(
            "live", "The speakers list changed meanwhile. Look again and retry."),
        "not_published": QCoreApplication.translate(
            "live", "Publish the meeting before starting it."),
        "no_voters": QCoreApplication.translate(
            "live", "Nobody in this meeting has a voting right."),
        "bad_proxy": QCoreApplication.translate(
            "live", "This proxy is not possible: a member who gave a proxy cannot hold another's."),
        "too_few": QCoreApplication.translate(
            "live", "Choose more options."),
        "too_many": QCoreApplication.translate(
            "live", "Too many: choose fewer options."),
        "unknown_option": QCoreApplication.translate(
            "live", "The ballot names an option this poll does not have."),
        "abstain_with_others": QCoreApplication.translate(
            "live", "Abstaining cannot be combined with another choice."),
        "not_your_ballot": QCoreApplication.translate(
            "live", "The vote to change was not found on the server."),
        "seal_required": QCoreApplication.translate(
            "live", "A secret poll needs a sealed ballot box: update the Meetingroom app."),
        "no_trustees": QCoreApplication.translate(
            "live", "A secret poll needs at least two trustees whose app has connected to "
            "this meeting (the chair and the secretary by default). Ask them to log in."),
        "too_few_shares": QCoreApplication.translate(
            "live", "Not enough trustees have released their key share yet."),
        "not_a_trustee": QCoreApplication.translate(
            "live", "Only the poll's trustees can open its ballot box."),
        "opener_changed": QCoreApplication.translate(
            "live", "Another trustee now opens the box. Release your key share to them."),
        "trustee_key_changed": QCoreApplication.translate(
            "live", "A trustee's app changed device meanwhile. Open the poll again."),
        "share_does_not_open": QCoreApplication.translate(
            "live", "Your key share does not open on this device: use the device you were "
            "logged in on when the poll opened."),
        "pin_needed": QCoreApplication.translate(
            "live", "Your trustee key is on your token: plug it in and enter its PIN."),
        "no_token_key": QCoreApplication.translate(
            "live", "This token does not hold your trustee key. Use the token you chose "
            "for it, or make a new key on this one before the next secret vote."),
        "poll_counting": QCoreApplication.translate(
            "live", "The ballot box is waiting for the trustees."),
        "poll_unopened": QCoreApplication.translate(
            "live", "The ballot box was not opened."),
        "no_title": QCoreApplication.translate(
            "live", "Please enter the question of the poll."),
        "no_options": QCoreApplication.translate(
            "live", "A poll needs at least two options."),
        "bad_option": QCoreApplication.translate(
            "live", "Every option needs a name."),
        "duplicate_option": QCoreApplication.translate(
            "live", "Two options have the same name."),
        "bad_choices": QCoreApplication.translate(
            "live", "The minimum and maximum number of choices do not fit the options."),
        "bad_seats": QCoreApplication.translate(
            "live", "The number of seats does not fit the candidates."),
        "bad_threshold": QCoreApplication.translate(
            "live", "The fraction is not valid (for example 3/5)."),
        "bad_limit": QCoreApplication.translate(
            "live", "A speaking time is at most one hour."),
    }
    return texts.get(reason)


def live_error_text(exc: BaseException) -> str:
    """Readable text for an error of a live command, a ballot or a poll spec."""
    reason = getattr(exc, "reason", "")
    if isinstance(exc, MeetingroomError | ValueError) and isinstance(reason, str):
        text = reason_text(reason)
        if text is not None:
            return text
    return error_text(exc)


