"""An sRGB ICC profile (version 2, matrix/TRC) built in code, for PDF/A output intents.

There is no internet access to fetch the ICC's own sRGB profile, so it is made here
from the published numbers, byte for byte the same every time:

- colorants: the sRGB (IEC 61966-2-1) primaries adapted from D65 to the D50 PCS with
  the Bradford transform — the values of the ICC's ``sRGB2014.icc`` and of littleCMS'
  built-in sRGB, rounded to s15Fixed16;
- media white point D50 (0.9642, 1.0, 0.8249), as ICC v2 display profiles with an
  adapted matrix state it;
- tone curves: the sRGB piecewise function (linear below 0.04045, else
  ((v + 0.055) / 1.055) ** 2.4) sampled at 1024 points as a ``curv`` table;
- tags: ``desc``, ``cprt``, ``wtpt``, ``rXYZ``/``gXYZ``/``bXYZ``, ``rTRC``/``gTRC``/``bTRC``
  — the required set of a three-component matrix-based display (``mntr``) profile;
- header creation date fixed (2026-01-01) so that the PDF is reproducible.

No ICC validator is available here; ``tests/unit/pdf/test_minutes_pdf.py`` checks the
structure (sizes, offsets, signatures) and that the matrix maps RGB white to D50.
"""

from __future__ import annotations

import struct
from functools import cache

D50 = (0.9642, 1.0, 0.8249)
COLORANTS = (
    (0.436065674, 0.222488403, 0.013916016),  # red
    (0.385147095, 0.716873169, 0.097076416),  # green
    (0.143066406, 0.060607910, 0.714096069),  # blue
)
"""Rows are the XYZ (D50) of the red, green and blue primaries."""
TRC_POINTS = 1024
DESCRIPTION = "sRGB IEC61966-2.1 (Meetingroom)"


def _s15f16(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15f16(x) + _s15f16(y) + _s15f16(z)


def _srgb_to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _curve() -> bytes:
    values = [round(_srgb_to_linear(i / (TRC_POINTS - 1)) * 65535) for i in range(TRC_POINTS)]
    return b"curv\0\0\0\0" + struct.pack(f">I{TRC_POINTS}H", TRC_POINTS, *values)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_
            + struct.pack(">II", 0, 0)  # no Unicode description
            + struct.pack(">HB", 0, 0) + b"\0" * 67)  # no ScriptCode description


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


@cache
def srgb_icc_profile() -> bytes:
    """The profile's bytes (about 2.6 KB)."""
    curve = _curve()
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _desc(DESCRIPTION)),
        (b"cprt", _text("No copyright, use freely")),
        (b"wtpt", _xyz(*D50)),
        (b"rXYZ", _xyz(*COLORANTS[0])),
        (b"gXYZ", _xyz(*COLORANTS[1])),
        (b"bXYZ", _xyz(*COLORANTS[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries: list[bytes] = []
    data = b""
    placed: dict[bytes, int] = {}
    for sig, body in tags:
        if body in placed:  # the three TRC tags share one curve, as the spec allows
            entries.append(sig + struct.pack(">II", placed[body], len(body)))
            continue
        while (offset + len(data)) % 4:
            data += b"\0"
        placed[body] = offset + len(data)
        entries.append(sig + struct.pack(">II", placed[body], len(body)))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size) + b"\0\0\0\0"  # size, preferred CMM (none)
        + bytes((2, 0x10, 0, 0))  # version 2.1.0
        + b"mntrRGB XYZ "  # display class, RGB data, XYZ connection space
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # creation date-time (fixed)
        + b"acsp" + b"\0" * 4  # signature, primary platform (none)
        + b"\0" * 4 + b"\0" * 4 + b"\0" * 4  # flags, device manufacturer, device model
        + b"\0" * 8 + struct.pack(">I", 0)  # device attributes, perceptual intent
        + _xyz(*D50)[8:]  # PCS illuminant
        + b"\0" * 4 + b"\0" * 16 + b"\0" * 28  # creator, profile ID (v4 only), reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + data
