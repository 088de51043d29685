"""The benchmark's reader driver: times the real DocumentViewer offscreen, in its own process.

``python -m meetingroom.bench.reader_window SPEC`` (run by ``meetingroom.bench.reader`` with
``QT_QPA_PLATFORM=offscreen``; the rest of the bench never imports Qt) opens one document in
a real :class:`DocumentViewer` with its own :class:`RenderService` and render process,
as the client does, and writes one JSON object with the samples on its stdout.

What is timed is what the user sees: from the key press (or the jump) to the end of the
event-loop pass in which the page's widget painted itself with the *sharp* image (an
event filter notes the page's Paint event; ``processEvents`` returns once the paint and
the flush of the window's backing store are done). Modes:

* ``timings``: uncached pages (jump to a page whose sharp picture was never drawn,
  once the viewer has drawn what it draws ahead, previews included; then the same with
  the page's preview dropped, as right after opening; raw = bare PyMuPDF rendering of
  that page at the same zoom, in this process, taken in turn with ours), then page
  turns to the next page once the viewer's own prefetch has drawn it
  (in continuous reading, then in single-page presentation mode),
  then (``ink``) a page with N ink notes: repaint of page + notes layer, the repaint
  after one note in view was erased (or the erase undone), which redraws the area it
  covered, and with a new layer (as after a zoom), which draws every stroke in view.
* ``rss``: page through the first N pages, each until its sharp page is painted, then
  (after ``AT_REST``) the resident memory of this process and of the render worker (its child).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from meetingroom.bench.inputs import strokes_for
from meetingroom.bench.procs import child_pids, memory_kib
from meetingroom.bench.raw_pdf import RawDocument, raw_first_page
from meetingroom.domain.model import Document
from meetingroom.domain.notes import Note
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.notes.layer import NotesBoard, NotesLayer
from meetingroom.ui.notes.paint import NoteShape
from meetingroom.ui.reader.history import ReadingPositions
from meetingroom.ui.reader.page import PageView
from meetingroom.ui.reader.render.service import RenderResult, RenderService
from meetingroom.ui.reader.viewer import DocumentViewer

log = logging.getLogger("meetingroom.ui")

WAIT = 60.0
"""Seconds to wait for anything (a page drawn, a paint) before giving up."""
AT_REST = 1.0
"""Seconds the memory rows wait after the last page is painted: memory is measured with
the reader at rest (the render worker gives its free heap back after 0.5 s idle)."""
UNCACHED_STEP = 4
"""Uncached pages are this far apart: the viewer prefetches a jump's neighbours (and
4, not 3, so that the scan's colour pages, every third, are not all picked)."""


class BenchReaderError(RuntimeError):
    """The measurement could not be made (a page never came, or came without pixels)."""


class _PaintWatch(QObject):
    """Notes when the watched page view paints, and whether it had its sharp image."""

    def __init__(self) -> None:
        super().__init__()
        self.view: PageView | None = None
        self.sharp_painted = False

    def watch(self, view: PageView) -> None:
        if self.view is not None:
            self.view.removeEventFilter(self)
        self.view, self.sharp_painted = view, False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.Paint
                and self.view.sharp is not None):
            self.sharp_painted = True
        return False


class _FirstPaint(QObject):
    """Notes when page 1 of ``viewer`` (once set) paints with its sharp image; the
    application's event filter, since the page's view does not exist yet."""

    def __init__(self) -> None:
        super().__init__()
        self.viewer: DocumentViewer | None = None
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, PageView)
                and watched.index == 0 and watched.sharp is not None
                and self.viewer is not None and self.viewer.isAncestorOf(watched)):
            self.painted = True  # not another viewer's page 1, repainted meanwhile
        return False


