"""Pure domain rules: agenda tree moves and numbering, event application, access."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingroom.domain import access, agenda
from meetingroom.domain.events import EventKind, MeetingEvent, apply_event
from meetingroom.domain.model import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSnapshot,
    MeetingStatus,
    User,
)
from meetingroom.domain.roles import Role


def items_flat(n: int) -> list[AgendaItem]:
    return [AgendaItem(id=f"i{k}", parent_id=None, position=k, title=f"T{k}") for k in range(n)]


def apply_changes(items: list[AgendaItem], changed: list[AgendaItem]) -> list[AgendaItem]:
    by = {i.id: i for i in items}
    by.update({c.id: c for c in changed})
    return list(by.values())


def test_ordered_numbers_nested_items() -> None:
    items = [*items_flat(2), AgendaItem("c", "i0", 0, "child"), AgendaItem("g", "c", 0, "grand")]
    got = [(o.number, o.item.id, o.depth) for o in agenda.ordered(items)]
    assert got == [("1", "i0", 1), ("1.1", "c", 2), ("1.1.1", "g", 3), ("2", "i1", 1)]


def test_move_reorders_siblings() -> None:
    items = items_flat(3)
    changed = agenda.move(items, "i2", None, 0)
    after = [o.item.id for o in agenda.ordered(apply_changes(items, changed))]
    assert after == ["i2", "i0", "i1"]


def test_move_into_own_descendant_is_refused() -> None:
    items = [*items_flat(1), AgendaItem("c", "i0", 0, "child")]
    with pytest.raises(agenda.AgendaMoveError, match="into itself"):
        agenda.move(items, "i0", "c", 0)


def test_move_too_deep_is_refused() -> None:
    items = [*items_flat(2), AgendaItem("c", "i0", 0, "c"), AgendaItem("g", "c", 0, "g")]
    with pytest.raises(agenda.AgendaMoveError, match="levels"):
        agenda.move(items, "i1", "g", 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(-1, 7), st.integers(0, 9)),
                max_size=25))
def test_random_moves_keep_a_valid_tree(moves: list[tuple[int, int, int]]) -> None:
    items = items_flat(8)
    for src, dst, idx in moves:
        parent = None if dst < 0 else f"i{dst}"
        try:
            changed = agenda.move(items, f"i{src}", parent, idx)
        except agenda.AgendaMoveError:
            continue
        items = apply_changes(items, changed)
    shown = agenda.ordered(items)
    assert sorted(o.item.id for o in shown) == sorted(i.id for i in items)  # nothing lost
    assert max(o.depth for o in shown) <= agenda.MAX_DEPTH
    for parent in {i.parent_id for i in items}:
        positions = sorted(i.position for i in items if i.parent_id == parent)
        assert positions == list(range(len(positions)))


def _snap() -> MeetingSnapshot:
    m = Meeting("m", "Họp", "", "", MeetingStatus.PUBLISHED, "u")
    return MeetingSnapshot(meeting=m, rev=1)


def test_apply_event_in_order_and_refuses_gaps() -> None:
    s = _snap()
    e2 = MeetingEvent("m", 2, EventKind.ITEMS_UPSERTED,
                      {"items": [AgendaItem("a", None, 0, "A").to_dict()]})
    s = apply_event(s, e2)
    assert s.rev == 2 and s.items[0].title == "A"
    with pytest.raises(ValueError):
        apply_event(s, MeetingEvent("m", 4, EventKind.ITEM_REMOVED, {"item_id": "a"}))


def test_item_removal_takes_children_and_their_documents() -> None:
    s = MeetingSnapshot(
        meeting=_snap().meeting, rev=1,
        items=(AgendaItem("a", None, 0, "A"), AgendaItem("b", "a", 0, "B"),
               AgendaItem("c", None, 1, "C")),
        documents=(Document("d1", "b", "x.pdf", "0" * 64, 10, 1),
                   Document("d2", "c", "y.pdf", "1" * 64, 10, 1)))
    s = apply_event(s, MeetingEvent("m", 2, EventKind.ITEM_REMOVED, {"item_id": "a"}))
    assert [i.id for i in s.items] == ["c"]
    assert [d.id for d in s.documents] == ["d2"]


def test_access_rules() -> None:
    sec = User("s", "sec", "S", Role.SECRETARY)
    dele = User("d", "del", "D", Role.DELEGATE)
    out = User("o", "out", "O", Role.DELEGATE)
    adm = User("a", "adm", "A", Role.ADMIN)
    draft = Meeting("m", "x", "", "", MeetingStatus.DRAFT, "s")
    pub = Meeting("m", "x", "", "", MeetingStatus.PUBLISHED, "s")
    ids = frozenset({"s", "d"})
    assert access.can_view(sec, draft, ids) and access.can_edit(sec, draft, ids)
    assert not access.can_view(dele, draft, ids)
    assert access.can_view(dele, pub, ids) and not access.can_edit(dele, pub, ids)
    assert not access.can_view(out, pub, ids)
    assert access.can_view(adm, draft, frozenset()) and access.can_edit(adm, pub, frozenset())
    assert not access.can_create_meeting(dele) and access.can_create_meeting(sec)


def test_role_parse_lists_valid_roles() -> None:
    assert Role.parse("chair") is Role.CHAIR
    with pytest.raises(ValueError, match="admin, secretary"):
        Role.parse("king")


def test_plain_values_give_the_dict_asdict_would_and_read_back() -> None:
    import dataclasses

    from meetingroom.domain.model import AgendaItem, Document, Meeting, MeetingStatus

    values = [
        Meeting(id="m1", title="Kỳ họp", location="Hội trường", starts_at="2026-12-01T08:00",
                status=MeetingStatus.PUBLISHED, created_by="u1"),
        AgendaItem(id="i1", parent_id=None, position=2, title="Mục", notes="ghi chú"),
        Document(id="d1", item_id="i1", name="a.pdf", sha256="c" * 64, size=5, pages=1,
                 position=0, version=2, replaces="d0", label="Báo cáo"),
    ]
    for value in values:
        expected = dataclasses.asdict(value)
        if isinstance(value, Meeting):
            expected["status"] = value.status.value
        assert value.to_dict() == expected
        assert type(value).from_dict(value.to_dict()) == value
