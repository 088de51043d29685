"""The sync engine's parts, each built alone — no SyncEngine: a real ClientCache on a file,
a real ServerLink to the real test server, the real loop thread, and only the callables a
part is given (whatever the engine would have wired in its place is a plain function)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from test_live_commands import motion

from meetingroom.domain.events import MeetingEvent
from meetingroom.domain.model import MeetingSnapshot, User
from meetingroom.domain.notes import Note, NoteKind, Point, Stroke
from meetingroom.domain.polls import BallotState
from meetingroom.errors import ConflictError, MeetingroomError, NotFoundError, ProtocolError
from meetingroom.pdf.samples import make_document
from meetingroom.protocol import poll_requests as prq
from meetingroom.protocol import requests as rq
from meetingroom.protocol.server_messages import EventPush, PresenterNotice, ServerPush
from meetingroom.storage.blobs import BlobStore
from meetingroom.storage.cache import ClientCache
from meetingroom.sync import events as ev
from meetingroom.sync.ballots import BallotSender
from meetingroom.sync.connection import ServerLink
from meetingroom.sync.documents import Documents
from meetingroom.sync.loop_thread import LoopThread
from meetingroom.sync.meetings import Meetings
from meetingroom.sync.minutes import Minutes
from meetingroom.sync.notes import Notes
from meetingroom.sync.outbox import Outbox
from meetingroom.sync.presenter import Presenter
from meetingroom.sync.trustee import TrusteeDesk
from meetingroom.sync.uploads import Uploads
from meetingroom.sync.voting import Voting

T = TypeVar("T")


def wait_until(cond: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


class Rig:
    """A loop thread, caches on files and logged-in links, closed at the end."""

    def __init__(self, room: Any, tmp_path: Path) -> None:
        self.room, self.tmp = room, tmp_path
        self.loop = LoopThread("test-parts")
        self.loop.start()
        self.events: list[ev.EngineEvent] = []
        self._links: list[ServerLink] = []
        self._caches: list[ClientCache] = []

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return self.loop.submit(coro).result(timeout)

    def on_loop(self, fn: Callable[[], T]) -> T:
        async def call() -> T:
            return fn()
        return self.run(call())

    def cache(self, name: str) -> ClientCache:
        cache = ClientCache(self.tmp / f"{name}.sqlite")
        self._caches.append(cache)
        return cache

    def link(self, user: str, on_push: Callable[[ServerPush], None] = lambda _m: None
             ) -> tuple[ServerLink, User]:
        async def go() -> tuple[ServerLink, User]:
            link = await ServerLink.open(self.room.url, on_push=on_push, timeout=5)
            res = await link.request(rq.Login(username=user, password=self.room.password(user)))
            return link, User.from_dict(res["user"])
        link, me = self.run(go())
        self._links.append(link)
        return link, me

    def of(self, kind: type[T]) -> list[T]:
        return [e for e in list(self.events) if isinstance(e, kind)]

    def close(self) -> None:
        for link in self._links:
            self.run(link.close())

        async def nothing() -> None:
            return None
        self.loop.stop(nothing)
        for cache in self._caches:
            cache.close()


@pytest.fixture
def rig(room: Any, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(room, tmp_path)
    yield r
    r.close()


def waiting(link: ServerLink) -> Callable[[float], Coroutine[Any, Any, ServerLink]]:
    async def wait(_seconds: float) -> ServerLink:
        return link
    return wait


def meetings_part(rig: Rig, cache: ClientCache, **hooks: Any) -> Meetings:
    async def removed() -> None:
        return None
    wiring: dict[str, Any] = {"stored": lambda: None, "applied": lambda _s, _e: None,
                              "subscribed": lambda _l, _m, _r: None, "removed": removed}
    return Meetings(cache, emit=rig.events.append, spawn=rig.loop.spawn_safe,
                    **{**wiring, **hooks})


def test_meetings_follow_the_server_event_by_event(room: Any, rig: Rig) -> None:
    mid = room.published_meeting()["meeting_id"]
    cache = rig.cache("secretary")
    subscribed: list[str] = []
    applied: list[int] = []
    links: list[ServerLink] = []
    meetings = meetings_part(rig, cache,
                             subscribed=lambda _l, m, _r: subscribed.append(m),
                             applied=lambda _s, es: applied.extend(e.rev for e in es))

    def push(m: ServerPush) -> None:
        if isinstance(m, EventPush):
            meetings.on_event(links[0] if links else None, m.event)

    link, _ = rig.link("secretary", push)
    links.append(link)
    rig.run(meetings.relist(link))
    snap = meetings.snapshot(mid)
    assert snap is not None and snap.meeting.title == "Kỳ họp thứ 12"
    assert subscribed == [mid]
    assert [c.meeting.id for c in meetings.cached()] == [mid]
    assert meetings.synced_at(mid) is not None
    assert isinstance(rig.of(ev.MeetingsChanged)[-1], ev.MeetingsChanged)

    rig.run(link.request(rq.AgendaAdd(meeting_id=mid, title="Kiến nghị của cử tri", parent_id=None,
                                      notes="")))
    wait_until(lambda: any(i.title == "Kiến nghị của cử tri" for i in _snap(meetings, mid).items),
               what="the pushed event applied")
    now = meetings.snapshot(mid)
    assert now is not None and applied and applied[-1] == now.rev > snap.rev

    last = [e for e in rig.of(ev.MeetingUpdated) if e.events][-1].events[-1]
    # an event already applied changes nothing; one after a gap is refused (re-subscribe)
    assert meetings.apply([last]) is True
    gap = MeetingEvent(mid, now.rev + 2, last.kind, last.data)
    assert rig.on_loop(lambda: meetings.apply([gap])) is False
    assert meetings.snapshot(mid) == now

    again = meetings_part(rig, cache)  # what was stored is in the cache
    rig.run(again.load())
    assert again.snapshot(mid) == now

    rig.on_loop(meetings.clear)
    assert meetings.snapshot(mid) is None and meetings.cached() == []
    assert rig.of(ev.MeetingRemoved)[-1].meeting_id == mid


def test_documents_fetch_what_is_read_then_what_is_presented(room: Any, rig: Rig,
                                                             tmp_path: Path) -> None:
    a = room.published_meeting(title="Kỳ họp thứ 12")
    b = room.published_meeting(title="Kỳ họp thứ 13")
    sha_a, sha_b = a["document"].sha256, b["document"].sha256
    cache = rig.cache("delegate")
    blobs = BlobStore(tmp_path / "blobs")
    documents: list[Documents] = []
    meetings = meetings_part(rig, cache, stored=lambda: documents[0].wake())
    documents.append(Documents(blobs, snapshots=meetings.snapshots,
                               snapshot=meetings.snapshot, emit=rig.events.append,
                               on_loop=rig.loop.call_soon))
    docs = documents[0]
    link, _ = rig.link("delegate")
    rig.run(meetings.relist(link))

    assert docs.wanted() == {sha_a: a["document"].size, sha_b: b["document"].size}
    assert docs.ready_path(sha_a) is None and not docs.is_ready(sha_a)
    partial = docs.partial_download(sha_a)
    assert partial is not None and partial.size == a["document"].size
    assert docs.partial_download("0" * 64) is None  # no cached meeting has it

    docs.reading(sha_a, True)
    docs.reading(sha_b, True)
    assert docs.first() == [sha_b, sha_a]  # the latest opened first
    docs.reading(sha_b, False)
    rig.on_loop(lambda: docs.presenting(b["meeting_id"], b["document"].id))
    assert docs.first() == [sha_a, sha_b]  # then what a presenter shows
    rig.on_loop(lambda: docs.presenting(b["meeting_id"], None))
    docs.reading(sha_a, False)
    assert docs.first() == []

    running = rig.loop.submit(docs.run(link))
    # the events, not the files: a file is on disk a moment before its event is sent
    wait_until(lambda: {e.sha256 for e in rig.of(ev.DocumentAvailable)} == {sha_a, sha_b},
               what="both downloaded")
    assert docs.is_ready(sha_a) and docs.is_ready(sha_b)
    wait_until(lambda: rig.of(ev.SyncProgress)[-1].docs_done == 2, what="progress says so")
    running.cancel()
    path = docs.verified_path(sha_a)
    assert path is not None and path == docs.ready_path(sha_a)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha_a

    rig.on_loop(meetings.clear)
    docs.remove_unreferenced()
    assert not blobs.path(sha_a).exists() and docs.verified_path(sha_b) is None


def test_outbox_keeps_a_command_until_the_server_answers(room: Any, rig: Rig) -> None:
    mid = room.published_meeting()["meeting_id"]
    cache = rig.cache("secretary")
    current: list[ServerLink] = []

    def outbox_part() -> Outbox:
        return Outbox(cache, submit=rig.loop.submit, spawn=rig.loop.spawn,
                      emit=rig.events.append, link=lambda: current[0] if current else None)

    body = rq.AgendaAdd(meeting_id=mid, title="Kiến nghị của cử tri", parent_id=None, notes="")
    offline = outbox_part().command(body)
    wait_until(lambda: rig.of(ev.OutboxChanged) != [], what="queued")
    assert rig.of(ev.OutboxChanged)[-1].pending == 1 and not offline.done()

    outbox = outbox_part()  # a restart: the command waits in the cache
    assert outbox.pending() == 1
    link, _ = rig.link("secretary")
    current.append(link)
    rig.run(outbox.flush(link))
    assert outbox.pending() == 0
    done = rig.of(ev.CommandFinished)[-1]
    assert done.type == "agenda.add" and done.error is None
    assert done.result is not None and done.result["item"]["title"] == "Kiến nghị của cử tri"

    answered = outbox.command(replace(body, title="Bế mạc"))  # sent at once
    assert answered.result(20)["item"]["title"] == "Bế mạc"
    refused = outbox.command(replace(body, meeting_id="no-such-meeting"))
    with pytest.raises(MeetingroomError):
        refused.result(20)
    assert outbox.pending() == 0
    # a malformed body is refused here, before it is stored or sent
    with pytest.raises(ProtocolError):
        outbox.command(replace(body, title=3)).result(20)  # type: ignore[arg-type]
    assert outbox.pending() == 0


def _ink(note_id: str, sha: str, author: str, at: int) -> Note:
    stroke = Stroke((Point(50, 60, 0.7), Point(120, 90, 0.9)), 3.0, "#d00000")
    return Note(id=note_id, document_sha256=sha, page=0, kind=NoteKind.INK, color="#d00000",
                created_at=1_764_000_000_000, updated_at=1_764_000_000_000 + at,
                author_id=author, shared=False, strokes=(stroke,))


def test_notes_reach_the_authors_other_device(room: Any, rig: Rig) -> None:
    m = room.published_meeting()
    mid, sha = m["meeting_id"], m["document"].sha256

    def device(name: str) -> tuple[Notes, ServerLink, ClientCache]:
        cache = rig.cache(name)
        link, _ = rig.link("delegate")
        notes = Notes(cache, submit=rig.loop.submit, spawn=rig.loop.spawn,
                      emit=rig.events.append, link=lambda: link, user=lambda: None,
                      snapshot=lambda _m: None, snapshots=list,
                      ready_path=lambda _s: None)
        return notes, link, cache

    tablet, tablet_link, tablet_cache = device("tablet")
    laptop, laptop_link, _ = device("laptop")
    ink = _ink("n-ink", sha, room.users["delegate"].id, 1)
    tablet.save(mid, ink).result(10)
    assert tablet.visible(mid) == [ink] and tablet.visible(mid, "0" * 64) == []
    wait_until(lambda: tablet_cache.note_rows(dirty_only=True) == [], what="backed up")

    rig.run(laptop.pull(laptop_link, mid))
    assert laptop.visible(mid, sha) == [ink]
    laptop.delete(mid, ink.id, ink.updated_at + 1).result(10)
    assert laptop.visible(mid) == []
    rig.run(laptop.push(laptop_link, mid))
    rig.run(tablet.sync(tablet_link, mid))
    assert tablet.visible(mid) == []
    assert {e.meeting_id for e in rig.of(ev.NotesChanged)} == {mid}


def test_voting_casts_once_and_checks_the_record_when_the_poll_closes(room: Any,
                                                                      rig: Rig) -> None:
    mid = room.published_meeting()["meeting_id"]
    sec, _ = rig.link("secretary")
    rig.run(sec.request(rq.LivePhase(meeting_id=mid, phase="in_session")))
    pid = rig.run(sec.request(prq.PollCreate(meeting_id=mid, spec=motion("named"))))["poll"]["id"]
    cache = rig.cache("delegate")
    parts: list[Voting] = []
    links: list[ServerLink] = []
    meetings = meetings_part(rig, cache, applied=lambda _s, es: parts[0].on_events(es))

    def push(m: ServerPush) -> None:
        if isinstance(m, EventPush):
            meetings.on_event(links[0], m.event)

    link, me = rig.link("delegate", push)
    links.append(link)
    for voter in (sec, link):  # a quorum: two of the three members
        rig.run(voter.request(rq.AttendanceCheckIn(meeting_id=mid, present=True)))
    rig.run(sec.request(prq.PollOpen(meeting_id=mid, poll_id=pid)))
    rig.run(meetings.relist(link))
    outbox = Outbox(cache, submit=rig.loop.submit, spawn=rig.loop.spawn,
                    emit=rig.events.append, link=lambda: link)
    sender = BallotSender(cache, rig.events.append)
    trustee = TrusteeDesk(cache, user=lambda: me, snapshot=meetings.snapshot,
                          request=link.request, command=outbox.send,
                          spawn=rig.loop.spawn_safe)
    voting = Voting(cache, sender=sender, trustee=trustee, submit=rig.loop.submit,
                    spawn=rig.loop.spawn, user=lambda: me, snapshot=meetings.snapshot,
                    link=lambda: link, wait_link=waiting(link), command=outbox.send)
    parts.append(voting)

    with pytest.raises(NotFoundError):
        voting.cast_ballot(mid, "no-such-poll", ["yes"]).result(10)
    ballot = voting.cast_ballot(mid, pid, ["yes"]).result(10)
    assert ballot.state is BallotState.RECEIVED and voting.ballots(mid) == [ballot]
    with pytest.raises(ConflictError):  # no change allowed in this poll
        voting.cast_ballot(mid, pid, ["no"]).result(10)

    rig.run(sec.request(prq.PollClose(meeting_id=mid, poll_id=pid)))
    # the close event alone makes the part check its ballot against the published record
    wait_until(lambda: voting.ballots(mid)[0].state is BallotState.COUNTED,
               what="the ballot found in the record")
    record = voting.poll_record(mid, pid).result(10)
    assert dict(record.ballots)[ballot.receipt] == ("yes",)


def test_presenter_turns_pages_for_everyone_following(room: Any, rig: Rig) -> None:
    m = room.published_meeting()
    mid, doc = m["meeting_id"], m["document"]
    showing: list[tuple[str, str | None]] = []
    follower: list[Presenter] = []

    def push(msg: ServerPush) -> None:
        if isinstance(msg, PresenterNotice):
            follower[0].on_notice(msg)

    sec, _ = rig.link("secretary")
    dele, _ = rig.link("delegate", push)
    for link in (sec, dele):
        rig.run(link.request(rq.MeetingSubscribe(meeting_id=mid, since_rev=0)))
    follower.append(Presenter(submit=rig.loop.submit, link=waiting(dele),
                              emit=rig.events.append,
                              showing=lambda mid, doc: showing.append((mid, doc))))
    presenter = Presenter(submit=rig.loop.submit, link=waiting(sec), emit=lambda _e: None,
                          showing=lambda _m, _d: None)

    presenter.present(mid, doc.id, 2, 0).result(10)
    wait_until(lambda: showing == [(mid, doc.id)], what="the page shown")
    shown = rig.of(ev.PresenterChanged)[-1].shown
    assert shown is not None and shown.page == 2 and shown.document_id == doc.id
    presenter.stop(mid).result(10)
    wait_until(lambda: showing[-1] == (mid, None), what="presenting stopped")
    assert rig.of(ev.PresenterChanged)[-1].shown is None


def test_uploads_attach_a_document_and_minutes_read_a_version(room: Any, rig: Rig,
                                                              tmp_path: Path) -> None:
    m = room.published_meeting()
    mid, item = m["meeting_id"], m["items"][1]
    cache = rig.cache("secretary")
    sec, _ = rig.link("secretary")
    outbox = Outbox(cache, submit=rig.loop.submit, spawn=rig.loop.spawn,
                    emit=rig.events.append, link=lambda: sec)
    uploads = Uploads(submit=rig.loop.submit, link=waiting(sec), emit=rig.events.append,
                      command=outbox.send)
    pdf = make_document(tmp_path / "phu-luc.pdf", title="Phụ lục", pages=2, seed=7)
    doc = uploads.document(mid, item.id, pdf, name="phu-luc.pdf").result(30)
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert (doc.sha256, doc.name, doc.item_id) == (sha, "phu-luc.pdf", item.id)
    last = rig.of(ev.UploadProgress)[-1]
    assert last.sha256 == sha and last.done_bytes == last.total_bytes == pdf.stat().st_size

    minutes = Minutes(submit=rig.loop.submit, link=waiting(sec), command=outbox.send,
                      upload=uploads.blob)
    outbox.command(rq.MinutesSave(
        meeting_id=mid, html="<p>Kết luận</p>", base_version=0)).result(20)
    version = minutes.get(mid).result(20)
    assert version.info.number == 1 and "Kết luận" in version.html


def _snap(meetings: Meetings, mid: str) -> MeetingSnapshot:
    snap = meetings.snapshot(mid)
    assert snap is not None
    return snap
