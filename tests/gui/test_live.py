"""The Live tab against the real server: a secretary and two delegates run a session,
check in, vote by secret ballot with the confirm step, see the result and check the count;
the speakers list; following the presenter's page."""

from __future__ import annotations

from typing import Any

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.polls import BallotState, PollStatus
from meetingroom.protocol import requests as rq
from meetingroom.ui.reader.viewer import DocumentViewer

WAIT = 20_000


def live_of(client: Any, mid: str, qtbot: Any) -> Any:
    """The client's Live tab once it shows meeting ``mid``."""
    window = client.window
    window.tabs.show_live_action.trigger()
    qtbot.waitUntil(lambda: window.live.snap is not None
                    and window.live.snap.meeting.id == mid, timeout=WAIT)
    return window.live


def test_a_secret_vote_from_check_in_to_the_checked_count(
        qtbot: Any, room: Any, clients: Any, login: Any, tmp_path: Any) -> None:
    mid = room.published_meeting(participants=("secretary", "chair", "delegate",
                                               "delegate2"))["meeting_id"]
    sec = live_of(login(clients("sec"), "secretary"), mid, qtbot)
    d1 = live_of(login(clients("d1"), "delegate"), mid, qtbot)
    d2 = live_of(login(clients("d2"), "delegate2"), mid, qtbot)
    assert sec.console.isVisibleTo(sec) and not d1.console.isVisibleTo(d1)
    assert not d1.own.check_in.isEnabled()  # not in session yet

    sec.console.start.click()
    qtbot.waitUntil(lambda: d1.header.phase.text() == "In session", timeout=WAIT)
    for d in (d1, d2):
        qtbot.waitUntil(d.own.check_in.isEnabled, timeout=WAIT)
        d.own.check_in.click()
    qtbot.waitUntil(lambda: sec.header.heads is not None and sec.header.heads.present == 2,
                    timeout=WAIT)
    assert sec.header.count.text() == "2 present + 0 by proxy / 4"
    assert not sec.header.heads.quorum_met  # 4 voting members: 3 needed
    assert sec.header.quorum.text().startswith("NO QUORUM")
    # d1's own tablet learns of its check-in from the server's event, maybe after the
    # secretary's does
    qtbot.waitUntil(lambda: d1.own.check_in.text() == "Check out (I am leaving)",
                    timeout=WAIT)

    # a secret motion through the dialog; opening it without a quorum is refused in words
    dialog = sec.console.polls.new_poll()
    dialog.title.setText("Thông qua Nghị quyết số 12")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 1, timeout=WAIT)
    sec.console.polls.list.setCurrentRow(0)
    sec.console.polls.open.click()
    qtbot.waitUntil(lambda: sec.messages.text.startswith("There is no quorum"), timeout=WAIT)
    assert sec.snap.polls[0].status is PollStatus.DRAFT

    # the secretary marks herself present: quorum met
    table = sec.console.attendance.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Secretary")
    table.selectRow(row)
    sec.console.attendance.mark_present.click()
    qtbot.waitUntil(lambda: sec.header.heads.present == 3, timeout=WAIT)
    assert sec.header.heads.quorum_met and sec.header.quorum.text().startswith("QUORUM MET")
    qtbot.waitUntil(lambda: d2.header.heads is not None and d2.header.heads.quorum_met,
                    timeout=WAIT)

    sec.console.polls.list.setCurrentRow(0)
    sec.console.polls.open.click()
    for d in (d1, d2):
        qtbot.waitUntil(d.ballot.isVisible, timeout=WAIT)
    assert d1.ballot.hint.text() == "Choose one option."
    assert set(d1.ballot.option_buttons) == {"yes", "no", "abstain"}

    for d, choice, label in ((d1, "yes", "In favour"), (d2, "no", "Against")):
        d.ballot.option_buttons[choice].click()
        d.ballot.vote_button.click()
        assert d.ballot.pages.currentWidget() is d.ballot.confirm_page
        assert d.ballot.confirm_text.text() == f"You chose: {label}. Send the ballot?"
        d.ballot.send_button.click()
    for d in (d1, d2):
        qtbot.waitUntil(lambda d=d: d.ballot.latest() is not None
                        and d.ballot.latest().state is BallotState.RECEIVED, timeout=WAIT)
        assert d.ballot.state_label.text() == "Received by the server"
        assert d.ballot.receipt_label.text().startswith("Receipt code: ")
        assert not d.ballot.change_button.isVisible()  # this poll allows no change
    # turnout, never partial results, on the secretary's screen
    qtbot.waitUntil(lambda: "2/3 have voted" in sec.header.turnout.text(), timeout=WAIT)
    assert not sec.result.isVisible() and not d1.result.isVisible()

    sec.console.polls.list.setCurrentRow(0)
    sec.console.polls.close_button.click()
    assert sec.question is not None and sec.question.isVisible()  # closing asks first
    sec.question.confirm_button.click()
    # the ballots are sealed: two of the three trustees (the secretary and the two
    # delegates, whose apps are connected; the chair's is not) open the box
    for live in (sec, d1, d2):
        qtbot.waitUntil(live.box.isVisible, timeout=WAIT)
        assert not live.result.isVisible()
    assert sec.box.state.text().startswith("Voting has ended. The ballots are sealed: 2 of "
                                           "the trustees (Secretary, Delegate, Delegate2)")
    assert sec.box.abandon.isVisible() and not d1.box.abandon.isVisible()
    assert d1.box.claim.isVisible()
    d1.box.claim.click()
    qtbot.waitUntil(sec.box.release.isVisible, timeout=WAIT)
    assert sec.box.release.text() == "Release my share to Delegate"
    assert sec.box.hint.text() == ("Delegate opens the box: 1 of the 2 key shares needed "
                                   "are in; waiting for: Secretary, Delegate2.")
    sec.box.release.click()  # the last share needed: Delegate's app opens the box
    for live in (sec, d1, d2):
        qtbot.waitUntil(live.result.isVisible, timeout=WAIT)
        assert not live.box.isVisible()
        assert live.result.chart.data is not None
        assert [(b.label, b.votes) for b in live.result.chart.data.bars] == [
            ("In favour", 1), ("Against", 1), ("Abstain", 0)]
        assert live.result.outcome.text().startswith("Rejected: 1/2 votes in favour")
        assert live.result.rule.text().startswith("Rule: more than 1/2 of the votes cast")
    for d in (d1, d2):
        qtbot.waitUntil(lambda d=d: d.ballot.latest().state is BallotState.COUNTED,
                        timeout=WAIT)
        assert d.ballot.state_label.text() == "Counted"

    d1.result.check_button.click()
    qtbot.waitUntil(lambda: d1.result.check_label.text().startswith("Checked:"), timeout=WAIT)
    assert "Your ballot is in the record as you cast it." in d1.result.check_label.text()

    # export the result (the folder is given: the folder dialog is Qt's own)
    out = tmp_path / "export"
    out.mkdir()
    d1._export(d1.result.poll.id, folder=out)
    qtbot.waitUntil(lambda: d1.result.export_label.text().startswith("Saved in"), timeout=WAIT)
    files = sorted(p.suffix for p in out.iterdir())
    assert files == [".csv", ".csv", ".json", ".pdf"]
    assert (out / next(p.name for p in out.iterdir() if p.suffix == ".pdf")).read_bytes(
        ).startswith(b"%PDF-")

    # the speakers list: a delegate asks, the secretary gives the floor, everyone sees it
    d1.own.speak.click()
    qtbot.waitUntil(lambda: sec.console.speakers.queue.count() == 1, timeout=WAIT)
    assert sec.console.speakers.queue.item(0).text() == "1. Delegate"
    sec.console.speakers.grant_next.click()
    for live in (d1, d2, sec):
        qtbot.waitUntil(lambda live=live: live.header.speaker.text() == "Speaking: Delegate",
                        timeout=WAIT)
        assert live.header.timer_label.text() != ""
    assert sec.snap.live.phase is MeetingPhase.IN_SESSION


