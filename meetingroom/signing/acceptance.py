"""Accept an uploaded signed minutes file only when it is the previous file plus one PAdES
signature and nothing else.

:func:`check_added_signature` raises :class:`~meetingroom.errors.SignatureInvalidError` with
one of these reasons (checked in this order):

``too_large``                  more than ``MAX_ADDED_BYTES`` were added
``not_incremental``            not a byte prefix of the previous file
then every reason of :mod:`meetingroom.signing.steps` (the rule shared with the offline
verifier), then
``not_pades``                  the added signature is a document timestamp, not a signature
``invalid``                    unreadable, or some signature is not ok per ``validate_pdf``
                               (which applies the step rule to every earlier signature too)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from meetingroom.domain.signatures import SignatureReport
from meetingroom.errors import SignatureInvalidError
from meetingroom.signing import steps
from meetingroom.signing.steps import MAX_REVISIONS_ADDED, STAMP_TOLERANCE
from meetingroom.signing.validate import validate_pdf

log = logging.getLogger(__name__)

__all__ = ["MAX_ADDED_BYTES", "MAX_REVISIONS_ADDED", "STAMP_TOLERANCE", "check_added_signature"]

MAX_ADDED_BYTES = 4 * 1024 * 1024
"""One signature (CMS + stamp appearance + subset font) is ~20-100 KiB; 4 MiB is generous."""


def _refuse(reason: str, message: str) -> SignatureInvalidError:
    log.info("signed upload refused: %s", reason)
    return SignatureInvalidError(message, reason=reason)


def check_added_signature(previous: bytes, new: bytes, *, trust_roots: Sequence[bytes] = (),
                          timestamp_roots: Sequence[bytes] = ()) -> SignatureReport:
    """The report of ``new`` when it is ``previous`` plus an incremental update adding
    exactly one PAdES signature and nothing else; raises SignatureInvalidError otherwise.

    Blocking (pyHanko runs its own event loop): call it from a worker thread, never from a
    thread whose event loop is running.
    """
    if len(new) - len(previous) > MAX_ADDED_BYTES:
        raise _refuse("too_large", f"the signed file grew by more than "
                      f"{MAX_ADDED_BYTES // (1024 * 1024)} MiB; one signature is far smaller")
    if len(new) <= len(previous) or not new.startswith(previous):
        raise _refuse("not_incremental", "this is not the current minutes file with a "
                      "signature added; download the minutes again and sign that file")
    try:
        added = steps.check_step(steps.read(previous), steps.read(new), len(previous))
    except SignatureInvalidError as e:
        log.info("signed upload refused: %s", e.reason)
        raise
    if added.sig_object_type != "/Sig":
        raise _refuse("not_pades", "the new signature is a document timestamp, not a "
                      "signature")
    report = validate_pdf(new, trust_roots=trust_roots, timestamp_roots=timestamp_roots)
    if not report.all_valid:
        problems = [report.error] if report.error else []
        problems += [f"{s.signer_name or s.field_name}: {s.problem or 'invalid'}"
                     for s in report.signatures if not s.ok]
        raise _refuse("invalid", "the signed minutes do not verify: "
                      + "; ".join(problems or ["no signature found"]))
    return report
