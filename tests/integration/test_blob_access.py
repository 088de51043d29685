"""Who may read which blob: the meeting-wide answer agrees with the one-blob answer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from meetingroom.domain.roles import Role
from meetingroom.pdf.samples import make_document
from meetingroom.server.admin import Admin
from meetingroom.storage import schema as t


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[Admin]:
    a = Admin.open(tmp_path / "srv")
    yield a
    a.close()


def test_blobs_readable_with_one_agree_with_may_read_for_every_user_and_blob(
        admin: Admin, tmp_path: Path) -> None:
    users = {name: admin.add_user(name, "Correct-Horse-9", role=role) for name, role in (
        ("admin", Role.ADMIN), ("secretary", Role.SECRETARY), ("delegate", Role.DELEGATE),
        ("outsider", Role.DELEGATE), ("observer", Role.OBSERVER))}
    pdfs = [make_document(tmp_path / f"d{k}.pdf", title=f"Tài liệu {k}", pages=1, seed=k)
            for k in range(5)]
    sha = [hashlib.sha256(pdf.read_bytes()).hexdigest() for pdf in pdfs]

    def meeting(title: str, people: list[str], docs: list[Path], *, publish: bool) -> None:
        mid = admin.create_meeting(title, created_by=users["secretary"].id)
        admin.set_participants(mid, people)
        item = admin.add_item(mid, "Mục 1")
        for pdf in docs:
            admin.attach(mid, item.id, pdf)
        if publish:
            admin.publish(mid)

    # d0 is in two meetings: one the delegate takes part in, one only the outsider does
    meeting("Họp A", ["secretary", "delegate"], pdfs[0:2], publish=True)
    meeting("Họp B", ["secretary", "outsider"], [pdfs[0], pdfs[2]], publish=True)
    meeting("Nháp", ["secretary", "delegate"], pdfs[3:4], publish=False)
    meeting("Họp C", ["secretary", "observer"], pdfs[4:5], publish=True)

    def readable(user: str, blob: str) -> tuple[frozenset[str], bool]:
        return admin.store.read(lambda tx: (tx.blobs_readable_with(users[user], blob),
                                            tx.may_read_blob(users[user], blob)))

    stored = [r[0] for r in admin.store.read(
        lambda tx: tx.conn.execute(select(t.blobs.c.sha256)).all())]
    assert sorted(stored) == sorted(sha)
    for user in users:
        for blob in [*stored, "0" * 64]:
            found, may = readable(user, blob)
            assert bool(found) == may, (user, blob)
            assert not found or blob in found
            for other in found:  # never more than a one-blob check would allow
                assert readable(user, other)[1], (user, blob, other)
    # one check of d0 answers for d1 (same meeting); never for d2 (a meeting the
    # delegate cannot see), nor for the draft's d3
    assert readable("delegate", sha[0])[0] == {sha[0], sha[1]}
    assert readable("outsider", sha[0])[0] == {sha[0], sha[2]}
    assert readable("delegate", sha[2]) == (frozenset(), False)
    assert readable("delegate", sha[3]) == (frozenset(), False)
