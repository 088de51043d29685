"""Sealed polls on the server: trustee keys, the box at open, and its opening after close.

The server never holds a key that opens a ballot. At ``poll.open`` the opening device
hands over the poll's public key, its private key wrapped, and the wrapping key's shares
sealed to each trustee's device key (``sealing/shares.py``); ballots arrive sealed
(``server/ballots.py``). At close the poll waits in ``counting``: one trustee claims the
box (``poll.box.claim``), the others release their share to that trustee's device
(``poll.box.release``), and that device opens the box — handed over in seal-tag order, a
hash, not arrival order — and publishes the opened (receipt, choices) list sorted by
receipt (``poll.box.publish``). The server checks the counts, tallies, publishes the
record and erases the box. With too few shares the secretary ends it ``unopened``
(``poll.box.abandon``) and nothing is published.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from meetingroom.domain.live import Presence, represented_by, voters
from meetingroom.domain.model import User
from meetingroom.domain.polls import Poll, PollRecord, PollStatus, is_receipt
from meetingroom.domain.record_lists import RecordLists
from meetingroom.domain.seals import PollSeal
from meetingroom.domain.voting import PollSpec, VotingError, check_ballot
from meetingroom.domain.voting_tally import tally
from meetingroom.errors import ConflictError, ForbiddenError, ProtocolError
from meetingroom.protocol.messages import Reply
from meetingroom.protocol.poll_requests import (
    OnPoll,
    PollBoxAbandon,
    PollBoxClaim,
    PollBoxGet,
    PollBoxPublish,
    PollBoxRelease,
    TrusteeKey,
    TrusteeKeys,
)
from meetingroom.protocol.server_messages import ShareNotice
from meetingroom.sealing.box import MAX_SEALED_BYTES, TAG_CHARS, SealError, unb64
from meetingroom.sealing.shares import MAX_TRUSTEES
from meetingroom.server.live import running
from meetingroom.server.visibility import visible
from meetingroom.storage.server_store import Tx

_KEY_BYTES = 32
INVALID_REASONS = frozenset({"does_not_open", "not_a_ballot", "bad_receipt", "bad_choice",
                             "repeated_receipt"})
"""Why a sealed ballot did not count (``sealing/opening.py``)."""


def checked_b64(value: Any, what: str, *, size: int | None = None,
                limit: int = MAX_SEALED_BYTES) -> str:
    """``value`` if it is base64 of ``size`` bytes (at most ``limit``), else a
    ``bad_request``/``bad_seal`` refusal: what the server checks of every key, share and
    sealed ballot it keeps without opening."""
    try:
        unb64(value, what, size=size, limit=limit)
    except SealError as e:
        raise ProtocolError(str(e), reason="bad_seal") from None
    return str(value)


def _key(value: Any, what: str) -> str:
    return checked_b64(value, what, size=_KEY_BYTES, limit=64)


# -- trustee keys ------------------------------------------------------------------------
def trustee_key(tx: Tx, user: User, body: TrusteeKey) -> Reply:
    """A participant registers this device's trustee key for the meeting."""
    mid = body.meeting_id
    _, ids = visible(tx, user, mid)
    if user.id not in ids:
        raise ForbiddenError("only the meeting's participants hold trustee keys")
    changed = tx.set_trustee_key(mid, user.id, _key(body.public_key, "public_key"), tx.now)
    return {"changed": changed}


def trustee_keys(tx: Tx, user: User, body: TrusteeKeys) -> Reply:
    """Every participant's registered device keys, most recent first (public keys: any
    participant may read)."""
    mid = body.meeting_id
    _, ids = visible(tx, user, mid)
    return {"keys": {u: k for u, k in sorted(tx.trustee_keys(mid).items()) if u in ids}}


