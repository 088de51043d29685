"""The reader's back/forward history and the last page read of each document."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSettings

log = logging.getLogger("meetingroom.ui")

MAX_HISTORY = 100
"""Jumps remembered for Back."""


class History:
    """Pages jumped from (Back) and back from (Forward); plain scrolling is not a jump."""

    def __init__(self) -> None:
        self._back: list[int] = []
        self._forward: list[int] = []

    def jumped(self, origin: int) -> None:
        """The reader jumps away from page ``origin``."""
        if not self._back or self._back[-1] != origin:
            self._back.append(origin)
            del self._back[:-MAX_HISTORY]
        self._forward.clear()

    def back(self, current: int) -> int | None:
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: int) -> int | None:
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)


class ReadingPositions:
    """The last page read per document, keyed by the document's SHA-256 (a new version is
    a new document). Kept in ``settings``; without one, for this run only."""

    def __init__(self, settings: QSettings | None) -> None:
        self._settings = settings
        self._memory: dict[str, int] = {}

    @classmethod
    def default(cls) -> ReadingPositions:
        """The application's own settings; an application without an organisation name
        (a test harness, an embedding host) has no place of its own: this run only."""
        if not QCoreApplication.organizationName():
            return cls(None)
        return cls(QSettings())

    def last_page(self, sha256: str) -> int:
        if self._settings is None:
            return self._memory.get(sha256, 0)
        value = self._settings.value(f"reader/last-page/{sha256}", 0)
        try:
            return max(0, int(str(value)))
        except ValueError:
            return 0

    def remember(self, sha256: str, index: int) -> None:
        if self._settings is None:
            self._memory[sha256] = index
            return
        self._settings.setValue(f"reader/last-page/{sha256}", index)
        self._settings.sync()
        if self._settings.status() != QSettings.Status.NoError:
            log.warning("cannot save the reading position")
