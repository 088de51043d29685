"""What the sign dialog hands to the signing callable: the chosen key and the stamp text.

These mirror ``meetingroom.signing.sources.Pkcs12Source`` / ``Pkcs11Source`` and
``meetingroom.signing.sign.StampText`` field for field, so the composition root
converts them in one line each (the UI never imports pyHanko's home eagerly).
Secrets are left out of ``repr`` so they never reach a log by accident.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

MODULE_CANDIDATES: tuple[str, ...] = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib/libeTPkcs11.so",
    "/usr/lib/libcastle.so.1",
    "C:/Windows/System32/eTPKCS11.dll",
    "C:/Windows/System32/opensc-pkcs11.dll",
    "C:/Windows/System32/ShuttleCsp11_3003.dll",
)
"""Common PKCS#11 modules (SoftHSM, OpenSC, SafeNet eToken, Feitian ePass2003)."""


def existing_modules(candidates: tuple[str, ...] = MODULE_CANDIDATES) -> list[Path]:
    """The candidate modules present on this computer, for this platform."""
    windows = sys.platform.startswith("win")
    return [Path(c) for c in candidates
            if (c.endswith(".dll") == windows) and Path(c).is_file()]


@dataclass(frozen=True, slots=True)
class FileKey:
    """A PKCS#12 certificate file (.p12 / .pfx) and its passphrase."""

    path: Path
    passphrase: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class TokenKey:
    """A key on a USB token reached through a PKCS#11 module."""

    module: Path
    token_label: str
    pin: bytes = field(repr=False)
    key_label: str | None = None


@dataclass(frozen=True, slots=True)
class Stamp:
    """The text of the visible signature stamp."""

    role: str
    location: str = ""
    reason: str = ""
    signer_name: str = ""


class TokenLike(Protocol):
    """What the dialog reads of a token (``signing.sources.TokenInfo``)."""

    @property
    def label(self) -> str: ...
    @property
    def manufacturer(self) -> str: ...
    @property
    def model(self) -> str: ...


class CertLike(Protocol):
    """What the dialog reads of a certificate on a token (``signing.sources.CertInfo``)."""

    @property
    def label(self) -> str: ...
    @property
    def subject_name(self) -> str: ...
    @property
    def issuer_name(self) -> str: ...
    @property
    def not_after(self) -> str: ...
