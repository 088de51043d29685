"""The sans-I/O client session: ids, replies matched to requests, errors, chunk frames,
timeouts and keepalive decided on fed time, everything failed on close — no socket."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from meetingroom.domain.events import EventKind, MeetingEvent
from meetingroom.errors import (
    ConnectionLostError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    ProtocolVersionError,
    RateLimitError,
    SessionExpiredError,
)
from meetingroom.protocol import messages as msg
from meetingroom.protocol import requests as rq
from meetingroom.protocol.client_session import (
    DEAD_AFTER,
    DEAD_AFTER_WHILE_SENDING,
    QUIET_BEFORE_PING,
    ChunkReply,
    ClientSession,
    Ignored,
    IgnoredReason,
    Keepalive,
    LinkState,
    Push,
    Reply,
)
from meetingroom.protocol.frames import decode_frame, encode_frame
from meetingroom.protocol.limits import CHUNK_BYTES, SERVED_CHUNK_BYTES
from meetingroom.protocol.server_messages import (
    ChunkHeader,
    EventPush,
    MeetingsChanged,
    NotesChangedNotice,
    PresenterNotice,
    ShareNotice,
    Shown,
    UnknownNotice,
)

SHA = hashlib.sha256(b"x").hexdigest()


def result(rid: str, body: Any = None) -> str:
    return msg.encode_result(rid, body if body is not None else {"ok": True})


def chunk_frame(rid: str, data: bytes = b"%PDF", **over: Any) -> bytes:
    header = {"v": 1, "type": "chunk", "re": rid, "sha256": SHA, "offset": 0,
              "max_length": SERVED_CHUNK_BYTES}
    header.update(over)
    return encode_frame(header, data)


def test_ids_count_up_across_kinds_with_their_prefix() -> None:
    s = ClientSession(now=0.0)
    assert s.next_id() == "r1"
    assert s.request(rq.Ping()).id == "r2"
    assert s.request_chunk(SHA, 0, 10).id == "c3"
    assert s.put_chunk(SHA, 4, 0, b"%PDF").id == "u4"
    assert s.request(rq.Ping(), rid="n-own").id == "n-own"  # the caller's own id is kept


def test_requests_are_encoded_in_the_session_s_protocol_version() -> None:
    s = ClientSession(now=0.0, protocol=7)
    sent = json.loads(s.request(rq.MeetingSubscribe(meeting_id="m", since_rev=3)).data)
    assert sent == {"v": 7, "type": "meeting.subscribe", "id": "r1",
                    "body": {"meeting_id": "m", "since_rev": 3}}
    get = json.loads(s.request_chunk(SHA, 512, 100).data)
    assert get["type"] == "blob.get" and get["body"] == {"sha256": SHA, "offset": 512,
                                                         "length": 100}
    put = s.put_chunk(SHA, 10, 4, b"data")
    assert isinstance(put.data, bytes)
    header, payload = decode_frame(put.data)
    assert header == {"v": 7, "type": "blob.put", "id": "u3",
                      "body": {"sha256": SHA, "size": 10, "offset": 4}}
    assert bytes(payload) == b"data"


def test_a_result_settles_its_own_request_once_whatever_the_order() -> None:
    s = ClientSession(now=0.0)
    a, b = s.request(rq.Ping()), s.request(rq.UsersList())
    assert s.receive(result(b.id, {"users": []}), now=1.0) == Reply(b.id, {"users": []})
    assert s.receive(result(a.id, {"time": 5}), now=1.0) == Reply(a.id, {"time": 5})
    again = s.receive(result(a.id), now=1.0)  # a second answer: nobody waits any more
    assert again == Ignored(IgnoredReason.UNKNOWN_REPLY)


def test_an_empty_result_body_is_an_empty_dict() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Logout()).id
    raw = json.dumps({"v": 1, "type": "result", "re": rid})
    assert s.receive(raw, now=0.0) == Reply(rid, {})


@pytest.mark.parametrize(("code", "exc"), [("forbidden", ForbiddenError),
                                           ("not_found", NotFoundError),
                                           ("session_expired", SessionExpiredError),
                                           ("bad_request", ProtocolError)])
def test_an_error_raises_our_exception_of_its_code(code: str, exc: type[Exception]) -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.MeetingPublish(meeting_id="m")).id
    raw = json.dumps({"v": 1, "type": "error", "re": rid, "code": code,
                      "message": "no", "reason": "why"})
    got = s.receive(raw, now=0.0)
    assert isinstance(got, Reply) and got.id == rid and type(got.error) is exc
    assert got.error.message == "no" and got.error.reason == "why"


def test_a_rate_limit_error_carries_its_retry_after() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Login(username="u", password="p")).id
    got = s.receive(msg.encode_error(rid, RateLimitError("slow down", retry_after=3.5)),
                    now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, RateLimitError)


def test_a_refusal_of_our_protocol_version_is_a_protocol_version_error() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Login(username="u", password="p")).id
    refusal = msg.encode_version_refusal(
        rid, ProtocolVersionError("", client_protocol=1, server_protocol=2,
                                  request_type="login"), server_version="9.0")
    got = s.receive(refusal, now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, ProtocolVersionError)
    assert got.error.server_protocol == 2 and got.error.server_version == "9.0"


def test_an_old_server_s_error_in_its_own_version_is_a_protocol_version_error() -> None:
    s = ClientSession(now=0.0, protocol=2)
    rid = s.request(rq.Resume(token="t")).id
    old = json.dumps({"v": 1, "type": "error", "re": rid, "code": "bad_request",
                      "message": "unsupported protocol version"})
    got = s.receive(old, now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, ProtocolVersionError)
    assert got.error.server_protocol == 1


def test_a_result_in_another_version_is_a_bad_message_and_settles_nothing() -> None:
    s = ClientSession(now=0.0, protocol=2)
    rid = s.request(rq.Ping()).id
    got = s.receive(result(rid), now=0.0)  # written in v1
    assert isinstance(got, Ignored) and got.reason is IgnoredReason.BAD_MESSAGE
    assert s.receive(json.dumps({"v": 2, "type": "result", "re": rid, "body": {}}),
                     now=0.0) == Reply(rid, {})


def test_events_and_notices_are_pushes_checked_once_here() -> None:
    s = ClientSession(now=0.0)
    event = {"kind": "meeting.updated", "meeting_id": "m", "rev": 3, "data": {"x": 1}}
    assert s.receive(msg.encode_event(event), now=0.0) == Push(
        EventPush(MeetingEvent("m", 3, EventKind.MEETING_UPDATED, {"x": 1})))
    shown = Shown(meeting_id="m", user_id="u", name="Chủ tọa", document_id="d", page=2,
                  zoom=0, seq=7, at=1.5)
    assert s.receive(msg.encode_notice(PresenterNotice("m", shown)), now=0.0) == Push(
        PresenterNotice("m", shown))
    assert s.receive(msg.encode_notice(ShareNotice("m", "p", "u", "c2hhcmU=")),
                     now=0.0) == Push(ShareNotice("m", "p", "u", "c2hhcmU="))
    assert s.receive(msg.encode_notice(NotesChangedNotice("m")), now=0.0) == Push(
        NotesChangedNotice("m"))
    assert s.receive(msg.encode_notice(MeetingsChanged()), now=0.0) == Push(MeetingsChanged())
    # a kind a newer server may send: a push this client ignores, not an error
    got = s.receive(json.dumps({"v": 1, "type": "notice", "kind": "logged_out", "data": {}}),
                    now=0.0)
    assert got == Push(UnknownNotice("logged_out"))


@pytest.mark.parametrize("raw", [
    {"type": "event", "event": {"kind": "no.such.kind", "meeting_id": "m", "rev": 1,
                                "data": {}}},
    {"type": "event", "event": {"kind": "meeting.updated", "meeting_id": "m", "rev": "1",
                                "data": {}}},
    {"type": "notice", "kind": "presenter", "data": {"meeting_id": "m", "shown": 3}},
    {"type": "notice", "kind": "presenter", "data": {"meeting_id": "m", "shown": {
        "meeting_id": "m", "user_id": "u", "name": "n", "document_id": "d", "page": -1,
        "zoom": 0, "seq": 1, "at": 0}}},
    {"type": "notice", "kind": "poll.box.share", "data": {"meeting_id": "m", "poll_id": "p"}},
    {"type": "notice", "kind": "notes.changed", "data": []},
    {"type": "notice", "data": {}},
])
def test_a_malformed_push_is_a_bad_message_not_an_error_later(raw: dict[str, Any]) -> None:
    s = ClientSession(now=0.0)
    got = s.receive(json.dumps({"v": 1, **raw}), now=0.0)
    assert isinstance(got, Ignored) and got.reason is IgnoredReason.BAD_MESSAGE, got
    assert got.detail.startswith("server sent")


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '{"v": 1, "type": "hello"}',
                                 '{"v": true, "type": "result", "re": "r1"}',
                                 '{"type": "event", "event": {}}'])
def test_bad_text_messages_are_ignored_with_the_reason(raw: str) -> None:
    s = ClientSession(now=0.0)
    s.request(rq.Ping())
    got = s.receive(raw, now=0.0)
    assert isinstance(got, Ignored) and got.reason is IgnoredReason.BAD_MESSAGE
    assert got.detail.startswith("server sent")
    assert s.receive(result("r1"), now=0.0) == Reply("r1", {"ok": True})  # still pending


def test_a_result_whose_body_is_no_object_fails_its_request() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Ping()).id
    got = s.receive(json.dumps({"v": 1, "type": "result", "re": rid, "body": [1]}), now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, ProtocolError)


def test_unknown_and_late_replies_are_ignored_errors_reported_as_stray() -> None:
    s = ClientSession(now=0.0)
    assert s.receive(result("r99"), now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)
    no_re = json.dumps({"v": 1, "type": "result", "body": {}})
    assert s.receive(no_re, now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)
    stray = s.receive(msg.encode_error(None, RateLimitError("too many")), now=0.0)
    assert stray == Ignored(IgnoredReason.STRAY_ERROR, "rate_limited")
    rid = s.request(rq.Ping(), timeout=10.0).id
    s.sent(rid, now=0.0)
    assert [r.id for r in s.timed_out(10.0)] == [rid]
    assert s.receive(result(rid), now=11.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)


def test_a_chunk_frame_settles_its_blob_get_with_a_view_of_the_bytes() -> None:
    s = ClientSession(now=0.0)
    c1, c2 = s.request_chunk(SHA, 0, 4), s.request_chunk(SHA, 4, 4)
    got = s.receive(chunk_frame(c2.id, b"5678", offset=4), now=0.0)
    assert isinstance(got, ChunkReply) and got.id == c2.id
    assert bytes(got.data) == b"5678" and got.header.offset == 4
    assert isinstance(s.receive(chunk_frame(c1.id, b"1234"), now=0.0), ChunkReply)
    assert s.receive(chunk_frame(c1.id), now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)


@pytest.mark.parametrize("over", [{"offset": -1}, {"offset": "0"}, {"sha256": "ABC"},
                                  {"max_length": True}, {"total": 1.5}])
def test_a_chunk_frame_with_a_bad_header_fails_its_request(over: dict[str, Any]) -> None:
    s = ClientSession(now=0.0)
    rid = s.request_chunk(SHA, 0, 4).id
    got = s.receive(chunk_frame(rid, b"1234", **over), now=0.0)
    assert isinstance(got, Reply) and got.id == rid and isinstance(got.error, ProtocolError)
    assert got.error.message.startswith("server sent") or "sha256" in got.error.message


def test_a_chunk_frame_in_a_bytearray_settles_its_blob_get_with_a_view_of_it() -> None:
    s = ClientSession(now=0.0)
    c = s.request_chunk(SHA, 0, 4)
    frame = bytearray(chunk_frame(c.id, b"1234"))  # as websockets parses a frame
    got = s.receive(frame, now=0.0)
    assert isinstance(got, ChunkReply) and bytes(got.data) == b"1234"
    assert got.data.obj is frame  # not copied


def test_a_chunk_frame_never_settles_a_json_request_nor_a_result_a_blob_get() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Ping()).id
    assert s.receive(chunk_frame(rid), now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)
    assert s.receive(result(rid), now=0.0) == Reply(rid, {"ok": True})  # still pending
    cid = s.request_chunk(SHA, 0, 4).id
    got = s.receive(result(cid), now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, ProtocolError)


def test_an_error_answering_a_blob_get_fails_it() -> None:
    s = ClientSession(now=0.0)
    cid = s.request_chunk(SHA, 0, 4).id
    got = s.receive(msg.encode_error(cid, NotFoundError("no such blob")), now=0.0)
    assert isinstance(got, Reply) and isinstance(got.error, NotFoundError)
    assert s.receive(chunk_frame(cid), now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)


@pytest.mark.parametrize("raw", [b"\x00", b"\x00\x10{}", b"\x00\x02[]",
                                 b"\xff" * (SERVED_CHUNK_BYTES + 5000)])
def test_bad_frames_are_ignored_with_the_reason(raw: bytes) -> None:
    s = ClientSession(now=0.0)
    s.request_chunk(SHA, 0, 4)
    got = s.receive(raw, now=0.0)
    assert isinstance(got, Ignored) and got.reason is IgnoredReason.BAD_FRAME and got.detail
    assert isinstance(s.receive(chunk_frame("c1"), now=0.0), ChunkReply)  # still pending


def test_a_forgotten_request_is_no_longer_answered() -> None:
    s = ClientSession(now=0.0)
    rid = s.request(rq.Ping(), timeout=5.0).id
    s.sent(rid, now=0.0)
    s.forget(rid)
    assert s.receive(result(rid), now=0.0) == Ignored(IgnoredReason.UNKNOWN_REPLY)
    assert s.next_deadline() is None and s.timed_out(100.0) == ()


def test_requests_time_out_by_the_fed_time_in_deadline_order() -> None:
    s = ClientSession(now=0.0)
    late = s.request(rq.Ping(), timeout=30.0).id
    early = s.put_chunk(SHA, 4, 0, b"%PDF", timeout=10.0).id
    chunk = s.request_chunk(SHA, 0, 4).id  # no timeout: a window of them waits in line
    answered = s.request(rq.Ping(), timeout=5.0).id
    assert s.next_deadline() is None  # nothing counts before it is sent
    for rid in (late, chunk, answered):
        s.sent(rid, now=0.0)
    s.sent(early, now=2.0)  # a big frame leaves later: its time counts from then
    assert s.receive(result(answered), now=1.0) == Reply(answered, {"ok": True})
    assert s.next_deadline() == 12.0  # the answered request's deadline is gone
    assert s.timed_out(11.9) == ()
    got = s.timed_out(12.0)
    assert [r.id for r in got] == [early]
    assert isinstance(got[0].error, ConnectionLostError)
    assert got[0].error.message == "the server did not answer in time"
    assert s.next_deadline() == 30.0
    assert [r.id for r in s.timed_out(1000.0)] == [late]
    assert s.next_deadline() is None and s.timed_out(2000.0) == ()


def test_a_request_sent_again_under_a_pending_id_shares_its_reply_and_later_deadline() -> None:
    s = ClientSession(now=0.0)
    note = rq.NotesPut(meeting_id="m", note={"id": "x"})
    s.request(note, rid="n1", timeout=10.0)
    s.sent("n1", now=0.0)
    s.request(note, rid="n1", timeout=10.0)
    assert s.next_deadline() == 10.0  # the first one's, until the second is out
    s.sent("n1", now=5.0)
    assert s.timed_out(12.0) == ()
    assert s.next_deadline() == 15.0
    assert s.receive(result("n1"), now=13.0) == Reply("n1", {"ok": True})
    assert s.next_deadline() is None
    cid = s.request_chunk(SHA, 0, 1).id
    with pytest.raises(ValueError, match="another kind"):
        s.request(rq.Ping(), rid=cid)


def test_close_fails_every_pending_request_once_and_refuses_new_ones() -> None:
    s = ClientSession(now=0.0)
    ids = {s.request(rq.Ping(), timeout=5.0).id, s.request_chunk(SHA, 0, 4).id,
           s.put_chunk(SHA, 4, 0, b"%PDF").id}
    failed = s.close()
    assert s.state is LinkState.CLOSED
    assert {r.id for r in failed} == ids
    for r in failed:
        assert isinstance(r.error, ConnectionLostError)
        assert r.error.message == "the connection to the server was lost"
    assert s.close() == ()  # a second close fails nothing again
    assert s.timed_out(100.0) == () and s.next_deadline() is None
    with pytest.raises(ConnectionLostError):
        s.request(rq.Ping())
    with pytest.raises(ConnectionLostError):
        s.request_chunk(SHA, 0, 4)
    with pytest.raises(RuntimeError):
        s.receive(result("r1"), now=1.0)
    with pytest.raises(RuntimeError):
        s.keepalive(1.0, sending=False)


def test_a_talking_link_is_never_pinged() -> None:
    s = ClientSession(now=100.0)
    for t in range(101, 200):
        s.receive(msg.encode_notice(MeetingsChanged()), now=float(t))
        assert s.keepalive(t + QUIET_BEFORE_PING - 0.1, sending=False) is Keepalive.WAIT


def test_a_quiet_link_is_pinged_once_per_quiet_period_then_dropped_when_silent() -> None:
    s = ClientSession(now=100.0)
    assert s.keepalive(100.0 + QUIET_BEFORE_PING - 0.5, sending=False) is Keepalive.WAIT
    assert s.keepalive(100.0 + QUIET_BEFORE_PING, sending=False) is Keepalive.PING
    assert s.keepalive(100.0 + QUIET_BEFORE_PING + 0.5, sending=False) is Keepalive.WAIT
    assert s.keepalive(100.0 + 2 * QUIET_BEFORE_PING, sending=False) is Keepalive.PING
    assert s.keepalive(100.0 + DEAD_AFTER - 0.01, sending=False) is not Keepalive.DEAD
    assert s.keepalive(100.0 + DEAD_AFTER, sending=False) is Keepalive.DEAD


def test_any_bytes_answer_the_ping_and_keep_the_link() -> None:
    s = ClientSession(now=0.0)
    assert s.keepalive(QUIET_BEFORE_PING, sending=False) is Keepalive.PING
    s.bytes_arrived(QUIET_BEFORE_PING + 0.1)  # the pong
    s.bytes_arrived(1.0)  # an older report never moves the time back
    assert s.heard_at == QUIET_BEFORE_PING + 0.1
    assert s.keepalive(DEAD_AFTER + 0.5, sending=False) is Keepalive.PING  # quiet again
    assert s.keepalive(QUIET_BEFORE_PING + 0.1 + DEAD_AFTER, sending=False) is Keepalive.DEAD


def test_while_own_bytes_wait_to_go_out_the_link_gets_longer_before_it_is_dead() -> None:
    s = ClientSession(now=0.0)
    assert s.keepalive(DEAD_AFTER + 1, sending=True) is Keepalive.PING  # pinged, not dead
    assert s.keepalive(DEAD_AFTER_WHILE_SENDING - 0.1, sending=True) is not Keepalive.DEAD
    assert s.keepalive(DEAD_AFTER_WHILE_SENDING - 0.1, sending=False) is Keepalive.DEAD
    assert s.keepalive(DEAD_AFTER_WHILE_SENDING, sending=True) is Keepalive.DEAD


def test_the_served_chunk_size_is_learnt_within_bounds() -> None:
    s = ClientSession(now=0.0)

    def header(**over: Any) -> ChunkHeader:
        return ChunkHeader.from_wire({"re": "c1", "sha256": SHA, "offset": 0, **over})

    assert s.chunk_bytes == CHUNK_BYTES
    s.learn_chunk_size(header(max_length=SERVED_CHUNK_BYTES))
    assert s.chunk_bytes == SERVED_CHUNK_BYTES
    s.learn_chunk_size(header(max_length=10 * SERVED_CHUNK_BYTES))
    assert s.chunk_bytes == SERVED_CHUNK_BYTES  # never beyond what this client accepts
    s.learn_chunk_size(header(max_length=1))
    assert s.chunk_bytes == CHUNK_BYTES  # never below what every server serves
    s.learn_chunk_size(header(max_length=SERVED_CHUNK_BYTES))
    s.learn_chunk_size(header())  # an older server's frame says nothing: no change
    assert s.chunk_bytes == SERVED_CHUNK_BYTES
    for odd in (True, "big"):  # not a size: the frame is refused where it arrives
        with pytest.raises(ProtocolError):
            header(max_length=odd)


def test_a_body_is_checked_before_it_becomes_a_request() -> None:
    s = ClientSession(now=0.0)
    with pytest.raises(ProtocolError, match=r"meeting\.subscribe: field 'since_rev'"):
        s.request(rq.MeetingSubscribe(meeting_id="m", since_rev=-1))
    with pytest.raises(ProtocolError, match="field 'title' is required"):
        s.request(rq.AgendaAdd(meeting_id="m", title=None))  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="field 'title' has the wrong type"):
        s.request(rq.AgendaAdd(meeting_id="m", title=3))  # type: ignore[arg-type]
    assert s.next_id() == "r1"  # nothing was made pending or sent


def test_a_body_on_the_wire_leaves_out_what_it_does_not_say() -> None:
    # an optional field left at None is not sent (the server reads "leave as is"); a nullable
    # field's None is ("no parent": a top-level item)
    update = rq.AgendaUpdate(meeting_id="m", item_id="i", title="Mới")
    assert update.wire() == {"meeting_id": "m", "item_id": "i", "title": "Mới"}
    add = rq.AgendaAdd(meeting_id="m", title="Mục", parent_id=None)
    assert add.wire()["parent_id"] is None
    sent = json.loads(ClientSession(now=0.0).request(add).data)["body"]
    assert msg.validate_body("agenda.add", sent) == add



def _chunks_at(s: ClientSession, times: list[float], size: int, *, ahead: int = 2) -> None:
    """Chunks of ``size`` bytes arriving at ``times``, ``ahead`` more always asked for
    (so the link is busy between two arrivals)."""
    rids = [s.request_chunk(SHA, 0, size).id for _ in range(ahead)]
    for t in times:
        rids.append(s.request_chunk(SHA, 0, size).id)
        got = s.receive(chunk_frame(rids.pop(0), b"\0" * size, length=size), now=t)
        assert isinstance(got, ChunkReply)
        s.learn_chunk_size(got.header)  # as the download does with each chunk


def test_the_download_step_follows_the_link_s_chunk_rate() -> None:
    s = ClientSession(now=0.0)
    assert s.download_step == CHUNK_BYTES  # nothing learnt yet
    _chunks_at(s, [0.01, 0.02, 0.03], CHUNK_BYTES)  # ~50 MiB/s: a fast LAN
    assert s.chunk_bytes == SERVED_CHUNK_BYTES and s.download_step == SERVED_CHUNK_BYTES
    slow = ClientSession(now=0.0)
    # 512 KiB every 0.8 s (5 Mbit): under STEP_SECONDS only the smallest chunk fits
    _chunks_at(slow, [0.8 * k for k in range(1, 8)], CHUNK_BYTES)
    assert slow.chunk_rate is not None and slow.chunk_rate < 2 * CHUNK_BYTES
    assert slow.download_step == CHUNK_BYTES


def test_an_idle_link_does_not_count_as_a_slow_one() -> None:
    s = ClientSession(now=0.0)
    a, b = (s.request_chunk(SHA, 0, CHUNK_BYTES).id for _ in range(2))
    for rid, t in ((a, 0.01), (b, 0.02)):  # b was waiting while a came: 0.01 s for b
        s.receive(chunk_frame(rid, b"\0" * CHUNK_BYTES, length=CHUNK_BYTES), now=t)
    fast = s.chunk_rate
    assert fast == pytest.approx(CHUNK_BYTES / 0.01)
    # nothing was pending after b: the minute before c was asked for is not c's
    c = s.request_chunk(SHA, 0, CHUNK_BYTES).id
    s.receive(chunk_frame(c, b"\0" * CHUNK_BYTES, length=CHUNK_BYTES), now=60.0)
    assert s.chunk_rate == pytest.approx(fast)
