"""Replies the client reads, each read once into typed values: what a server may send
(older ones leave fields out) is accepted, what no server sends is a ProtocolError there."""

from __future__ import annotations

from typing import Any

import pytest
from notes_fixtures import ink_note

from meetingroom.domain.model import Meeting, MeetingStatus
from meetingroom.errors import ProtocolError
from meetingroom.protocol.replies import (
    BlobStatusReply,
    BoxReply,
    LoginReply,
    MeetingsListReply,
    NotesListReply,
    PollReply,
    TrusteeKeysReply,
)

USER = {"id": "u1", "username": "chutoa", "display_name": "Chủ tọa", "role": "chair"}


def test_a_login_reply_reads_the_user_the_token_and_what_the_server_says_of_itself() -> None:
    got = LoginReply.from_wire({"token": "t", "user": USER, "expires_at": 5,
                                "server": {"version": "9" * 60, "protocol": 1},
                                "tsa": {"scheme": "http", "port": 8766, "path": "/tsa"}})
    assert (got.user.display_name, got.token, got.expires_at) == ("Chủ tọa", "t", 5.0)
    assert got.server_version == "9" * 40  # clipped: it is shown, never trusted
    assert got.tsa == {"scheme": "http", "port": 8766, "path": "/tsa"}
    old = LoginReply.from_wire({"user": USER})  # a resume, from a server before 0.2.0
    assert (old.token, old.server_version, old.tsa) == (None, "", None)


@pytest.mark.parametrize("reply", [{}, {"user": "u1"}, {"user": {**USER, "role": "king"}}])
def test_a_login_reply_without_a_readable_user_is_refused(reply: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError, match="server sent"):
        LoginReply.from_wire(reply)


def test_the_meetings_list_reads_each_meeting_and_its_revision() -> None:
    m = Meeting("m1", "Kỳ họp thứ 12", "Phòng 1", "2026-12-01T08:00", MeetingStatus.PUBLISHED,
                "u1")
    got = MeetingsListReply.from_wire({"meetings": [{"meeting": m.to_dict(), "rev": 7}]})
    assert got.meetings == ((m, 7),) and got.ids == {"m1"}
    with pytest.raises(ProtocolError):
        MeetingsListReply.from_wire({"meetings": [{"rev": 7}]})
    with pytest.raises(ProtocolError):
        MeetingsListReply.from_wire({"meetings": {"m1": 7}})


def test_a_malformed_note_is_left_out_and_counted_the_rest_arrive() -> None:
    good = ink_note("n1", "a" * 64, 0, [(10, 10), (20, 20)])
    bad = {**good.to_dict(), "kind": "graffiti"}
    got = NotesListReply.from_wire({"notes": [bad, good.to_dict()], "gone": ["n9"],
                                    "seq": 12, "more": True})
    assert got.notes == (good,) and got.malformed == 1
    assert (got.gone, got.seq, got.more) == (("n9",), 12, True)
    assert NotesListReply.from_wire({}).notes == ()  # nothing new
    with pytest.raises(ProtocolError):
        NotesListReply.from_wire({"notes": "n1"})


@pytest.mark.parametrize("reply", [
    {"wrapped_key": "k", "my_share": "s"},  # no poll
    {"poll": {}, "wrapped_key": "k", "my_share": "s"},
])
def test_a_box_without_its_poll_is_refused(reply: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError, match="poll"):
        BoxReply.from_wire(reply)


def test_upload_progress_is_a_count_and_completion_only_when_said() -> None:
    assert BlobStatusReply.from_wire({"have": 5}) == BlobStatusReply(5, False)
    assert BlobStatusReply.from_wire({"have": 9, "complete": True}).complete
    for bad in ({"have": -1}, {"have": "5"}, {"have": True}, {}):
        with pytest.raises(ProtocolError):
            BlobStatusReply.from_wire(bad)


def test_trustee_keys_and_a_poll_reply_refuse_what_is_not_theirs() -> None:
    keys = TrusteeKeysReply.from_wire({"keys": {"u1": ["a", "b"], "u2": []}})
    assert keys.keys == {"u1": ["a", "b"], "u2": []}
    with pytest.raises(ProtocolError):
        TrusteeKeysReply.from_wire({"keys": ["a"]})
    with pytest.raises(ProtocolError, match="poll"):
        PollReply.from_wire({"poll": {"id": "p1"}})
