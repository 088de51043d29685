"""Themes, the shipped font, touch-sized controls and the recolourable icon set."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontInfo, QGuiApplication, QPalette

from meetingroom.paths import resource_path
from meetingroom.ui.base.theme import BASE_POINT_SIZE, DARK, LIGHT, TOUCH_PX
from meetingroom.ui.common.icons import NAMES, IconSet
from meetingroom.ui.shell.context import UiContext


def test_every_icon_exists_is_a_single_colour_line_drawing_and_renders(qapp: Any) -> None:
    icons = IconSet()
    for name in sorted(NAMES):
        svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg and 'stroke="currentColor"' in svg, name
        image = icons.icon(name).pixmap(48, 48).toImage()
        drawn = sum(image.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))
        assert drawn > 20, f"icon {name} draws nothing"


def test_icons_follow_the_theme_colour(qapp: Any) -> None:
    context = UiContext.of(qapp)
    icon = context.icons.icon("add")  # one icon object, drawn in whatever theme is current

    def centre_colour() -> str:
        return str(icon.pixmap(48, 48).toImage().pixelColor(24, 24).name())

    context.theme.apply("light")
    assert centre_colour() == LIGHT.text
    context.theme.apply("dark")
    assert centre_colour() == DARK.text
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    context.theme.apply("light")


def test_font_and_touch_sizes(qtbot: Any, room: Any, clients: Any) -> None:
    client = clients("d", server_url=room.url)
    client.start()
    qtbot.waitUntil(lambda: client.login_dialog is not None)
    dialog = client.login_dialog
    info = QFontInfo(dialog.font())
    assert info.family() == "DejaVu Sans"  # the shipped font, same diacritics everywhere
    assert dialog.font().pointSize() >= BASE_POINT_SIZE >= 11
    for widget in (dialog.submit_button, dialog.quit_button):
        assert widget.height() >= TOUCH_PX
    for field in (dialog.server, dialog.username, dialog.password):
        assert field.height() >= TOUCH_PX - 10
