"""The rule every signature of a minutes file meets: its update is the file before it plus
exactly one signature (or document timestamp) and nothing else.

One rule set for the server's upload check (:mod:`meetingroom.signing.acceptance`, which
knows the previous file) and the offline verifier (:mod:`meetingroom.signing.validate`,
which rebuilds each signature's previous file from the revision boundaries). Each check
raises :class:`~meetingroom.errors.SignatureInvalidError` with one of these reasons:

``not_incremental``            no/too many revisions added, or not continuing the chain
``invalid``                    unreadable, or a signature or field cannot be read
``earlier_signature_changed``  a signature of the previous file is gone or different
``hidden_signature``           a filled signature field pyHanko does not report
``signature_count``            not exactly one signature more
``not_pades``                  a signature is not ETSI.CAdES.detached (a document
                               timestamp not ETSI.RFC3161)
``certification``              the signature certifies (DocMDP/FieldMDP lock) or /Perms
``certificate_reused``         the signature's certificate (or key) already signed
``extra_field``                any new field, widget or annotation besides that signature
``stamp_position``             the stamp is not in its box on the last page (nor invisible)
``modified``                   anything changed beyond filling one signature field
"""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from meetingroom.domain.signatures import STAMP_BOXES
from meetingroom.errors import SignatureInvalidError
from meetingroom.signing import _inventory
from meetingroom.signing._changes import diff_problem, metadata_problem

log = logging.getLogger(__name__)

__all__ = ["MAX_REVISIONS_ADDED", "PADES", "STAMP_TOLERANCE", "check_alone", "check_step",
           "read", "signatures"]

MAX_REVISIONS_ADDED = 3
"""Our signer adds one revision; a little room for other PAdES tools (validation data
beside a signature), no room for floods."""
STAMP_TOLERANCE = 2.0
"""Points a stamp may stick out of its ``STAMP_BOXES`` box (the signer rounds the box)."""

PADES = "/ETSI.CAdES.detached"
DOC_TIMESTAMP = "/ETSI.RFC3161"


def _refuse(reason: str, message: str) -> SignatureInvalidError:
    log.info("signature step refused: %s", reason)
    return SignatureInvalidError(message, reason=reason)


def check_step(old: Any, new: Any, old_size: int) -> Any:
    """The signature ``new`` adds to ``old`` (pyHanko readers of two files, the first
    ``old_size`` bytes long and a byte prefix of the second) when the update adds exactly
    one signature or document timestamp and nothing else; raises SignatureInvalidError.

    Cryptographic validity is not checked here (that is ``validate_pdf``'s job)."""
    base = _check_revisions(old, new, old_size)
    old_sigs, new_sigs = signatures(old), signatures(new)
    _check_earlier(old_sigs, new_sigs)
    _check_hidden(new, new_sigs)
    if len(new_sigs) != len(old_sigs) + 1:
        raise _refuse("signature_count", f"expected {len(old_sigs) + 1} signature(s), "
                      f"found {len(new_sigs)}")
    added = new_sigs[-1]
    check_alone(added, new)
    if added.sig_object_type == "/Sig":
        _check_certificate(old_sigs, added)
    widget, page = _check_new_objects(old, new, added)
    _check_position(widget, page, pages=_page_count(new), existing=len(old_sigs),
                    timestamp=added.sig_object_type != "/Sig")
    _check_changes(old, new, base)
    return added


def check_alone(sig: Any, reader: Any) -> None:
    """What a signature must be by itself (``reader`` reads the file up to its revision):
    PAdES (a document timestamp: RFC 3161), certifying nothing and locking nothing."""
    obj = sig.sig_object
    subfilter = _inventory.get(obj, "/SubFilter")
    if sig.sig_object_type == "/DocTimeStamp":
        if subfilter != DOC_TIMESTAMP:
            raise _refuse("not_pades", "a document timestamp is not an RFC 3161 timestamp "
                          "(ETSI.RFC3161)")
    elif sig.sig_object_type != "/Sig" or subfilter != PADES:
        raise _refuse("not_pades", "the signature is not a PAdES signature "
                      f"(ETSI.CAdES.detached) but {str(subfilter or 'unknown').lstrip('/')}")
    if "/Reference" in obj or "/Lock" in sig.sig_field or "/Perms" in reader.root:
        raise _refuse("certification", "certification signatures and locked fields are not "
                      "allowed: they would stop the other signers from signing")


