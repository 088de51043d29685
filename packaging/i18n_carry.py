"""Keep translations when interface text moves to another class.

``pyside6-lupdate -no-obsolete`` files a ``tr()`` string under its class (the context);
when code moves to a new class, the string comes back untranslated in the new context
and its old translation is dropped. Run this after lupdate with the .ts as it was before
(``git show HEAD:resources/i18n/meetingroom_vi.ts > /tmp/old.ts``): every unfinished
message whose source (and disambiguation) has one finished translation in the old file
gets that translation.

    python packaging/i18n_carry.py /tmp/old.ts resources/i18n/meetingroom_vi.ts
"""

from __future__ import annotations

import copy
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

Key = tuple[str, str, bool]
"""(source, disambiguation comment, counted)."""


def _key(message: ET.Element) -> Key:
    return (message.findtext("source") or "", message.findtext("comment") or "",
            message.get("numerus") == "yes")


def _finished(message: ET.Element) -> bool:
    t = message.find("translation")
    return t is not None and t.get("type") is None and bool("".join(t.itertext()).strip())


def carry(old: Path, new: Path) -> int:
    """Fill ``new``'s unfinished messages from ``old``; returns how many were filled."""
    known: dict[Key, set[str]] = {}
    translations: dict[tuple[Key, str], ET.Element] = {}
    for message in ET.parse(old).getroot().iter("message"):
        if _finished(message):
            t = message.find("translation")
            assert t is not None
            text = ET.tostring(t, encoding="unicode")
            known.setdefault(_key(message), set()).add(text)
            translations[(_key(message), text)] = t
    tree = ET.parse(new)
    filled = 0
    for message in tree.getroot().iter("message"):
        choices = known.get(_key(message), set())
        t = message.find("translation")
        if t is None or _finished(message) or len(choices) != 1:
            continue  # nothing to carry, or two different translations: a translator's call
        message.remove(t)
        message.append(copy.deepcopy(translations[(_key(message), next(iter(choices)))]))
        filled += 1
    if filled:
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        new.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                       encoding="utf-8")
    return filled


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"carried {carry(Path(argv[1]), Path(argv[2]))} translation(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
