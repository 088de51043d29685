"""Opens the reader (with the notes tools) on the offscreen screen it is given and prints,
as JSON, where the window and its tool row ended up. Run by test_reader_tools.py as
``python reader_fit_driver.py PDF`` with ``QT_QPA_PLATFORM=offscreen:configfile=...``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from meetingroom.domain.model import Document
from meetingroom.ui.common.icons import IconSet
from meetingroom.ui.notes.tools import NotesToolbar
from meetingroom.ui.reader.render.service import RenderService
from meetingroom.ui.reader.viewer import DocumentViewer
from meetingroom.ui.shell.context import UiContext


def main(pdf: str, lang_theme: str) -> None:
    app = QApplication([])
    UiContext.of(app).theme.apply(lang_theme)
    service = RenderService(page_timeout=5.0)
    doc = Document(id="d", item_id="i", name="bao-cao-kt-xh-9-thang-2026.pdf",
                   sha256="a" * 64, size=1, pages=8)
    parent = QPushButton("main window")  # the reader opens over the main window
    parent.resize(1200, 700)
    parent.show()
    viewer = DocumentViewer(service, IconSet(), doc, Path(pdf), parent)
    notes = NotesToolbar(viewer)
    viewer.tool_row.add_part(notes, notes)
    present = QPushButton("Present this page", viewer)  # as the live session adds it
    present.setCheckable(True)
    viewer.tools.addWidget(present)
    viewer.show()
    out: dict[str, object] = {}

    def report() -> None:
        if viewer.page.image is None:
            QTimer.singleShot(50, report)
            return
        screen = viewer.screen().availableGeometry()
        frame = viewer.frameGeometry()
        bar = viewer.tool_row.bar
        right = max(w.mapTo(bar, w.rect().bottomRight()).x()
                    for w in bar.findChildren(QWidget) if w.isVisible())
        out.update(screen=[screen.x(), screen.y(), screen.width(), screen.height()],
                   frame=[frame.x(), frame.y(), frame.width(), frame.height()],
                   bar_width=bar.width(), rightmost=right, level=viewer.tool_row.level,
                   bar_height=bar.height(), page_text=viewer.page_label.text(),
                   page_box=viewer.page_label.width(),
                   page_text_width=viewer.page_label.fontMetrics().horizontalAdvance(
                       viewer.page_label.text()))
        viewer.close()
        service.stop()
        app.quit()

    QTimer.singleShot(0, report)
    app.exec()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "light")