class Driver:
    """One viewer on one document, and the measurements made with it."""

    def __init__(self, app: QApplication, path: Path, *, width: int, height: int) -> None:
        self.app = app
        self.path = path
        self.size = (width, height)
        self.service = RenderService()
        self.icons = IconSet()
        self.doc = Document(id="bench", item_id="bench", name=path.name, sha256="b" * 64,
                            size=path.stat().st_size, pages=1)
        self.viewer = DocumentViewer(self.service, self.icons, self.doc, path,
                                     positions=ReadingPositions(None))
        self.viewer.resize(width, height)
        self.viewer.show()
        self.watch = _PaintWatch()
        self._tick = QTimer()
        self._tick.setInterval(100)  # wakes a blocked wait to check the deadline
        self._tick.start()
        self.wait_for(lambda: self.viewer.page.image is not None and self.viewer.info is not None
                      and not self.viewer.info.provisional, "the first page")
        self.count = self.viewer.page_count

    def close(self) -> None:
        self._tick.stop()
        self.viewer.close()
        self.app.processEvents()
        self.service.stop()

    def wait_for(self, done: Callable[[], bool], what: str) -> None:
        """Run the event loop as the application does (blocking until an event comes, so
        a page from the render thread is handled at once) until ``done()``."""
        deadline = time.monotonic() + WAIT
        while not done():
            if self.viewer.error is not None:
                raise BenchReaderError(f"the viewer failed: {self.viewer.error!r}")
            if time.monotonic() > deadline:
                raise BenchReaderError(f"{what} did not come in {WAIT:.0f} s")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents
                                   | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def sharp(self, index: int) -> bool:
        return self.viewer.canvas.cache.get((index, "sharp")) is not None

    def settle(self) -> None:
        """Wait until the viewer's wishes (the pages in view and their neighbours, and
        previews drawn ahead) are drawn and every paint is done, so that nothing else runs
        while timing (a reader jumps after reading a while, not while it opens)."""
        canvas = self.viewer.canvas
        shown = canvas.visible_pages()
        wanted = range(max(0, shown.start - 1), min(self.count, shown.stop + 1))
        self.wait_for(lambda: all(self.sharp(i) or i in canvas.failed for i in wanted),
                      f"pages {wanted.start + 1}–{wanted.stop} (prefetch)")
        self.wait_for(self.service.idle, "the render thread's work ahead")
        for _ in range(3):
            self.app.processEvents()

    def shown(self, index: int, started: float) -> float:
        """Milliseconds from ``started`` to the end of the pass that painted page
        ``index`` sharp (the page must have a view, i.e. be in or near the view)."""
        view = self.viewer.canvas.views.get(index)
        if view is None:
            raise BenchReaderError(f"page {index + 1} has no view after turning to it")
        self.watch.watch(view)
        self.wait_for(lambda: self.watch.sharp_painted, f"page {index + 1} painted")
        return (time.perf_counter() - started) * 1000

    def turn(self) -> float:
        """One page turn (Page Down) to a page the prefetch has drawn; ms to painted."""
        index = self.viewer.index
        if index + 1 >= self.count:
            raise BenchReaderError("no page left to turn to")
        self.settle()
        if not self.sharp(index + 1):
            raise BenchReaderError(f"page {index + 2} was not pre-rendered")
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_PageDown,
                          Qt.KeyboardModifier.NoModifier)
        started = time.perf_counter()
        QApplication.sendEvent(self.viewer, press)
        return self.shown(index + 1, started)

    def sharp_zoom(self) -> float:
        view = self.viewer.canvas.views.get(self.viewer.index)
        if view is None or view.sharp is None:
            raise BenchReaderError("the current page is not drawn")
        return view.sharp.result.page.zoom

    def open_new(self) -> tuple[float, float, tuple[int, int]]:
        """Open the document in a new viewer, as the client does when a document is
        clicked (the render process already running): ms until its first page was
        painted sharp, that page's zoom (device pixels per point) and pixel size."""
        watch = _FirstPaint()
        self.app.installEventFilter(watch)
        try:
            started = time.perf_counter()
            viewer = DocumentViewer(self.service, self.icons, self.doc, self.path,
                                    positions=ReadingPositions(None))
            watch.viewer = viewer
            viewer.resize(*self.size)
            viewer.show()
            try:
                self.wait_for(lambda: watch.painted or viewer.error is not None,
                              "the first page of a new viewer")
                elapsed = (time.perf_counter() - started) * 1000
                view = viewer.canvas.views.get(0)
                if viewer.error is not None or view is None or view.sharp is None:
                    raise BenchReaderError(f"a new viewer failed: {viewer.error!r}")
                page = view.sharp.result.page
                return elapsed, page.zoom, (page.width, page.height)
            finally:
                viewer.close()  # and deleted (WA_DeleteOnClose)
                for _ in range(3):
                    self.app.processEvents()
        finally:
            self.app.removeEventFilter(watch)

    def uncached(self, index: int, *, cold: bool = False) -> tuple[float, float, float,
                                                                     tuple[int, int]]:
        """Jump to page ``index``, its sharp picture never drawn (``cold``: its preview
        not drawn either, as right after opening): ms until its sharp pixels reached the
        viewer on the GUI thread, ms until painted, ms until some picture of it (preview
        or sharp) reached the viewer (0: one was there), and the pixel size."""
        canvas = self.viewer.canvas
        if self.sharp(index):
            raise BenchReaderError(f"page {index + 1} is already drawn")
        if cold:
            canvas.cache.drop((index, "preview"))
        self.settle()
        first = 0.0 if canvas.cache.get((index, "preview")) is not None else None
        arrived: list[float] = []

        def rendered(token: int, result: RenderResult) -> None:
            # connected after the viewer's own slot: runs once the viewer has the page
            nonlocal first
            if result.request.index != index:
                return
            if first is None:
                first = (time.perf_counter() - started) * 1000
            if not result.request.thumb and not arrived:
                arrived.append(time.perf_counter())

        self.service.rendered.connect(rendered)
        try:
            started = time.perf_counter()
            self.viewer.jump_to(index)
            painted = self.shown(index, started)
        finally:
            self.service.rendered.disconnect(rendered)
        page = canvas.views[index].sharp
        if page is None or not arrived or first is None:
            raise BenchReaderError(f"page {index + 1} was painted without its pixels")
        return ((arrived[0] - started) * 1000, painted, first,
                (page.result.page.width, page.result.page.height))