# -- at open -----------------------------------------------------------------------------
def check_seal(tx: Tx, meeting_id: str, poll: Poll, raw: Any) -> PollSeal:
    """Validate the box the opening device dealt and store its private part."""
    if not isinstance(raw, dict) or set(raw) != {"public_key", "wrapped_key", "threshold",
                                                 "shares"}:
        raise ProtocolError("seal must hold public_key, wrapped_key, threshold and shares",
                            reason="bad_seal")
    public = _key(raw["public_key"], "public_key")
    checked_b64(raw["wrapped_key"], "wrapped_key", size=12 + _KEY_BYTES + 16, limit=128)
    shares, threshold = raw["shares"], raw["threshold"]
    if not isinstance(shares, list) or not isinstance(threshold, int) or not (
            2 <= threshold <= len(shares) <= MAX_TRUSTEES):
        raise ProtocolError(f"a box needs 2 ≤ threshold ≤ trustees ≤ {MAX_TRUSTEES}",
                            reason="bad_trustees")
    keys = tx.trustee_keys(meeting_id)
    ids = tx.participant_ids(meeting_id)
    kept: list[dict[str, str]] = []
    for s in shares:
        if not isinstance(s, dict) or set(s) != {"user_id", "trustee_key", "share"}:
            raise ProtocolError("each share holds user_id, trustee_key and share",
                                reason="bad_seal")
        uid = s["user_id"]
        if uid not in ids or s["trustee_key"] not in keys.get(uid, ()):
            raise ConflictError("a trustee's device key is not the one registered; "
                                "open the poll again", reason="trustee_key_changed")
        checked_b64(s["share"], "share", limit=256)
        kept.append({"user_id": uid, "trustee_key": s["trustee_key"], "share": s["share"]})
    trustees = tuple(dict.fromkeys(s["user_id"] for s in kept))  # each once, in order
    if len({(s["user_id"], s["trustee_key"]) for s in kept}) != len(kept):
        raise ProtocolError("a trustee's device is listed twice", reason="bad_trustees")
    if threshold > len(trustees):
        raise ProtocolError("more shares needed than there are trustees",
                            reason="bad_trustees")
    tx.save_box(poll.id, str(raw["wrapped_key"]), kept)
    return PollSeal(public_key=public, threshold=threshold, trustees=trustees)


# -- at close ----------------------------------------------------------------------------
def counted(tx: Tx, meeting_id: str, poll_id: str) -> Reply:
    """Who counts in the result, as the poll closes: members, present, who voted, names."""
    parts = tx.participants(meeting_id)
    live = tx.live_state(meeting_id)
    names = {p.user_id: p.display_name for p in parts}
    members = voters(parts)
    voted = tx.voters_of(poll_id)
    voted_ids = {m for m, _, _ in voted}
    here = {u for u in members if live.presence(u) is Presence.PRESENT}
    here |= set(represented_by(live, members))
    all_members = members | voted_ids
    people = all_members | {by for _, by, _ in voted}
    return {"members": sorted(all_members), "present": sorted(here | voted_ids),
            "voted": sorted([m, by] for m, by, _ in voted),
            "names": sorted([u, names.get(u, u)] for u in people)}


def close_sealed(tx: Tx, meeting_id: str, poll: Poll) -> Poll:
    """Stop taking ballots; the box waits for the trustees."""
    tx.set_box_closing(poll.id, counted(tx, meeting_id, poll.id))
    tx.rewrite_voters(poll.id)
    return replace(poll, status=PollStatus.COUNTING, closed_at=tx.now,
                   turnout=tx.count_voters(poll.id))


# -- opening -----------------------------------------------------------------------------
def _counting(tx: Tx, user: User, body: OnPoll) -> tuple[Poll, PollSeal]:
    mid = body.meeting_id
    visible(tx, user, mid)
    poll = tx.poll(mid, body.poll_id)
    if poll.seal is None:
        raise ConflictError("this poll has no sealed ballot box", reason="not_sealed")
    if poll.status is not PollStatus.COUNTING:
        raise ConflictError(f"the poll is {poll.status.value}",
                            reason=f"poll_{poll.status.value}")
    return poll, poll.seal


