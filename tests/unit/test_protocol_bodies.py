"""Typed request bodies: what absent, null and present decode to, and the one set of checks."""

from __future__ import annotations

import pytest

from meetingroom.errors import ProtocolError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.body_fields import OMITTED
from meetingroom.protocol.poll_requests import PollUpdate
from meetingroom.protocol.requests import AgendaAdd, MeetingUpdate, SpeakersOrder


def test_an_absent_optional_field_takes_its_default() -> None:
    assert msg.validate_body("meeting.update", {"meeting_id": "m"}) == MeetingUpdate(
        meeting_id="m", title=None, location=None, starts_at=None)
    assert msg.validate_body("speakers.order", {"meeting_id": "m", "queue": []}) == (
        SpeakersOrder(meeting_id="m", queue=[], keep_others=True))


def test_null_is_refused_unless_the_field_is_nullable() -> None:
    with pytest.raises(ProtocolError, match="field 'title' has the wrong type"):
        msg.validate_body("meeting.update", {"meeting_id": "m", "title": None})
    assert msg.validate_body("agenda.add", {"meeting_id": "m", "title": "t",
                                            "parent_id": None}) == AgendaAdd(
        meeting_id="m", title="t", parent_id=None)


def test_poll_update_tells_a_left_out_item_from_a_cleared_one() -> None:
    left_out = msg.validate_body("poll.update", {"meeting_id": "m", "poll_id": "p"})
    cleared = msg.validate_body("poll.update", {"meeting_id": "m", "poll_id": "p",
                                                "item_id": None})
    assert isinstance(left_out, PollUpdate) and isinstance(cleared, PollUpdate)
    assert left_out.item_id is OMITTED and cleared.item_id is None


def test_a_long_field_is_long_only_where_declared() -> None:
    msg.validate_body("minutes.save", {"meeting_id": "m", "html": "x" * 5000,
                                       "base_version": 0})
    with pytest.raises(ProtocolError, match="field 'comment' is too long"):
        msg.validate_body("minutes.save", {"meeting_id": "m", "html": "",
                                           "base_version": 0, "comment": "x" * 2001})


def test_bodies_are_frozen_values() -> None:
    body = msg.validate_body("meeting.publish", {"meeting_id": "m"})
    with pytest.raises(AttributeError):
        body.meeting_id = "other"  # type: ignore[attr-defined]
