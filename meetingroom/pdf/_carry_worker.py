"""Carry notes to a new version of a document inside a resource-limited process.

Run as ``python -m meetingroom.pdf._carry_worker OLD NEW NEW_SHA256 --memory-mb N
--cpu-seconds S`` by :mod:`meetingroom.pdf.carry_process`, with the notes (a JSON list
of note dicts) on stdin; nothing else should import it. Both PDFs are untrusted: the
limits (see :mod:`meetingroom.pdf._limits`) bound what a hostile one can do.

The result line (after :data:`RESULT_PREFIX`) is ``{"ok": true, "moved": [note dict],
"unplaced": [note id]}`` or ``{"ok": false, "reason": "unreadable" | "password" |
"memory" | "bad_input", "which": "old" | "new" | null}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from meetingroom.pdf._limits import quiet_and_limited, worker_arguments, write_result

RESULT_PREFIX = "meetingroom-pdf-carry: "


def main(argv: list[str] | None = None) -> int:
    args = worker_arguments("meetingroom.pdf._carry_worker", ("old", "new", "new_sha256"),
                            argv)

    import pymupdf

    from meetingroom.domain.notes import Note, NoteError
    from meetingroom.pdf.carry import carry_over

    quiet_and_limited(pymupdf, args)
    try:
        raw = json.loads(sys.stdin.read())
        if not isinstance(raw, list):
            raise ValueError("the notes must be a list")
        notes = [Note.from_dict(n) for n in raw]
    except (ValueError, NoteError) as exc:
        write_result(RESULT_PREFIX, {"ok": False, "reason": "bad_input", "which": None,
                                     "detail": str(exc)[:300]})
        return 0
    try:
        result = _carry(pymupdf, carry_over, args, notes)
    except MemoryError:
        result = {"ok": False, "reason": "memory", "which": None}
    write_result(RESULT_PREFIX, result)
    return 0


def _carry(pymupdf: Any, carry_over: Any, args: argparse.Namespace, notes: list[Any]
           ) -> dict[str, Any]:
    docs = []
    try:
        for which, path in (("old", args.old), ("new", args.new)):
            try:
                doc = pymupdf.open(path, filetype="pdf")
            except MemoryError:
                raise
            except Exception:  # any MuPDF failure means the same thing here
                return {"ok": False, "reason": "unreadable", "which": which}
            docs.append(doc)
            if doc.needs_pass:
                return {"ok": False, "reason": "password", "which": which}
        moved, unplaced = carry_over(notes, old_doc=docs[0], new_doc=docs[1],
                                     new_sha256=args.new_sha256)
        return {"ok": True, "moved": [n.to_dict() for n in moved],
                "unplaced": [n.id for n in unplaced]}
    finally:
        for doc in docs:
            doc.close()


if __name__ == "__main__":
    sys.exit(main())
