"""The reader's one tool row: the tool and colour in use are visibly marked in both themes,
the row folds to fit (names beside icons when wide, icons with accessible names when
narrow), the page box is never squeezed, and the window fits the screen it opens on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget
from shiboken6 import isValid

from meetingroom.domain.model import Document
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.notes.layer import NoteTool
from meetingroom.ui.notes.tools import COLOURS, NotesToolbar
from meetingroom.ui.reader.history import ReadingPositions
from meetingroom.ui.reader.render.service import RenderService
from meetingroom.ui.reader.tools import ICONS_ONLY, MOST_FOLDED
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.context import UiContext

WAIT = 20_000
RED = COLOURS[1]
DRIVER = Path(__file__).with_name("reader_fit_driver.py")


def eight_pages(path: Path) -> Path:
    doc = pymupdf.open()
    for i in range(8):
        doc.new_page(width=595, height=842).insert_text((72, 100), f"Trang {i + 1}")
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def reader(qtbot: Any, qapp: Any, tmp_path: Path) -> Iterator[tuple[DocumentViewer,
                                                                      NotesToolbar]]:
    service = RenderService(page_timeout=2.0)
    positions = ReadingPositions(QSettings(str(tmp_path / "r.ini"),
                                           QSettings.Format.IniFormat))
    doc = Document(id="d", item_id="i", name="bao-cao-kt-xh-9-thang-2026.pdf",
                   sha256="b" * 64, size=1, pages=8)
    viewer = DocumentViewer(service, IconSet(), doc, eight_pages(tmp_path / "r.pdf"),
                            positions=positions)
    notes = NotesToolbar(viewer)
    viewer.tool_row.add_part(notes, notes)
    viewer.resize(1366, 740)
    viewer.show()
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)
    yield viewer, notes
    if isValid(viewer):
        viewer.close()
    service.stop()
    UiContext.of(qapp).theme.apply("light")


def grab(button: QWidget) -> QImage:
    return button.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def differing(a: QImage, b: QImage) -> int:
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for x in range(min(a.width(), b.width())) for y in range(min(a.height(),
                                                                            b.height())))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_tool_and_colour_in_use_look_different_from_the_others(
        qtbot: Any, qapp: Any, reader: tuple[DocumentViewer, NotesToolbar], theme: str) -> None:
    viewer, notes = reader
    colours = UiContext.of(qapp).theme.apply(theme)
    viewer.resize(2400, 740)  # wide: every swatch shown
    qtbot.waitUntil(lambda: notes.colour_buttons[RED].isVisible())
    pen, read = notes.tool_buttons[NoteTool.PEN], notes.tool_buttons[NoteTool.READ]
    red = notes.colour_buttons[RED]
    pen_before, red_before, read_before = grab(pen), grab(red), grab(read)
    pen.click()
    red.click()
    assert pen.isChecked() and red.isChecked() and not read.isChecked()
    pen_after, red_after, read_after = grab(pen), grab(red), grab(read)
    # the chosen ones changed visibly (a tinted background and an accent frame) ...
    for before, after in ((pen_before, pen_after), (red_before, red_after)):
        assert differing(before, after) > before.width() * 4
    accent = colours.accent.lstrip("#").lower()
    assert any(f"{pen_after.pixel(x, pen_after.height() // 2) & 0xFFFFFF:06x}" == accent
               for x in range(4))  # the frame, on the left edge
    assert any(f"{red_after.pixel(x, 3) & 0xFFFFFF:06x}" == colours.chosen.lstrip("#")
               for x in range(4, red_after.width() - 4))  # the tint around the swatch
    # ... and the tool left looks like any other tool again
    assert differing(read_after, grab(notes.tool_buttons[NoteTool.SELECT])) < differing(
        read_before, grab(notes.tool_buttons[NoteTool.SELECT]))
    # folded to one colour button, that button shows the colour in use
    viewer.resize(900, 740)
    qtbot.waitUntil(lambda: notes.colour_button.isVisible())
    swatch = notes.colour_button.icon().pixmap(28, 28).toImage()
    assert swatch.pixelColor(14, 14).name() == RED
    assert notes.colour_button.accessibleName() == "Colour: Red"


def test_the_row_shows_names_when_wide_and_folds_to_fit_when_narrow(
        qtbot: Any, reader: tuple[DocumentViewer, NotesToolbar]) -> None:
    viewer, notes = reader
    bar = viewer.tool_row.bar
    for width in (2400, 1366, 1280, 1024, 800):
        viewer.resize(width, 740)
        qtbot.waitUntil(lambda w=width: viewer.width() == w)
        qtbot.waitUntil(lambda: all(
            w.mapTo(bar, w.rect().bottomRight()).x() < bar.width()
            for w in bar.findChildren(QWidget) if w.isVisible()))  # nothing cut off
        assert bar.height() < 60  # one row
        pen = notes.tool_buttons[NoteTool.PEN]
        if width == 2400:
            assert viewer.tool_row.level < ICONS_ONLY
            assert pen.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            assert notes.colour_buttons[RED].isVisible() and viewer.rotate.isVisible()
        else:
            assert pen.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonIconOnly
        assert pen.accessibleName() == "Pen" and pen.toolTip() == "Write with the pen"
    assert viewer.tool_row.level == MOST_FOLDED
    assert not viewer.rotate.isVisible() and viewer.tool_row.view_menu_button.isVisible()
    # the folded view buttons still work from the View menu
    rotate = next(a for a in viewer.tool_row.view_menu.actions() if a.text() == "Rotate the view")
    before = viewer.canvas.rotation
    rotate.trigger()
    assert viewer.canvas.rotation == (before + 90) % 360
    for b in viewer.findChildren(QToolButton):
        if b.isVisible() and b.parentWidget() in (bar, notes):
            assert b.accessibleName(), b.toolTip()


def test_present_this_page_never_squeezes_the_page_number(
        qtbot: Any, reader: tuple[DocumentViewer, NotesToolbar]) -> None:
    viewer, _notes = reader
    present = QPushButton("Present this page", viewer)  # as the live session adds it
    present.setCheckable(True)
    viewer.tools.addWidget(present)
    viewer.go_to(4)
    assert viewer.page_label.text() == "5 / 8"
    for width in (1366, 1280, 1024):
        viewer.resize(width, 740)
        qtbot.waitUntil(lambda w=width: viewer.width() == w and present.isVisible())
        box = viewer.page_label
        room = box.contentsRect().width() - 8  # the line edit's own text margins
        assert box.fontMetrics().horizontalAdvance("5 / 8") <= room
        assert box.fontMetrics().horizontalAdvance("8 / 8") <= room


@pytest.mark.parametrize("screen", [(1366, 768), (1280, 800)])
def test_the_reader_window_fits_the_screen_it_opens_on(tmp_path: Path,
                                                       screen: tuple[int, int]) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "s", "x": 0, "y": 0, "width": screen[0], "height": screen[1],
        "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run([sys.executable, str(DRIVER), str(eight_pages(tmp_path / "e.pdf"))],
                          env=env, capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    x, y, w, h = seen["frame"]
    assert seen["screen"] == [0, 0, *screen]
    assert x >= 0 and y >= 0 and x + w <= screen[0] and y + h <= screen[1]
    assert w >= screen[0] - 100  # it uses the room it has
    assert seen["rightmost"] < seen["bar_width"] and seen["bar_height"] < 60
    assert seen["page_text"] == "1 / 8" and seen["page_text_width"] < seen["page_box"] - 8


def test_at_200_percent_the_page_number_and_the_tools_still_fit(
        qtbot: Any, qapp: Any, reader: tuple[DocumentViewer, NotesToolbar]) -> None:
    viewer, _notes = reader
    theme = UiContext.of(qapp).theme
    viewer.go_to(7)
    before = viewer.page_label.width()
    try:
        theme.set_text_size(200)
        viewer.resize(1366, 740)
        qtbot.waitUntil(lambda: viewer.page_label.width() > before)  # it follows the font
        box = viewer.page_label
        assert viewer.page_label.text() == "8 / 8"
        assert box.fontMetrics().horizontalAdvance("8 / 8") <= box.contentsRect().width() - 8
        bar = viewer.tool_row.bar
        qtbot.waitUntil(lambda: all(
            w.mapTo(bar, w.rect().bottomRight()).x() < bar.width()
            for w in bar.findChildren(QWidget) if w.isVisible()))  # nothing cut off
    finally:
        theme.set_text_size(100)
    qtbot.waitUntil(lambda: viewer.page_label.width() == before)