def _trustee(user: User, seal: PollSeal) -> None:
    if user.id not in seal.trustees:
        raise ForbiddenError("only the poll's trustees open its ballot box",
                             reason="not_a_trustee")


def box_claim(tx: Tx, user: User, body: PollBoxClaim) -> Reply:
    """A trustee asks for the others' shares, to open the box on their device. A new
    claimant replaces the previous one; shares released to that one are dropped."""
    poll, seal = _counting(tx, user, body)
    _trustee(user, seal)
    devices = [s["trustee_key"] for s in tx.box(poll.id)[1] if s["user_id"] == user.id]
    device = body.trustee_key or devices[0]
    if device not in devices:
        raise ConflictError("this device holds no share of the box: open it on the device "
                            "you used when the poll opened", reason="share_does_not_open")
    if (seal.opener, seal.opener_key) != (user.id, device):
        tx.drop_released(poll.id)  # sealed to the previous opener: no use to this one
        poll = replace(poll, seal=replace(seal, opener=user.id, opener_key=device,
                                          released=()))
        tx.save_poll(body.meeting_id, poll)
    return {"poll": poll.to_dict()}


def box_release(tx: Tx, user: User, body: PollBoxRelease) -> Reply:
    """A trustee hands its share, re-sealed to the opener's device key, to the opener."""
    poll, seal = _counting(tx, user, body)
    _trustee(user, seal)
    if seal.opener is None or body.opener != seal.opener:
        raise ConflictError("another trustee now opens the box; release your share to them",
                            reason="opener_changed")
    if user.id == seal.opener:
        raise ConflictError("the opener's own share needs no release", reason="own_share")
    checked_b64(body.share, "share", limit=256)
    tx.release_share(poll.id, user.id, seal.opener, body.share)
    if user.id not in seal.released:
        poll = replace(poll, seal=replace(seal, released=(*seal.released, user.id)))
        tx.save_poll(body.meeting_id, poll)
    return {"poll": poll.to_dict()}


def share_notice(user: User, body: PollBoxRelease, result: Reply) -> tuple[str, ShareNotice]:
    """(opener's user id, notice data) for an applied ``poll.box.release``: the share,
    sealed to the opener's device, goes to that trustee's own connections at once —
    before the progress event reaches the room — so the opener's app opens the box
    without asking for it (``poll.box.get`` remains the way after a reconnect)."""
    # box_release refused a release to anyone but the box's opener
    return body.opener, ShareNotice(body.meeting_id, body.poll_id, user.id, body.share)


def box_get(tx: Tx, user: User, body: PollBoxGet) -> Reply:
    """What a trustee's device needs: its own sealed share and the opener's key; the
    opener also gets the shares released to it and the sealed ballots, in tag order."""
    poll, seal = _counting(tx, user, body)
    _trustee(user, seal)
    wrapped, shares, _ = tx.box(poll.id)
    copies = [s for s in shares if s["user_id"] == user.id]
    mine = next((s for s in copies if s["trustee_key"] == body.trustee_key), copies[0])
    out: dict[str, Any] = {"poll": poll.to_dict(), "wrapped_key": wrapped,
                           "my_share": mine["share"], "opener_key": seal.opener_key}
    if user.id == seal.opener:
        out["released"] = [[f, s] for f, to, s in tx.released_shares(poll.id) if to == user.id]
        if body.sealed:  # the opener's app may have fetched them at its claim
            out["sealed"] = [[tag, b] for tag, b in tx.sealed_of(poll.id)]
    return out


