"""Write a closed poll's result to a folder: PDF report, ballot CSV, summary CSV, record JSON.

:func:`export_poll` is what the client's "Export result" button calls, on a worker thread
(it typesets a PDF and fsyncs files: never on the GUI thread, never on the engine loop).
The record comes from ``engine.voting.poll_record`` (``sync/voting.py``). The JSON is the
published record (``PollRecord.to_dict()``) plus ``meeting_title``, ``item_title`` and
``format``: the file ``meetingroom verify-poll`` checks.

Nothing is half-written: each file goes to a temporary file in ``out_dir`` and is fsynced;
only when all four are complete are they renamed into place, one by one (then the folder
is fsynced). A failure while writing (disk full, no permission) leaves no new file and no
temporary file behind; a rename failing after the first (rare: a folder in the way) leaves
the files renamed so far, each complete. Either way :class:`~meetingroom.errors.StorageError`
(``reason="export_failed"``) says why. Existing files of the same names are replaced.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from meetingroom.atomic_files import write_all
from meetingroom.domain.poll_csv import ballots_csv, closed_result, summary_csv
from meetingroom.domain.polls import PollRecord
from meetingroom.errors import StorageError

log = logging.getLogger("meetingroom.sync")

RECORD_FORMAT = "meetingroom.poll-record/{version}"
"""The ``format`` value of an exported record JSON, with the record's version (1 or 2)."""


@dataclass(frozen=True, slots=True)
class ExportedFiles:
    """Where :func:`export_poll` wrote the result."""

    pdf: Path
    """The printable report (counts, chart, ballots)."""
    csv: Path
    """One row per ballot (named: member, choices, cast by; secret: receipt, choices)."""
    json: Path
    """The published record, for ``meetingroom verify-poll``."""
    summary_csv: Path
    """The counts, rule and outcome as ``label, value, share`` rows."""


def export_poll(record: PollRecord, meeting_title: str, item_title: str | None,
                out_dir: Path, lang: str, *, tz: tzinfo | None = None) -> ExportedFiles:
    """Write the result of the closed poll in ``record`` into ``out_dir`` (which must exist).

    File names are ``<poll title, ASCII>-<poll id>`` with ``.pdf``, ``.csv``,
    ``-summary.csv`` and ``.json``. Raises :class:`~meetingroom.domain.voting.VotingError`
    (``not_closed``) for a poll without a result, ``ValueError`` for an unknown ``lang``
    and :class:`StorageError` when the files cannot be written.
    """
    # PyMuPDF is loaded into the client's process only when a report is made
    from meetingroom.pdf.poll_report import render_poll_report

    closed_result(record)
    pdf = render_poll_report(record, meeting_title=meeting_title, item_title=item_title,
                             lang=lang, tz=tz)
    doc = {"format": RECORD_FORMAT.format(version=record.version),
           "meeting_title": meeting_title, "item_title": item_title,
           **record.to_dict()}
    stem = file_stem(record)
    out = ExportedFiles(pdf=out_dir / f"{stem}.pdf", csv=out_dir / f"{stem}.csv",
                        json=out_dir / f"{stem}.json",
                        summary_csv=out_dir / f"{stem}-summary.csv")
    contents = {
        out.pdf: pdf,
        out.csv: ballots_csv(record, lang).encode("utf-8"),
        out.summary_csv: summary_csv(record, meeting_title=meeting_title,
                                     item_title=item_title, lang=lang, tz=tz).encode("utf-8"),
        out.json: (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    try:
        write_all(out_dir, contents)  # each file whole, fsynced, then renamed
    except OSError as e:
        raise StorageError(f"the result could not be written to {out_dir}: "
                           f"{e.strerror or e}", reason="export_failed") from e
    log.info("poll %s exported to %s (%d ballots)", record.poll.id, out_dir,
             len(record.ballots))
    return out


def file_stem(record: PollRecord) -> str:
    """A safe, readable file name stem: the poll title without diacritics, and its id."""
    title = record.poll.spec.title.replace("đ", "d").replace("Đ", "D")
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:48].strip("-")
    poll_id = re.sub(r"[^A-Za-z0-9_]+", "", record.poll.id)[:16]
    return "-".join(p for p in (slug or "poll", poll_id) if p)

