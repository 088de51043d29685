"""What a PDF revision holds that a signature could hide behind: pages, annotations, fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic

MAX_PAGES = 5000
MAX_FIELD_NODES = 2000
MAX_DEPTH = 32

Key = tuple[Any, ...]
"""An object's identity: ("ref", idnum, generation) or ("direct", where…) for direct ones."""


@dataclass(frozen=True, slots=True)
class Inventory:
    """Pages, annotations and form field nodes of one revision, by object identity."""

    pages: tuple[Key, ...]
    annotations: dict[Key, int]
    """Each annotation and the index of the page whose /Annots lists it."""
    field_nodes: dict[Key, Any]
    """Every node of the /AcroForm /Fields tree (fields and their widget kids)."""

    def page_key(self, index: int) -> Key:
        return self.pages[index]


def get(container: Any, key: str, default: Any = None) -> Any:
    """``container[key]`` resolved through indirect references, or ``default``."""
    # not dict.get: that returns the raw value, without resolving an indirect reference
    return container[key] if key in container else default  # noqa: SIM401


def key_of(value: Any, where: Key) -> Key:
    if isinstance(value, generic.IndirectObject):
        ref = value.reference
        return ("ref", ref.idnum, ref.generation)
    return ("direct", *where)


def take(handler: Any) -> Inventory:
    """The inventory of ``handler`` (a pyHanko reader). Raises ValueError on a malformed
    page or field tree (cycles, wrong types, absurd sizes)."""
    pages = list(_pages(handler.root.raw_get("/Pages"), set(), 0))
    annotations: dict[Key, int] = {}
    for index, page in enumerate(pages):
        obj = page.get_object()
        annots = get(obj, "/Annots") if isinstance(obj, generic.DictionaryObject) else None
        if annots is None:
            continue
        if not isinstance(annots, generic.ArrayObject):
            raise ValueError("a page's /Annots is not an array")
        for i, annot in enumerate(annots):
            k = key_of(annot, ("annot", index, i))
            if k in annotations:
                raise ValueError("an annotation is listed twice")
            annotations[k] = index
    form = get(handler.root, "/AcroForm")
    nodes: dict[Key, Any] = {}
    if form is not None:
        if not isinstance(form, generic.DictionaryObject):
            raise ValueError("/AcroForm is not a dictionary")
        fields = get(form, "/Fields", generic.ArrayObject())
        _field_nodes(fields, nodes, ("field",), 0)
    return Inventory(pages=tuple(key_of(p, ("page", i)) for i, p in enumerate(pages)),
                     annotations=annotations, field_nodes=nodes)


def _pages(node_ref: Any, seen: set[Key], depth: int) -> Iterator[Any]:
    k = key_of(node_ref, ("pages", depth))
    if depth > MAX_DEPTH or k in seen or len(seen) > MAX_PAGES:
        raise ValueError("the page tree is cyclic or too large")
    seen.add(k)
    node = node_ref.get_object()
    if not isinstance(node, generic.DictionaryObject):
        raise ValueError("a page tree node is not a dictionary")
    if get(node, "/Type") == "/Pages" or "/Kids" in node:
        kids = get(node, "/Kids")
        if not isinstance(kids, generic.ArrayObject):
            raise ValueError("a page tree node has no /Kids array")
        for kid in kids:
            yield from _pages(kid, seen, depth + 1)
    else:
        yield node_ref


def _field_nodes(fields: Any, out: dict[Key, Any], where: Key, depth: int) -> None:
    if not isinstance(fields, generic.ArrayObject):
        raise ValueError("a field list is not an array")
    if depth > MAX_DEPTH:
        raise ValueError("the field tree is too deep")
    for i, ref in enumerate(fields):
        k = key_of(ref, (*where, i))
        node = ref.get_object()
        if k in out or len(out) >= MAX_FIELD_NODES:
            raise ValueError("the field tree is cyclic or too large")
        if not isinstance(node, generic.DictionaryObject):
            raise ValueError("a form field is not a dictionary")
        out[k] = node
        if "/Kids" in node:
            _field_nodes(node["/Kids"], out, (*where, i), depth + 1)


def rect_of(widget: Any) -> tuple[float, float, float, float]:
    """The widget's /Rect, normalised to (x0, y0, x1, y1) with x0 <= x1, y0 <= y1."""
    rect = get(widget, "/Rect")
    if not isinstance(rect, generic.ArrayObject) or len(rect) != 4:
        raise ValueError("the widget has no usable /Rect")
    x0, y0, x1, y1 = (float(v) for v in rect)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
