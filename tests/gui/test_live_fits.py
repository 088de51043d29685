"""The live page fits the screen: on a 1366×768 laptop and a 1280×800 tablet the
secretary sees the poll buttons and the delegate the whole ballot without scrolling
(the page scrolls only at large text sizes, when even its least does not fit)."""

from __future__ import annotations

from typing import Any

import pytest
from live_session import in_session, open_poll
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget, page: Any) -> bool:
    """Whether all of ``widget`` shows inside the scroll area's viewport as it is now."""
    viewport = page.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(QPoint(0, 0), viewport.size()).contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("screen", [(1366, 768), (1280, 800)])
def test_the_poll_buttons_and_the_ballot_show_without_scrolling(
        qtbot: Any, room: Any, clients: Any, login: Any, screen: tuple[int, int]) -> None:
    sec, d, _ = in_session(qtbot, room, clients, login)
    open_poll(qtbot, sec, "Thông qua Nghị quyết số 12")
    for c in (sec, d):
        c.window.resize(*screen)
        c.window.tabs.setCurrentWidget(c.window.live_page)
    polls = sec.window.live.console.polls
    sec.window.live.console.tabs.setCurrentWidget(polls)
    page = sec.window.live_page
    qtbot.waitUntil(lambda: polls.close_button.isVisible())
    assert page.verticalScrollBar().maximum() == 0  # nothing to scroll to
    for button in (polls.new, polls.open, polls.close_button, polls.cancel):
        assert on_screen(button, page), button.text()
    ballot = d.window.live.ballot
    qtbot.waitUntil(lambda: ballot.isVisible() and bool(ballot.option_buttons))
    for option in ballot.option_buttons.values():
        assert on_screen(option, d.window.live_page), option.text()
    assert on_screen(ballot.vote_button, d.window.live_page)