def _opened(spec: PollSpec, body: PollBoxPublish, tags: set[str]) -> tuple[
        tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]:
    ballots, invalid = body.ballots, body.invalid  # lists: the session checked
    out: list[tuple[str, tuple[str, ...]]] = []
    for b in ballots:
        if (not isinstance(b, list) or len(b) != 2 or not is_receipt(b[0])
                or not isinstance(b[1], list)):
            raise ProtocolError("each opened ballot is [receipt, [choices]]", reason="bad_box")
        try:
            out.append((b[0], tuple(sorted(check_ballot(spec, b[1])))))
        except VotingError as e:
            raise ProtocolError(f"an opened ballot is invalid: {e}; list it as invalid",
                                reason="bad_box") from None
    bad: list[tuple[str, str]] = []
    for i in invalid:
        if (not isinstance(i, list) or len(i) != 2 or i[1] not in INVALID_REASONS
                or not isinstance(i[0], str) or len(i[0]) != TAG_CHARS):
            raise ProtocolError("each invalid ballot is [receipt or seal tag, reason]",
                                reason="bad_box")
        if i[1] in ("does_not_open", "not_a_ballot", "bad_receipt") and i[0] not in tags:
            raise ProtocolError("an unopened ballot must be named by its seal tag",
                                reason="bad_box")
        bad.append((i[0], i[1]))
    receipts = [r for r, _ in out]
    if len(set(receipts)) != len(receipts) or out != sorted(out):
        raise ProtocolError("opened ballots must be sorted by receipt, each receipt once",
                            reason="bad_box")
    return tuple(out), tuple(sorted(bad))


def box_publish(tx: Tx, user: User, body: PollBoxPublish) -> Reply:
    """The opener publishes the opened box: counted, recorded, and the box erased."""
    mid = body.meeting_id
    poll, seal = _counting(tx, user, body)
    if user.id != seal.opener:
        raise ForbiddenError("only the trustee who claimed the box publishes it",
                             reason="not_the_opener")
    tags = tx.sealed_tags(poll.id)
    ballots, invalid = _opened(poll.spec, body, tags)
    if len(ballots) + len(invalid) != len(tags):
        raise ProtocolError(f"the box holds {len(tags)} sealed ballots; {len(ballots)} "
                            f"opened and {len(invalid)} invalid were published",
                            reason="bad_box")
    _, _, closing = tx.box(poll.id)
    assert closing is not None  # written when the poll closed
    names = dict(closing["names"])
    voted = [(m, by) for m, by in closing["voted"]]
    try:
        result = tally(poll.spec, (c for _, c in ballots), present=len(closing["present"]),
                       members=len(closing["members"]))
    except VotingError as e:  # pragma: no cover - every ballot was checked above
        raise ConflictError(f"the ballots cannot be counted: {e}", reason=e.reason) from None
    poll = replace(poll, status=PollStatus.CLOSED, result=result)
    lists = RecordLists(
        names=tuple((u, n) for u, n in closing["names"]),
        members=tuple(closing["members"]), present=tuple(closing["present"]),
        voted=tuple(sorted(m for m, _ in voted)), sealed=tuple(sorted(tags)),
        invalid=invalid, opened_by=user.id)
    record = PollRecord(poll=poll, ballots=ballots,
                        voters=tuple(sorted(names.get(m, m) for m, _ in voted)), lists=lists)
    tx.erase_box(poll.id)
    tx.save_poll(mid, poll, record=record.to_dict())
    return {"poll": poll.to_dict()}


def box_abandon(tx: Tx, user: User, body: PollBoxAbandon) -> Reply:
    """Whoever runs the session ends a box the trustees cannot open: nothing is published,
    the sealed ballots are erased, and the poll says why."""
    mid = body.meeting_id
    running(tx, user, mid)
    poll, seal = _counting(tx, user, body)
    have = seal.shares_in_hand
    why = (f"{have} of the {seal.threshold} trustees' key shares needed were released"
           if have < seal.threshold else "the trustees did not publish the opened box")
    tx.erase_box(poll.id)
    poll = replace(poll, status=PollStatus.UNOPENED, seal=replace(seal, reason=why))
    tx.save_poll(mid, poll)
    return {"poll": poll.to_dict()}
