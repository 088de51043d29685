"""Old live figures never look current: offline they say "as of HH:MM", the quorum badge is
grey, and "Reconnect now" reconnects at once, without waiting out the backoff."""

from __future__ import annotations

from typing import Any

from live_session import in_session

from meetingroom.sync.backoff import Backoff
from meetingroom.sync.events import ConnectionState
from meetingroom.ui.base.i18n import local_time
from meetingroom.ui.base.theme import LIGHT

WAIT = 20_000
PATIENT = Backoff(initial=600, maximum=600, jitter=0)
"""Ten minutes between attempts: only "Reconnect now" can bring such a client back."""


def quorum_met_session(qtbot: Any, room: Any, clients: Any, login: Any, **kwargs: Any
                       ) -> tuple[Any, str]:
    """The delegate's client (made with ``kwargs``) in a running session with its quorum;
    the secretary's client closed."""
    sec, d, m = in_session(qtbot, room, clients, login, delegate=kwargs)
    assert d.window.live.header.heads.quorum_met
    sec.close()
    return d, str(m["meeting_id"])


def assert_as_of(window: Any, when: str) -> None:
    header = window.live.header
    assert header.count.text() == f"2 present + 0 by proxy / 2 · as of {when}"
    assert header.quorum.text() == f"QUORUM MET\nas of {when}"
    assert header.quorum.property("stale") is True
    assert LIGHT.ok not in header.quorum.styleSheet()  # grey, never green
    assert header.speaker.text() == f"Nobody has the floor · as of {when}"
    assert window.status.session.text() == (
        f"In session · 2/2 present · quorum met · as of {when}")
    assert LIGHT.ok not in window.status.session.styleSheet()
    assert window.live.stale.isVisible()
    assert window.live.stale.label.text() == (
        f"Not connected to the server. The figures below are as of {when} and may have "
        "changed since.")


def test_an_outage_marks_the_figures_and_reconnect_now_does_not_wait(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    d, mid = quorum_met_session(qtbot, room, clients, login, backoff=PATIENT)
    window = d.window
    window.tabs.show_live_action.trigger()
    header, indicator = window.live.header, window.status.connection
    assert header.as_of is None and not window.live.stale.isVisible()
    assert header.quorum.text().startswith("QUORUM MET\nneeds")
    assert LIGHT.ok in header.quorum.styleSheet()
    assert not window.status.reconnect.isVisible()

    room.thread.stop()
    qtbot.waitUntil(lambda: indicator.text.startswith(
        "Connection lost – reconnecting in "), timeout=WAIT)  # the 10 minutes' wait began
    qtbot.waitUntil(lambda: header.as_of is not None, timeout=WAIT)
    synced = d.engine.meetings.synced_at(mid)
    assert synced is not None and header.as_of == synced
    assert_as_of(window, local_time(synced))
    assert window.status.reconnect.isVisible()
    assert window.status.reconnect.text() == "Reconnect now"
    assert window.live.stale.reconnect.text() == "Reconnect now"

    room.thread.start()  # the server is back; the client would wait ten minutes
    window.status.reconnect.click()
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.ONLINE, timeout=WAIT)
    qtbot.waitUntil(lambda: header.as_of is None, timeout=WAIT)
    assert header.count.text() == "2 present + 0 by proxy / 2"
    assert LIGHT.ok in header.quorum.styleSheet()
    assert not window.live.stale.isVisible() and not window.status.reconnect.isVisible()
    assert window.status.session.text() == "In session · 2/2 present · quorum met"

    # again, from the live pane's own button
    room.thread.stop()
    qtbot.waitUntil(lambda: indicator.text.startswith(
        "Connection lost – reconnecting in "), timeout=WAIT)
    qtbot.waitUntil(lambda: window.live.stale.isVisible(), timeout=WAIT)
    room.thread.start()
    window.live.stale.reconnect.click()
    qtbot.waitUntil(lambda: indicator.state is ConnectionState.ONLINE, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.live.stale.isVisible(), timeout=WAIT)


def test_starting_offline_shows_the_cached_figures_as_of_their_time(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Any) -> None:
    d, mid = quorum_met_session(qtbot, room, clients, login, data_dir=tmp_path / "d")
    d.close()
    room.thread.stop()
    again = clients("again", data_dir=tmp_path / "d", backoff=PATIENT)
    with qtbot.waitSignal(again.logged_in, timeout=WAIT):
        again.start()
    window = again.window
    window.tabs.show_live_action.trigger()
    qtbot.waitUntil(lambda: window.status.connection.state is ConnectionState.OFFLINE,
                    timeout=WAIT)
    qtbot.waitUntil(lambda: window.live.header.heads is not None, timeout=WAIT)
    synced = again.engine.meetings.synced_at(mid)
    assert synced is not None  # when the first client's link closed
    assert_as_of(window, local_time(synced))
    assert window.status.connection.text.startswith("Offline since ")
    assert window.status.reconnect.isVisible()
