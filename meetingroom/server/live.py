"""Running the session on the server: phase, current item, attendance, proxies, speakers.

Every command is authorised here (``domain/access.py``): the meeting's secretary, an
administrator or the chair taking part runs the session; a participant checks in and asks
to speak only for themselves. Each change writes one event (``storage/live_store.py``).
"""

from __future__ import annotations

from dataclasses import replace

from meetingroom.domain import access
from meetingroom.domain.live import (
    MAX_SPEAKERS,
    MAX_SPEAKING_LIMIT,
    LiveState,
    MeetingPhase,
    Presence,
    Speakers,
    check_proxies,
    may_move,
    voters,
)
from meetingroom.domain.model import Meeting, MeetingStatus, User
from meetingroom.domain.roles import Role
from meetingroom.domain.voting_rules import QuorumRule, VotingError
from meetingroom.errors import ConflictError, ForbiddenError, NotFoundError, ProtocolError
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.requests import (
    AttendanceCheckIn,
    AttendanceSet,
    LiveCurrentItem,
    LivePhase,
    LiveQuorum,
    ProxiesSet,
    SpeakersEnd,
    SpeakersGrant,
    SpeakersLimit,
    SpeakersOrder,
    SpeakersRequest,
)
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx


def running(tx: Tx, user: User, meeting_id: str) -> tuple[Meeting, LiveState]:
    """The meeting and its live state if ``user`` runs it; not-found or forbidden otherwise."""
    m, ids = visible(tx, user, meeting_id)
    if not access.can_run_meeting(user, m, ids):
        raise ForbiddenError("only the meeting's secretary, chair or an administrator runs "
                             "the session")
    return m, tx.live_state(meeting_id)


def _participant(tx: Tx, user: User, meeting_id: str) -> LiveState:
    _, ids = visible(tx, user, meeting_id)
    if user.id not in ids:
        raise ForbiddenError("only the meeting's participants do this")
    return tx.live_state(meeting_id)


def _voting_error(e: VotingError) -> ProtocolError:
    return ProtocolError(str(e), reason=e.reason)


def live_phase(tx: Tx, user: User, body: LivePhase) -> Reply:
    mid = body.meeting_id
    m, live = running(tx, user, mid)
    try:
        new = MeetingPhase(body.phase)
    except ValueError:
        raise ProtocolError("unknown phase", reason="bad_phase") from None
    if new is live.phase:
        return {"live": live.header_dict()}
    if m.status is not MeetingStatus.PUBLISHED:
        raise ConflictError("publish the meeting before starting it", reason="not_published")
    if not may_move(live.phase, new):
        raise ConflictError(f"a meeting cannot go from {live.phase.value} to {new.value}",
                            reason="bad_phase")
    if new is MeetingPhase.ENDED and tx.open_poll_ids(mid):
        raise ConflictError("close the open poll before ending the meeting", reason="poll_open")
    live = replace(live, phase=new)
    tx.save_live_header(mid, live)
    if new is MeetingPhase.ENDED and (live.speakers.queue or live.speakers.speaking):
        tx.save_speakers(mid, live, Speakers(limit=live.speakers.limit))
    return {"live": live.header_dict()}


def live_current_item(tx: Tx, user: User, body: LiveCurrentItem) -> Reply:
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    item = body.item_id
    if item is not None and item not in {i.id for i in tx.items(mid)}:
        raise NotFoundError("no such agenda item")
    if item != live.current_item_id:
        live = replace(live, current_item_id=item)
        tx.save_live_header(mid, live)
    return {"live": live.header_dict()}


def live_quorum(tx: Tx, user: User, body: LiveQuorum) -> Reply:
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    try:
        quorum = QuorumRule.from_dict(body.quorum)
    except VotingError as e:
        raise _voting_error(e) from None
    if quorum != live.quorum:
        live = replace(live, quorum=quorum)
        tx.save_live_header(mid, live)
    return {"live": live.header_dict()}


def attendance_set(tx: Tx, user: User, body: AttendanceSet) -> Reply:
    """The secretary marks participants present / absent / excused (bulk)."""
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    entries = body.attendance
    if len(entries) > 5000:
        raise ProtocolError("attendance must map user ids to a presence")
    ids = tx.participant_ids(mid)
    changes: dict[str, Presence] = {}
    for uid, value in entries.items():
        if uid not in ids:
            raise NotFoundError("not a participant of this meeting")
        try:
            presence = Presence(value if isinstance(value, str) else "")
        except ValueError:
            raise ProtocolError("unknown presence", reason="bad_presence") from None
        if live.presence(uid) is not presence:
            changes[uid] = presence
    if changes:
        tx.set_attendance(mid, changes)
    return {"changed": {u: p.value for u, p in sorted(changes.items())}}


