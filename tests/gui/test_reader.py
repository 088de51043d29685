"""The document reader with the real render process: scrolling, zoom, search, selection and
copy (also across pages), outline, remembered page, passwords, a hostile page, night mode,
and touch with synthetic touch-screen events (swipe, one-finger scrolling, pinch)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from meetingroom.domain.model import Document
from meetingroom.paths import font_path
from meetingroom.pdf.scan_samples import make_scanned_document
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.reader.history import ReadingPositions
from meetingroom.ui.reader.render.service import Query, RenderRequest, RenderService
from meetingroom.ui.reader.viewer import DocumentViewer

WAIT = 20_000
_FONT = {"fontname": "dv", "fontfile": str(font_path())}


def make_pdf(path: Path, *, pages: int = 6, slow_page: int | None = None,
             password: str | None = None) -> Path:
    """Pages with Vietnamese text; "ngân sách nhà nước" on pages 2 and 4; an outline."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Trang {i + 1}: Báo cáo tình hình", **_FONT)
        page.insert_text((72, 130), "Kỳ họp thứ mười hai của Hội đồng", **_FONT)
        if i in (1, 3):
            page.insert_text((72, 400), "Dự toán ngân sách nhà nước năm 2027", **_FONT)
    doc.set_toc([[1, "Phần một", 1], [1, "Phần hai", min(3, pages)],
                 [2, "Mục 2.1", min(4, pages)]])
    if slow_page is not None:
        ops = b"".join(b"%d %d m %d %d %d %d %d %d c S\n" % (
            i % 500, i % 700, (i * 7) % 600, (i * 3) % 800, (i * 11) % 600, (i * 5) % 800,
            (i * 13) % 600, i % 800) for i in range(400_000))
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, b"1 w\n" + ops)
        doc.xref_set_key(doc[slow_page].xref, "Contents", f"{xref} 0 R")
    extra: dict[str, Any] = {}
    if password is not None:
        extra = {"encryption": pymupdf.PDF_ENCRYPT_AES_256, "user_pw": password,
                 "owner_pw": password + "-chủ"}
    doc.save(path, deflate=True, **extra)
    doc.close()
    return path


@pytest.fixture
def service(qapp: Any) -> Iterator[RenderService]:
    s = RenderService(page_timeout=2.0)
    yield s
    s.stop()


@pytest.fixture
def positions(tmp_path: Path) -> ReadingPositions:
    return ReadingPositions(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def open_viewer(qtbot: Any, service: RenderService, positions: ReadingPositions
                ) -> Iterator[Any]:
    made: list[DocumentViewer] = []

    def run(path: Path, *, sha: str = "a" * 64, wait: bool = True) -> DocumentViewer:
        doc = Document(id="d", item_id="i", name=path.name, sha256=sha, size=1, pages=1)
        viewer = DocumentViewer(service, IconSet(), doc, path, positions=positions)
        viewer.resize(900, 800)
        viewer.show()
        made.append(viewer)
        if wait:
            qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)
        return viewer

    yield run
    for viewer in made:
        if isValid(viewer) and viewer.isVisible():
            viewer.close()


def sharp(viewer: DocumentViewer, index: int) -> Any:
    view = viewer.canvas.views.get(index)
    return None if view is None else view.image


def test_scrolling_draws_later_pages_and_only_those_near_the_view(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "a.pdf", pages=8))
    assert viewer.page_label.text() == "1 / 8"
    assert set(viewer.canvas.views) <= {0, 1, 2}  # placeholders only, no far widgets
    bar = viewer.canvas.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: sharp(viewer, 7) is not None, timeout=WAIT)
    assert viewer.index == 7 and viewer.page_label.text() == "8 / 8"
    assert 0 not in viewer.canvas.views  # far pages lost their widgets
    qtbot.keyClick(viewer, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: sharp(viewer, 0) is not None, timeout=WAIT)
    assert viewer.index == 0


