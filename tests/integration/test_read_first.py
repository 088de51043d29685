"""A document opened while the meeting's pack is still downloading comes first.

The real server, a real engine, real PDFs, over a relay that limits the link (a room's
Wi-Fi, not loopback): the documents downloading when the delegate opens another give
their link up to it, keep the bytes they have, and continue from there afterwards. The
document a presenter shows comes before the rest in the same way.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from link_cut import LinkCut
from test_voting_exactly_once import wait_until

from meetingroom.pdf.samples import make_pack
from meetingroom.sync import events as ev

DOC_BYTES = 10 * 1024 * 1024
"""Each document: more than the chunks one download keeps in flight (4 × 1 MiB)."""
RATE = 12 * 1024 * 1024
"""The relay's bytes a second each way: the pack takes a few seconds, not milliseconds."""


def pack_meeting(room: Any, tmp_path: Path, count: int) -> tuple[str, list[Any]]:
    m = room.published_meeting(participants=("secretary", "delegate"))
    pdfs = make_pack(tmp_path / "pack", total_bytes=count * DOC_BYTES, count=count, seed=5)
    docs = [room.admin.attach(m["meeting_id"], m["items"][1].id, pdf) for pdf in pdfs]
    return str(m["meeting_id"]), [m["document"], *docs]


@pytest.fixture
def slow_link(room: Any) -> Any:
    url = urlparse(room.url)
    relay = LinkCut(str(url.hostname), int(url.port or 0), rate=RATE)
    yield relay
    relay.close()


def availability_order(rec: Any) -> list[str]:
    return [e.sha256 for e in rec.events if isinstance(e, ev.DocumentAvailable)]


def wait_for_all(rec: Any, docs: list[Any]) -> list[str]:
    """The order documents became available in, once every one has. Waits for the
    events themselves: a file can be on disk a moment before its event is recorded."""
    wanted = {d.sha256 for d in docs}
    wait_until(lambda: wanted <= set(availability_order(rec)), timeout=60,
               what="every document downloaded")
    return availability_order(rec)


def bytes_seen(rec: Any) -> dict[str, list[int]]:
    """Every document's bytes on disk, in the order progress reported them."""
    seen: dict[str, list[int]] = defaultdict(list)
    for e in list(rec.events):
        if isinstance(e, ev.SyncProgress):
            for sha, have in e.downloading:
                seen[sha].append(have)
    return seen


def test_the_document_opened_comes_first_and_the_others_continue_where_they_were(
        room: Any, engines: Any, slow_link: LinkCut, tmp_path: Path) -> None:
    _mid, docs = pack_meeting(room, tmp_path, 4)
    eng, rec = engines("delegate")
    eng.login(slow_link.url(), "delegate", room.password("delegate"), remember=False).result(30)
    big = [d for d in docs if d.size >= DOC_BYTES // 2]
    # two big ones are on their way (the small agenda PDF may be done already)
    started = rec.wait_for(lambda e: isinstance(e, ev.SyncProgress) and sum(
        1 for sha, _ in e.downloading if sha in {d.sha256 for d in big}) == 2, timeout=30)
    busy = {sha for sha, _ in started.downloading}
    wanted = next(d for d in reversed(big) if d.sha256 not in busy)
    eng.documents.reading(wanted.sha256, True)  # a reader opened it

    order = wait_for_all(rec, docs)
    assert order.index(wanted.sha256) < min(order.index(sha) for sha in busy), order
    # those that gave way kept their bytes: no document's count ever went back
    for sha, have in bytes_seen(rec).items():
        assert have == sorted(have), sha[:12]
    assert slow_link.carried < sum(d.size for d in docs) * 1.05  # nothing fetched twice
    eng.documents.reading(wanted.sha256, False)


def test_the_presented_document_comes_before_the_rest(
        room: Any, engines: Any, slow_link: LinkCut, tmp_path: Path) -> None:
    mid, docs = pack_meeting(room, tmp_path, 4)
    shown = docs[-1]  # last in the agenda's order
    secretary, _ = engines("secretary")
    secretary.login(room.url, "secretary", room.password("secretary"),
                    remember=False).result(30)
    wait_until(lambda: secretary.meetings.snapshot(mid) is not None, what="the secretary synced")
    secretary.presenter.present(mid, shown.id, 0, 0).result(30)

    eng, rec = engines("delegate")
    eng.login(slow_link.url(), "delegate", room.password("delegate"), remember=False).result(30)
    order = wait_for_all(rec, docs)
    big = [d.sha256 for d in docs if d.size >= DOC_BYTES // 2]
    assert order.index(shown.sha256) <= 1 and order.index(shown.sha256) == min(
        order.index(sha) for sha in big), order