def _timings(driver: Driver, spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"pages": driver.count}
    warm, keep = spec.get("opens", (0, 0))
    if keep:
        out.update(_opens(driver, warm, keep))
    warm, keep = spec["uncached"]
    if keep:
        out.update(_uncached(driver, warm, keep))
    warm, keep = spec["turns"]
    if keep:
        driver.viewer.jump_to(0)
        driver.settle()
        out["turn_ms"] = [driver.turn() for _ in range(warm + keep)][warm:]
    warm, keep = spec.get("present_turns", (0, 0))
    if keep:  # single-page (presentation) mode: the page ahead is drawn, not laid out
        driver.viewer.set_presentation(True)
        driver.viewer.jump_to(0)
        out["present_turn_ms"] = [driver.turn() for _ in range(warm + keep)][warm:]
        driver.viewer.set_presentation(False)
    ink = spec.get("ink")
    if ink:
        out.update(_ink(driver, ink))
    return out


def _opens(driver: Driver, warm: int, keep: int) -> dict[str, Any]:
    """New viewers of the document, each until its first page is painted; raw: bare
    PyMuPDF open + first page at the same zoom, in this process, taken in turn."""
    driver.settle()
    ours: list[float] = []
    raw: list[float] = []

    def raw_one(zoom: float) -> tuple[float, tuple[int, int]]:
        started = time.perf_counter()
        size = raw_first_page(driver.path, zoom)
        return (time.perf_counter() - started) * 1000, size

    zoom = 0.0  # ours goes first in the first run: raw draws at the zoom ours used
    for k in range(warm + keep):
        if k % 2 and ours:
            raw_ms, raw_size = raw_one(zoom)
            ours_ms, zoom, size = driver.open_new()
        else:
            ours_ms, zoom, size = driver.open_new()
            raw_ms, raw_size = raw_one(zoom)
        if size != raw_size:
            raise BenchReaderError(f"first page: ours {size}, raw {raw_size}")
        ours.append(ours_ms)
        raw.append(raw_ms)
        driver.settle()
    return {"open_ms": ours[warm:], "open_raw_ms": raw[warm:]}