def test_zoom_changes_the_drawn_scale(qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "z.pdf", pages=2))
    width, zoom = viewer.page.image.width(), viewer.shown_zoom
    viewer.zoom_in.click()
    assert viewer.shown_zoom > zoom and viewer.zoom == viewer.shown_zoom
    qtbot.waitUntil(lambda: sharp(viewer, 0) is not None
                    and sharp(viewer, 0).width() > width * 1.05, timeout=WAIT)
    assert viewer.zoom_label.text() == f"{round(viewer.shown_zoom * 100)} %"
    for _ in range(3):
        qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sharp(viewer, 0) is not None
                    and sharp(viewer, 0).width() < width * 0.8, timeout=WAIT)
    viewer.fit_width()
    assert viewer.zoom is None
    qtbot.waitUntil(lambda: sharp(viewer, 0) is not None
                    and abs(sharp(viewer, 0).width() - width) <= 2, timeout=WAIT)


def test_search_highlights_hits_on_two_pages_and_steps_between_them(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "s.pdf"))
    qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.search.isVisible()
    viewer.search.field.setText("ngân sách")
    qtbot.keyClick(viewer.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.search_result is not None, timeout=WAIT)
    result = viewer.search_result
    assert [h.page for h in result.hits] == [1, 3]
    assert viewer.index == 1 and viewer.search.count.text() == "1 of 2"
    assert viewer.canvas.views[1].current_hit == result.hits[0].rect  # highlighted
    qtbot.keyClick(viewer.search.field, Qt.Key.Key_Return)
    assert viewer.index == 3 and viewer.search.count.text() == "2 of 2"
    assert viewer.canvas.views[3].current_hit == result.hits[1].rect
    assert viewer.canvas.hits == {1: [result.hits[0].rect], 3: [result.hits[1].rect]}
    qtbot.keyClick(viewer.search.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.index == 1
    qtbot.keyClick(viewer, Qt.Key.Key_F3)
    assert viewer.index == 3
    qtbot.keyClick(viewer, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # history: back
    assert viewer.index == 1
    viewer.search.field.setText("không có chữ này")
    qtbot.keyClick(viewer.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.search.count.text() == "Not found", timeout=WAIT)
    assert viewer.canvas.hits == {}


def test_typing_without_tone_marks_finds_the_first_occurrence_in_reading_order(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    path = tmp_path / "caption.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 780), "Hình 2: Cơ cấu ngân sách", **_FONT)  # drawn first
    page.insert_text((72, 120), "Dự toán NGÂN SÁCH nhà nước năm 2027", **_FONT)
    doc.new_page(width=595, height=842).insert_text((72, 120), "Ngân sách xã", **_FONT)
    doc.save(path)
    doc.close()
    viewer = open_viewer(path)
    qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = viewer.search
    assert not bar.exact.isChecked()  # marks and case ignored by default
    bar.field.setText("ngan sach")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.search_result is not None, timeout=WAIT)
    result = viewer.search_result
    assert [h.page for h in result.hits] == [0, 0, 1] and bar.count.text() == "1 of 3"
    first = result.hits[0].rect
    assert first[1] < 130  # the body line at the top, not the caption at the foot
    assert viewer.canvas.current_hit == (0, first)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert viewer.hit == 1 and result.hits[1].rect[1] > 700  # then the caption
    bar.exact.setChecked(True)  # exact: only "ngân sách" as typed would do; none here
    qtbot.waitUntil(lambda: bar.count.text() == "Not found", timeout=WAIT)
    bar.field.setText("Ngân sách")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.search_result is not None
                    and viewer.search_result.text == "Ngân sách", timeout=WAIT)
    assert [h.page for h in viewer.search_result.hits] == [1] and viewer.index == 1
    bar.exact.setChecked(False)
    qtbot.waitUntil(lambda: viewer.search_result is not None
                    and len(viewer.search_result.hits) == 3, timeout=WAIT)


def test_selecting_text_with_the_mouse_and_copying_it(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    pdf = make_pdf(tmp_path / "c.pdf", pages=1)
    with pymupdf.open(pdf) as doc:
        word = doc[0].search_for("mười")[0]
    viewer = open_viewer(pdf)
    view = viewer.canvas.views[0]
    start = view.mapper.to_widget(74, 95)  # inside "Trang", first line
    end = view.mapper.to_widget((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, start)))
    qtbot.mouseMove(view, QPoint(*map(round, end)))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(*map(round, end)))
    expected = "Trang 1: Báo cáo tình hình\nKỳ họp thứ mười"
    qtbot.waitUntil(lambda: 0 in viewer.canvas.words, timeout=WAIT)
    assert viewer.canvas.selected_text == expected
    assert view.selection  # painted as highlighted
    clipboard = QApplication.clipboard()
    clipboard.clear()
    qtbot.keyClick(viewer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == expected


def test_outline_click_jumps_and_back_returns(qtbot: Any, tmp_path: Path,
                                              open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "o.pdf"))
    viewer.sidebar_button.click()
    assert viewer.sidebar.isVisible()
    viewer.sidebar.setCurrentIndex(1)
    tree = viewer.sidebar.outline
    # the outline comes with the page layout, which may follow page 1 (a loaded run)
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=WAIT)
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "Phần một", "Phần hai"]
    item = tree.topLevelItem(1)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())
    assert viewer.index == 2 and viewer.page_label.text() == "3 / 6"
    qtbot.waitUntil(lambda: sharp(viewer, 2) is not None, timeout=WAIT)
    viewer.back.click()
    assert viewer.index == 0
    viewer.forward.click()
    assert viewer.index == 2
    # thumbnails arrive for the pages the list shows
    viewer.sidebar.setCurrentIndex(0)
    qtbot.waitUntil(lambda: 0 in viewer.sidebar._have, timeout=WAIT)
    viewer.page_label.setText("5")
    qtbot.keyClick(viewer.page_label, Qt.Key.Key_Return)  # page number entry
    assert viewer.index == 4 and viewer.page_label.text() == "5 / 6"


