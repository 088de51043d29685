"""Sealed polls' storage: trustee keys, the box (wrapped key, shares, sealed ballots).

Mixed into :class:`~meetingroom.storage.server_store.Tx`. Nothing stored here opens a
ballot: the poll's private key is wrapped, the wrapping key's shares are sealed to the
trustees' devices, and the ballots are sealed to the poll's key (docs/voting.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from sqlalchemy import Connection, and_, delete, insert, select

from meetingroom.storage import schema as t
from meetingroom.storage.db import upsert

MAX_DEVICES = 4
"""Devices per participant whose trustee key is kept (a laptop and a tablet, say)."""



class SealedRow(TypedDict):
    """A ``poll_sealed`` row: a sealed ballot, stored unread under its seal tag."""

    poll_id: str
    tag: str
    sealed: str
    """base64."""
    ballot_lock: str | None

class BoxTx:
    conn: Connection

    # -- trustee keys --------------------------------------------------------------------
    def set_trustee_key(self, meeting_id: str, user_id: str, public_key: str,
                        now: float) -> bool:
        """Register (or refresh) one of a participant's device keys; only the
        ``MAX_DEVICES`` most recently seen stay. True if the key was new."""
        k = t.trustee_keys
        mine = and_(k.c.meeting_id == meeting_id, k.c.user_id == user_id)
        known = self.conn.execute(select(k.c.public_key).where(
            and_(mine, k.c.public_key == public_key))).first() is not None
        upsert(self.conn, k, {"meeting_id": meeting_id, "user_id": user_id,
                              "public_key": public_key}, {"seen_at": now})
        keep = [r[0] for r in self.conn.execute(select(k.c.public_key).where(mine).order_by(
            k.c.seen_at.desc(), k.c.public_key).limit(MAX_DEVICES))]
        self.conn.execute(delete(k).where(and_(mine, k.c.public_key.not_in(keep))))
        return not known

    def trustee_keys(self, meeting_id: str) -> dict[str, list[str]]:
        """Each participant's registered device keys, the most recently seen first."""
        k = t.trustee_keys
        out: dict[str, list[str]] = {}
        for r in self.conn.execute(select(k.c.user_id, k.c.public_key).where(
                k.c.meeting_id == meeting_id).order_by(k.c.user_id, k.c.seen_at.desc(),
                                                       k.c.public_key)):
            out.setdefault(r.user_id, []).append(r.public_key)
        return out

    # -- the box -------------------------------------------------------------------------
    def save_box(self, poll_id: str, wrapped_key: str, shares: list[dict[str, str]]) -> None:
        self.conn.execute(insert(t.poll_seals).values(
            poll_id=poll_id, wrapped_key=wrapped_key, shares=json.dumps(shares)))

    def box(self, poll_id: str) -> tuple[str, list[dict[str, str]], dict[str, Any] | None]:
        """(wrapped key, the dealer's sealed shares, who was counted at close or None)."""
        s = t.poll_seals
        row = self.conn.execute(select(s).where(s.c.poll_id == poll_id)).first()
        if row is None:
            raise KeyError(poll_id)
        return (row.wrapped_key, list(json.loads(row.shares)),
                None if row.closing is None else dict(json.loads(row.closing)))

    def set_box_closing(self, poll_id: str, closing: Mapping[str, object]) -> None:
        s = t.poll_seals
        self.conn.execute(s.update().where(s.c.poll_id == poll_id)
                          .values(closing=json.dumps(closing)))

    def release_share(self, poll_id: str, from_user: str, to_user: str, share: str) -> None:
        upsert(self.conn, t.poll_released, {"poll_id": poll_id, "from_user": from_user},
               {"to_user": to_user, "share": share})

    def drop_released(self, poll_id: str) -> None:
        r = t.poll_released
        self.conn.execute(delete(r).where(r.c.poll_id == poll_id))

    def released_shares(self, poll_id: str) -> list[tuple[str, str, str]]:
        """(from user, to user, sealed share) of every released share."""
        r = t.poll_released
        return [(x.from_user, x.to_user, x.share) for x in self.conn.execute(
            select(r).where(r.c.poll_id == poll_id).order_by(r.c.from_user))]

    def add_sealed(self, rows: Iterable[SealedRow]) -> None:
        rows = list(rows)
        if rows:
            self.conn.execute(insert(t.poll_sealed), rows)

    def sealed_taken(self, poll_id: str, tag: str) -> bool:
        s = t.poll_sealed
        return self.conn.execute(select(s.c.tag).where(and_(
            s.c.poll_id == poll_id, s.c.tag == tag))).first() is not None

    def sealed_lock(self, poll_id: str, tag: str) -> str | None:
        s = t.poll_sealed
        row = self.conn.execute(select(s.c.ballot_lock).where(and_(
            s.c.poll_id == poll_id, s.c.tag == tag))).first()
        return None if row is None or row[0] is None else str(row[0])

    def remove_sealed(self, poll_id: str, tag: str) -> bool:
        s = t.poll_sealed
        return bool(self.conn.execute(delete(s).where(and_(
            s.c.poll_id == poll_id, s.c.tag == tag))).rowcount)

    def sealed_of(self, poll_id: str) -> list[tuple[str, str]]:
        """Every (seal tag, sealed ballot base64) of the poll, in tag order."""
        s = t.poll_sealed
        return [(r.tag, r.sealed) for r in self.conn.execute(
            select(s.c.tag, s.c.sealed).where(s.c.poll_id == poll_id).order_by(s.c.tag))]

    def sealed_tags(self, poll_id: str) -> set[str]:
        s = t.poll_sealed
        return {r[0] for r in self.conn.execute(select(s.c.tag).where(s.c.poll_id == poll_id))}

    def erase_box(self, poll_id: str) -> None:
        """Delete the sealed ballots, the shares and the wrapped key (``secure_delete``
        zeroes their cells; the caller truncates the WAL after the commit)."""
        for table in (t.poll_sealed, t.poll_released, t.poll_seals):
            self.conn.execute(delete(table).where(table.c.poll_id == poll_id))

    def rewrite_voters(self, poll_id: str) -> None:
        """Write the poll's voter and ballot rows anew in key order, so that where their
        cells sit in the file says nothing about the order they arrived in (the old cells
        are zeroed by ``secure_delete``)."""
        for table, key in ((t.poll_voters, t.poll_voters.c.member_id),
                           (t.poll_ballots, t.poll_ballots.c.receipt)):
            rows = [dict(r._mapping) for r in self.conn.execute(
                select(table).where(table.c.poll_id == poll_id).order_by(key))]
            self.conn.execute(delete(table).where(table.c.poll_id == poll_id))
            if rows:
                self.conn.execute(insert(table), rows)