def _uncached(driver: Driver, warm: int, keep: int) -> dict[str, Any]:
    """Uncached pages (``UNCACHED_STEP`` apart from the end; the first ``warm`` not
    kept), then, starting two pages before the end, the same with no preview drawn ahead
    ("cold", as in the first seconds after opening)."""
    zoom = driver.sharp_zoom()
    out: dict[str, Any] = {"zoom": zoom}
    for cold in (False, True):
        pages = [driver.count - 1 - 2 * cold - UNCACHED_STEP * k for k in range(warm + keep)]
        if pages[-1] < 2:
            raise BenchReaderError(f"{driver.count} pages are too few for {warm + keep} "
                                   "uncached pages")
        key = "uncached_cold" if cold else "uncached"
        got, size = _jumps(driver, pages, zoom, cold=cold)
        out.update({f"{key}_{name}": values[warm:] for name, values in got.items()})
        out[f"{key}_pages"] = pages[warm:]
        out["size"] = list(size)
    return out


def _jumps(driver: Driver, pages: list[int], zoom: float, *, cold: bool
           ) -> tuple[dict[str, list[float]], tuple[int, int]]:
    """Jump to each of ``pages`` in turn, raw rendering taken before or after ours."""
    raw_doc = RawDocument(driver.path)
    got: dict[str, list[float]] = {"ms": [], "painted_ms": [], "first_ms": [], "raw_ms": []}
    size = (0, 0)
    try:
        for k, index in enumerate(pages):
            def raw_one(page: int = index) -> tuple[float, tuple[int, int]]:
                started = time.perf_counter()
                drawn = raw_doc.render(page, zoom)
                return (time.perf_counter() - started) * 1000, drawn

            if k % 2:
                raw_ms, raw_size = raw_one()
                ours_ms, painted_ms, first_ms, size = driver.uncached(index, cold=cold)
            else:
                ours_ms, painted_ms, first_ms, size = driver.uncached(index, cold=cold)
                raw_ms, raw_size = raw_one()
            if size != raw_size:
                raise BenchReaderError(f"page {index + 1}: ours {size}, raw {raw_size}")
            for name, value in (("ms", ours_ms), ("painted_ms", painted_ms),
                                ("first_ms", first_ms), ("raw_ms", raw_ms)):
                got[name].append(value)
    finally:
        raw_doc.close()
    return got, size


def _ink(driver: Driver, spec: dict[str, Any]) -> dict[str, Any]:
    """N ink notes on the current page, painted by the real notes layer."""
    index = driver.viewer.index
    driver.settle()
    view = driver.viewer.canvas.views[index]
    before = view.grab().toImage()
    notes = strokes_for(int(spec["strokes"]), int(spec["points"]), page=index)
    started = time.perf_counter()
    board = NotesBoard()
    board.shapes[index] = [NoteShape(n) for n in notes]
    shapes_ms = (time.perf_counter() - started) * 1000
    layer = NotesLayer(view, board)
    driver.settle()
    if view.grab().toImage() == before:
        raise BenchReaderError("the notes layer drew nothing over the page")
    warm, keep = spec["plan"]

    def repaint() -> float:
        started = time.perf_counter()
        view.repaint()
        return (time.perf_counter() - started) * 1000

    layers = [layer]

    def rezoom() -> tuple[float, float, int]:
        # a zoom makes new page views, each with a new notes layer that draws every stroke
        # into a new image: the same here, on the same page view (a zoom of the view
        # itself would also rescale the page image, 15 ms more for a 0.1 % zoom). The
        # layer fills the strokes over a few frames: each repaint is timed until none is
        # left to draw; (longest frame, all frames together, frames)
        old = layers.pop()
        view.remove_overlay(old)
        old.setParent(None)
        fresh = NotesLayer(view, board)
        layers.append(fresh)
        frames = [repaint()]
        while fresh.drawing_pending:
            frames.append(repaint())
            if len(frames) > 100:
                raise BenchReaderError("the notes layer never finished drawing")
        return max(frames), sum(frames), len(frames)

    middle = _in_view(view, notes)

    def erase_or_undo() -> float:
        shapes = board.shapes[index]  # one note in the middle of the pile goes, or comes back
        if len(shapes) == len(notes):
            board.shapes[index] = [*shapes[:middle], *shapes[middle + 1:]]
        else:
            board.shapes[index] = [*shapes[:middle], NoteShape(notes[middle]),
                                   *shapes[middle:]]
        return repaint()

    repaints = [repaint() for _ in range(warm + keep)][warm:]
    erases = [erase_or_undo() for _ in range(warm + keep)][warm:]
    redraws = [rezoom() for _ in range(warm + keep)][warm:]
    return {"ink_repaint_ms": repaints, "ink_redraw_ms": [r[0] for r in redraws],
            "ink_redraw_total_ms": [r[1] for r in redraws],
            "ink_redraw_frames": [r[2] for r in redraws], "ink_erase_ms": erases,
            "ink_shapes_ms": shapes_ms,
            "ink_points": sum(len(n.strokes[0].points) for n in notes),
            "ink_size": [view.width(), view.height()]}


