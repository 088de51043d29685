"""The minutes through real sync engines: live status, catch-up, draft reads, minutes PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from meetingroom.domain.minutes import MinutesState
from meetingroom.errors import ForbiddenError
from meetingroom.protocol import requests as rq
from meetingroom.sync import events as ev


def _login(engine: Any, room: Any, name: str) -> None:
    engine.login(room.url, name, room.password(name), remember=True).result(20)


def _minutes_state(mid: str, state: MinutesState, versions: int) -> Any:
    return lambda e: (isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid
                      and e.snapshot.minutes is not None
                      and e.snapshot.minutes.state is state
                      and e.snapshot.minutes.latest_version == versions)


def test_status_reaches_a_second_client_live_and_the_writer_reads_the_text(
        room: Any, engines: Any) -> None:
    m = room.published_meeting()
    mid = m["meeting_id"]
    delegate, drec = engines("d")
    secretary, srec = engines("s")
    _login(delegate, room, "delegate")
    _login(secretary, room, "secretary")
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    srec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    res = secretary.outbox.command(rq.MinutesSave(meeting_id=mid, html="<p>Kết luận</p>",
                                                  base_version=0)).result(20)
    assert res["version"] == 1
    seen = drec.wait_for(_minutes_state(mid, MinutesState.DRAFT, 1))
    assert seen.snapshot.minutes.versions[0].author_name == "Secretary"
    assert [c.kind.value for c in seen.events] == ["minutes.updated"]
    version = secretary.minutes.get(mid).result(20)
    assert (version.info.number, version.html) == (1, "<p>Kết luận</p>")
    with pytest.raises(ForbiddenError):
        delegate.minutes.get(mid).result(20)


def test_a_reconnecting_client_catches_up_the_minutes_status(
        room: Any, engines: Any, tmp_path: Path) -> None:
    m = room.published_meeting()
    mid = m["meeting_id"]
    data = tmp_path / "tablet"
    delegate, drec = engines("d1", data_dir=data)
    _login(delegate, room, "delegate")
    drec.wait_for(lambda e: isinstance(e, ev.MeetingUpdated) and e.snapshot.meeting.id == mid)
    rev_before = delegate.meetings.snapshot(mid).rev
    delegate.stop()
    secretary, _ = engines("s")
    _login(secretary, room, "secretary")
    secretary.outbox.command(rq.MinutesSave(
        meeting_id=mid, html="<p>a</p>", base_version=0)).result(20)
    secretary.outbox.command(rq.MinutesSubmit(meeting_id=mid)).result(20)
    again, rec = engines("d2", data_dir=data)
    again.resume().result(20)
    caught = rec.wait_for(_minutes_state(mid, MinutesState.IN_REVIEW, 1))
    # caught up through the two missed events, not a fresh snapshot
    assert [c.rev for c in caught.events] == [rev_before + 1, rev_before + 2]
    assert again.meetings.snapshot(mid).minutes.state is MinutesState.IN_REVIEW
