"""Widgets that set their texts again when the user switches the language."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslated:
    """Mixin for a Qt widget, listed before the Qt class (``class Pane(Retranslated,
    QWidget)``): a LanguageChange event calls ``_retranslate``, which sets every
    user-visible text again through ``tr()``."""

    def _retranslate(self) -> None:
        """Set the texts again (widgets override this)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)  # type: ignore[misc]  # the Qt class after the mixin