def read(data: bytes) -> Any:
    """A pyHanko reader of ``data``; refuses (``invalid``) an unreadable or encrypted file."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            raise ValueError("encrypted")
        reader.root  # noqa: B018 - parses the catalog now, so a broken file fails here
    except Exception as e:
        raise _refuse("invalid", f"not a readable PDF ({type(e).__name__})") from None
    return reader


def _check_revisions(old: Any, new: Any, old_size: int) -> int:
    """The base revision (the previous file's last) in ``new``; checks the revision chain."""
    old_count, new_count = old.xrefs.total_revisions, new.xrefs.total_revisions
    added = new_count - old_count
    if not 1 <= added <= MAX_REVISIONS_ADDED:
        raise _refuse("not_incremental", f"the file must add 1 to {MAX_REVISIONS_ADDED} "
                      f"revision(s) to the current minutes, it adds {added}")
    try:
        same_chain = all(new.xrefs.get_startxref_for_revision(i)
                         == old.xrefs.get_startxref_for_revision(i) for i in range(old_count))
        beyond = all(new.xrefs.get_startxref_for_revision(i) >= old_size
                     for i in range(old_count, new_count))
    except Exception:
        same_chain = beyond = False
    if not (same_chain and beyond):
        raise _refuse("not_incremental", "the update does not continue the current minutes' "
                      "revisions")
    return int(old_count - 1)


def signatures(reader: Any) -> list[Any]:
    try:
        return list(reader.embedded_signatures)
    except Exception as e:
        raise _refuse("invalid", f"a signature cannot be read ({type(e).__name__})") from None


def _identity(sig: Any) -> tuple[Any, ...]:
    contents = sig.sig_object.raw_get("/Contents")
    byte_range = tuple(int(x) for x in sig.byte_range)
    return str(sig.field_name), bytes(contents), byte_range, int(sig.signed_revision)


def _check_earlier(old_sigs: list[Any], new_sigs: list[Any]) -> None:
    try:
        same = len(new_sigs) >= len(old_sigs) and all(
            _identity(o) == _identity(n) for o, n in zip(old_sigs, new_sigs, strict=False))
    except Exception:
        same = False
    if not same:
        raise _refuse("earlier_signature_changed", "an earlier signature of the minutes is "
                      "missing or was changed; sign the current file again")


def _check_hidden(reader: Any, sigs: list[Any]) -> None:
    try:
        filled = sum(1 for _ in enumerate_sig_fields(reader, filled_status=True))
    except Exception as e:
        raise _refuse("invalid", f"the signature fields cannot be read "
                      f"({type(e).__name__})") from None
    if filled != len(sigs):
        raise _refuse("hidden_signature", "the file holds a signature of a kind that cannot "
                      "be checked")


def _check_certificate(old_sigs: list[Any], added: Any) -> None:
    try:
        cert = added.signer_cert
        used = [s.signer_cert for s in old_sigs]
        reused = any(c.dump() == cert.dump() or c.public_key.dump() == cert.public_key.dump()
                     for c in used)
    except Exception as e:
        raise _refuse("invalid", f"a signing certificate cannot be read "
                      f"({type(e).__name__})") from None
    if reused:
        raise _refuse("certificate_reused", "this certificate (or its key) has already "
                      "signed these minutes")


def _check_changes(old: Any, new: Any, base: int) -> None:
    problem = (_overridden_problem(old, new, base) or diff_problem(new, base)
               or metadata_problem(old, new))
    if problem:
        raise _refuse("modified", problem)


def _overridden_problem(old: Any, new: Any, base: int) -> str:
    """Old objects rewritten by the update must be among those a signer rewrites: catalog,
    document information, XMP, form, field list, the last page and its /Annots."""
    try:
        allowed: set[_inventory.Key | None] = {_ref_key(old.root_ref)}
        root = old.root
        for handler, key in ((old.trailer_view, "/Info"), (root, "/Metadata"),
                             (root, "/AcroForm")):
            allowed.add(_raw_key(handler, key))
        form = _inventory.get(root, "/AcroForm")
        if isinstance(form, generic.DictionaryObject):
            allowed.add(_raw_key(form, "/Fields"))
        last = _inventory.take(old).pages[-1]
        allowed.add(last)
        page = new.get_object(generic.Reference(last[1], last[2])) if last[0] == "ref" else None
        if isinstance(page, generic.DictionaryObject):
            allowed.add(_raw_key(page, "/Annots"))
        for revision in range(base + 1, new.xrefs.total_revisions):
            for ref in new.xrefs.explicit_refs_in_revision(revision):
                existed = new.xrefs.get_historical_ref(ref, base) is not None
                if existed and _ref_key(ref) not in allowed:
                    return f"the update rewrites object {ref.idnum} of the signed minutes"
    except Exception as e:
        return f"the update cannot be analysed ({type(e).__name__})"
    return ""


def _ref_key(ref: Any) -> _inventory.Key:
    return ("ref", ref.idnum, ref.generation)


def _raw_key(container: Any, key: str) -> _inventory.Key | None:
    value = container.raw_get(key) if key in container else None
    return _ref_key(value.reference) if isinstance(value, generic.IndirectObject) else None


def _check_new_objects(old: Any, new: Any, added: Any) -> tuple[Any, int]:
    """The new signature's widget and its page index; refuses anything else that is new."""
    try:
        before, after = _inventory.take(old), _inventory.take(new)
    except Exception as e:
        raise _refuse("modified", f"the pages or form cannot be read "
                      f"({type(e).__name__})") from None
    if len(before.pages) != len(after.pages):
        raise _refuse("modified", "the update adds or removes pages")
    value = _inventory.key_of(added.sig_field.raw_get("/V"), ("value",))
    fields = {k: n for k, n in after.field_nodes.items() if k not in before.field_nodes}
    owners = [k for k, n in fields.items() if _inventory.get(n, "/FT") == "/Sig" and "/V" in n
              and _inventory.key_of(n.raw_get("/V"), ("value",)) == value]
    new_annots = {k: i for k, i in after.annotations.items() if k not in before.annotations}
    if len(owners) != 1:
        raise _refuse("extra_field", "the update adds form fields besides the signature")
    field = fields[owners[0]]
    kids = _inventory.get(field, "/Kids", generic.ArrayObject())
    widget_keys = [owners[0]] if not kids else [
        _inventory.key_of(kid, ("field", "kid", i)) for i, kid in enumerate(kids)]
    if set(fields) != {owners[0], *widget_keys} or len(widget_keys) != 1:
        raise _refuse("extra_field", "the update adds form fields besides the signature")
    if set(new_annots) != set(widget_keys) or not set(before.annotations) <= set(
            after.annotations):
        raise _refuse("extra_field", "the update adds or removes annotations besides the "
                      "signature's own")
    widget = fields[widget_keys[0]]
    if _inventory.get(widget, "/Subtype") != "/Widget":
        raise _refuse("extra_field", "the signature's annotation is not a widget")
    return widget, new_annots[widget_keys[0]]


def _page_count(reader: Any) -> int:
    return len(_inventory.take(reader).pages)


def _check_position(widget: Any, page: int, *, pages: int, existing: int,
                    timestamp: bool) -> None:
    try:
        x0, y0, x1, y1 = _inventory.rect_of(widget)
    except (ValueError, TypeError) as e:
        raise _refuse("stamp_position", f"the stamp has no usable position ({e})") from None
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return  # invisible signature: draws nothing
    if timestamp:
        raise _refuse("stamp_position", "a document timestamp must be invisible")
    if existing >= len(STAMP_BOXES):
        raise _refuse("stamp_position", "no stamp place is left: this signature must be "
                      "invisible")
    bx0, by0, bx1, by1 = STAMP_BOXES[existing]
    t = STAMP_TOLERANCE
    inside = bx0 - t <= x0 and by0 - t <= y0 and x1 <= bx1 + t and y1 <= by1 + t
    if page != pages - 1 or not inside:
        raise _refuse("stamp_position", f"the stamp must be on the last page inside stamp "
                      f"place {existing + 1}")