def _in_view(view: PageView, notes: list[Note]) -> int:
    """The note nearest the middle of the pile that lies wholly in the window (the layer
    draws only what is shown: erasing a note out of view costs nothing until it is)."""
    shown = view.visibleRegion().boundingRect()
    for k in sorted(range(len(notes)), key=lambda k: abs(k - len(notes) // 2)):
        b = notes[k].bounds()
        x0, y0, x1, y1 = view.mapper.rect_to_widget((b.x0, b.y0, b.x1, b.y1))
        if shown.contains(QRect(QPoint(int(x0), int(y0)), QPoint(int(x1) + 1, int(y1) + 1))):
            return k
    raise BenchReaderError("no ink note lies in the window")


def _rss(driver: Driver, pages: int) -> dict[str, Any]:
    """Page through pages 1..``pages`` (each until painted sharp); then the memory."""
    pages = min(pages, driver.count)
    workers = child_pids()
    if len(workers) != 1:
        raise BenchReaderError(f"expected one render worker, found {len(workers)}")
    start = {"gui": memory_kib(os.getpid()), "worker": memory_kib(workers[0])}
    started = time.perf_counter()
    for index in range(1, pages):
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_PageDown,
                          Qt.KeyboardModifier.NoModifier)
        turned = time.perf_counter()
        QApplication.sendEvent(driver.viewer, press)
        driver.shown(index, turned)
    seconds = time.perf_counter() - started
    driver.settle()
    rest = time.monotonic() + AT_REST  # as the reader reads the last page
    driver.wait_for(lambda: time.monotonic() >= rest, "a moment at rest")
    if driver.viewer.index != pages - 1:
        raise BenchReaderError(f"paging ended on page {driver.viewer.index + 1}")
    return {"pages": pages, "seconds": seconds, "start": start,
            "end": {"gui": memory_kib(os.getpid()), "worker": memory_kib(workers[0])}}


def main(argv: list[str]) -> int:
    """Run the measurements of the JSON spec ``argv[0]``; one JSON object on stdout."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    spec: dict[str, Any] = json.loads(argv[0])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.stdout.flush()
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # a stray print must not corrupt the answer
    app = QApplication([sys.argv[0]])
    driver: Driver | None = None
    try:
        driver = Driver(app, Path(spec["path"]), width=int(spec["width"]),
                        height=int(spec["height"]))
        if spec["mode"] == "rss":
            result = _rss(driver, int(spec["pages"]))
        else:
            result = _timings(driver, spec)
        answer: dict[str, Any] = {"kind": "result", **result}
    except Exception as exc:
        log.exception("the reader benchmark failed")
        answer = {"kind": "error", "error": f"{type(exc).__name__}: {exc}"}
    finally:
        if driver is not None:
            driver.close()
    out.write(json.dumps(answer) + "\n")
    out.flush()
    return 0 if answer["kind"] == "result" else 1


if __name__ == "__main__":  # pragma: no cover - the child process's entry point
    sys.exit(main(sys.argv[1:]))
