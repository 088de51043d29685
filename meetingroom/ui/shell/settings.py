"""The interface choices a user makes (language, theme, text size, room CA), kept in the data
folder."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from meetingroom.atomic_files import PRIVATE_FILE, private_dir, write_atomic
from meetingroom.ui.base.text_size import NORMAL, clamp

log = logging.getLogger("meetingroom.ui")

FILE_NAME = "ui.json"


@dataclass(frozen=True, slots=True)
class UiSettings:
    """What the user picked; empty means "not chosen" (system default)."""

    language: str = ""
    """"vi", "en" or "" (follow the system locale)."""
    theme: str = ""
    """"system", "light", "dark" or "" (system)."""
    text_size: int = 100
    """Per cent of the normal text size, 100 to 200 (``text_size.TEXT_SIZES``)."""
    ca_file: str = ""
    """Absolute path of the room's CA certificate for wss:// (public, not a secret);
    "" trusts the system's CAs."""
    alert_sound: bool = False
    """Beep when a vote opens. Off unless chosen: every tablet in the room learns of a
    vote at the same instant, and thirty beeps at once disturb the meeting the chair is
    running; the banner over every window is what tells the person."""

    @classmethod
    def load(cls, data_dir: Path) -> UiSettings:
        try:
            raw = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable %s: %s", FILE_NAME, type(e).__name__)
            return cls()
        if not isinstance(raw, dict):
            return cls()
        return cls(language=str(raw.get("language", "")), theme=str(raw.get("theme", "")),
                   text_size=clamp(raw.get("text_size", NORMAL)),
                   ca_file=str(raw.get("ca_file", "")),
                   alert_sound=raw.get("alert_sound") is True)

    def save(self, data_dir: Path) -> None:
        """Write atomically (temp + fsync + rename), private like the rest of the folder."""
        try:
            write_atomic(private_dir(data_dir) / FILE_NAME,
                         json.dumps(asdict(self)).encode("utf-8"), mode=PRIVATE_FILE)
        except OSError as e:
            log.warning("cannot save interface settings: %s", type(e).__name__)


def room_ca(data_dir: Path, saved: UiSettings, given: Path | None) -> Path | None:
    """The CA to trust: ``given`` (then remembered), else the remembered one if still there."""
    if given is not None:
        given = given.expanduser().resolve()
        if str(given) != saved.ca_file:
            replace(saved, ca_file=str(given)).save(data_dir)
            log.info("the room CA %s is remembered for later launches", given)
        return given
    if not saved.ca_file:
        return None
    remembered = Path(saved.ca_file)
    if not remembered.is_file():
        log.warning("the remembered room CA %s is gone; trusting the system's CAs", remembered)
        return None
    return remembered
