"""``meetingroom admin backup`` refused as a process — a destination that exists, one that
cannot be written, a disk smaller than the data — says why in one line and exits non-zero,
writes nothing, and the ``meetingroom server`` process serving the same data goes on
taking ballots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from room_life import log_in, open_poll, received, seed_room, wait_until
from server_process import RoomProcess, mr
from small_disks import read_only_folder, tmpfs

from meetingroom.pdf.samples import make_pack

DOCUMENT_MIB = 24
DISK_MIB = 16
"""The small disk: less than the document alone."""


def test_refused_backups_say_why_in_one_line_and_the_server_keeps_serving(
        tmp_path: Path, engines: Any) -> None:
    (big,) = make_pack(tmp_path / "pdf", total_bytes=DOCUMENT_MIB * 2**20, count=1)
    data = tmp_path / "srv"
    mid, names = seed_room(data, delegates=4, document=big)
    server = RoomProcess(data, tsa=False)
    server.start()
    try:
        sec, _ = log_in(engines, server.url, "thuky", mid)
        voters = [log_in(engines, server.url, name, mid) for name in names]
        pid = open_poll(mid, secretary=sec, voters=[eng for eng, _ in voters])
        waiting = iter(voters)

        def refused(dest: Path, because: str) -> None:
            done = mr("admin", "--data", str(data), "backup", str(dest))
            assert done.returncode == 1, done
            assert done.stdout == ""
            assert done.stderr.splitlines() == [f"meetingroom admin: {because}"], done.stderr
            assert server.running
            eng, rec = next(waiting)  # the server still serves: a ballot gets through
            eng.voting.cast_ballot(mid, pid, ["yes"])
            wait_until(lambda: bool(received(rec)), what="a ballot after the refusal")

        kept = tmp_path / "last-night"
        kept.mkdir()
        (kept / "manifest.json").write_text("last night's backup")
        refused(kept, f"{kept} already exists; backups are never overwritten: give a new name")
        assert [p.name for p in kept.iterdir()] == ["manifest.json"]
        assert (kept / "manifest.json").read_text() == "last night's backup"

        with read_only_folder(tmp_path / "ro") as ro:
            why = "read-only file system" if os.geteuid() == 0 else "permission denied"
            refused(ro / "backup", f"cannot write in {ro}: {why}")
            assert list(ro.iterdir()) == []

        with tmpfs(tmp_path / "small", size_mib=DISK_MIB) as small:
            done = mr("admin", "--data", str(data), "backup", str(small / "backup"))
            assert done.returncode == 1
            assert done.stderr.startswith(f"meetingroom admin: not enough space in {small}: "
                                          "the backup needs about "), done.stderr
            assert "MiB are free" in done.stderr and len(done.stderr.splitlines()) == 1
            assert list(small.iterdir()) == []
            eng, rec = next(waiting)
            eng.voting.cast_ballot(mid, pid, ["no"])
            wait_until(lambda: bool(received(rec)), what="a ballot after the refusal")
    finally:
        server.stop()
    assert not server.tracebacks(), "".join(server.log)