def test_the_last_page_read_is_remembered(qtbot: Any, tmp_path: Path, open_viewer: Any
                                          ) -> None:
    pdf = make_pdf(tmp_path / "m.pdf")
    first = open_viewer(pdf, sha="b" * 64)
    first.go_to(4)
    first.close()
    again = open_viewer(pdf, sha="b" * 64, wait=False)
    qtbot.waitUntil(lambda: sharp(again, 4) is not None, timeout=WAIT)
    assert again.index == 4 and again.page_label.text() == "5 / 6"
    other = open_viewer(pdf, sha="c" * 64)  # another document starts at the top
    assert other.index == 0


def test_an_encrypted_pdf_asks_for_its_password(qtbot: Any, tmp_path: Path,
                                                open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "p.pdf", pages=2, password="mật-khẩu"),
                         wait=False)
    qtbot.waitUntil(viewer.password_row.isVisible, timeout=WAIT)
    assert viewer.message.text() == ("This document is protected by a password. "
                                      "Enter it to read.")
    assert viewer.error is None and viewer.page_count == 0
    viewer.password.setText("sai")
    qtbot.keyClick(viewer.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.message.text()
                    == "The password is not correct. Please try again.", timeout=WAIT)
    assert viewer.password_row.isVisible() and viewer.password.text() == ""
    viewer.password.setText("mật-khẩu")
    viewer.unlock.click()
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)
    assert viewer.page_count == 2 and not viewer.password_row.isVisible()
    assert not viewer.message.isVisible()


def test_a_hostile_page_shows_its_error_and_the_others_still_draw(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "h.pdf", pages=4, slow_page=1), wait=False)
    qtbot.waitUntil(lambda: 1 in viewer.canvas.failed, timeout=WAIT)
    assert viewer.canvas.failed[1].startswith("Page 2 cannot be shown.\nIt took too long")
    viewer.go_to(2)
    qtbot.waitUntil(lambda: sharp(viewer, 2) is not None, timeout=WAIT)
    assert viewer.canvas.views[1].error == viewer.canvas.failed[1]
    assert viewer.error is None and viewer.isVisible()
    viewer.go_to(0)
    qtbot.waitUntil(lambda: sharp(viewer, 0) is not None, timeout=WAIT)


def test_night_mode_inverts_the_page(qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "n.pdf", pages=1))
    view = viewer.canvas.views[0]
    day = view.grab().toImage()
    assert day.pixelColor(5, 5).lightness() > 245  # white paper
    viewer.night.click()
    night = view.grab().toImage()
    assert night.pixelColor(5, 5).lightness() < 10
    x, y = map(round, view.mapper.to_widget(80, 96))  # in the text: ink is now light
    inked = [(i, j) for i in range(x - 8, x + 40) for j in range(y - 6, y + 4)
             if day.pixelColor(i, j).lightness() < 100]
    assert inked and all(night.pixelColor(i, j).lightness() > 155 for i, j in inked)


