"""Agenda tree rules: display order, numbering, and validated moves."""

from __future__ import annotations

from dataclasses import dataclass, replace

from meetingroom.domain.events import descendants
from meetingroom.domain.model import AgendaItem

MAX_DEPTH = 3
"""Items nest at most this deep (1 = top level): 1, 1.1, 1.1.1."""


@dataclass(frozen=True, slots=True)
class OrderedItem:
    """An agenda item in display order with its depth and printed number."""

    item: AgendaItem
    depth: int
    number: str


def children_of(items: tuple[AgendaItem, ...] | list[AgendaItem], parent_id: str | None
                ) -> list[AgendaItem]:
    """Direct children of ``parent_id`` sorted by position (then id, for stability)."""
    return sorted((i for i in items if i.parent_id == parent_id), key=lambda i: (i.position, i.id))


def ordered(items: tuple[AgendaItem, ...] | list[AgendaItem]) -> list[OrderedItem]:
    """Depth-first display order with numbers like ``2.1``; orphans are not shown."""
    out: list[OrderedItem] = []

    def walk(parent: str | None, prefix: str, depth: int) -> None:
        for n, it in enumerate(children_of(items, parent), start=1):
            number = f"{prefix}{n}"
            out.append(OrderedItem(it, depth, number))
            walk(it.id, number + ".", depth + 1)

    walk(None, "", 1)
    return out


def depth_of(items: tuple[AgendaItem, ...] | list[AgendaItem], item_id: str | None) -> int:
    """Depth of ``item_id`` (0 for the root, None)."""
    by_id = {i.id: i for i in items}
    depth = 0
    cur = item_id
    seen: set[str] = set()
    while cur is not None:
        if cur in seen or cur not in by_id:
            break
        seen.add(cur)
        depth += 1
        cur = by_id[cur].parent_id
    return depth


def subtree_height(items: tuple[AgendaItem, ...] | list[AgendaItem], item_id: str) -> int:
    """Levels in the subtree rooted at ``item_id`` (1 for a leaf)."""
    kids = children_of(items, item_id)
    return 1 + max((subtree_height(items, k.id) for k in kids), default=0)


class AgendaMoveError(ValueError):
    """A move would break the tree; ``reason`` is ``unknown``, ``into_itself`` or ``too_deep``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def move(items: tuple[AgendaItem, ...] | list[AgendaItem], item_id: str,
         new_parent: str | None, index: int) -> list[AgendaItem]:
    """Move ``item_id`` under ``new_parent`` at ``index``; return every item whose place changed.

    Siblings are renumbered 0..n-1 in both the old and the new parent.
    """
    by_id = {i.id: i for i in items}
    if item_id not in by_id:
        raise AgendaMoveError("unknown agenda item", "unknown")
    if new_parent is not None:
        if new_parent not in by_id:
            raise AgendaMoveError("unknown parent item", "unknown")
        if new_parent in descendants(items, item_id):
            raise AgendaMoveError("an item cannot be moved into itself", "into_itself")
    if depth_of(items, new_parent) + subtree_height(items, item_id) > MAX_DEPTH:
        raise AgendaMoveError(f"agenda items nest at most {MAX_DEPTH} levels deep", "too_deep")
    moving = by_id[item_id]
    old_parent = moving.parent_id
    changed: dict[str, AgendaItem] = {}
    old_sibs = [i for i in children_of(items, old_parent) if i.id != item_id]
    if old_parent != new_parent:
        for pos, it in enumerate(old_sibs):
            if it.position != pos:
                changed[it.id] = replace(it, position=pos)
        new_sibs = children_of(items, new_parent)
    else:
        new_sibs = old_sibs
    index = max(0, min(index, len(new_sibs)))
    new_sibs = [*new_sibs[:index], moving, *new_sibs[index:]]
    for pos, it in enumerate(new_sibs):
        updated = replace(it, position=pos, parent_id=new_parent) if it.id == item_id else (
            replace(it, position=pos))
        if updated != by_id[it.id]:
            changed[it.id] = updated
    return list(changed.values())


def next_position(items: tuple[AgendaItem, ...] | list[AgendaItem], parent_id: str | None) -> int:
    """Position for a new last child of ``parent_id``."""
    sibs = children_of(items, parent_id)
    return (sibs[-1].position + 1) if sibs else 0