def test_a_refused_ballot_says_why_in_words(qtbot: Any, room: Any, clients: Any,
                                            login: Any) -> None:
    """A delegate with a voting right who did not check in is refused: not_present."""
    mid = room.published_meeting(participants=("secretary", "delegate", "delegate2")
                                 )["meeting_id"]
    sec = live_of(login(clients("sec"), "secretary"), mid, qtbot)
    d1 = live_of(login(clients("d1"), "delegate"), mid, qtbot)
    sec.console.start.click()
    qtbot.waitUntil(lambda: sec.snap.live.phase is MeetingPhase.IN_SESSION, timeout=WAIT)
    sec.console.attendance.all_present.click()
    qtbot.waitUntil(lambda: d1.header.heads is not None and d1.header.heads.present == 3,
                    timeout=WAIT)
    sec.console.polls.create_poll(_motion())
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 1, timeout=WAIT)
    sec.console.polls.open.click()
    qtbot.waitUntil(d1.ballot.isVisible, timeout=WAIT)
    d1.own.check_in.click()  # checks out
    qtbot.waitUntil(lambda: d1.header.heads.present == 2, timeout=WAIT)
    d1.ballot.option_buttons["yes"].click()
    d1.ballot.vote_button.click()
    d1.ballot.send_button.click()
    qtbot.waitUntil(lambda: d1.ballot.latest() is not None
                    and d1.ballot.latest().state is BallotState.REFUSED, timeout=WAIT)
    assert d1.ballot.pages.currentWidget() is d1.ballot.choose_page
    assert d1.ballot.choose_error.text() == (
        "Your ballot was refused: Check in first: only members who are present can vote.")