def test_a_zero_page_or_damaged_pdf_is_reported_and_the_window_stays(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                    b"trailer << /Root 1 0 R >>\n%%EOF\n")
    viewer = open_viewer(bad, wait=False)
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=WAIT)
    assert viewer.message.text().startswith("This document cannot be shown.")
    assert not viewer.find_button.isEnabled() and viewer.isVisible()


def test_high_zoom_draws_a_tile_and_rotation_turns_the_page(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "t.pdf", pages=2))
    full_width = viewer.page.image.width()
    viewer.show_view(0, 4.0)  # 2380 × 3368 px at 400 %: drawn as a tile around the view
    qtbot.waitUntil(lambda: viewer.canvas.image_of(0) is not None, timeout=WAIT)
    tile = viewer.canvas.image_of(0)
    assert tile.result.request.clip is not None
    assert tile.image.width() < 595 * 4 * viewer.devicePixelRatioF() and (
        tile.image.width() > full_width)
    viewer.fit_width()
    view = viewer.canvas.views[0]
    assert view.height() > view.width()
    viewer.rotate.click()
    view = viewer.canvas.views[0]
    assert view.width() > view.height()  # a quarter turn: landscape on screen
    qtbot.waitUntil(lambda: viewer.page.image is not None, timeout=WAIT)


def test_presentation_mode_shows_one_page_and_the_wheel_turns_it(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    viewer = open_viewer(make_pdf(tmp_path / "w.pdf", pages=3))
    viewer.single.click()
    assert set(viewer.canvas.views) == {0}
    viewport = viewer.canvas.viewport()
    down = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                       QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, down)
    assert viewer.index == 1 and set(viewer.canvas.views) == {1}
    qtbot.waitUntil(lambda: sharp(viewer, 1) is not None, timeout=WAIT)
    qtbot.keyClick(viewer, Qt.Key.Key_F5)  # back to continuous pages
    assert not viewer.single.isChecked() and viewer.index == 1
    assert {0, 1, 2} >= set(viewer.canvas.views) >= {1}


@pytest.fixture(scope="module")
def screen() -> Iterator[QPointingDevice]:
    yield QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)


def drag(viewer: DocumentViewer, device: QPointingDevice, points: list[QPoint]) -> None:
    """One finger down at the first point, through the others, up at the last."""
    viewport = viewer.canvas.viewport()
    QTest.touchEvent(viewport, device).press(0, points[0], viewport).commit()
    for p in points[1:]:
        QTest.touchEvent(viewport, device).move(0, p, viewport).commit()
    QTest.touchEvent(viewport, device).release(0, points[-1], viewport).commit()


def test_a_swipe_turns_the_page_in_presentation_mode(
        qtbot: Any, tmp_path: Path, open_viewer: Any, screen: QPointingDevice) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "s.pdf", pages=3))
    viewer.set_presentation(True)
    drag(viewer, screen, [QPoint(600, 300), QPoint(450, 310), QPoint(300, 320)])
    assert viewer.index == 1  # right to left: the next page
    drag(viewer, screen, [QPoint(300, 300), QPoint(320, 300)])  # too short: a tap
    assert viewer.index == 1
    drag(viewer, screen, [QPoint(200, 300), QPoint(400, 300), QPoint(600, 300)])
    assert viewer.index == 0  # left to right: back
    assert not viewer.canvas.selected_text


def test_a_one_finger_drag_scrolls_continuous_pages(
        qtbot: Any, tmp_path: Path, open_viewer: Any, screen: QPointingDevice) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "c.pdf", pages=4))
    bar = viewer.canvas.verticalScrollBar()
    before = bar.value()
    drag(viewer, screen, [QPoint(400, 600), QPoint(400, 450), QPoint(400, 200)])
    assert bar.value() == before + 400  # the pages followed the finger up
    assert viewer.index == 0 and not viewer.canvas.selected_text
    for _ in range(4):
        drag(viewer, screen, [QPoint(400, 700), QPoint(400, 100)])
    assert viewer.index >= 2  # scrolled on to later pages


