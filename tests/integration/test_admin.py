"""Administration on a server's data: validation, and failures that leave nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from meetingroom.domain.roles import Role
from meetingroom.errors import InvalidDocumentError, NotFoundError
from meetingroom.pdf.samples import make_document
from meetingroom.server.admin import Admin


@pytest.fixture
def admin(tmp_path: Path) -> Any:
    a = Admin.open(tmp_path / "srv")
    yield a
    a.close()


def _stored(admin: Admin) -> list[str]:
    return sorted(p.name for p in admin.blobs.root.glob("??/*"))


def test_attach_to_a_wrong_item_stores_nothing(admin: Admin, tmp_path: Path) -> None:
    mid = admin.create_meeting("Họp")
    pdf = make_document(tmp_path / "a.pdf", title="A", pages=2)
    with pytest.raises(NotFoundError):
        admin.attach(mid, "no-such-item", pdf)
    assert _stored(admin) == []
    assert admin.store.blob_info("0" * 64) is None
    assert list((admin.blobs.root / "tmp").iterdir()) == []


def test_attach_of_a_non_pdf_stores_nothing(admin: Admin, tmp_path: Path) -> None:
    mid = admin.create_meeting("Họp")
    item = admin.add_item(mid, "Mục")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    with pytest.raises(InvalidDocumentError):
        admin.attach(mid, item.id, fake)
    assert _stored(admin) == []
    assert admin.store.read(lambda tx: tx.documents(mid)) == ()


def test_attach_checks_and_stores_a_copy(admin: Admin, tmp_path: Path) -> None:
    mid = admin.create_meeting("Họp")
    item = admin.add_item(mid, "Mục")
    pdf = make_document(tmp_path / "a.pdf", title="A", pages=2)
    doc = admin.attach(mid, item.id, pdf, name="Báo cáo.pdf")
    assert doc.pages == 2 and doc.name == "Báo cáo.pdf"
    assert _stored(admin) == [doc.sha256]
    assert admin.blobs.verified_path(doc.sha256).read_bytes() == pdf.read_bytes()


@pytest.mark.parametrize("username", ["", "Có dấu", "a b", "x" * 65, "../root"])
def test_bad_usernames_are_refused(admin: Admin, username: str) -> None:
    with pytest.raises(ValueError, match="username"):
        admin.add_user(username, "long-enough-password", role=Role.DELEGATE)


def test_short_passwords_are_refused(admin: Admin) -> None:
    with pytest.raises(ValueError, match="8 characters"):
        admin.add_user("daibieu", "short", role=Role.DELEGATE)
    admin.add_user("daibieu", "long-enough", role=Role.DELEGATE)
    with pytest.raises(ValueError, match="8 characters"):
        admin.set_password("daibieu", "short")


def test_ambiguous_meeting_title_asks_for_the_id(admin: Admin) -> None:
    a = admin.create_meeting("Giao ban")
    admin.create_meeting("Giao ban")
    with pytest.raises(ValueError, match="use the id"):
        admin.find_meeting("Giao ban")
    assert admin.find_meeting(a) == a


@pytest.mark.parametrize("starts_at, ok", [("2026-12-01T08:00", True), ("", True),
                                           ("yesterday-ish", False),
                                           ("2026-12-01T08:00+07:00", False)])
def test_meeting_time_is_checked(admin: Admin, starts_at: str, ok: bool) -> None:
    from meetingroom.errors import ProtocolError

    if ok:
        admin.create_meeting("Họp", starts_at=starts_at)
    else:
        with pytest.raises(ProtocolError) as info:
            admin.create_meeting("Họp", starts_at=starts_at)
        assert info.value.reason == "bad_time"


def test_server_start_removes_abandoned_uploads_and_expired_sessions(room_factory: Any) -> None:
    import os
    import time

    room = room_factory()
    parts = room.data_dir / "uploads" / room.users["secretary"].id / "partial"
    parts.mkdir(parents=True)
    old, fresh = parts / ("a" * 64 + ".part"), parts / ("b" * 64 + ".part")
    old.write_bytes(b"%PDF-1.7 half")
    fresh.write_bytes(b"%PDF-1.7 half")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (week_ago, week_ago))
    room.admin.store.create_session("f" * 64, room.users["delegate"].id, time.time() - 1)
    room.restart()
    assert not old.exists() and fresh.exists()
    assert room.admin.store.session_user("f" * 64) is None
    assert room.admin.store.prune_sessions() == 0  # the expired row is already gone
