"""Run :func:`meetingroom.pdf.carry.carry_over` on untrusted PDFs in a limited subprocess.

Both versions of a document came from the room server; either could be hostile, so
the parse happens in :mod:`meetingroom.pdf._carry_worker` under an address-space and
CPU limit and a wall-clock timeout (the same guard as :mod:`meetingroom.pdf.check`).
This module itself only uses the standard library and the notes model.
"""

from __future__ import annotations

import json
import logging
import math
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from meetingroom.domain.notes import Note, NoteError
from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf._carry_worker import RESULT_PREFIX
from meetingroom.pdf._limits import result_line
from meetingroom.processes import worker_command

log = logging.getLogger("meetingroom.pdf")


@dataclass(frozen=True, slots=True)
class Carried:
    """Notes placed on the new version (new ids) and the ids of the old ones left behind."""

    moved: tuple[Note, ...]
    unplaced: tuple[str, ...]


def carry_notes(notes: Sequence[Note], *, old: Path, new: Path, new_sha256: str,
                timeout: float = 120.0, memory_mb: int = 1536) -> Carried:
    """Carry ``notes`` (on the PDF ``old``) to ``new``; blocking (call off the GUI thread).

    Raises InvalidDocumentError when either file cannot be read, or the work runs out
    of time or memory.
    """
    if not notes:
        return Carried((), ())
    argv = [*worker_command("meetingroom.pdf._carry_worker"), str(old), str(new),
            new_sha256, "--memory-mb", str(memory_mb),
            "--cpu-seconds", str(math.ceil(timeout) + 1)]
    payload = json.dumps([n.to_dict() for n in notes], ensure_ascii=False).encode()
    try:
        done = subprocess.run(argv, input=payload, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise InvalidDocumentError("carrying notes to the new version took too long") from None
    result = result_line(done.stdout, RESULT_PREFIX)
    if result is None:
        log.warning("notes carry worker ended without a result (exit %s): %s",
                    done.returncode, done.stderr.decode("utf-8", "replace")[-1000:])
        raise InvalidDocumentError("the notes could not be carried to the new version: the"
                                   " worker stopped (the PDF may be damaged or too complex)")
    if result.get("ok") is not True:
        which = {"old": "the old version", "new": "the new version"}.get(
            str(result.get("which")), "a version")
        reason = str(result.get("reason"))
        raise InvalidDocumentError(
            f"the notes could not be carried: {which} cannot be read ({reason})")
    try:
        moved = tuple(Note.from_dict(d) for d in result["moved"])
    except (NoteError, KeyError, TypeError) as exc:
        raise InvalidDocumentError(f"the notes carry worker answered nonsense ({exc})") from None
    asked = {n.id for n in notes}
    unplaced = tuple(str(i) for i in result.get("unplaced", ()) if str(i) in asked)
    return Carried(moved, unplaced)
