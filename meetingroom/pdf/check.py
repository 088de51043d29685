"""Decide whether an untrusted file is a usable PDF, parsing it in a limited subprocess.

Parsing hostile PDFs is where MuPDF can hang, balloon, or crash, so the parse runs
in a child process (:mod:`meetingroom.pdf._check_worker`) with an address-space and
a CPU-time limit, under a wall-clock timeout after which the child is killed. This
module itself only uses the standard library.

Outcomes: a :class:`PdfInfo`, or :class:`~meetingroom.errors.InvalidDocumentError`
with a message fit for the uploader — empty, not a PDF, unreadable, no pages, cut short
(repaired by MuPDF and missing its ``%%EOF``), data appended after a complete PDF, a
damaged page, a page no reader can lay out (too large), a page or text a reader cannot
read (the check reads the file as every client will: see ``_check_worker``), too slow,
too much memory, or the checker died. The message is plain (it is printed on the
admin's terminal and sent to the uploader); MuPDF's own words and the checker's
output, which may name temporary paths, go to the log at DEBUG. A PDF that needs a password
to open raises :class:`~meetingroom.pdf.failures.PasswordRequiredError` (a subclass):
delegates could not read it, so it is refused. A PDF encrypted with only an owner
password (permissions, no password to open) is accepted with ``encrypted=True``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from meetingroom.errors import InvalidDocumentError
from meetingroom.pdf._check_worker import RESULT_PREFIX
from meetingroom.pdf._limits import result_line
from meetingroom.pdf.failures import PasswordRequiredError
from meetingroom.pdf.sniff import HEADER_WINDOW, sniff_pdf
from meetingroom.processes import worker_command

log = logging.getLogger("meetingroom.pdf")

_TOO_SLOW = "the PDF took too long to check; it may be damaged or far too complex"
_TOO_BIG = "the PDF needs too much memory to open; it may be damaged or far too complex"
_MESSAGES = {
    "unreadable": "the file cannot be opened as a PDF; it is damaged or not really a PDF",
    "no_pages": "the PDF opens with no pages; it is damaged",
    "truncated": "the PDF is incomplete (its end is missing); it may have been cut short"
                 " while copying or downloading",
    "trailing_data": "the PDF has other data appended after its end (after %%EOF); save it"
                     " again from the program that made it",
    "slow_text": "the PDF's text takes too long to read; readers could not search it",
    "memory": _TOO_BIG,
}
_SIGXCPU = -int(getattr(signal, "SIGXCPU", 24))
"""Exit status of a worker stopped by its CPU-time limit (a negated POSIX signal)."""
_SIGKILL = -int(getattr(signal, "SIGKILL", 9))
_PASSWORD = ("the PDF is protected by a password; remove the password before uploading,"
             " or delegates will not be able to open it")


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What the check learned about a usable PDF."""

    pages: int
    """Number of pages (at least 1)."""
    encrypted: bool
    """Encrypted with an owner password only: opens without a password, has permissions."""
    title: str
    """The title from the document information, or "" (untrusted text; escape it)."""


def check_pdf(path: str | Path, *, timeout: float = 30.0, memory_mb: int = 768) -> PdfInfo:
    """Check ``path`` in a subprocess, blocking; see the module docstring for outcomes."""
    argv = _prepare(path, timeout=timeout, memory_mb=memory_mb)
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:  # run() has already killed and reaped the child
        raise InvalidDocumentError(_TOO_SLOW) from None
    return _interpret(done.returncode, done.stdout, done.stderr)


async def check_pdf_async(path: str | Path, *, timeout: float = 30.0,
                          memory_mb: int = 768) -> PdfInfo:
    """Like :func:`check_pdf`, without blocking the event loop; cancelling kills the child."""
    argv = await asyncio.to_thread(_prepare, path, timeout=timeout, memory_mb=memory_mb)
    proc = await asyncio.create_subprocess_exec(
        *argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        raise InvalidDocumentError(_TOO_SLOW) from None
    finally:
        if proc.returncode is None:  # timed out or cancelled: never leave a worker behind
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return _interpret(proc.returncode, out, err)


def _prepare(path: str | Path, *, timeout: float, memory_mb: int) -> list[str]:
    """Refuse a file without a PDF header before starting anything; the worker's argv."""
    if timeout <= 0 or memory_mb <= 0:
        raise ValueError("timeout and memory_mb must be positive")
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(HEADER_WINDOW)
    except OSError as exc:
        raise InvalidDocumentError(f"the file could not be read ({exc.strerror})") from exc
    if not head:
        raise InvalidDocumentError("the file is empty")
    if not sniff_pdf(head):
        raise InvalidDocumentError("the file is not a PDF (it has no PDF header)")
    return [*worker_command("meetingroom.pdf._check_worker"), str(path.resolve()),
            "--memory-mb", str(memory_mb), "--cpu-seconds", str(math.ceil(timeout) + 1)]


def _interpret(returncode: int, stdout: bytes, stderr: bytes) -> PdfInfo:
    """Turn the worker's exit into a :class:`PdfInfo` or the matching error."""
    result = result_line(stdout, RESULT_PREFIX)
    if result is None:
        tail = stderr.decode("utf-8", "replace")[-2000:]
        log.warning("the PDF checker ended without a result (exit status %s)", returncode)
        log.debug("the PDF checker's last output: %s", tail)  # a traceback, paths
        if returncode == _SIGXCPU:
            raise InvalidDocumentError(_TOO_SLOW)
        if returncode == _SIGKILL:  # the CPU limit's hard stop, or the kernel's OOM killer
            raise InvalidDocumentError("the PDF was too slow or too large to check; it may be"
                                       " damaged or far too complex")
        if "MemoryError" in tail or "out of memory" in tail.lower():
            raise InvalidDocumentError(_TOO_BIG)
        raise InvalidDocumentError("the PDF could not be checked: the checker stopped"
                                   f" unexpectedly (exit status {returncode})")
    if result.get("ok") is True:
        if result.get("repaired"):
            log.info("accepted a PDF that MuPDF had to repair")
        return PdfInfo(pages=int(result["pages"]), encrypted=bool(result["encrypted"]),
                       title=str(result["title"]))
    reason = str(result.get("reason"))
    if result.get("detail"):  # MuPDF's words: may name the checked file's temporary path
        log.debug("PDF refused (%s): %s", reason, result["detail"])
    if reason == "password":
        raise PasswordRequiredError(_PASSWORD)
    if reason == "bad_page":
        raise InvalidDocumentError(f"page {result.get('page')} of the PDF cannot be read;"
                                   " the file is damaged or far too complex")
    if reason == "page_too_large":
        raise InvalidDocumentError(f"page {result.get('page')} of the PDF is too large to"
                                   " show (over a million points, about 350 m, across)")
    raise InvalidDocumentError(_MESSAGES.get(reason, f"the PDF was refused ({reason})"))
