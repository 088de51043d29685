"""The ballot's options are large rows, clicked anywhere, drawn in AA contrast in both themes;
its "choose more" refusal goes once the choice is right; the quorum badge reads in both."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from meetingroom.domain.live import MeetingPhase
from meetingroom.domain.polls import Poll, PollStatus
from meetingroom.domain.voting import BallotType, OptionKind, PollOption, PollSpec
from meetingroom.ui.base.contrast import TEXT_AA, UI_AA, contrast
from meetingroom.ui.base.theme import LIGHT, TOUCH_PX
from meetingroom.ui.polls.ballot import BallotPanel, Voter
from meetingroom.ui.polls.choice import ROW_PX, choice_colors
from meetingroom.ui.shell.context import UiContext

WAIT = 20_000


def _live(client: Any, mid: str, qtbot: Any) -> Any:
    window = client.window
    window.tabs.show_live_action.trigger()
    qtbot.waitUntil(lambda: window.live.snap is not None
                    and window.live.snap.meeting.id == mid, timeout=WAIT)
    return window.live


def _far_right(button: Any) -> QPoint:
    """A point of the row well past its text: only a whole-row button takes it."""
    return QPoint(button.width() - 8, button.height() // 2)


def test_a_row_clicked_anywhere_chooses_and_the_refusal_goes_once_put_right(
        qtbot: Any, room: Any, clients: Any, login: Any) -> None:
    mid = room.published_meeting(participants=("secretary", "delegate", "delegate2")
                                 )["meeting_id"]
    sec = _live(login(clients("sec"), "secretary"), mid, qtbot)
    d1 = _live(login(clients("d1"), "delegate"), mid, qtbot)
    sec.console.start.click()
    qtbot.waitUntil(lambda: sec.snap.live.phase is MeetingPhase.IN_SESSION, timeout=WAIT)
    sec.console.attendance.all_present.click()
    qtbot.waitUntil(lambda: d1.header.heads is not None and d1.header.heads.present == 3,
                    timeout=WAIT)
    spec = PollSpec(title="Bầu Ban kiểm tra", options=(
        PollOption("a", "Nguyễn Văn An", OptionKind.CANDIDATE),
        PollOption("b", "Trần Thị Bình", OptionKind.CANDIDATE),
        PollOption("c", "Lê Văn Cường", OptionKind.CANDIDATE)),
        min_choices=2, max_choices=2, seats=2, ballot_type=BallotType.NAMED).validate()
    sec.console.polls.create_poll(spec)
    qtbot.waitUntil(lambda: len(sec.snap.polls) == 1, timeout=WAIT)
    sec.console.polls.open.click()
    qtbot.waitUntil(d1.ballot.isVisible, timeout=WAIT)
    ballot = d1.ballot
    rows = ballot.option_buttons
    for button in rows.values():
        assert button.height() >= TOUCH_PX and button.height() >= ROW_PX

    qtbot.mouseClick(rows["a"], Qt.MouseButton.LeftButton, pos=_far_right(rows["a"]))
    assert ballot.chosen() == ["a"]
    ballot.vote_button.click()  # one of two: refused in words
    assert ballot.choose_error.isVisible()
    assert ballot.choose_error.text() == "Choose more options."
    assert ballot.pages.currentWidget() is ballot.choose_page

    qtbot.mouseClick(rows["b"], Qt.MouseButton.LeftButton, pos=_far_right(rows["b"]))
    assert ballot.chosen() == ["a", "b"]
    assert not ballot.choose_error.isVisible()  # put right: the refusal is gone at once
    qtbot.mouseClick(rows["b"], Qt.MouseButton.LeftButton, pos=_far_right(rows["b"]))
    assert not ballot.choose_error.isVisible()  # not refused again before "Vote…"
    ballot.vote_button.click()
    assert ballot.choose_error.text() == "Choose more options."
    qtbot.mouseClick(rows["c"], Qt.MouseButton.LeftButton, pos=_far_right(rows["c"]))
    assert not ballot.choose_error.isVisible()
    ballot.vote_button.click()
    assert ballot.pages.currentWidget() is ballot.confirm_page


def _motion_panel(qtbot: Any, qapp: Any) -> BallotPanel:
    spec = PollSpec(title="Thông qua Nghị quyết", options=(
        PollOption("yes", "Tán thành", OptionKind.YES),
        PollOption("no", "Không tán thành", OptionKind.NO),
        PollOption("abstain", "Không biểu quyết", OptionKind.ABSTAIN))).validate()
    panel = BallotPanel(UiContext.of(qapp).theme.colors)
    qtbot.addWidget(panel)
    panel.show_poll(Poll(id="p1", item_id=None, spec=spec, status=PollStatus.OPEN),
                    [Voter("u1", "Delegate", False)], [])
    panel.resize(600, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_radio_row_is_chosen_by_a_click_anywhere_on_it(qtbot: Any, qapp: Any) -> None:
    panel = _motion_panel(qtbot, qapp)
    yes, no = panel.option_buttons["yes"], panel.option_buttons["no"]
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton, pos=_far_right(no))
    assert panel.chosen() == ["no"]
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton, pos=QPoint(yes.width() // 2, 4))
    assert panel.chosen() == ["yes"]


def _has_colour(image: QImage, colour: QColor, box: tuple[int, int, int, int]) -> bool:
    x0, y0, w, h = box
    for x in range(x0, x0 + w):
        for y in range(y0, y0 + h):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) + abs(c.green() - colour.green())
                    + abs(c.blue() - colour.blue())) <= 24:
                return True
    return False


def test_text_and_marks_reach_wcag_aa_in_both_themes(qtbot: Any, qapp: Any) -> None:
    theme = UiContext.of(qapp).theme
    panel = _motion_panel(qtbot, qapp)
    panel.option_buttons["yes"].setChecked(True)
    try:
        for mode in ("light", "dark"):
            colors = theme.apply(mode)
            panel.set_colors(colors)
            qapp.processEvents()
            for oid, button in panel.option_buttons.items():
                c = choice_colors(button.palette(), checked=button.isChecked(), enabled=True)
                assert contrast(c.text, c.background) >= TEXT_AA, (mode, oid)
                assert contrast(c.mark.ring, c.background) >= UI_AA, (mode, oid)
                if button.isChecked():
                    assert contrast(c.mark.fill, c.background) >= UI_AA, mode
                    assert contrast(c.mark.tick, c.mark.fill) >= UI_AA, mode
                # the row is drawn in those colours: its ring shows where the mark is
                image = button.grab().toImage()
                assert _has_colour(image, c.mark.ring, (8, 4, 36, button.height() - 8)), (
                    mode, oid)
            # the palette's own text, and the quorum badge's words on its fill
            pal = panel.palette()
            assert contrast(pal.color(pal.ColorRole.Text), pal.color(pal.ColorRole.Base)) \
                >= TEXT_AA
            for fill in (colors.ok, colors.bad):
                assert contrast(colors.on_status, fill) >= TEXT_AA, (mode, fill)
    finally:
        theme.apply("light")
    assert theme.colors == LIGHT


def test_the_quorum_badge_draws_readable_words_in_the_dark_theme(
        qtbot: Any, qapp: Any, room: Any, clients: Any, login: Any) -> None:
    mid = room.published_meeting(participants=("secretary", "delegate"))["meeting_id"]
    try:
        live = _live(login(clients("sec", theme="dark"), "secretary"), mid, qtbot)
        live.console.start.click()
        qtbot.waitUntil(lambda: live.header.heads is not None, timeout=WAIT)
        fill, ink = live.header.quorum_colours
        assert fill and contrast(ink, fill) >= TEXT_AA
        assert f"color: {ink}" in live.header.quorum.styleSheet()
    finally:
        UiContext.of(qapp).theme.apply("light")
