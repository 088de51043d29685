"""What a signature check found, as plain values shared by signing, server, sync and UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Trust(StrEnum):
    """How the signer's certificate chains up."""

    TRUSTED = "trusted"
    """Chains to a configured trusted root (e.g. a national CA)."""
    SELF_SIGNED = "self_signed"
    UNKNOWN_ISSUER = "unknown_issuer"
    """Issued by a CA that is not among the trusted roots."""


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """The status of one signature in a PDF, as every client shows it."""

    field_name: str
    signer_name: str
    """The certificate subject's common name."""
    role: str
    """The role the signer claimed when signing (e.g. "Chủ tọa"), empty if none."""
    signing_time: str
    """ISO 8601 UTC; the timestamp's time when timestamped, else the signer's claimed time."""
    timestamped: bool
    """An RFC 3161 signature timestamp is present and valid (PAdES-B-T)."""
    intact: bool
    """The signed byte ranges hash to what the signature says."""
    valid: bool
    """The cryptographic signature verifies with the signer's public key."""
    trust: Trust
    covers_whole_file: bool
    """Nothing follows the signed range except allowed later signatures/timestamps."""
    modified_after_signing: bool
    """Anything other than allowed later signatures was added after this signature."""
    problem: str = ""
    """Why it is not acceptable, in plain words (empty when it is)."""

    @property
    def ok(self) -> bool:
        """Intact, valid, and nothing but allowed signatures added after it."""
        return (self.intact and self.valid and self.covers_whole_file
                and not self.modified_after_signing and not self.problem)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field_name": self.field_name, "signer_name": self.signer_name, "role": self.role,
            "signing_time": self.signing_time, "timestamped": self.timestamped,
            "intact": self.intact, "valid": self.valid, "trust": self.trust.value,
            "covers_whole_file": self.covers_whole_file,
            "modified_after_signing": self.modified_after_signing, "problem": self.problem,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SignatureCheck:
        return cls(
            field_name=str(d["field_name"]), signer_name=str(d["signer_name"]),
            role=str(d.get("role", "")), signing_time=str(d["signing_time"]),
            timestamped=bool(d["timestamped"]), intact=bool(d["intact"]),
            valid=bool(d["valid"]), trust=Trust(d["trust"]),
            covers_whole_file=bool(d["covers_whole_file"]),
            modified_after_signing=bool(d["modified_after_signing"]),
            problem=str(d.get("problem", "")),
        )


@dataclass(frozen=True, slots=True)
class SignatureReport:
    """Every signature of one file, in signing order, plus a file-level failure."""

    signatures: tuple[SignatureCheck, ...]
    error: str = ""
    """Set when the file could not be validated at all; that counts as invalid."""

    @property
    def all_valid(self) -> bool:
        """At least one signature, no file-level error, every signature ``ok``."""
        return bool(self.signatures) and not self.error and all(s.ok for s in self.signatures)

    def to_dict(self) -> dict[str, Any]:
        return {"signatures": [s.to_dict() for s in self.signatures], "error": self.error}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SignatureReport:
        return cls(signatures=tuple(SignatureCheck.from_dict(s) for s in d.get("signatures", [])),
                   error=str(d.get("error", "")))


PAGE_A4 = (595.0, 842.0)
"""A4 in PDF points; the minutes are always A4 portrait."""

STAMP_BOXES: tuple[tuple[float, float, float, float], ...] = (
    (50.0, 70.0, 290.0, 160.0),
    (305.0, 70.0, 545.0, 160.0),
    (50.0, 170.0, 290.0, 260.0),
    (305.0, 170.0, 545.0, 260.0),
)
"""Where the n-th visible signature stamp goes on the last page (x0, y0, x1, y1 in PDF
points from the bottom-left corner): first signer bottom left, second bottom right, then
the row above. The minutes composer keeps everything below ``STAMP_AREA_TOP`` on the last
page empty, so stamps never cover text."""

STAMP_AREA_TOP = 270.0
