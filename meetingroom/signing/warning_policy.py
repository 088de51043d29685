"""Which third-party warnings are not ours to show: pyHanko's dependencies' deprecations.

A warning a library raises about its own dependencies at import (pyHanko importing
cryptography's DSA class, say) tells a room's operator nothing they can act on, and on
`meetingroom sign` / `verify` it reads as if signing had gone wrong. Each entry is ignored
only where that library raises it (module regex) and only for its category; a warning from
our own code is never matched. pyproject.toml's pytest ``filterwarnings`` holds the same
entries (tests/unit/test_warning_policy.py checks that the two agree).
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IgnoredWarning:
    """One third-party warning we do not show."""

    category: str
    """Dotted name of the warning class, e.g. ``builtins.DeprecationWarning``."""
    module: str
    """Regular expression for the module the warning is attributed to."""
    why: str


THIRD_PARTY: tuple[IgnoredWarning, ...] = (
    IgnoredWarning("builtins.DeprecationWarning", r"pyhanko.*",
                   "pyHanko still calls APIs its own dependencies deprecated"),
    IgnoredWarning("builtins.DeprecationWarning", r"asn1crypto.*",
                   "asn1crypto still calls APIs the standard library deprecated"),
    IgnoredWarning("cryptography.utils.CryptographyDeprecationWarning", r"pyhanko.*",
                   "cryptography >= 51 warns when pyHanko imports its DSA class; we never "
                   "make or accept DSA keys"),
)


def category_of(entry: IgnoredWarning) -> type[Warning]:
    module, _, name = entry.category.rpartition(".")
    found = getattr(importlib.import_module(module), name)
    if not (isinstance(found, type) and issubclass(found, Warning)):
        raise TypeError(f"{entry.category} is not a warning class")
    return found


def quiet_third_party() -> None:
    """Install the filters for this process (idempotent: ``warnings`` drops duplicates)."""
    for entry in THIRD_PARTY:
        warnings.filterwarnings("ignore", category=category_of(entry), module=entry.module)
