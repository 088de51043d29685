"""What an incremental update changed since a base revision: pyHanko's difference analysis
(extended to a base without a form) and the document information and XMP metadata."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.metadata import model
from pyhanko.pdf_utils.metadata.xmp_xml import parse_xmp
from pyhanko.pdf_utils.reader import RawPdfPath
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    StandardDiffPolicy,
    SuspiciousModification,
)
from pyhanko.sign.diff_analysis.commons import compare_key_refs, qualify_transforming
from pyhanko.sign.diff_analysis.form_rules_api import (
    FieldComparisonContext,
    FormUpdate,
    FormUpdatingRule,
    _list_fields,
)

from meetingroom.signing import _inventory

log = logging.getLogger(__name__)

_NEW_ACROFORM_KEYS = frozenset({"/Fields", "/SigFlags", "/DR", "/DA"})
"""What a form created by the first signature may hold (pyHanko writes /Fields, /SigFlags)."""

_INFO_CHANGEABLE = frozenset({"/ModDate", "/Producer"})
"""Document information entries a signer rewrites: pyHanko sets /ModDate and appends
"; pyHanko x.y" to /Producer. Everything else must stay as it was."""

_XMP_CHANGEABLE = frozenset({
    ("http://ns.adobe.com/pdf/1.3/", "Producer"),
    ("http://ns.adobe.com/xap/1.0/", "ModifyDate"),
    ("http://ns.adobe.com/xap/1.0/", "MetadataDate"),
})
"""XMP properties a signer rewrites (pyHanko re-serialises the packet, sets the producer and
the modification date); every other property must keep its value."""

_RDF_ABOUT = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about")
"""The one property of the packet pyHanko creates for a file that had none, besides those a
signer rewrites."""


def diff_problem(reader: Any, base_revision: int) -> str:
    """"" when every revision after ``base_revision`` only fills in signature fields (or adds
    timestamps/DSS); else the problem in plain words. Never raises."""
    try:
        result = _policy().review_file(reader, base_revision)
    except Exception as e:
        log.info("difference analysis failed: %s", type(e).__name__)
        return f"the changes could not be analysed ({type(e).__name__})"
    if isinstance(result, SuspiciousModification):
        return "the update changes the document beyond adding a signature"
    if result.modification_level > ModificationLevel.FORM_FILLING:
        return (f"the update changes the document beyond adding a signature "
                f"({result.modification_level.name.lower()})")
    return ""


@lru_cache(maxsize=1)
def _policy() -> Any:
    """pyHanko's default policy, with a form rule that also handles a base revision without a
    form (the rendered minutes): pyHanko 0.38 raises PdfReadError comparing against none."""
    base = DEFAULT_DIFF_POLICY.form_rule
    assert base is not None

    class _FirstFormRule(FormUpdatingRule):
        def apply(self, old: Any, new: Any) -> Iterator[Any]:
            if "/AcroForm" in old.root:
                yield from super().apply(old, new)
            elif "/AcroForm" in new.root:
                yield from _new_form(self, old, new)
            # neither revision has a form: nothing for this rule to explain

    return StandardDiffPolicy(global_rules=DEFAULT_DIFF_POLICY.global_rules,
                              form_rule=_FirstFormRule(field_rules=base.field_rules))


def _new_form(rule: Any, old: Any, new: Any) -> Iterator[Any]:
    """FormUpdatingRule.apply for a base revision without /AcroForm: the new form is compared
    field by field against an empty one, so each new field goes through the field rules."""
    empty = generic.DictionaryObject()
    _, form = yield from qualify_transforming(
        ModificationLevel.LTA_UPDATES, compare_key_refs("/AcroForm", old, empty, new.root),
        transform=FormUpdate.curry_ref(field_name=None))
    if not isinstance(form, generic.DictionaryObject) or set(form) - _NEW_ACROFORM_KEYS:
        raise SuspiciousModification("unexpected entries in the new form")
    _, fields = yield from qualify_transforming(
        ModificationLevel.LTA_UPDATES, compare_key_refs("/Fields", old, empty, form),
        transform=FormUpdate.curry_ref(field_name=None))
    _, dr = yield from qualify_transforming(
        ModificationLevel.FORM_FILLING, compare_key_refs("/DR", old, empty, form),
        transform=FormUpdate.curry_ref(field_name=None))
    if dr is not None:
        deps = new.collect_dependencies(dr, since_revision=old.revision + 1)
        yield from ((ModificationLevel.FORM_FILLING, FormUpdate(updated_ref=ref, field_name=None))
                    for ref in deps)
    specs = dict(_list_fields(generic.ArrayObject(), fields,
                              old_path=RawPdfPath("/Root", "/AcroForm", "/Fields")))
    context = FieldComparisonContext(field_specs=specs, old=old, new=new)
    for field_rule in rule.field_rules:
        yield from field_rule.apply(context)


def metadata_problem(old: Any, new: Any) -> str:
    """"" when the document information and XMP metadata of ``new`` (a pyHanko reader or
    historical resolver's final state) say what ``old`` said, up to what a signer rewrites."""
    try:
        old_info, new_info = _info(old), _info(new)
        if (old_info is None) != (new_info is None):
            return "the document information was added or removed"
        if old_info is not None and new_info is not None:
            if _plain(old_info, _INFO_CHANGEABLE) != _plain(new_info, _INFO_CHANGEABLE):
                return "the document information (title, author, dates…) was changed"
            producer = _inventory.get(old_info, "/Producer")
            now = str(_inventory.get(new_info, "/Producer", ""))
            if producer is not None and not now.startswith(str(producer)):
                return "the document information (producer) was changed"
        old_xmp, new_xmp = _xmp(old), _xmp(new)
        if old_xmp is None and new_xmp is not None and all(
                name == _RDF_ABOUT for name, _ in new_xmp):
            return ""  # pyHanko's fresh packet: producer and dates only (see _XMP_CHANGEABLE)
        if old_xmp != new_xmp:
            return "the document's XMP metadata was changed"
    except Exception as e:
        log.info("metadata comparison failed: %s", type(e).__name__)
        return f"the document metadata could not be compared ({type(e).__name__})"
    return ""


def _info(reader: Any) -> Any:
    trailer = reader.trailer_view
    if "/Info" not in trailer:
        return None
    info = trailer["/Info"]
    if not isinstance(info, generic.DictionaryObject):
        raise ValueError("/Info is not a dictionary")
    return info


def _plain(value: Any, skip: frozenset[str] = frozenset(), depth: int = 0) -> Any:
    """A comparable plain copy of a direct PDF value (dictionaries without ``skip`` keys)."""
    if depth > 8:
        raise ValueError("metadata nested too deeply")
    if isinstance(value, generic.IndirectObject):
        value = value.get_object()
    if isinstance(value, generic.NullObject):
        return ("null",)  # its str() is the object's address, different in every reader
    if isinstance(value, generic.StreamObject):
        return ("stream", _plain(generic.DictionaryObject(value), skip, depth + 1), value.data)
    if isinstance(value, generic.DictionaryObject):
        return tuple(sorted((str(k), _plain(value.raw_get(k), frozenset(), depth + 1))
                            for k in value if k not in skip))
    if isinstance(value, generic.ArrayObject):
        return tuple(_plain(v, frozenset(), depth + 1) for v in value)
    return (type(value).__name__, str(value))


def _xmp(reader: Any) -> Any:
    """The XMP properties as plain values without those a signer rewrites; None if none."""
    root = reader.root
    if "/Metadata" not in root:
        return None
    stream = root["/Metadata"]
    if not isinstance(stream, generic.StreamObject):
        raise ValueError("/Metadata is not a stream")
    descriptions = parse_xmp(BytesIO(stream.data))
    props: list[Any] = []
    for description in descriptions:
        props += [((name.ns, name.local_name), _xmp_value(value))
                  for name, value in _fields(description).items()
                  if (name.ns, name.local_name) not in _XMP_CHANGEABLE]
    return tuple(sorted(props, key=repr))


def _fields(structure: Any) -> dict[Any, Any]:
    return dict(structure._fields)  # pyHanko 0.38 keeps an XmpStructure's fields here


def _xmp_value(value: Any) -> Any:
    inner = value.value
    qualifiers = repr(value.qualifiers)
    if isinstance(inner, model.XmpStructure):
        return ("struct", qualifiers, tuple(sorted(
            (((n.ns, n.local_name), _xmp_value(v)) for n, v in _fields(inner).items()),
            key=repr)))
    if isinstance(inner, model.XmpArray):
        return ("array", qualifiers, inner.array_type.value,
                tuple(_xmp_value(v) for v in inner.entries))
    return ("value", qualifiers, str(inner))
