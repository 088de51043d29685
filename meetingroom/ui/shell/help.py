"""The user guide window: the guide of the user's role, in the interface language, offline.

The guides ship with the program (``resources/guides/``: Markdown and their pictures,
copied from ``docs/`` by ``packaging/sync_guides.py``); a ``QTextBrowser`` shows them,
so nothing is fetched from the network. Links between the guides (and the link to the
other language at the top of each) open in the same window; web links open in the
system's browser.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QLocale, QObject, QUrl, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from meetingroom.domain.roles import Role
from meetingroom.paths import resource_path
from meetingroom.ui.common.translated import Retranslated

log = logging.getLogger("meetingroom.ui")

GUIDES = {Role.DELEGATE: "delegate", Role.OBSERVER: "delegate", Role.SECRETARY: "secretary",
          Role.CHAIR: "chair", Role.ADMIN: "admin"}
"""The guide written for each role (observers read the delegates' guide)."""


def guide_path(role: Role | None, language: str) -> Path:
    """The shipped guide for ``role`` (None: the delegates') in ``language`` ("vi" or
    "en"): ``guide-ROLE.vi.md`` in Vietnamese, ``guide-ROLE.md`` in English."""
    name = GUIDES.get(role, "delegate") if role is not None else "delegate"
    suffix = ".vi.md" if language == "vi" else ".md"
    return resource_path("guides", f"guide-{name}{suffix}")


def interface_language() -> str:
    """The interface language now ("vi" or "en"), as the translations set it."""
    return "vi" if QLocale().language() is QLocale.Language.Vietnamese else "en"


class HelpWindow(Retranslated, QDialog):
    """A non-modal window showing one guide; owner: the main window (parent), which
    keeps one and shows it again on F1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.resize(900, 700)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # we decide: guides here, web links outside
        self.browser.anchorClicked.connect(self._follow)
        self.browser.viewport().installEventFilter(self)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addLayout(row)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        self.path: Path | None = None
        """The guide shown (a file among the shipped guides)."""
        self._retranslate()

    def show_guide(self, path: Path) -> None:
        """Show the guide in ``path`` (its pictures load from beside it)."""
        self.path = path
        if not path.is_file():
            log.error("the user guide %s is missing from this installation", path)
            self.browser.setPlainText(self.tr(
                "The user guide is missing from this installation ({name}).").format(
                name=path.name))
            return
        self.browser.setSource(QUrl.fromLocalFile(str(path)),
                               QTextDocument.ResourceType.MarkdownResource)
        self.setWindowTitle(self._title())
        self.fit_images()

    @Slot(QUrl)
    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = self.browser.source().resolved(url)
        local = Path(target.toLocalFile()) if target.isLocalFile() else None
        if local is not None and local.suffix == ".md" and local.is_file():
            self.path = local
            self.browser.setSource(target, QTextDocument.ResourceType.MarkdownResource)
            self.setWindowTitle(self._title())
            self.fit_images()
        elif url.hasFragment() and not url.path():
            self.browser.scrollToAnchor(url.fragment())
        else:
            log.info("guide link not followed: %s", url.toString())

    def fit_images(self) -> None:
        """Shrink each picture to the window's width (screenshots are 1366 px wide),
        keeping its proportions; never enlarge one."""
        document = self.browser.document()
        room = max(self.browser.viewport().width() - 2 * int(document.documentMargin()) - 16,
                   200)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image_fmt = fmt.toImageFormat()
                    size = self._natural_size(image_fmt.name())
                    if size is not None:
                        width = min(size[0], room)
                        image_fmt.setWidth(width)
                        image_fmt.setHeight(size[1] * width / size[0])
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_fmt)
                it += 1
            block = block.next()
        cursor.endEditBlock()

    def _natural_size(self, name: str) -> tuple[int, int] | None:
        url = self.browser.source().resolved(QUrl(name))
        data = self.browser.loadResource(QTextDocument.ResourceType.ImageResource, url)
        image = data if isinstance(data, QImage) else QImage.fromData(
            data if isinstance(data, (bytes, QByteArray)) else QByteArray())
        if image.isNull() or image.width() <= 0:
            return None
        return image.width(), image.height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.browser.viewport() and event.type() == QEvent.Type.Resize
                and self.path is not None):
            self.fit_images()  # the pictures follow the window's width
        return False

    def _title(self) -> str:
        """The guide's first heading ("# Hướng dẫn cho đại biểu"), else "User guide"."""
        if self.path is not None:
            with self.path.open(encoding="utf-8") as f:
                first = f.readline().strip()
            if first.startswith("# "):
                return first[2:].strip()
        return self.tr("User guide")

    def _retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.close_button.setText(self.tr("Close"))
        if self.path is None:
            self.setWindowTitle(self.tr("User guide"))
