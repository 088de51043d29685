"""The visible signature stamp: where it goes, what it says, in a font that has Vietnamese."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from meetingroom.domain.signatures import STAMP_BOXES
from meetingroom.paths import font_path


@dataclass(frozen=True, slots=True)
class StampText:
    """What the stamp says besides the time, and what the signature records."""

    role: str
    """The signer's role in the meeting (e.g. "Chủ tọa"); recorded as a CAdES claimed role."""
    location: str = ""
    reason: str = ""
    """Goes into the signature's /Reason."""
    signer_name: str = ""
    """Shown on the stamp; "" = the certificate's common name."""


@dataclass(frozen=True, slots=True)
class StampLabels:
    """The stamp's fixed words (Vietnamese by default)."""

    signed_by: str = "Ký bởi"
    role: str = "Vai trò"
    time: str = "Thời gian"
    location: str = "Nơi ký"


def stamp_box(existing_signatures: int) -> tuple[int, int, int, int] | None:
    """The n-th stamp's box on the last page, or None past the last box (then invisible)."""
    if existing_signatures >= len(STAMP_BOXES):
        return None
    x0, y0, x1, y1 = STAMP_BOXES[existing_signatures]
    return round(x0), round(y0), round(x1), round(y1)


def template(stamp: StampText, labels: StampLabels = StampLabels()) -> str:
    """The stamp text with %(...)s parameters (values are never parsed as templates)."""
    lines = [f"{_esc(labels.signed_by)}: %(signer)s"]
    if stamp.role:
        lines.append(f"{_esc(labels.role)}: %(role)s")
    if stamp.location:
        lines.append(f"{_esc(labels.location)}: %(location)s")
    lines.append(f"{_esc(labels.time)}: %(ts)s")
    return "\n".join(lines)


TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""How pyHanko hands the signature's own signing time to the stamp (it formats it
itself); :func:`stamp_style`'s style reads it back and shows it by :func:`stamp_time`."""


def stamp_time(moment: datetime) -> str:
    """The signing time as the stamp shows it: this computer's local time with its UTC
    offset, then the date (``09:30 +07:00, 01/12/2026``), never a bare UTC time that a
    reader must convert. A naive ``moment`` is taken as local time."""
    local = moment.astimezone()
    offset = local.utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    hours, mins = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else "+"
    return f"{local:%H:%M} {sign}{hours:02d}:{mins:02d}, {local:%d/%m/%Y}"


def _esc(text: str) -> str:
    return text.replace("%", "%%")


def stamp_style(stamp: StampText, labels: StampLabels = StampLabels()) -> Any:
    """A pyHanko text stamp style drawing ``template`` in the shipped DejaVu Sans, the
    time (the signature's own signing time) as :func:`stamp_time` writes it."""
    return _local_time_style()(stamp_text=template(stamp, labels),
                               text_box_style=TextBoxStyle(font=_font_factory()),
                               timestamp_format=TIME_FORMAT, border_width=1)


@lru_cache(maxsize=1)
def _local_time_style() -> type[Any]:
    """pyHanko's text stamp style, with the ``ts`` it formats (``TIME_FORMAT``, in
    whatever zone pyHanko took) shown in local time with its offset instead."""
    class LocalTimeStampStyle(TextStampStyle):
        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            params = dict(text_params)
            ts = params.get("ts")
            if isinstance(ts, str):
                with suppress(ValueError):
                    params["ts"] = stamp_time(datetime.strptime(ts, TIME_FORMAT))
            return super().create_stamp(writer, box, params)

    return LocalTimeStampStyle


@lru_cache(maxsize=1)
def _font_factory() -> Any:
    from meetingroom.signing._font import ScaledGlyphAccumulatorFactory

    return ScaledGlyphAccumulatorFactory(str(font_path()), font_size=10)


def role_attribute(role: str) -> cms.AttCertAttribute:
    """The role as an X.509 ``role`` attribute (RoleSyntax with a directoryName CN), for
    the CAdES ``signer-attributes-v2`` claimed attributes."""
    name = asn1_x509.Name.build({"common_name": role})
    role_syntax = cms.RoleSyntax(
        {"role_name": asn1_x509.GeneralName(name="directory_name", value=name)})
    return cms.AttCertAttribute({"type": "role", "values": [role_syntax]})


def role_of(role_syntax: Any) -> str:
    """Read a role back from a RoleSyntax value ("" if it is not a plain name)."""
    try:
        general = role_syntax["role_name"]
        if general.name == "directory_name":
            return str(general.chosen.native.get("common_name", ""))
        return str(general.native)
    except (KeyError, ValueError, TypeError, AttributeError):
        return ""
