"""Command line: the commands that sign and check documents and poll records on this
machine (``sign``, ``verify``, ``verify-poll``); ``cli.py`` parses and hands over."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
from pathlib import Path


def quiet_signing_libraries(verbose: bool) -> None:
    """pyHanko and fontTools log tracebacks for facts we report ourselves (untrusted
    chains, dropped font tables); keep them off the terminal unless -v."""
    if not verbose:
        for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _read_key_secret(prompt: str, what: str) -> bytes:
    """A passphrase or PIN: getpass on a terminal, else one line of standard input.
    Raises ValueError when standard input gives nothing (an empty line included)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt).encode("utf-8")
    secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise ValueError(f"no {what} was given on standard input")
    return secret.encode("utf-8")


def _sign_destination_problem(src: Path, dst: Path, force: bool) -> str:
    """Why ``dst`` should not be written, or "" (checked before the secret is asked)."""
    folder = dst.parent
    if not folder.exists():
        return f"the output folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if dst.exists() and not force:
        with contextlib.suppress(OSError):
            if os.path.samefile(src, dst):
                return ""  # signing in place
        return f"{dst} already exists; add --force to replace it"
    return ""


def cmd_sign(args: argparse.Namespace) -> int:
    from meetingroom.errors import MeetingroomError
    from meetingroom.signing.sign import StampText, sign_pdf
    from meetingroom.signing.sources import Pkcs11Source, Pkcs12Source

    src, dst = Path(args.input), Path(args.output)
    if not src.is_file():
        print(f"meetingroom sign: no such file: {src}", file=sys.stderr)
        return 2
    problem = _sign_destination_problem(src, dst, args.force)
    if problem:
        print(f"meetingroom sign: {problem}", file=sys.stderr)
        return 2
    source: Pkcs12Source | Pkcs11Source
    try:
        if args.p12:
            source = Pkcs12Source(Path(args.p12), _read_key_secret("Passphrase: ", "passphrase"))
        else:
            source = Pkcs11Source(Path(args.pkcs11_module), args.token,
                                  _read_key_secret(f"PIN for {args.token}: ", "PIN"),
                                  key_label=args.key_label)
        check = sign_pdf(src, dst, source,
                         StampText(role=args.role, location=args.location, reason=args.reason),
                         tsa_url=args.tsa, tsa_cafile=Path(args.tsa_ca) if args.tsa_ca else None)
    except MeetingroomError as e:
        print(f"meetingroom sign: {e.message}", file=sys.stderr)
        return 1
    except (OSError, EOFError, KeyboardInterrupt, ValueError) as e:
        print(f"meetingroom sign: {e}", file=sys.stderr)
        return 2
    when = check.signing_time + (" (timestamped)" if check.timestamped else "")
    print(f"signed {dst} as {check.signer_name}"
          f"{f' ({check.role})' if check.role else ''} at {when}")
    return 0


VERIFY_EXIT_CODES = """exit status:
  0  every signature valid (and, with --trust, every signer chains to a trusted root)
  1  a signature is not valid, the file was changed, or it has no signature
  2  usage or file error (missing file, unreadable root)
  3  every signature valid, but with --trust some signer does not chain to those roots
without --trust only integrity is checked: exit 0 says nothing about who signed."""


def cmd_verify(args: argparse.Namespace) -> int:
    from meetingroom.domain.signatures import Trust
    from meetingroom.signing.validate import describe, validate_pdf

    try:
        data = Path(args.file).read_bytes()
        roots = [Path(r).read_bytes() for r in args.trust or ()]
    except OSError as e:
        print(f"meetingroom verify: {e.strerror}: {e.filename}", file=sys.stderr)
        return 2
    report = validate_pdf(data, trust_roots=roots)
    for line in describe(report):
        print(line)
    if not report.all_valid:
        return 1
    if not roots:
        print("Integrity only: trust was not checked (no --trust given).")
        return 0
    untrusted = [n for n, s in enumerate(report.signatures, start=1)
                 if s.trust is not Trust.TRUSTED]
    if untrusted:
        print(f"NOT TRUSTED: signature(s) {', '.join(map(str, untrusted))} do not chain to "
              "the given --trust roots (exit 3).")
        return 3
    return 0


def cmd_verify_poll(args: argparse.Namespace) -> int:
    from meetingroom.domain.poll_check import check_record, load_record
    from meetingroom.domain.voting import VotingError

    try:
        loaded = load_record(Path(args.record).read_text(encoding="utf-8-sig"))
    except OSError as e:
        print(f"meetingroom verify-poll: {e.strerror}: {e.filename}", file=sys.stderr)
        return 2
    except (VotingError, UnicodeDecodeError) as e:
        print(f"meetingroom verify-poll: {args.record}: not a poll record ({e})",
              file=sys.stderr)
        return 2
    report = check_record(loaded, receipt=args.receipt,
                          choices=tuple(args.choice) if args.choice else None, lang=args.lang)
    for line in report.lines:
        print(line)
    return report.status
