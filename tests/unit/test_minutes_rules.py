"""Minutes rules without I/O: who may do what, text cleaning, and message validation."""

from __future__ import annotations

import json

import pytest

from meetingroom.domain import access
from meetingroom.domain.model import Meeting, MeetingStatus, User
from meetingroom.domain.roles import Role
from meetingroom.errors import ProtocolError, TooLargeError
from meetingroom.protocol import messages as msg
from meetingroom.protocol.limits import MAX_LARGE_TEXT_BYTES, MAX_MINUTES_HTML_BYTES
from meetingroom.protocol.requests import MinutesGet, MinutesSave
from meetingroom.server.minutes import clean_minutes_html


def _user(uid: str, role: Role) -> User:
    return User(id=uid, username=uid, display_name=uid, role=role)


MEETING = Meeting(id="m", title="t", location="", starts_at="", status=MeetingStatus.PUBLISHED,
                  created_by="creator")
IDS = frozenset({"sec", "chair", "del", "obs"})


@pytest.mark.parametrize(("uid", "role", "write", "review", "read"), [
    ("admin", Role.ADMIN, True, False, True),
    ("creator", Role.SECRETARY, True, False, True),
    ("sec", Role.SECRETARY, True, False, True),
    ("other-sec", Role.SECRETARY, False, False, False),
    ("chair", Role.CHAIR, False, True, True),
    ("other-chair", Role.CHAIR, False, False, False),
    ("del", Role.DELEGATE, False, False, False),
    ("obs", Role.OBSERVER, False, False, False),
])
def test_minutes_roles(uid: str, role: Role, write: bool, review: bool, read: bool) -> None:
    u = _user(uid, role)
    assert access.can_write_minutes(u, MEETING, IDS) is write
    assert access.can_review_minutes(u, MEETING, IDS) is review
    assert access.can_read_minutes_draft(u, MEETING, IDS) is read


def test_a_chair_cannot_review_a_meeting_still_in_draft() -> None:
    draft = Meeting(id="m", title="t", location="", starts_at="", status=MeetingStatus.DRAFT,
                    created_by="creator")
    assert not access.can_review_minutes(_user("chair", Role.CHAIR), draft, IDS)


def test_clean_minutes_html_keeps_vietnamese_and_layout_characters() -> None:
    html = "<p>Chủ tọa kết luận:\n\tthông qua</p>"
    assert clean_minutes_html(html) == html
    assert clean_minutes_html(html + "\r\n") == html  # trailing whitespace between blocks
    decomposed = "Nghi\u0323 quyê\u0301t"  # combining marks become precomposed (NFC)
    assert clean_minutes_html(decomposed) == "Nghị quyết"


def test_clean_minutes_html_passes_the_rich_text_allow_list() -> None:
    hostile = ('<p onclick="x()">Kết luận<script>alert(1)</script>'
               '<img src="file:///etc/passwd"><a href="http://evil">liên kết</a></p>')
    assert clean_minutes_html(hostile) == "<p>Kết luậnliên kết</p>"


@pytest.mark.parametrize(("html", "reason"), [
    ("a\x00b", "hidden_characters"), ("a\x1bb", "hidden_characters"),
    ("a\u202eb", "hidden_characters"), ("a" * (MAX_MINUTES_HTML_BYTES + 1), "too_long"),
])
def test_clean_minutes_html_refuses(html: str, reason: str) -> None:
    with pytest.raises(ProtocolError) as info:
        clean_minutes_html(html)
    assert info.value.reason == reason


def _raw(mtype: str, body: dict[str, object]) -> str:
    return json.dumps({"v": 1, "type": mtype, "id": "r1", "body": body})


def test_only_minutes_save_may_exceed_the_text_limit() -> None:
    html = "x" * 200_000
    req = msg.decode_request(_raw("minutes.save", {"meeting_id": "m", "html": html,
                                                   "base_version": 0}))
    assert req.is_command and isinstance(req.body, MinutesSave) and req.body.html == html
    with pytest.raises(TooLargeError):
        msg.decode_request(_raw("agenda.add", {"meeting_id": "m", "title": "t", "notes": html}))
    with pytest.raises(TooLargeError):
        msg.decode_request("x" * (MAX_LARGE_TEXT_BYTES + 1))
    with pytest.raises(ProtocolError, match="too long"):  # only html is a long field
        msg.decode_request(_raw("minutes.save", {"meeting_id": "m", "html": "",
                                                 "base_version": 0, "comment": "c" * 2001}))


@pytest.mark.parametrize("body", [
    {"meeting_id": "m", "approve": "yes", "comment": ""},
    {"meeting_id": "m", "approve": True},
    {"meeting_id": "m", "approve": True, "comment": "", "version": 2},
])
def test_minutes_review_fields_are_checked(body: dict[str, object]) -> None:
    with pytest.raises(ProtocolError):
        msg.validate_body("minutes.review", body)


def test_minutes_get_version_is_optional_and_non_negative() -> None:
    assert msg.validate_body("minutes.get", {"meeting_id": "m"}) == MinutesGet(meeting_id="m",
                                                                               version=None)
    with pytest.raises(ProtocolError):
        msg.validate_body("minutes.get", {"meeting_id": "m", "version": -1})
    with pytest.raises(ProtocolError):
        msg.validate_body("minutes.get", {"meeting_id": "m", "version": True})


def test_signing_progress_names_who_signed_and_who_is_awaited() -> None:
    from meetingroom.domain.minutes import MinutesFile, MinutesState, MinutesStatus, SignedMinutes
    from meetingroom.domain.minutes_signers import SignerRole, signing_progress
    from meetingroom.domain.model import Participant
    from meetingroom.domain.roles import Role
    from meetingroom.domain.signatures import SignatureReport

    people = [Participant("c", "An", Role.CHAIR, True), Participant("s", "Bình",
                                                                    Role.SECRETARY, True)]

    def status(*by: str) -> MinutesStatus:
        return MinutesStatus(state=MinutesState.SIGNED, signed=SignedMinutes(
            MinutesFile("a" * 64, 1, 1), SignatureReport(()), by[-1], "", signed_by=by))

    s, c = SignerRole.SECRETARY, SignerRole.CHAIR
    assert signing_progress(None, people).awaited == (s, c)
    one = signing_progress(status("s"), people)
    assert (one.signed, one.awaited, one.complete) == ((s,), (c,), False)
    both = signing_progress(status("s", "c"), people)
    assert (both.signed, both.awaited, both.complete) == ((s, c), (), True)
    assert signing_progress(status("s"), people[1:]).complete  # no chair in the meeting
    admin = signing_progress(status("admin-id"), people)  # a writer who is no participant
    assert admin.signed == (s,) and admin.awaited == (c,)