def test_two_fingers_pinch_the_zoom(qtbot: Any, tmp_path: Path, open_viewer: Any,
                                    screen: QPointingDevice) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "p.pdf", pages=2))
    viewport = viewer.canvas.viewport()
    before = viewer.shown_zoom
    QTest.touchEvent(viewport, screen).press(0, QPoint(350, 400), viewport).press(
        1, QPoint(450, 400), viewport).commit()
    for step in range(1, 6):  # the fingers move apart: 100 → 200 pixels
        QTest.touchEvent(viewport, screen).move(0, QPoint(350 - 10 * step, 400), viewport).move(
            1, QPoint(450 + 10 * step, 400), viewport).commit()
    QTest.touchEvent(viewport, screen).release(0, QPoint(300, 400), viewport).release(
        1, QPoint(500, 400), viewport).commit()
    assert viewer.shown_zoom == pytest.approx(before * 2, rel=0.1)
    assert viewer.zoom_label.text() == f"{round(viewer.shown_zoom * 100)} %"
    qtbot.waitUntil(lambda: viewer.page.image is not None
                    and viewer.page.image.width() > 1.8 * before * 595, timeout=WAIT)


def test_dragging_from_one_page_to_the_next_selects_both_and_copies_in_order(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    pdf = make_pdf(tmp_path / "t.pdf", pages=3)
    with pymupdf.open(pdf) as doc:
        word = doc[0].search_for("mười")[0]
    viewer = open_viewer(pdf)
    canvas = viewer.canvas
    canvas.set_zoom(canvas.mode.PAGE)  # whole pages: page 2 is on screen too
    qtbot.waitUntil(lambda: 0 in canvas.views and 1 in canvas.views, timeout=WAIT)
    first, second = canvas.views[0], canvas.views[1]
    start = QPoint(*map(round, first.mapper.to_widget((word.x0 + word.x1) / 2,
                                                      (word.y0 + word.y1) / 2)))
    end_on_second = QPoint(*map(round, second.mapper.to_widget(80, 95)))  # in "Trang"
    # the press grabs the mouse: moves and the release arrive at the first page
    end = first.mapFromGlobal(second.mapToGlobal(end_on_second))
    qtbot.mousePress(first, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(first, end)
    qtbot.mouseRelease(first, Qt.MouseButton.LeftButton, pos=end)
    expected = "mười hai của Hội đồng\nTrang"
    qtbot.waitUntil(lambda: canvas.selected_text == expected, timeout=WAIT)
    assert first.selection and second.selection  # both pages painted as selected
    assert 2 not in canvas.selection.rects
    clipboard = QApplication.clipboard()
    clipboard.clear()
    qtbot.keyClick(viewer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == expected


def test_presentation_mode_draws_the_next_page_ahead_so_a_turn_shows_it_at_once(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    path = tmp_path / "p.pdf"
    make_pdf(path, pages=6)
    doc = pymupdf.open(path)  # page 5 landscape: drawn ahead at its own fit, not page 4's
    doc[4].set_mediabox(pymupdf.Rect(0, 0, 842, 595))
    doc.saveIncr()
    doc.close()
    viewer = open_viewer(path)
    viewer.set_presentation(True)
    canvas = viewer.canvas
    for index in range(1, 6):
        qtbot.waitUntil(lambda i=index: canvas.cache.get((i, "sharp")) is not None,
                        timeout=WAIT)  # drawn while page `index` is not shown yet
        assert set(canvas.views) == {index - 1}
        ahead = canvas.cache.get((index, "sharp"))
        assert ahead is not None
        qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
        view = canvas.views[index]
        # right after the turn, before the event loop ran: the page has its picture,
        # the one drawn ahead, at the size the page is shown
        assert view.sharp is ahead and view.sharp.result.request.clip is None
        assert abs(view.image.width() - view.width() * view.devicePixelRatioF()) <= 2
    # and back: the previous page was kept (or drawn again) as well
    qtbot.waitUntil(lambda: canvas.cache.get((4, "sharp")) is not None, timeout=WAIT)
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    assert canvas.views[4].sharp is not None
    # back to continuous pages: one zoom for all; the landscape page's own fit is gone
    viewer.set_presentation(False)
    for index, item in canvas.cache.items("sharp"):
        zoom = item.result.request.zoom
        assert zoom is not None and abs(zoom - canvas.zoom) < 1e-6 * zoom, index


def test_previews_are_left_out_while_most_pages_come_fast_and_drawn_once_most_are_slow(
        qtbot: Any, tmp_path: Path, open_viewer: Any, service: RenderService) -> None:
    path = make_pdf(tmp_path / "s.pdf", pages=24)
    doc = pymupdf.open(path)  # pages 11, 15, 16, 17: 400 long curves, ~0.1 s to draw each
    ops = b"".join(b"%d %d m %d %d %d %d %d %d c S\n" % (
        i % 500, i % 700, (i * 7) % 600, (i * 3) % 800, (i * 11) % 600, (i * 5) % 800,
        (i * 13) % 600, i % 800) for i in range(400))  # (text pages: ~5 ms)
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, b"1 w\n" + ops)
    for heavy in (10, 14, 15, 16):
        doc.xref_set_key(doc[heavy].xref, "Contents", f"{xref} 0 R")
    doc.saveIncr()
    doc.close()
    viewer = open_viewer(path)
    canvas = viewer.canvas
    previewed: list[int] = []
    service.rendered.connect(
        lambda token, r: previewed.append(r.request.index) if r.request.thumb else None)

    def visit(index: int) -> None:
        viewer.jump_to(index)
        qtbot.waitUntil(lambda: all(canvas.cache.get((i, "sharp")) is not None
                                    for i in (index - 1, index, index + 1)
                                    if i < 24), timeout=WAIT)

    visit(3)
    visit(6)
    previewed.clear()
    visit(10)  # the last pages came within two frames: straight to the sharp page
    assert previewed == []
    visit(20)  # one slow page among fast ones (a diagram in a report): still none
    assert previewed == []
    visit(15)  # most of the last pages were slow: an uncached page gets its preview first
    assert canvas.cache.get((23, "sharp")) is None
    visit(23)
    assert 23 in previewed


def test_a_slow_documents_pages_are_previewed_ahead_so_a_jump_shows_one_at_once(
        qtbot: Any, tmp_path: Path, open_viewer: Any, service: RenderService) -> None:
    # a 300 dpi scan: every page one full-page JPEG, far slower to draw than two frames
    path = make_scanned_document(tmp_path / "scan.pdf", pages=8, dpi=300)
    viewer = open_viewer(path)
    canvas = viewer.canvas
    qtbot.waitUntil(lambda: canvas.wants.slow, timeout=WAIT)
    qtbot.waitUntil(lambda: all(canvas.cache.get((i, kind)) is not None
                                for i in range(2, 8) for kind in ("preview",)),
                    timeout=WAIT)  # drawn ahead: pages 3-8 are not in view
    qtbot.waitUntil(service.idle, timeout=WAIT)
    assert all(canvas.cache.get((i, "sharp")) is None for i in range(3, 8))
    drawn: list[Any] = []
    service.rendered.connect(lambda token, r: drawn.append(r.request))
    viewer.jump_to(6)
    view = canvas.views[6]
    assert view.preview is not None and view.sharp is None  # a picture at once
    qtbot.waitUntil(lambda: sharp(viewer, 6) is not None and view.sharp is not None,
                    timeout=WAIT)
    assert [r.thumb for r in drawn if r.index == 6] == [0]  # its preview not drawn again


def test_a_fast_document_draws_no_previews_ahead(
        qtbot: Any, tmp_path: Path, open_viewer: Any, service: RenderService) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "t.pdf", pages=12))
    canvas = viewer.canvas
    qtbot.waitUntil(lambda: canvas.cache.get((1, "sharp")) is not None, timeout=WAIT)
    qtbot.waitUntil(service.idle, timeout=WAIT)
    assert not canvas.wants.slow
    assert canvas.cache.items("preview") == []  # text pages come within two frames


def test_the_first_page_comes_with_the_open_and_shows_before_every_page_is_measured(
        qtbot: Any, tmp_path: Path, service: RenderService, positions: ReadingPositions
        ) -> None:
    path = make_pdf(tmp_path / "m.pdf", pages=5)
    doc = pymupdf.open(path)  # page 3 landscape: the real layout differs from the first
    doc[2].set_mediabox(pymupdf.Rect(0, 0, 842, 595))
    doc.saveIncr()
    doc.close()
    described: list[Any] = []
    drawn: list[Any] = []
    service.described.connect(lambda token, info: described.append(info))
    service.rendered.connect(lambda token, r: drawn.append(r.request))
    document = Document(id="d", item_id="i", name=path.name, sha256="c" * 64, size=1,
                        pages=1)
    viewer = DocumentViewer(service, IconSet(), document, path, positions=positions)
    viewer.resize(900, 800)
    viewer.show()
    qtbot.waitUntil(lambda: len(described) == 2 and sharp(viewer, 1) is not None,
                    timeout=WAIT)
    try:
        first, real = described
        # first: every page taken to be like page 1, so that it is shown at once
        assert first.provisional and first.page_sizes == ((595.0, 842.0),) * 5
        assert not real.provisional and real.page_sizes[2] == (842.0, 595.0)
        assert viewer.info is real and viewer.canvas.sizes == real.page_sizes
        assert first.outline == () and len(real.outline) == 3  # the outline came after
        assert viewer.sidebar.outline.topLevelItemCount() == 2
        # the page drawn with the open fitted the window: it was kept, not drawn again
        assert [r.generation for r in drawn if r.index == 0 and not r.thumb] == [0]
        assert viewer.canvas.views[0].sharp is not None
        viewer.jump_to(2)  # laid out as it really is
        qtbot.waitUntil(lambda: sharp(viewer, 2) is not None, timeout=WAIT)
        view = viewer.canvas.views[2]
        assert view.width() > view.height()
    finally:
        viewer.close()


def test_wishes_for_a_closed_document_are_dropped_and_its_pictures_given_back(
        qtbot: Any, tmp_path: Path, open_viewer: Any, service: RenderService) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "c.pdf", pages=4))
    token = viewer.token
    qtbot.waitUntil(lambda: viewer.canvas.cache.get((1, "sharp")) is not None, timeout=WAIT)
    canvas = viewer.canvas
    viewer.close()  # its pictures (blocks of the shared arena) go at once
    assert canvas.cache.nbytes == 0 and not canvas.views
    late = RenderRequest(token=token, generation=9, index=2, zoom=1.0, fit_width=0,
                         device_pixel_ratio=1.0)
    service.want(token, [late])  # e.g. a timer of the closing viewer
    service.ask(Query(token, "words", (0,)))
    qtbot.waitUntil(service.idle, timeout=WAIT)  # nothing stays queued for it