def attendance_check_in(tx: Tx, user: User, body: AttendanceCheckIn) -> Reply:
    """A participant checks in (``present`` true) or out from their own tablet."""
    mid = body.meeting_id
    live = _participant(tx, user, mid)
    if live.phase is MeetingPhase.ENDED:
        raise ConflictError("the meeting has ended", reason="meeting_ended")
    presence = Presence.PRESENT if body.present else Presence.ABSENT
    if live.presence(user.id) is not presence:
        tx.set_attendance(mid, {user.id: presence})
    return {"presence": presence.value}


def proxies_set(tx: Tx, user: User, body: ProxiesSet) -> Reply:
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    proxies = {k: v for k, v in body.proxies.items() if isinstance(v, str)}
    if len(proxies) != len(body.proxies):
        raise ProtocolError("proxies must map an absent member's id to the holder's id")
    try:
        check_proxies(proxies, voters(tx.participants(mid)))
    except VotingError as e:
        raise _voting_error(e) from None
    if dict(proxies) != dict(live.proxies):
        live = replace(live, proxies=dict(proxies))
        tx.save_proxies(mid, live)
    return {"proxies": dict(sorted(live.proxies.items()))}


def _speakers(tx: Tx, mid: str, live: LiveState, new: Speakers) -> Reply:
    if new != live.speakers:
        tx.save_speakers(mid, live, new)
    return {"speakers": new.to_dict()}


def speakers_request(tx: Tx, user: User, body: SpeakersRequest) -> Reply:
    """A participant asks for the floor (``request`` true) or withdraws the request."""
    mid = body.meeting_id
    live = _participant(tx, user, mid)
    if user.role is Role.OBSERVER:
        raise ForbiddenError("observers do not take the floor")
    s = live.speakers
    if not body.request:
        return _speakers(tx, mid, live, replace(s, queue=tuple(u for u in s.queue
                                                              if u != user.id)))
    if not live.phase.running:
        raise ConflictError("the meeting is not in session", reason="not_in_session")
    if user.id in s.queue or s.speaking == user.id:
        return {"speakers": s.to_dict()}
    if len(s.queue) >= MAX_SPEAKERS:
        raise ConflictError("the speakers list is full", reason="too_many")
    return _speakers(tx, mid, live, replace(s, queue=(*s.queue, user.id)))


def speakers_grant(tx: Tx, user: User, body: SpeakersGrant) -> Reply:
    """Give the floor to ``user_id`` (or the first waiting, when absent); ends the current
    speaker's turn."""
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    s = live.speakers
    who = body.user_id
    if who is None:
        if not s.queue:
            raise ConflictError("nobody is waiting to speak", reason="queue_empty")
        who = s.queue[0]
    if who not in tx.participant_ids(mid):
        raise NotFoundError("not a participant of this meeting")
    queue = tuple(u for u in s.queue if u != who)
    return _speakers(tx, mid, live, replace(s, queue=queue, speaking=who, since=tx.now))


def speakers_end(tx: Tx, user: User, body: SpeakersEnd) -> Reply:
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    return _speakers(tx, mid, live, replace(live.speakers, speaking=None, since=None))


def speakers_order(tx: Tx, user: User, body: SpeakersOrder) -> Reply:
    """Reorder or trim the queue: ``queue`` lists who stays, in order; someone who asked
    after the secretary's screen last refreshed must not vanish, so unknown ids are
    refused and the waiting not named are kept at the end only if ``keep_others``."""
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    s = live.speakers
    wanted = [u for u in body.queue if isinstance(u, str)]
    if len(wanted) != len(body.queue):
        raise ProtocolError("queue must list user ids")
    if len(set(wanted)) != len(wanted) or not set(wanted) <= set(s.queue):
        raise ConflictError("the speakers list changed; look again", reason="stale")
    rest = tuple(u for u in s.queue if u not in wanted) if body.keep_others else ()
    return _speakers(tx, mid, live, replace(s, queue=(*wanted, *rest)))


def speakers_limit(tx: Tx, user: User, body: SpeakersLimit) -> Reply:
    mid = body.meeting_id
    _, live = running(tx, user, mid)
    seconds = body.seconds
    if not 0 <= seconds <= MAX_SPEAKING_LIMIT:
        raise ProtocolError(f"a speaking time is 0 to {MAX_SPEAKING_LIMIT} seconds",
                            reason="bad_limit")
    return _speakers(tx, mid, live, replace(live.speakers, limit=seconds))
