"""A page's two coordinate spaces: as displayed (its ``/Rotate`` applied) and unrotated.

The reader, its words, search hits and selection work in *displayed* page points; notes
(``domain/notes.py``), their export and their carry-over work in *unrotated* page points,
which is what PyMuPDF reports for text and takes for annotations. Both have the origin
at the top left, y down, 72 points per inch. :class:`PageFrame` converts between them
with exactly PyMuPDF's ``Page.rotation_matrix`` (and its inverse), so a point drawn on
the screen lands where an exported annotation puts it. Stdlib only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ROTATIONS = (0, 90, 180, 270)
"""The page rotations a frame accepts (clockwise degrees, as PyMuPDF normalises /Rotate)."""

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in points."""
Matrix = tuple[float, float, float, float, float, float]
"""(a, b, c, d, e, f): x' = a·x + c·y + e, y' = b·x + d·y + f (PDF, PyMuPDF and Qt order)."""


@dataclass(frozen=True, slots=True)
class PageFrame:
    """One page's unrotated size and intrinsic rotation."""

    width: float
    """Width of the unrotated page (its crop box) in points."""
    height: float
    """Height of the unrotated page in points."""
    rotation: int = 0
    """The page's ``/Rotate``, clockwise: 0, 90, 180 or 270."""

    def __post_init__(self) -> None:
        if self.rotation not in ROTATIONS:
            raise ValueError(f"a page rotation is one of {ROTATIONS}, not {self.rotation!r}")
        if not (math.isfinite(self.width) and math.isfinite(self.height)
                and self.width > 0 and self.height > 0):
            raise ValueError("a page's width and height must be positive")

    @classmethod
    def from_displayed(cls, width: float, height: float, rotation: int = 0) -> PageFrame:
        """The frame of a page shown ``width`` × ``height`` points with ``rotation``."""
        if rotation in (90, 270):
            width, height = height, width
        return cls(width, height, rotation)

    @property
    def displayed_size(self) -> tuple[float, float]:
        """(width, height) of the page as displayed."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    def matrix(self) -> Matrix:
        """Unrotated → displayed, as PyMuPDF's ``Page.rotation_matrix``."""
        w, h = self.width, self.height
        if self.rotation == 90:
            return (0.0, 1.0, -1.0, 0.0, h, 0.0)
        if self.rotation == 180:
            return (-1.0, 0.0, 0.0, -1.0, w, h)
        if self.rotation == 270:
            return (0.0, -1.0, 1.0, 0.0, 0.0, w)
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def to_displayed(self, x: float, y: float) -> tuple[float, float]:
        """An unrotated page point as the page displays it."""
        w, h = self.width, self.height
        if self.rotation == 90:
            return h - y, x
        if self.rotation == 180:
            return w - x, h - y
        if self.rotation == 270:
            return y, w - x
        return x, y

    def to_unrotated(self, x: float, y: float) -> tuple[float, float]:
        """A displayed page point in unrotated page space."""
        w, h = self.width, self.height
        if self.rotation == 90:
            return y, h - x
        if self.rotation == 180:
            return w - x, h - y
        if self.rotation == 270:
            return w - y, x
        return x, y

    def rect_to_displayed(self, rect: Box) -> Box:
        """An unrotated rectangle as displayed (normalised: x0 <= x1, y0 <= y1)."""
        ax, ay = self.to_displayed(rect[0], rect[1])
        bx, by = self.to_displayed(rect[2], rect[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def rect_to_unrotated(self, rect: Box) -> Box:
        """A displayed rectangle in unrotated space (normalised)."""
        ax, ay = self.to_unrotated(rect[0], rect[1])
        bx, by = self.to_unrotated(rect[2], rect[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