def test_a_window_closed_while_its_document_opens_takes_nothing_that_comes_after(
        qtbot: Any, tmp_path: Path, open_viewer: Any, service: RenderService) -> None:
    viewer = open_viewer(make_pdf(tmp_path / "e.pdf", pages=3), wait=False)
    canvas, closed, late = viewer.canvas, [False], []
    service.described.connect(lambda token, info: late.append(closed[0]))
    # kept (as while a nested event loop holds its deferred delete off)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    viewer.close()  # the open and its first page are still on their way
    closed[0] = True
    qtbot.waitUntil(lambda: len(late) == 2, timeout=WAIT)  # provisional, then real
    qtbot.wait(50)
    assert late == [True, True]  # they did come after the close …
    assert canvas.cache.nbytes == 0 and not canvas.laid_out  # … and were not taken


def test_a_document_whose_opening_fails_says_none_of_it_can_be_read(
        qtbot: Any, tmp_path: Path, open_viewer: Any) -> None:
    # the first page takes longer than the service's 2 s: the open itself is stopped
    viewer = open_viewer(make_pdf(tmp_path / "cham.pdf", pages=2, slow_page=0), wait=False)
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=WAIT)
    text = viewer.message.text()
    assert text.startswith("This document cannot be shown.\nOpening it took too long"), text
    assert "None of its pages can be shown." in text
    assert "rest of the document" not in text and viewer.page_count == 0
