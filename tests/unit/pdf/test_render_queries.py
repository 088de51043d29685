"""The render worker's page layout answer is checked before the reader trusts it."""

from __future__ import annotations

from typing import Any

import pytest

from meetingroom.pdf.render_queries import page_layout_of, page_sizes_of


def test_sizes_and_rotations_come_back_and_missing_pages_are_filled() -> None:
    reply = [[595.0, 842.0, 0], [842.0, 595.0, 90], [0.0, 0.0, 270]]
    sizes, rotations = page_layout_of(reply, 4)
    assert sizes == ((595.0, 842.0), (842.0, 595.0), (842.0, 595.0), (842.0, 595.0))
    assert rotations == (0, 90, 270, 0)
    assert page_sizes_of(reply, 4) == sizes


def test_an_answer_without_rotations_means_upright_pages() -> None:
    assert page_layout_of([[300, 400], [500, 600]], 2) == (((300.0, 400.0), (500.0, 600.0)),
                                                           (0, 0))


@pytest.mark.parametrize("reply", [
    [[595.0, 842.0, 45]],
    [[595.0, 842.0, 360]],
    [[595.0, 842.0, -90]],
    [[595.0, 842.0, True]],
    [[595.0, 842.0, 90.0]],
    [[595.0, 842.0, 0, 0]],
    [[595.0]],
    "595x842",
])
def test_a_malformed_layout_is_refused(reply: Any) -> None:
    with pytest.raises(ValueError, match="render worker"):
        page_layout_of(reply, 1)
