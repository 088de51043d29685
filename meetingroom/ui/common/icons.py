"""The shipped SVG line icons, drawn at paint time in the current theme's colours."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from meetingroom.paths import resource_path

log = logging.getLogger("meetingroom.ui")

NAMES = frozenset({
    "meeting", "agenda", "document", "add", "subitem", "remove", "up", "down", "indent",
    "outdent", "edit", "publish", "online", "offline", "reconnecting", "sync", "user",
    "logout", "attach", "page-next", "page-prev", "zoom-in", "zoom-out", "fit-width", "undo",
    "redo", "open", "language", "theme", "check", "clock", "warning", "close",
    # minutes and signing
    "bold", "italic", "underline", "list-bullet", "list-numbered", "align-left",
    "align-center", "align-right", "align-justify", "save", "sign", "minutes", "shield",
    "shield-off", "key", "token", "history", "send", "return", "draft",
    # the reader
    "rotate", "fit-page", "sidebar", "search", "night", "single-page", "back", "forward",
    "more",
    # the notes tools
    "pointer", "move", "pen", "marker", "highlight", "sticky", "text", "eraser", "palette",
    "line-width", "export",
})
"""Every icon in ``resources/icons`` (file name without ``.svg``)."""


class SvgIconEngine(QIconEngine):
    """Renders one SVG with ``currentColor`` replaced by a palette colour or a fixed colour.

    Drawing at paint time means a theme switch recolours every icon without
    rebuilding them; renderers are cached per colour.
    """

    def __init__(self, svg: str, color: QColor | None = None,
                 role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> None:
        super().__init__()
        self._svg = svg
        self._color = color
        self._role = role
        self._renderers: dict[str, QSvgRenderer] = {}

    def _colour(self, mode: QIcon.Mode) -> QColor:
        pal = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        if self._color is not None:
            return self._color
        if mode is QIcon.Mode.Selected:
            return pal.color(QPalette.ColorRole.HighlightedText)
        return pal.color(self._role)

    def _renderer(self, colour: QColor) -> QSvgRenderer:
        key = colour.name(QColor.NameFormat.HexArgb)
        r = self._renderers.get(key)
        if r is None:
            text = self._svg.replace("currentColor", colour.name(QColor.NameFormat.HexRgb))
            r = QSvgRenderer(QByteArray(text.encode("utf-8")))
            self._renderers[key] = r
        return r

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        target = QRectF(rect.x() + (rect.width() - side) / 2,
                        rect.y() + (rect.height() - side) / 2, side, side)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(self._colour(mode)).render(painter, target)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        w, h = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        pm = QPixmap(w, h)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        self.paint(painter, QRect(0, 0, w, h), mode, state)
        painter.end()
        pm.setDevicePixelRatio(scale)
        return pm

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, self._color, self._role)


class IconSet:
    """Loads the icon files once; owned by the ClientApp and passed to the widgets."""

    def __init__(self) -> None:
        self._svg: dict[str, str] = {}

    def _source(self, name: str) -> str:
        if name not in NAMES:
            raise KeyError(f"no icon named {name!r}")
        text = self._svg.get(name)
        if text is None:
            text = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
            self._svg[name] = text
        return text

    def icon(self, name: str, color: QColor | str | None = None) -> QIcon:
        """The icon ``name`` in the theme's text colour, or in ``color`` if given."""
        fixed = QColor(color) if color is not None else None
        return QIcon(SvgIconEngine(self._source(name), fixed))

    def on_accent(self, name: str) -> QIcon:
        """The icon for a primary (accent-coloured) button: drawn in the accent's text colour."""
        return QIcon(SvgIconEngine(self._source(name), None, QPalette.ColorRole.HighlightedText))
