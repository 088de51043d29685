"""The committed 0.1.0 room (tests/fixtures/schema-0.1.0): copies of it, its manifest, and
checks that a database still holds every row the manifest lists and that people find
their room in it."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import column, create_engine, inspect, select, table
from sqlalchemy.pool import NullPool

from meetingroom.protocol import requests as rq

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schema-0.1.0"
VERSION_TABLE = "alembic_version"


@cache
def manifest() -> dict[str, Any]:
    return json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))


def expect() -> dict[str, Any]:
    return manifest()["expect"]


def copy_server(dest: Path) -> Path:
    """A copy of the fixture's server data directory at ``dest`` (server.sqlite, blobs/)."""
    shutil.copytree(FIXTURE / "server", dest)
    return dest


def copy_cache(dest_dir: Path) -> Path:
    """The fixture's tablet cache copied to ``dest_dir/cache.sqlite``."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(FIXTURE / "client" / "cache.sqlite", dest_dir / "cache.sqlite"))


def table_keys(url: str) -> dict[str, list[Any]]:
    """Per table (not the version table): its primary keys, sorted (any dialect)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            out: dict[str, list[Any]] = {}
            for name in insp.get_table_names():
                if name == VERSION_TABLE:
                    continue
                pk = insp.get_pk_constraint(name)["constrained_columns"]
                rows = conn.execute(select(*(column(c) for c in pk)).select_from(table(name)))
                out[name] = sorted(list(r) if len(pk) > 1 else r[0] for r in rows)
            return out
    finally:
        engine.dispose()


def row_differences(url: str, part: str = "server", *, added: bool = True
                    ) -> dict[str, dict[str, Any]]:
    """How the database differs from the manifest's ``part`` (server or client): per table
    the keys ``lost`` and (with ``added``) the keys ``added`` since. Empty when the rows
    are the same. Volatile tables (expired sessions are deleted at start) are skipped."""
    want = manifest()[part]["tables"]
    have = table_keys(url)
    skip = set(manifest()["volatile_tables"]) if part == "server" else set()
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(set(want) | set(have)):
        if name in skip:
            continue
        wanted = {json.dumps(k) for k in want.get(name, {}).get("keys", [])}
        held = {json.dumps(k) for k in have.get(name, [])}
        diff = {"lost": sorted(wanted - held)}
        if added:
            diff["added"] = sorted(held - wanted)
        if any(diff.values()):
            out[name] = diff
    return out


def snapshot_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path -> SHA-256): to prove nothing changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def password(username: str) -> str:
    return f"password-{username}"


def _wait(cond: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def check_room(server_url: str, engines: Any, *, trust_roots: Sequence[bytes]) -> None:
    """The fixture's people log in with real engines and find everything the manifest
    lists: the agenda tree, every document (downloaded and verified), their notes, the
    polls with results and verifiable records, the minutes with valid signatures. Then a
    change goes through, so the event log goes on where it stopped."""
    from meetingroom.domain.minutes import MinutesState
    from meetingroom.domain.polls import PollStatus, verify_record
    from meetingroom.domain.signatures import Trust
    from meetingroom.signing.validate import validate_pdf
    from meetingroom.sync import events as ev

    e = expect()
    mid = e["published_meeting"]
    people = {}
    for name in ("delegate", "secretary"):
        eng, rec = engines(f"after-upgrade-{name}")
        eng.login(server_url, name, password(name), remember=False).result(30)
        people[name] = (eng, rec)
    eng, rec = people["delegate"]
    _wait(lambda: eng.meetings.snapshot(mid) is not None, "the delegate sees the meeting")
    snap = eng.meetings.snapshot(mid)
    assert snap is not None
    assert snap.meeting.title == next(m["title"] for m in e["meetings"] if m["id"] == mid)
    assert snap.rev == next(m["rev"] for m in e["meetings"] if m["id"] == mid)
    assert sorted((i.id, i.parent_id, i.position, i.title) for i in snap.items) == sorted(
        (i["id"], i["parent_id"], i["position"], i["title"])
        for i in e["agenda_items"] if i["meeting_id"] == mid)
    assert sorted((d.id, d.item_id, d.sha256, d.size, d.version, d.replaces, d.replaced_by)
                  for d in snap.documents) == sorted(
        (d["id"], d["item_id"], d["sha256"], d["size"], d["version"], d["replaces"],
         d["replaced_by"]) for d in e["documents"] if d["meeting_id"] == mid)
    minutes = snap.minutes
    assert minutes is not None and minutes.state is MinutesState.SIGNED
    assert minutes.pdf is not None and minutes.signed is not None
    assert minutes.pdf.sha256 == e["minutes"]["pdf_sha256"]
    assert minutes.signed.file.sha256 == e["minutes"]["signed_sha256"]
    for sha in e["blobs"]:  # every blob the meeting holds, fetched and hash-checked
        rec.wait_for(lambda x, s=sha: isinstance(x, ev.DocumentAvailable) and x.sha256 == s)
        path = eng.documents.verified_path(sha)
        assert path is not None
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha
    # the minutes' signatures, checked again by the project's validator now
    signed = Path(str(eng.documents.verified_path(minutes.signed.file.sha256))).read_bytes()
    report = validate_pdf(signed, trust_roots=trust_roots)
    assert report.all_valid, report
    assert [s.signer_name for s in report.signatures] == e["minutes"]["signers"]
    assert all(s.trust is Trust.TRUSTED for s in report.signatures)
    # notes backed up on the server: the delegate's own and the shared one, nobody else's
    _wait(lambda: {n.id for n in eng.notes.visible(mid)} == {"n-del-ink", "n-del-sticky",
                                                             "n-sec-shared"},
          "the delegate's notes come back from the server")
    for want in e["polls"]:
        poll = snap.poll(want["id"])
        assert poll is not None and poll.status is PollStatus.CLOSED and poll.result
        assert poll.turnout == want["turnout"]
        assert poll.result.outcome.value == want["outcome"]
        assert dict(poll.result.counts) == want["counts"]
        record = eng.voting.poll_record(mid, want["id"]).result(30)
        assert verify_record(record).ok
        assert len(record.ballots) == want["ballots"] and len(record.voters) == want["voters"]
        assert len(record.named) == (want["voters"] if want["ballot_type"] == "named" else 0)
    sec, _ = people["secretary"]
    latest = sec.minutes.get(mid).result(30)
    assert latest.info.number == e["minutes"]["versions"] and "Bổ sung" in latest.html
    added = sec.outbox.command(rq.AgendaAdd(meeting_id=mid, title="Sau nâng cấp", parent_id=None,
                                            notes="")).result(30)
    _wait(lambda: any(i.id == added["item"]["id"] for i in eng.meetings.snapshot(mid).items),
          "the delegate sees an item added after the upgrade")
    after = eng.meetings.snapshot(mid)
    assert after is not None and after.rev == snap.rev + 1
