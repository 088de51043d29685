"""pyHanko's OpenType font engine, fixed for TrueType fonts whose em is not 1000 units.

pyHanko 0.38's ``GlyphAccumulator`` writes glyph widths (/W) and TJ adjustments in font
units, which PDF reads as thousandths of an em. DejaVu Sans has 2048 units per em, so
every glyph got twice its advance and stamp text came out letter-spaced and clipped.
Here HarfBuzz shapes at a scale of 1000 and widths are converted to 1000 units/em.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

PDF_UNITS = 1000


class ScaledGlyphAccumulator(GlyphAccumulator):
    """A ``GlyphAccumulator`` working in PDF glyph space (1000 units per em)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._font_units = int(self.units_per_em)
        self.units_per_em = PDF_UNITS
        self.hb_font.scale = (PDF_UNITS, PDF_UNITS)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        cached = self._glyphs.get(glyph_id)
        if cached is not None:
            return cached
        cid, width = super()._get_cid_and_width(glyph_id)
        scaled = cid, round(width * PDF_UNITS / self._font_units)
        self._glyphs[glyph_id] = scaled
        return scaled


@dataclass(frozen=True)
class ScaledGlyphAccumulatorFactory(GlyphAccumulatorFactory):
    """Creates :class:`ScaledGlyphAccumulator` engines."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return ScaledGlyphAccumulator(
            writer=writer, font_handle=BytesIO(_font_bytes(self.font_file)),
            font_size=self.font_size, ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag, writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)


STAMP_UNICODES: tuple[range, ...] = (
    range(0x20, 0x7F), range(0xA0, 0x100),  # ASCII, Latin-1
    range(0x102, 0x104), range(0x110, 0x112), range(0x128, 0x12A),  # Ă ă Đ đ Ĩ ĩ
    range(0x168, 0x16A), range(0x1A0, 0x1A2), range(0x1AF, 0x1B1),  # Ũ ũ Ơ ơ Ư ư
    range(0x300, 0x324),  # combining tone marks
    range(0x1EA0, 0x1EFA),  # Vietnamese precomposed letters
    range(0x2010, 0x2027), range(0x20AB, 0x20AD),  # dashes, quotes, ellipsis, ₫, €
)
"""What a stamp needs: ASCII, Latin-1 and Vietnamese (precomposed letters and combining
marks), punctuation, ₫ and €. The smaller the cut, the cheaper pyHanko's per-signature
subset (~65 ms a signature with this one, ~80 ms with all of Latin Extended)."""


@lru_cache(maxsize=4)
def _font_bytes(path: str) -> bytes:
    """The font cut down to :data:`STAMP_UNICODES`, once per process.

    pyHanko subsets the font on every signature; on the whole of DejaVu Sans that took
    ~250 ms (decompiling its large layout tables), on this cut ~10 ms. Also, pyHanko would
    open the file per signature and never close it.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["ccmp", "locl", "mark", "mkmk", "kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    font = TTFont(BytesIO(Path(path).read_bytes()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for r in STAMP_UNICODES for c in r])
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return out.getvalue()
