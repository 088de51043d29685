"""The application's own icon reaches every window (title bar, task switcher)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from meetingroom.ui.shell.context import app_icon


def test_the_app_icon_is_drawn_from_the_shipped_drawing(qtbot: QtBot) -> None:
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == [16, 32, 48, 64, 128, 256]
    image = icon.pixmap(64).toImage()
    centre = image.pixelColor(32, 32)
    assert centre.alpha() == 255  # the drawing fills its middle: not an empty pixmap
    corners = [image.pixelColor(x, y).alpha() for x, y in ((0, 0), (63, 0), (0, 63))]
    assert min(corners) < 255 or centre != image.pixelColor(0, 0)
