"""The server's cable pulled for a minute in the middle of a poll and of a download, on the
simulated LAN: the delegate's app says so within seconds, keeps the ballot cast meanwhile
as "not recorded yet" and gets it recorded once the cable is back, and the download goes
on from where it stopped — nothing lost or doubled, and nobody had to press anything."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from pathlib import Path

import pytest
from lan_room import delegate_engine, needs_lan, poll_status, room_on_lan, wait_until

from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.pdf.samples import make_pack
from meetingroom.protocol import requests as rq
from meetingroom.sync import connection
from meetingroom.sync.events import ConnectionState

pytestmark = [pytest.mark.lan, pytest.mark.timeout(600)]

OUTAGE = 60.0
SERVER_MBIT = 20.0
"""The server's link: slow enough that a 40 MiB document takes ~17 s, so the cut finds
the download mid-way."""


def test_a_minute_without_the_server_loses_and_doubles_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    needs_lan()
    caplog.set_level(logging.INFO, logger="meetingroom.sync.download")
    (pdf,) = make_pack(tmp_path / "pdfs", total_bytes=40 * 2**20, count=1)
    size, sha = pdf.stat().st_size, hashlib.sha256(pdf.read_bytes()).hexdigest()
    with room_on_lan(tmp_path, document=pdf, server_mbit=SERVER_MBIT, here_mbit=100) as room:
        mid = room.meeting_id
        room.secretary("live.phase", {"phase": "in_session"})
        room.secretary("attendance.check_in", {"present": True})
        rx_before = room.here.received_bytes()
        eng, _rec = delegate_engine(tmp_path, room)  # the download starts now
        eng.outbox.command(rq.AttendanceCheckIn(meeting_id=mid, present=True)).result(60)
        pid = room.open_named_poll()
        wait_until(lambda: poll_status(eng, mid, pid) is PollStatus.OPEN, 60, "the poll open")

        def have() -> int:
            part = eng.documents.partial_download(sha)
            return 0 if part is None else part.have
        wait_until(lambda: have() >= size * 0.3, 120, "a third of the document on disk")
        assert eng.documents.ready_path(sha) is None  # mid-way: the cut must find it downloading
        assert eng.state is ConnectionState.ONLINE

        room.server.cut()
        cut_at = time.monotonic()
        cast = eng.voting.cast_ballot(mid, pid, ["yes"])
        wait_until(lambda: len(eng.voting.ballots(mid)) == 1, 5, "the ballot stored on the tablet")
        (ballot,) = eng.voting.ballots(mid)
        assert ballot.state is BallotState.STORED  # "not recorded yet", at once
        to_offline = wait_until(lambda: eng.state is not ConnectionState.ONLINE, 60,
                                "the dead link noticed")
        assert to_offline <= connection.DEAD_AFTER + 2 * connection.KEEPALIVE_TICK + 1
        assert cast.result(30).state is BallotState.STORED
        on_disk = have()
        assert 0 < on_disk < size, on_disk
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - cut_at)))
        assert eng.state is not ConnectionState.ONLINE
        assert [b.state for b in eng.voting.ballots(mid)] == [BallotState.STORED]
        assert have() == on_disk  # silence: not a byte arrived

        room.server.mend()
        mended_at = time.monotonic()
        to_online = wait_until(lambda: eng.state is ConnectionState.ONLINE, 120,
                               "back online with no one pressing anything")
        to_recorded = wait_until(
            lambda: [b.state for b in eng.voting.ballots(mid)] == [BallotState.RECEIVED], 60,
            "the ballot cast during the outage recorded")
        to_recorded += to_online
        wait_until(lambda: eng.documents.ready_path(sha) is not None, 180, "the download finished")
        done = time.monotonic() - mended_at
        path = eng.documents.ready_path(sha)
        assert path is not None
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha
        carried = room.here.received_bytes() - rx_before

        closed = room.close_poll(pid)
        assert dict(closed["result"]["counts"]) == {"yes": 1, "no": 0, "abstain": 0}
        assert closed["turnout"] == 1  # exactly once
        eng.stop()

    # resumed where the file stopped, not from 0: the engine said so, and the link carried
    # the document about once (from 0 it would have carried size + on_disk at least)
    resumed = [int(m.group(1)) for r in caplog.records
               if (m := re.search(r"resuming \w+ at (\d+) of", r.getMessage()))]
    assert resumed == [on_disk], (resumed, on_disk)
    assert size <= carried < size + on_disk, (carried, size, on_disk)
    with capsys.disabled():
        print(f"\n[lan outage] {SERVER_MBIT:g} Mbit server link cut {OUTAGE:.0f} s with "
              f"{on_disk / size:.0%} of {size / 2**20:.0f} MiB on disk: offline after "
              f"{to_offline:.2f} s; after the link returned: online in {to_online:.2f} s, "
              f"ballot recorded in {to_recorded:.2f} s, download done in {done:.1f} s; link "
              f"carried {carried / size:.3f}× the document")
