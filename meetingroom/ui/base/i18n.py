"""Interface language: choose it, install its translators, format dates the local way."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QObject, QTranslator

from meetingroom.paths import resource_path

log = logging.getLogger("meetingroom.ui")

SUPPORTED = ("vi", "en")
"""Languages with a full translation; English is the source language."""


def choose_language(requested: str | None, system: QLocale | None = None) -> str:
    """``requested`` if given, else Vietnamese on a Vietnamese system, else English."""
    if requested:
        lang = requested.strip().lower()[:2]
        if lang not in SUPPORTED:
            raise ValueError(f"unsupported language {requested!r}; choose one of "
                             f"{', '.join(SUPPORTED)}")
        return lang
    loc = system if system is not None else QLocale.system()
    return "vi" if loc.language() is QLocale.Language.Vietnamese else "en"


def translation_file(lang: str) -> str:
    """Path of our compiled translation for ``lang`` (for English: its plural forms only)."""
    return str(resource_path("i18n", f"meetingroom_{lang}.qm"))


def qt_translation_file(lang: str) -> str:
    """Path of our translation of Qt's own texts (standard buttons, file dialog, context
    menus) for ``lang``: Qt ships none for Vietnamese."""
    return str(resource_path("i18n", f"qtbase_{lang}.qm"))


class Translations(QObject):
    """Installs our translator and one for Qt's own texts (standard buttons, dialogs,
    context menus: Qt's file when it has one, else ours) into the application.

    Owned by the UiContext. Installing triggers a LanguageChange event in every
    widget, which they answer by re-setting their texts.
    """

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, lang: str) -> bool:
        """Switch to ``lang``; False (and English) if its translation cannot be loaded."""
        lang = choose_language(lang)
        for t in self._installed:
            self._app.removeTranslator(t)
        self._installed.clear()
        QLocale.setDefault(QLocale("vi_VN" if lang == "vi" else "en_GB"))
        self.language = lang
        if lang == "en":
            # English is the source language; its file only holds plural forms ("1 page").
            plurals = QTranslator(self)
            if plurals.load(translation_file("en")):
                self._app.installTranslator(plurals)
                self._installed.append(plurals)
            else:
                log.warning("cannot load the English plural forms from %s",
                            translation_file("en"))
            return True
        ours = QTranslator(self)
        if not ours.load(translation_file(lang)):
            log.error("cannot load the %s translation from %s", lang, translation_file(lang))
            self.language = "en"
            return False
        qt_own = QTranslator(self)
        if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.
                                                             TranslationsPath)) or (
                qt_own.load(qt_translation_file(lang))):
            self._app.installTranslator(qt_own)
            self._installed.append(qt_own)
        else:
            log.warning("no translation of Qt's own dialogs for %s", lang)
        self._app.installTranslator(ours)
        self._installed.append(ours)
        log.info("interface language: %s", lang)
        return True


def local_time(moment: datetime) -> str:
    """``HH:MM`` in the computer's time zone for an aware (UTC) datetime."""
    return moment.astimezone().strftime("%H:%M")


def format_starts_at(iso: str) -> str:
    """A meeting's ISO start time as the user reads it (``01/12/2026 08:00`` in Vietnamese)."""
    if not iso:
        return ""
    dt = QDateTime.fromString(iso, "yyyy-MM-ddTHH:mm")
    if not dt.isValid():
        dt = QDateTime.fromString(iso, "yyyy-MM-ddTHH:mm:ss")
    if not dt.isValid():
        return iso
    loc = QLocale()
    if loc.language() is QLocale.Language.Vietnamese:
        return loc.toString(dt, "HH:mm 'ngày' dd/MM/yyyy")
    return loc.toString(dt, "d MMM yyyy, HH:mm")


def format_moment(iso: str) -> str:
    """An ISO 8601 UTC instant (``saved_at``, a signing time) in the computer's time zone,
    as the user reads it (``09:30 ngày 01/12/2026``); unparseable text is shown unchanged."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_starts_at(moment.astimezone().strftime("%Y-%m-%dT%H:%M"))
