"""Test of record for backups: ``meetingroom admin backup`` runs as a process while a real
``meetingroom server`` process takes a steady stream of secret ballots; the backup is
restored into a new data folder with ``meetingroom admin restore`` and a server started
on it. Every ballot acknowledged before the backup began is there exactly once, the blob
store verifies and serves, the signed minutes still validate with a timestamp from the
same authority (same key), the trusted roots came back (a co-signature made against the
restored room is trusted and timestamped), and no file of the three folders is open to
others."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from room_life import (
    CHOICES,
    close_poll,
    document_file,
    log_in,
    open_poll,
    open_to_others,
    password,
    received,
    seed_room,
    sign_the_minutes,
    wait_until,
)
from server_process import RoomProcess, mr
from signing_fixtures import PASSPHRASE, make_pki, write_p12

from meetingroom.domain.polls import BallotState, verify_record
from meetingroom.domain.signatures import Trust
from meetingroom.signing.sign import StampText, sign_pdf
from meetingroom.signing.sources import Pkcs12Source
from meetingroom.signing.validate import validate_pdf
from meetingroom.storage.blobs import sha256_file

N_DELEGATES = 24
FIRST_ACKS = 6
"""The backup starts once this many ballots are acknowledged (the rest still to come)."""
BALLOT_EVERY = 0.06
"""Seconds between two delegates casting: a steady stream through the backup."""


def _count(acks: dict[str, dict[str, tuple[str, ...]]]) -> int:
    return sum(len(a) for a in acks.values())


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        data: bytes = answer.read()
    return data


def test_a_backup_taken_while_ballots_arrive_brings_the_room_back(
        tmp_path: Path, engines: Any) -> None:
    pki, keys_dir = make_pki(), tmp_path
    ca = tmp_path / "ca.pem"
    ca.write_bytes(pki.ca.pem)
    data, backup, restored = tmp_path / "srv", tmp_path / "backup", tmp_path / "restored"
    mid, names = seed_room(data, delegates=N_DELEGATES, trust=ca)
    server = RoomProcess(data)
    server.start()
    try:
        sec = log_in(engines, server.url, "thuky", mid)
        chair = log_in(engines, server.url, "chutich", mid)
        signed = sign_the_minutes(
            mid, secretary=sec, chair=chair, tsa_url=server.tsa_url, workdir=tmp_path,
            source=Pkcs12Source(write_p12(keys_dir / "thuky.p12", pki.ec_signer,
                                          [pki.ca.cert]), PASSPHRASE)).signed
        assert signed is not None
        fleet = {name: log_in(engines, server.url, name, mid) for name in names}
        pid = open_poll(mid, secretary=sec[0], voters=[eng for eng, _ in fleet.values()])

        def acked() -> dict[str, dict[str, tuple[str, ...]]]:
            return {name: received(rec) for name, (_, rec) in fleet.items()}

        def vote() -> None:  # one delegate after another, through the whole backup
            for i, name in enumerate(names):
                fleet[name][0].voting.cast_ballot(mid, pid, [CHOICES[i % 3]])
                time.sleep(BALLOT_EVERY)

        voting = threading.Thread(target=vote, name="voters")
        voting.start()
        try:
            wait_until(lambda: _count(acked()) >= FIRST_ACKS, what="the first ballots")
            before = acked()  # acknowledged (so committed) before the backup process began
            done = mr("admin", "--data", str(data), "backup", str(backup))
            after = acked()
        finally:
            voting.join(60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"backup written to {backup}:"), done.stdout
        counts = f"acknowledged before the backup: {_count(before)}, after: {_count(after)}"
        assert _count(before) < N_DELEGATES, counts  # the backup began in the middle of the poll
        assert _count(after) > _count(before), counts  # and ballots were acknowledged meanwhile
        for name, (eng, _) in fleet.items():  # it kept serving: every ballot got through
            wait_until(lambda e=eng: [b.state for b in e.voting.ballots(mid)]
                       == [BallotState.RECEIVED],
                       what=f"{name}'s ballot acknowledged")
        tsa_key = (data / "tsa" / "tsa-key.pem").read_bytes()
        tsa_cert = _fetch(f"{server.tsa_url}.crt")
    finally:
        server.stop()
    assert not server.tracebacks(), "".join(server.log)

    assert mr("admin", "verify-backup", str(backup)).returncode == 0
    done = mr("admin", "restore", str(backup), "--data", str(restored))
    assert done.returncode == 0, done.stderr
    again = RoomProcess(restored)
    again.start()
    try:
        sec2, srec2 = log_in(engines, again.url, "thuky", mid, data_dir=tmp_path / "sec2")
        # the chair's and delegates' own tablets come back to the restored room; the
        # secretary is on another device now, so its key share is lost: 2 of 3 trustees
        # (the chair and a delegate) still open the box
        tablets = {"chutich": chair[0], **{name: eng for name, (eng, _) in fleet.items()}}
        for name, eng in tablets.items():
            eng.login(again.url, name, password(name), remember=False).result(30)
        closed = {"poll": close_poll(mid, pid, secretary=sec2, trustees=list(tablets.values()))}
        record = sec2.voting.poll_record(mid, pid).result(30)
        assert verify_record(record).ok
        receipts = [receipt for receipt, _ in record.ballots]
        assert len(set(receipts)) == len(receipts) == len(set(record.voters)) == len(
            record.voters)
        assert closed["poll"]["result"]["ballots_cast"] == len(receipts)
        for name, acks in before.items():  # every ballot acknowledged before: once
            for receipt, choices in acks.items():
                assert (receipt, tuple(sorted(choices))) in record.ballots, name
            assert not acks or f"Đại biểu {name[-2:]}" in record.voters
        assert len(receipts) >= _count(before)

        # the blob store: every file is the bytes it is named after, and the restored
        # server hands out the document and both minutes files as they were
        blobs = sorted((restored / "blobs").glob("??/*"))
        assert blobs and all(sha256_file(b) == b.name for b in blobs)
        snap = sec2.meetings.snapshot(mid)
        assert snap is not None and snap.minutes is not None and snap.minutes.pdf is not None
        wanted = [*(d.sha256 for d in snap.documents), snap.minutes.pdf.sha256,
                  signed.file.sha256]
        for sha in wanted:
            got = document_file(sec2, srec2, sha).read_bytes()
            assert got == (data / "blobs" / sha[:2] / sha).read_bytes()

        # the timestamp authority is the same: same key, same certificate served
        assert (restored / "tsa" / "tsa-key.pem").read_bytes() == tsa_key
        assert again.tsa_url is not None and _fetch(f"{again.tsa_url}.crt") == tsa_cert
        # the signed minutes still validate, with the room's timestamp
        report = validate_pdf(document_file(sec2, srec2, signed.file.sha256).read_bytes(),
                              trust_roots=[pki.ca.pem], timestamp_roots=[tsa_cert])
        assert report.all_valid and len(report.signatures) == 1
        assert report.signatures[0].timestamped and report.signatures[0].trust is Trust.TRUSTED

        # the restored room goes on: the chair co-signs, timestamped by the restored
        # authority; the server checks it against the restored trusted roots
        chair2, crec2 = log_in(engines, again.url, "chutich", mid, data_dir=tmp_path / "ch2")
        cosigned = tmp_path / "bien-ban-dong-ky.pdf"
        sign_pdf(document_file(chair2, crec2, signed.file.sha256), cosigned,
                 Pkcs12Source(write_p12(keys_dir / "chutich.p12", pki.rsa_signer,
                                        [pki.ca.cert]), PASSPHRASE),
                 StampText(role="Chủ tịch"), tsa_url=again.tsa_url)
        status = chair2.minutes.upload_signed(mid, cosigned).result(60)
        assert status.signed is not None
        checks = status.signed.report.signatures
        assert [(c.trust, c.timestamped) for c in checks] == [(Trust.TRUSTED, True)] * 2
    finally:
        again.stop()
    assert not again.tracebacks(), "".join(again.log)
    assert open_to_others(data, backup, restored) == []
