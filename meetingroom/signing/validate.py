"""Check every signature of a PDF strictly and offline, as plain domain values.

Strict means: each signature intact and cryptographically valid; the last one covers the
whole file; anything added after an earlier one is a later signature or timestamp
(pyHanko's difference analysis, modification level at most form filling, which is what
filling a new signature field is); and each signature's update, measured from the file as
it was before it (rebuilt from the revision boundaries), meets the same rule the server's
upload check applies (:mod:`meetingroom.signing.steps`): one PAdES signature and nothing
else. Offline means no OCSP, CRL or certificate fetching. Any exception while checking
counts as invalid, never as "not checked".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from cryptography import x509 as pyca_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext

from meetingroom.domain.signatures import SignatureCheck, SignatureReport, Trust
from meetingroom.errors import SignatureInvalidError
from meetingroom.signing import _inventory, steps
from meetingroom.signing.loops import run_sync
from meetingroom.signing.stamp import role_of

log = logging.getLogger(__name__)


def validate_pdf(data: bytes, *, trust_roots: Sequence[bytes] = (),
                 timestamp_roots: Sequence[bytes] = ()) -> SignatureReport:
    """Validate every signature in ``data`` (a whole PDF file). Never raises for a bad file.

    ``trust_roots`` are PEM or DER certificates; a root that does not parse is reported in
    ``error``. A signature timestamp counts (``timestamped``) only when it verifies and its
    TSA chains to one of ``timestamp_roots`` (e.g. the room TSA's certificate) or
    ``trust_roots``; an untrusted timestamp is ignored: the signature stays valid and shows
    the time its signer claimed. Must not be called on a thread with a running event loop;
    use :func:`async_validate_pdf` there.
    """
    return run_sync(async_validate_pdf(data, trust_roots=trust_roots,
                                       timestamp_roots=timestamp_roots))


async def async_validate_pdf(data: bytes, *, trust_roots: Sequence[bytes] = (),
                             timestamp_roots: Sequence[bytes] = ()) -> SignatureReport:
    """:func:`validate_pdf` for code already running in an event loop."""
    try:
        roots = load_roots(trust_roots)
        ts_roots = load_roots(timestamp_roots) + roots
    except ValueError as e:
        return SignatureReport(signatures=(), error=str(e))
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as e:
        log.info("validation: unreadable PDF (%s)", type(e).__name__)
        return SignatureReport(signatures=(), error=f"not a readable PDF: {_short(e)}")
    checks: dict[int, SignatureCheck] = {}
    errors: list[str] = []
    hidden = _hidden_signatures(reader)
    if hidden:
        errors.append(hidden)
    elif not embedded:
        return SignatureReport(signatures=(), error="")
    for index, sig in enumerate(embedded):
        last = index == len(embedded) - 1
        if sig.sig_object_type == "/DocTimeStamp":
            problem = await _check_doc_timestamp(sig, roots, last=last)
            if problem:
                errors.append(problem)
            continue
        checks[index] = await _check_signature(sig, roots, ts_roots, last=last)
    for index, problem in _step_problems(data, reader, embedded):
        _blame(checks, errors, embedded, index, problem)
    return SignatureReport(signatures=tuple(checks[i] for i in sorted(checks)),
                           error="; ".join(errors))


def _step_problems(data: bytes, reader: Any, embedded: list[Any]) -> list[tuple[int, str]]:
    """(index, why) for each signature whose update is more than one signature added to the
    file as it was before it (:func:`steps.check_step`). The file before the first signature
    is the revision before its own (anything in an unsigned base is what its signer signed);
    before any later one, the file up to the end of the previous signature's revision."""
    out: list[tuple[int, str]] = []
    previous_end: int | None = None
    for index, sig in enumerate(embedded):
        try:
            start, length = int(sig.byte_range[2]), int(sig.byte_range[3])
            end = start + length
            if index == 0 and int(sig.signed_revision) > 0:
                previous_end = _revision_end(data, reader, int(sig.signed_revision) - 1)
            current = steps.read(data[:end])
            if previous_end is None:
                steps.check_alone(steps.signatures(current)[-1], current)
            else:
                steps.check_step(steps.read(data[:previous_end]), current, previous_end)
            previous_end = end
        except SignatureInvalidError as e:
            out.append((index, f"{e.message} ({e.reason})"))
            previous_end = _safe_end(sig)
        except Exception as e:
            log.info("step analysis of signature %d failed: %s", index + 1, type(e).__name__)
            out.append((index, f"its update could not be analysed: {_short(e)}"))
            previous_end = _safe_end(sig)
    return out


def _safe_end(sig: Any) -> int | None:
    try:
        return int(sig.byte_range[2]) + int(sig.byte_range[3])
    except Exception:
        return None


def _revision_end(data: bytes, reader: Any, revision: int) -> int:
    """Where ``revision`` ends in ``data``: after the %%EOF (and its end of line) that
    follows its cross-reference section."""
    info = reader.xrefs.get_xref_container_info(revision)
    eof = data.find(b"%%EOF", int(info.end_location))
    if eof < 0:
        raise ValueError(f"revision {revision} has no end marker")
    end = eof + len(b"%%EOF")
    if data[end:end + 2] == b"\r\n":
        return end + 2
    return end + 1 if data[end:end + 1] in (b"\r", b"\n") else end


def _blame(checks: dict[int, SignatureCheck], errors: list[str], embedded: list[Any],
           index: int, problem: str) -> None:
    """Mark the signature whose update broke the rule, and the signature before it, whose
    file was changed by more than signatures afterwards."""
    if index in checks:
        check = checks[index]
        checks[index] = dataclasses.replace(check, problem=_join(
            check.problem, f"the update that added this signature does more than add one "
                           f"signature: {problem}"))
    else:
        errors.append(f"document timestamp {_field_name(embedded[index])}: {problem}")
    earlier = [i for i in checks if i < index]
    if earlier:
        check = checks[earlier[-1]]
        checks[earlier[-1]] = dataclasses.replace(
            check, modified_after_signing=True, problem=_join(
                check.problem, f"the file was changed after this signature beyond adding "
                               f"signatures: {problem}"))


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


def _hidden_signatures(reader: Any) -> str:
    """Why the pages show signatures the form does not list, or "" when they don't.

    A signature widget left on a page after its field was removed from /AcroForm is
    invisible to the validator but still looks signed to a reader: never "valid"."""
    try:
        inventory = _inventory.take(reader)
        orphans = 0
        for key in inventory.annotations:
            if key in inventory.field_nodes or key[0] != "ref":
                continue
            annot = reader.get_object(generic.Reference(key[1], key[2]))
            node = annot
            if _inventory.get(annot, "/FT") is None and "/Parent" in annot:
                node = _inventory.get(annot, "/Parent")
            if (isinstance(node, generic.DictionaryObject)
                    and _inventory.get(node, "/FT") == "/Sig" and "/V" in node):
                orphans += 1
    except Exception as e:  # a malformed page or form tree
        return f"the pages and form cannot be read: {_short(e)}"
    if orphans:
        return (f"{orphans} signature(s) shown on the pages are not part of the document's "
                "form, so they cannot be checked")
    return ""


def load_roots(trust_roots: Sequence[bytes]) -> list[Any]:
    """Parse PEM (one or more certificates) or DER roots into asn1crypto certificates."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    out = []
    for blob in trust_roots:
        try:
            certs = (pyca_x509.load_pem_x509_certificates(blob) if b"-----BEGIN" in blob
                     else [pyca_x509.load_der_x509_certificate(blob)])
        except ValueError:
            raise ValueError("a trusted root is not a PEM or DER certificate") from None
        out += [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in certs]
    return out


def _context(roots: list[Any]) -> Any:
    return ValidationContext(trust_roots=roots, allow_fetching=False,
                             revocation_mode="soft-fail")


_ALLOWED_LATER = ("NONE", "LTA_UPDATES", "FORM_FILLING")
"""Modification levels allowed after a signature: nothing, timestamps/DSS, new signatures."""


async def _check_signature(sig: Any, roots: list[Any], ts_roots: list[Any], *,
                           last: bool) -> SignatureCheck:
    name = _field_name(sig)
    try:
        status = await async_validate_pdf_signature(sig, signer_validation_context=_context(roots),
                                                    ts_validation_context=_context(ts_roots))
    except Exception as e:
        log.info("validation of %s failed: %s", name, type(e).__name__)
        return SignatureCheck(
            field_name=name, signer_name=_signer_name_safe(sig), role="", signing_time="",
            timestamped=False, intact=False, valid=False, trust=Trust.UNKNOWN_ISSUER,
            covers_whole_file=False, modified_after_signing=True,
            problem=f"the signature could not be checked: {_short(e)}")
    coverage = status.coverage.name if status.coverage is not None else "UNCLEAR"
    level = status.modification_level.name if status.modification_level is not None else None
    modified = level not in _ALLOWED_LATER or status.docmdp_ok is False
    covers = coverage == "ENTIRE_FILE" or (
        not last and coverage == "ENTIRE_REVISION" and not modified)
    tst = status.timestamp_validity
    sound = tst is not None and bool(tst.intact and tst.valid)
    # A timestamp from a TSA nobody configured proves nothing about the time: it is ignored
    # (the signer's claimed time is shown) rather than making the signature invalid.
    timestamped = sound and _tsa_trusted(tst)
    when = tst.timestamp if tst is not None and timestamped else status.signer_reported_dt
    problems = []
    if not status.intact:
        problems.append("the signed content was changed (its hash does not match)")
    elif not status.valid:
        problems.append("the cryptographic signature does not verify")
    if not covers:
        problems.append("data was added after the signature" if last or coverage != "UNCLEAR"
                        else "the signature does not cover its revision")
    if modified and not last:
        problems.append(f"the file was changed after this signature in ways other than "
                        f"adding signatures ({(level or 'unknown').lower()})")
    if tst is not None and not sound:
        problems.append("the signature's timestamp does not verify")
    return SignatureCheck(
        field_name=name, signer_name=_common_name(status.signing_cert),
        role=_claimed_role(status), signing_time=_iso(when), timestamped=timestamped,
        intact=bool(status.intact), valid=bool(status.valid), trust=_trust(status),
        covers_whole_file=covers, modified_after_signing=modified,
        problem="; ".join(problems))


async def _check_doc_timestamp(sig: Any, roots: list[Any], *, last: bool) -> str:
    name = _field_name(sig)
    try:
        status = await async_validate_pdf_timestamp(sig, validation_context=_context(roots))
    except Exception as e:
        return f"document timestamp {name} could not be checked: {_short(e)}"
    if not (status.intact and status.valid):
        return f"document timestamp {name} does not verify"
    if last and (status.coverage is None or status.coverage.name != "ENTIRE_FILE"):
        return "data was added after the last document timestamp"
    return ""


def _tsa_trusted(tst: Any) -> bool:
    return tst.trust_problem_indic is None and tst.validation_path is not None


def _trust(status: Any) -> Trust:
    if status.trust_problem_indic is None and status.validation_path is not None:
        return Trust.TRUSTED
    cert = status.signing_cert
    return Trust.SELF_SIGNED if cert.self_signed in ("yes", "maybe") else Trust.UNKNOWN_ISSUER


def _claimed_role(status: Any) -> str:
    attrs = getattr(status, "cades_signer_attrs", None)
    if attrs is None:
        return ""
    for info in attrs.claimed_attrs:
        if info.attr_type.native == "role":
            for value in info.attr_values:
                role = role_of(value)
                if role:
                    return role
    return ""


def _common_name(cert: Any) -> str:
    try:
        subject = cert.subject.native
        return str(subject.get("common_name") or cert.subject.human_friendly)
    except Exception:
        return ""


def _signer_name_safe(sig: Any) -> str:
    try:
        return _common_name(sig.signer_cert)
    except Exception:
        return ""


def _field_name(sig: Any) -> str:
    try:
        return str(sig.field_name)
    except Exception:
        return ""


def _iso(when: datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


_LINES: dict[str, str] = {
    "none": "No signatures.",
    "error": "Cannot validate: {error}",
    "head": "Signature {n} ({field}): {signer}{role}",
    "ok": "  Valid and intact; nothing but signatures added after it.",
    "bad": "  NOT VALID: {problem}",
    "time_ts": "  Signed at {time} (timestamped)",
    "time": "  Signed at {time} (time claimed by the signer, not timestamped)",
    "trusted": "  Certificate: chains to a trusted root",
    "self_signed": "  Certificate: self-signed (identity not confirmed by a CA)",
    "unknown_issuer": "  Certificate: issued by a CA that is not among the trusted roots",
    "offline": "Checked offline: revocation (OCSP/CRL) was not checked.",
    "all_ok": "All {count} signature(s) valid.",
    "not_all_ok": "NOT all signatures are valid.",
}


def describe(report: SignatureReport, *,
             tr: Callable[[str], str] = lambda text: text) -> list[str]:
    """The plain-text status lines ``meetingroom verify`` prints and the app shows.

    ``tr`` translates each line's template before its values are filled in.
    """
    def line(key: str, **values: object) -> str:
        return tr(_LINES[key]).format(**values)

    out: list[str] = []
    if report.error:
        out.append(line("error", error=report.error))
    if not report.signatures:
        out.append(line("none"))
    for n, check in enumerate(report.signatures, start=1):
        role = f" — {check.role}" if check.role else ""
        out.append(line("head", n=n, field=check.field_name, signer=check.signer_name or "?",
                        role=role))
        out.append(line("ok") if check.ok else line("bad", problem=check.problem
                                                    or "changed after signing"))
        if check.signing_time:
            out.append(line("time_ts" if check.timestamped else "time",
                            time=check.signing_time))
        out.append(line(check.trust.value))
    if report.signatures:
        out.append(line("all_ok", count=len(report.signatures)) if report.all_valid
                   else line("not_all_ok"))
        out.append(line("offline"))
    return out