def _motion() -> Any:
    from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec

    return PollSpec(title="Biểu quyết", options=(
        PollOption("yes", "Tán thành", OptionKind.YES),
        PollOption("no", "Không tán thành", OptionKind.NO)),
        ballot_type=BallotType.NAMED).validate()


def test_following_the_presenter_and_stopping(qtbot: Any, room: Any, clients: Any,
                                              login: Any) -> None:
    m = room.published_meeting(participants=("secretary", "delegate"), pages=3)
    mid, doc = m["meeting_id"], m["document"]
    sec_client = login(clients("sec"), "secretary")
    d_client = login(clients("d"), "delegate")
    sec, d = live_of(sec_client, mid, qtbot), live_of(d_client, mid, qtbot)
    for c in (sec_client, d_client):
        qtbot.waitUntil(lambda c=c: c.engine.documents.ready_path(doc.sha256) is not None,
                        timeout=WAIT)
    assert d.own.following  # on by default

    viewer = sec_client.window.open_document(doc)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_count == 3, timeout=WAIT)
    present = viewer.findChild(type(sec.console.start), "present")
    assert present is not None and present.text() == "Present this page"
    present.click()
    viewer.go_to(1)
    qtbot.waitUntil(lambda: bool(d_client.window.findChildren(DocumentViewer)), timeout=WAIT)
    followed = d_client.window.findChildren(DocumentViewer)[0]
    assert followed.document.id == doc.id
    assert followed.findChild(type(sec.console.start), "present") is None  # delegates don't
    qtbot.waitUntil(lambda: followed.index == 1 and followed.page_label.text() == "2 / 3",
                    timeout=WAIT)

    d.own.follow.setChecked(False)
    viewer.go_to(2)
    qtbot.waitUntil(lambda: d.follow.shown is not None and d.follow.shown.page == 2,
                    timeout=WAIT)
    assert followed.index == 1  # the event arrived, the reader stayed where it was
    d.own.follow.setChecked(True)  # following again jumps to the shown page
    qtbot.waitUntil(lambda: followed.index == 2, timeout=WAIT)


def test_the_live_header_in_vietnamese(qtbot: Any, room: Any, clients: Any,
                                       login: Any) -> None:
    mid = room.published_meeting(participants=("secretary", "delegate"))["meeting_id"]
    live = live_of(login(clients("sec", lang="vi"), "secretary"), mid, qtbot)
    assert live.header.phase.text() == "Chưa khai mạc"
    live.console.start.click()
    qtbot.waitUntil(lambda: live.header.phase.text() == "Đang họp", timeout=WAIT)
    assert live.header.count.text() == "0 có mặt + 0 ủy quyền / 2"
    assert live.header.quorum.text() == "CHƯA ĐỦ TÚC SỐ\ncần 2"
    assert live.own.check_in.text() == "Điểm danh – Tôi có mặt"
    live.own.check_in.click()
    qtbot.waitUntil(lambda: live.header.count.text() == "1 có mặt + 0 ủy quyền / 2",
                    timeout=WAIT)
    assert live.console.polls.new.text() == "Biểu quyết mới… (Ctrl+Shift+V)"


