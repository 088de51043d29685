"""Command line: parse arguments and hand over, lazily importing only what a command needs."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
from pathlib import Path

from meetingroom import __version__
from meetingroom.cli_signing import (
    VERIFY_EXIT_CODES,
    cmd_sign,
    cmd_verify,
    cmd_verify_poll,
    quiet_signing_libraries,
)


def _data_dir(args: argparse.Namespace, kind: str) -> Path:
    from meetingroom.paths import default_data_dir

    return Path(args.data).expanduser() if args.data else default_data_dir(kind)


def _read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat: ") != first:
        raise SystemExit("the two entries differ")
    return first


def _private_umask() -> None:
    """The server and admin processes write only the room's data, which is nobody else's:
    whatever they create is private (the code creates its files 0600 anyway; this also
    covers what a library might write)."""
    os.umask(0o077)


def cmd_server(args: argparse.Namespace) -> int:
    import asyncio

    _private_umask()

    from meetingroom.server.app import run_server
    from meetingroom.server.config import ServerConfig
    from meetingroom.storage.db import DatabaseSetupError, check_database_url

    try:
        cfg = ServerConfig(
            data_dir=_data_dir(args, "server"), host=args.host, port=args.port, db_url=args.db,
            certfile=Path(args.cert) if args.cert else None,
            keyfile=Path(args.key) if args.key else None, insecure=args.insecure,
            session_hours=args.session_hours, max_per_address=args.max_per_address,
            max_connections=args.max_connections,
            tsa_port=(_tsa_port(args.tsa_port, args.port)
                      if args.tsa_url is None or args.tsa_port is not None else None),
            tsa_url=args.tsa_url, upgrade=not args.no_upgrade,
            upgrade_without_backup=args.yes_upgrade_without_backup,
            allow_unsealed_secret=args.allow_unsealed_secret_ballots,
            peer_sharing=args.peer_sharing)
        cfg.validate()
        check_database_url(cfg.database_url)
    except (ValueError, DatabaseSetupError) as e:
        print(f"meetingroom server: {e}", file=sys.stderr)
        return 2
    from meetingroom.errors import MeetingroomError

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_server(cfg))
    except DatabaseSetupError as e:  # newer, damaged, or older with --no-upgrade
        print(f"meetingroom server: {e}", file=sys.stderr)
        return 2
    except (MeetingroomError, OSError) as e:  # bad TSA key files, a port in use
        print(f"meetingroom server: {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    return 0


def _tsa_port(option: str | None, port: int) -> int | None:
    """``--tsa-port``: a number, ``off``, or by default the port after ``--port`` (0 if 0)."""
    if option is None:
        return port + 1 if port else 0
    if option.strip().lower() == "off":
        return None
    try:
        return int(option)
    except ValueError:
        raise ValueError(f"--tsa-port {option!r} is not a port number or 'off'") from None


def cmd_client(args: argparse.Namespace) -> int:
    from meetingroom.ui.shell.startup import run_client

    args.data = _data_dir(args, "client")
    return run_client(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from meetingroom.demo.run import run_demo

    return run_demo(delegates=args.delegates, smoke=args.smoke, lang=args.lang,
                    keep=Path(args.data) if args.data else None)


def cmd_bench(args: argparse.Namespace) -> int:
    from meetingroom.bench.run import run_bench

    return run_bench(quick=args.quick, json_path=Path(args.json) if args.json else None,
                     only=args.only)


def cmd_admin(args: argparse.Namespace) -> int:
    from meetingroom.domain.roles import Role
    from meetingroom.errors import MeetingroomError
    from meetingroom.server.admin import Admin
    from meetingroom.storage.db import DatabaseSetupError

    _private_umask()
    if args.object == "db":
        return cmd_admin_db(args)
    if args.object in ("backup", "restore", "verify-backup"):
        return _cmd_backup(args)
    try:
        admin = Admin.open(_data_dir(args, "server"), args.db)
    except DatabaseSetupError as e:
        print(f"meetingroom admin: {e}", file=sys.stderr)
        return 2
    try:
        what = (args.object, args.action)
        if what == ("user", "add"):
            pw = _read_secret(f"Password for {args.username}: ", args.password_stdin)
            u = admin.add_user(args.username, pw, role=Role.parse(args.role),
                               display_name=args.display_name)
            print(f"created user {u.username} ({u.role.value}) id={u.id}")
        elif what == ("user", "passwd"):
            ended = admin.set_password(args.username,
                                       _read_secret("New password: ", args.password_stdin))
            print(f"password changed for {args.username}; {ended} session(s) ended")
        elif what in (("user", "disable"), ("user", "enable")):
            ended = admin.set_disabled(args.username, args.action == "disable")
            print(f"{args.username} {args.action}d; {ended} session(s) ended")
        elif what == ("user", "list"):
            for u in admin.store.list_users():
                print(f"{u.username:20} {u.role.value:10} {u.display_name}")
        elif what == ("meeting", "create"):
            mid = admin.create_meeting(args.title, location=args.location,
                                       starts_at=args.starts_at, publish=args.publish)
            print(mid)
        elif what == ("meeting", "list"):
            for mid, title, status in admin.meeting_ids():
                print(f"{mid}  {status.value:9}  {title}")
        elif what == ("meeting", "publish"):
            admin.publish(admin.find_meeting(args.meeting))
            print("published")
        elif what == ("meeting", "participants"):
            admin.set_participants(admin.find_meeting(args.meeting), args.usernames,
                                   non_voting=tuple(args.non_voting or ()))
            print(f"{len(args.usernames)} participant(s) set")
        elif what == ("item", "add"):
            item = admin.add_item(admin.find_meeting(args.meeting), args.title,
                                  parent_id=args.parent, notes=args.notes)
            print(item.id)
        elif what == ("doc", "attach"):
            doc = admin.attach(admin.find_meeting(args.meeting), args.item, Path(args.file),
                               name=args.name)
            print(f"{doc.id} {doc.sha256} {doc.pages} pages")
        elif what == ("doc", "list"):
            for d in admin.documents(admin.find_meeting(args.meeting)):
                state = "current" if d.current else "replaced"
                print(f"{d.id}  v{d.version} {state:8}  item {d.item_id}  {d.name}")
        elif what == ("doc", "version"):
            doc = admin.new_version(admin.find_meeting(args.meeting), args.document,
                                    Path(args.file), name=args.name)
            print(f"{doc.id} {doc.sha256} {doc.pages} pages, version {doc.version}")
        elif what == ("trust", "add"):
            for root in admin.trust_add(Path(args.file), label=args.label):
                print(f"trusted {root.fingerprint}  {root.label}  (until {root.not_after})")
        elif what == ("trust", "list"):
            for root in admin.trust_list():
                print(f"{root.fingerprint}  {root.not_after}  {root.label}  [{root.subject}]")
        elif what == ("trust", "remove"):
            admin.trust_remove(args.fingerprint)
            print("removed")
        else:  # pragma: no cover - argparse enforces the choices
            return 2
    except (MeetingroomError, ValueError, OSError) as e:
        print(f"meetingroom admin: {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    finally:
        admin.close()
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    """``admin backup|restore|verify-backup``: unlike the other admin commands, they never
    create a database or a data folder before their checks have passed."""
    from meetingroom.errors import MeetingroomError
    from meetingroom.server.backup import BackupSource, write_backup
    from meetingroom.server.backup_manifest import verify_backup
    from meetingroom.server.restore import restore_backup
    from meetingroom.storage.db import DatabaseSetupError

    try:
        if args.object == "backup":
            dest = Path(args.dest).expanduser()
            m = write_backup(BackupSource(_data_dir(args, "server"), args.db), dest)
            print(f"backup written to {dest}: {len(m.files)} files, "
                  f"{m.size / 2**20:.1f} MiB, events up to #{m.last_event_seq}")
        elif args.object == "restore":
            if not args.data:
                print("meetingroom admin: restore needs --data DIR, the folder to bring the "
                      "room back into", file=sys.stderr)
                return 2
            r = restore_backup(Path(args.src).expanduser(), Path(args.data).expanduser(),
                               db_url=args.db, force=args.force)
            m = r.manifest
            print(f"restored the backup of {m.created_at} (events up to "
                  f"#{m.last_event_seq}) into {r.data_dir}")
            if r.moved_aside is not None:
                print(f"the folder's earlier contents are in {r.moved_aside}")
        else:
            m = verify_backup(Path(args.src).expanduser())
            print(f"{args.src}: backup of {m.created_at}, all {len(m.files)} files match "
                  "their SHA-256")
    except (MeetingroomError, DatabaseSetupError) as e:
        print(f"meetingroom admin: {getattr(e, 'message', e)}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"meetingroom admin: {e.strerror or e}"
              + (f": {e.filename}" if e.filename else ""), file=sys.stderr)
        return 1
    if m.missing_blobs:
        print(f"meetingroom admin: the backup lacks {len(m.missing_blobs)} document file(s) "
              "that were missing or damaged in the data folder (listed in its manifest as "
              "missing_blobs)", file=sys.stderr)
        return 1
    return 0


def cmd_admin_db(args: argparse.Namespace) -> int:
    """``admin db current|history|upgrade``: 0 done (current: at head), 1 not at head,
    2 the database cannot be read or upgraded."""
    from meetingroom.server import admin_db
    from meetingroom.server.config import ServerConfig
    from meetingroom.storage.db import DatabaseSetupError

    if args.action == "history":
        revisions = admin_db.history()
        for r in revisions:
            mark = " (head)" if r is revisions[-1] else ""
            print(f"{r.revision}{mark:7}  {r.description}")
        return 0
    data_dir = _data_dir(args, "server")
    url = ServerConfig(data_dir=data_dir, db_url=args.db).database_url
    try:
        if args.action == "current":
            st = admin_db.status(url)
            print(f"{st.revision}  {st.note}")
            return 0 if st.at_head else 1
        opened = admin_db.upgrade(url, data_dir=data_dir,
                                  without_backup=args.yes_upgrade_without_backup)
    except DatabaseSetupError as e:
        print(f"meetingroom admin db: {e}", file=sys.stderr)
        return 2
    if not opened.changed:
        print(f"already at {opened.after} (head); nothing to do")
    elif opened.before == "none":
        print(f"created the server database at {opened.after}")
    else:
        backup = f"; backup: {opened.backup}" if opened.backup else "; no backup was made"
        print(f"upgraded the server database from {opened.before} to {opened.after}{backup}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="meetingroom", description="Paperless meeting room.")
    p.add_argument("--version", action="version", version=f"meetingroom {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("server", help="run the meeting-room server")
    s.add_argument("--data", help="data directory (default: per-user data dir)")
    s.add_argument("--db", help="SQLAlchemy database URL (default: SQLite in the data dir)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--cert", help="TLS certificate (PEM) for wss://")
    s.add_argument("--key", help="TLS private key (PEM)")
    s.add_argument("--insecure", action="store_true",
                   help="allow plain ws:// on a non-loopback address")
    s.add_argument("--session-hours", type=float, default=24.0)
    s.add_argument("--max-per-address", type=int, default=64,
                   help="simultaneous connections from one IP address (default: 64)")
    s.add_argument("--max-connections", type=int, default=None,
                   help="simultaneous connections in all (default: what the open-files "
                        "limit allows, less a reserve of up to 160 descriptors)")
    s.add_argument("--tsa-port", metavar="PORT|off",
                   help="RFC 3161 timestamp service for PAdES-B-T signatures (default: the "
                        "port after --port; 0 = any free port; off = none)")
    s.add_argument("--tsa-url", metavar="URL",
                   help="advertise an external RFC 3161 timestamp service instead of our own")
    s.add_argument("--allow-unsealed-secret-ballots", action="store_true",
                   help="accept secret polls opened by apps before 0.3, whose ballots are stored "
                        "readable on this server (default: a secret poll opens only sealed)")
    s.add_argument("--peer-sharing", action="store_true",
                   help="let the devices of a meeting fetch its documents from each other "
                        "(checked piece by piece); only on a wired, switched LAN: on one "
                        "Wi-Fi access point it slows the room down (default: off)")
    s.add_argument("--no-upgrade", action="store_true",
                   help="refuse to start on a database older than this release instead of "
                        "backing it up and upgrading it")
    s.add_argument("--yes-upgrade-without-backup", action="store_true",
                   help="PostgreSQL: upgrade even if pg_dump cannot back the database up")
    s.set_defaults(func=cmd_server)

    c = sub.add_parser("client", help="open the desktop client")
    c.add_argument("--server", help="server URL, e.g. wss://room.local:8765")
    c.add_argument("--data", help="local cache directory")
    c.add_argument("--lang", choices=["vi", "en"])
    c.add_argument("--theme", choices=["light", "dark", "system"])
    c.add_argument("--ca", help="trust this CA certificate (PEM) for the room server's wss://")
    c.set_defaults(func=cmd_client)

    d = sub.add_parser("demo", help="embedded server + sample meeting + client windows")
    d.add_argument("--delegates", type=int, default=0, help="open N delegate windows too")
    d.add_argument("--smoke", action="store_true", help="run headless, check, print a summary")
    d.add_argument("--lang", choices=["vi", "en"])
    d.add_argument("--data", help="keep the demo data here instead of a throw-away dir")
    d.set_defaults(func=cmd_demo)

    b = sub.add_parser("bench", help="measure against the targets; prints a table")
    b.add_argument("--quick", action="store_true", help="reduced sizes (a few minutes)")
    b.add_argument("--json", help="also write the rows to this file")
    b.add_argument("--only", action="append", help="run only benchmarks whose name has this")
    b.set_defaults(func=cmd_bench)

    sg = sub.add_parser("sign", help="sign a PDF (PAdES) with a PKCS#12 file or a token")
    sg.add_argument("--in", dest="input", required=True, metavar="FILE", help="PDF to sign")
    sg.add_argument("--out", dest="output", required=True, metavar="FILE",
                    help="signed PDF to write (may be the same file as --in)")
    sg.add_argument("--force", action="store_true",
                    help="replace an existing --out file that is not the --in file")
    key = sg.add_mutually_exclusive_group(required=True)
    key.add_argument("--p12", metavar="FILE", help="PKCS#12 (.p12/.pfx) key file")
    key.add_argument("--pkcs11-module", metavar="LIB", help="PKCS#11 library of the token")
    sg.add_argument("--token", metavar="LABEL", help="token label (with --pkcs11-module)")
    sg.add_argument("--key-label", metavar="LABEL", help="key on the token (default: the only one)")
    sg.add_argument("--tsa", metavar="URL", help="RFC 3161 timestamp server (PAdES-B-T)")
    sg.add_argument("--tsa-ca", metavar="PEM", help="CA bundle for an https timestamp server")
    sg.add_argument("--role", default="", help="your role, shown on the stamp and recorded")
    sg.add_argument("--location", default="")
    sg.add_argument("--reason", default="")
    sg.set_defaults(func=cmd_sign)

    vf = sub.add_parser("verify", help="check every signature of a PDF (offline)",
                        epilog=VERIFY_EXIT_CODES,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    vf.add_argument("file")
    vf.add_argument("--trust", action="append", metavar="ROOT.pem",
                    help="trusted root certificate (PEM or DER); repeatable")
    vf.set_defaults(func=cmd_verify)

    vp = sub.add_parser("verify-poll", help="recount a published poll record (exported JSON)",
                        epilog="exit status: 0 everything checked; 1 a problem was found; "
                               "2 unreadable file or bad arguments; 3 nothing wrong found "
                               "in a version-1 record, which cannot be checked in full")
    vp.add_argument("record", metavar="RECORD.json")
    vp.add_argument("--receipt", metavar="CODE", help="check that this ballot is in the record")
    vp.add_argument("--choice", action="append", metavar="OPTION_ID",
                    help="the option you chose (repeat for several; with --receipt)")
    vp.add_argument("--lang", choices=["en", "vi"], default="en")
    vp.set_defaults(func=cmd_verify_poll)

    a = sub.add_parser("admin", help="administer a server's data without the GUI")
    a.add_argument("--data", help="server data directory")
    a.add_argument("--db", help="SQLAlchemy database URL")
    asub = a.add_subparsers(dest="object", required=True)
    u = asub.add_parser("user").add_subparsers(dest="action", required=True)
    ua = u.add_parser("add")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, help="admin, secretary, chair, delegate, observer")
    ua.add_argument("--display-name")
    ua.add_argument("--password-stdin", action="store_true",
                    help="read the password from standard input")
    up = u.add_parser("passwd", help="change a password (ends the user's sessions)")
    up.add_argument("username")
    up.add_argument("--password-stdin", action="store_true")
    for verb, text in (("disable", "block an account and end its sessions"),
                       ("enable", "unblock an account")):
        u.add_parser(verb, help=text).add_argument("username")
    u.add_parser("list")
    m = asub.add_parser("meeting").add_subparsers(dest="action", required=True)
    mc = m.add_parser("create")
    mc.add_argument("title")
    mc.add_argument("--location", default="")
    mc.add_argument("--starts-at", default="", help="e.g. 2026-12-01T08:00")
    mc.add_argument("--publish", action="store_true")
    m.add_parser("list")
    mp = m.add_parser("publish")
    mp.add_argument("meeting", help="meeting id or exact title")
    mpart = m.add_parser("participants")
    mpart.add_argument("meeting")
    mpart.add_argument("usernames", nargs="+")
    mpart.add_argument("--non-voting", nargs="*")
    i = asub.add_parser("item").add_subparsers(dest="action", required=True)
    ia = i.add_parser("add")
    ia.add_argument("meeting")
    ia.add_argument("title")
    ia.add_argument("--parent", help="parent item id (nests the new item)")
    ia.add_argument("--notes", default="")
    dd = asub.add_parser("doc").add_subparsers(dest="action", required=True)
    da = dd.add_parser("attach")
    da.add_argument("meeting")
    da.add_argument("item", help="agenda item id")
    da.add_argument("file", help="PDF file")
    da.add_argument("--name", help="name shown to participants (default: file name)")
    dd.add_parser("list", help="every document of a meeting with its id and version"
                  ).add_argument("meeting")
    dv = dd.add_parser("version", help="make a PDF the new version of a document (the "
                                       "old version stays readable)")
    dv.add_argument("meeting")
    dv.add_argument("document", help="id of the document's current version")
    dv.add_argument("file", help="PDF file")
    dv.add_argument("--name", help="new name shown to participants (default: unchanged)")
    tr = asub.add_parser("trust", help="root certificates trusted for signed minutes")
    trs = tr.add_subparsers(dest="action", required=True)
    tra = trs.add_parser("add", help="trust the CA certificate(s) in a PEM (or DER) file")
    tra.add_argument("file")
    tra.add_argument("--label", help="name shown in the list (default: the subject's CN)")
    trs.add_parser("list")
    trs.add_parser("remove", help="stop trusting a root").add_argument(
        "fingerprint", help="SHA-256 fingerprint as shown by 'trust list'")
    bk = asub.add_parser("backup", help="write a consistent backup, also while the server "
                                        "is serving")
    bk.add_argument("dest", help="new folder for the backup (never overwritten)")
    rs = asub.add_parser("restore", help="bring a backup back into an empty data folder")
    rs.add_argument("src", help="backup folder")
    rs.add_argument("--force", action="store_true",
                    help="restore into a folder that is not empty, moving its contents "
                         "aside into before-restore-TIMESTAMP/ first")
    vb = asub.add_parser("verify-backup", help="check every file of a backup against its "
                                               "manifest (writes nothing)")
    vb.add_argument("src", help="backup folder")
    for sp in (bk, rs):  # also accepted after the command: admin restore SRC --data DIR
        sp.add_argument("--data", default=argparse.SUPPRESS, help="server data directory")
        sp.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy database URL")
    db = asub.add_parser("db", help="the database's schema revision and its upgrade")
    dbs = db.add_subparsers(dest="action", required=True)
    dbu = dbs.add_parser("upgrade", help="back the database up, then upgrade it to this "
                                         "release's schema (stop the server first)")
    dbu.add_argument("--yes-upgrade-without-backup", action="store_true",
                     help="PostgreSQL: upgrade even if pg_dump cannot back the database up")
    dbs.add_parser("current", help="the database's revision and whether it is at head "
                                   "(exit 0 at head, 1 otherwise)")
    dbs.add_parser("history", help="every revision, oldest first")
    a.set_defaults(func=cmd_admin)
    return p


def entry() -> int:
    """The program's entry point: ``python -m meetingroom`` and the bundle's executable.

    In the bundle our worker processes are this same program with a hidden first argument
    (see meetingroom/processes.py); anything else is an ordinary command line.
    """
    from meetingroom.processes import run_worker

    status = run_worker(sys.argv)
    return main() if status is None else status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # websockets logs whole frames at DEBUG, passwords and tokens included: never below INFO
    logging.getLogger("websockets").setLevel(logging.INFO if args.verbose else logging.WARNING)
    # Alembic narrates every step at INFO; meetingroom.storage says what was done
    logging.getLogger("alembic").setLevel(logging.INFO if args.verbose else logging.WARNING)
    quiet_signing_libraries(args.verbose)  # the server validates, the client signs: any command
    if args.command == "sign" and args.pkcs11_module and not args.token:
        build_parser().error("--pkcs11-module needs --token LABEL")
    if args.command == "verify-poll" and args.choice and not args.receipt:
        build_parser().error("--choice needs --receipt CODE")
    return int(args.func(args))