def test_the_meeting_quorum_is_chosen_in_the_console_and_used_by_new_polls(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    from meetingroom.domain.voting_rules import TWO_THIRDS, QuorumRule

    mid = room.published_meeting(participants=("secretary", "delegate"))["meeting_id"]
    sec = live_of(login(clients("sec"), "secretary"), mid, qtbot)
    panel = sec.console.attendance
    two_thirds = QuorumRule(fraction_of_members=TWO_THIRDS)
    index = next(i for i in range(panel.quorum.count()) if panel.quorum.itemData(i) == two_thirds)
    panel.quorum.setCurrentIndex(index)
    panel.quorum.activated.emit(index)
    qtbot.waitUntil(lambda: sec.snap.live.quorum == two_thirds, timeout=WAIT)
    dialog = sec.console.polls.new_poll()
    dialog.title.setText("Thông qua báo cáo")
    dialog.min_present.setValue(2)
    spec = dialog.spec()
    assert spec.quorum == QuorumRule(min_present=2, fraction_of_members=TWO_THIRDS)
    dialog.quorum.setChecked(False)
    assert dialog.spec().quorum == QuorumRule(min_present=2)
    dialog.reject()


def test_proxy_ballot_multiple_choice_and_a_changed_vote(qtbot: Any, room: Any, clients: Any,
                                                         login: Any) -> None:
    """delegate holds delegate2's proxy: two ballots from one tablet, one of them changed
    before the close; a choose-up-to-2 election; the record holds the final choices."""
    from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec

    mid = room.published_meeting(participants=("secretary", "delegate", "delegate2"))[
        "meeting_id"]
    sec = live_of(login(clients("sec"), "secretary"), mid, qtbot)
    d1 = live_of(login(clients("d1"), "delegate"), mid, qtbot)
    d1_id, d2_id = room.users["delegate"].id, room.users["delegate2"].id
    sec.console.start.click()
    qtbot.waitUntil(lambda: sec.snap.live.phase is MeetingPhase.IN_SESSION, timeout=WAIT)
    sec.send(rq.AttendanceSet(meeting_id=mid, attendance={
        room.users["secretary"].id: "present", d1_id: "present", d2_id: "excused"}))
    sec.send(rq.ProxiesSet(meeting_id=mid, proxies={d2_id: d1_id}))
    qtbot.waitUntil(lambda: d1.header.heads is not None and d1.header.heads.represented == 1,
                    timeout=WAIT)
    # the head count and quorum also show in the status bar, whatever tab is open
    window = d1.window()
    window.tabs.setCurrentIndex(0)
    assert window.status.session.isVisibleTo(window)
    assert window.status.session.text() == "In session · 3/3 present · quorum met"
    window.tabs.setCurrentIndex(2)
    spec = PollSpec(title="Bầu Ban kiểm tra", options=(
        PollOption("a", "Nguyễn Văn An", OptionKind.CANDIDATE),
        PollOption("b", "Trần Thị Bình", OptionKind.CANDIDATE),
        PollOption("c", "Lê Văn Cường", OptionKind.CANDIDATE)),
        min_choices=1, max_choices=2, seats=2, ballot_type=BallotType.NAMED,
        allow_change=True).validate()
    sec.console.polls.create_poll(spec)
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 1, timeout=WAIT)
    sec.console.polls.open.click()
    qtbot.waitUntil(d1.ballot.isVisible, timeout=WAIT)
    ballot = d1.ballot
    assert ballot.member_combo.isVisible() and ballot.member_combo.count() == 2

    def vote(member: str, picks: tuple[str, ...]) -> None:
        ids = [v.member_id for v in ballot._voters]
        ballot.member_combo.setCurrentIndex(ids.index(member))
        for oid, button in ballot.option_buttons.items():
            button.setChecked(oid in picks)
        ballot.vote_button.click()
        ballot.send_button.click()
        qtbot.waitUntil(lambda: ballot.latest() is not None
                        and ballot.latest().member_id == member
                        and tuple(ballot.latest().choices) == picks
                        and ballot.latest().state is BallotState.RECEIVED, timeout=WAIT)

    vote(d1_id, ("a", "b"))
    vote(d2_id, ("c",))  # for the absent member, by proxy
    ballot.change_button.click()  # the proxy's choice changes before the close
    vote(d2_id, ("b", "c"))
    qtbot.waitUntil(lambda: "2/" in sec.header.turnout.text(), timeout=WAIT)
    sec.console.polls.close_button.click()
    sec.question.confirm_button.click()
    qtbot.waitUntil(lambda: sec.snap.polls[0].status is PollStatus.CLOSED, timeout=WAIT)
    result = sec.snap.polls[0].result
    assert dict(result.counts) == {"a": 1, "b": 2, "c": 1}
    assert result.ballots_cast == 2
    record = d1._engine.voting.poll_record(mid, sec.snap.polls[0].id).result(timeout=20)
    assert sorted(c for _, c in record.ballots) == [("a", "b"), ("b", "c")]
    assert [(n, c, by) for n, c, by in record.named] == [
        ("Delegate", ("a", "b"), "Delegate"), ("Delegate2", ("b", "c"), "Delegate")]
    qtbot.waitUntil(lambda: {b.state for b in d1._engine.voting.ballots(mid)
                             if b.receipt in dict(record.ballots)} == {BallotState.COUNTED},
                    timeout=WAIT)
