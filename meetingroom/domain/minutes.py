"""The minutes of a meeting as every participant sees them: workflow state, versions, files.

The text of each version (sanitised HTML) is not part of this status; editors fetch it
with ``minutes.get``. Everything here travels in the meeting's event log as one
``minutes.updated`` event carrying the whole status.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from meetingroom.domain.signatures import SignatureReport


class MinutesState(StrEnum):
    """Where the minutes are in their life, in this order."""

    DRAFT = "draft"
    """The secretary is writing; saved versions accumulate."""
    IN_REVIEW = "in_review"
    """Submitted to the chair; the text is locked until approved or returned."""
    APPROVED = "approved"
    """The chair approved the latest version; the secretary may finalise it."""
    FINAL = "final"
    """The PDF was rendered from the approved version; text frozen; ready to sign."""
    SIGNED = "signed"
    """At least one valid signature was accepted; co-signatures may follow."""


@dataclass(frozen=True, slots=True)
class MinutesVersionInfo:
    """One saved version of the minutes' text (metadata only)."""

    number: int
    author_id: str
    author_name: str
    saved_at: str
    """ISO 8601 UTC."""
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "author_id": self.author_id,
                "author_name": self.author_name, "saved_at": self.saved_at,
                "comment": self.comment}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MinutesVersionInfo:
        return cls(number=int(d["number"]), author_id=str(d["author_id"]),
                   author_name=str(d["author_name"]), saved_at=str(d["saved_at"]),
                   comment=str(d.get("comment", "")))


@dataclass(frozen=True, slots=True)
class MinutesFile:
    """A minutes PDF held as a blob."""

    sha256: str
    size: int
    pages: int

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "pages": self.pages}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MinutesFile:
        return cls(sha256=str(d["sha256"]), size=int(d["size"]), pages=int(d["pages"]))


@dataclass(frozen=True, slots=True)
class SignedMinutes:
    """The latest signed minutes the server accepted, with the server's validation."""

    file: MinutesFile
    report: SignatureReport
    uploaded_by: str
    """User id of whoever uploaded this signed revision."""
    uploaded_at: str
    signed_by: tuple[str, ...] = ()
    """User ids of the uploaders of each signature, in signing order (one each)."""

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file.to_dict(), "report": self.report.to_dict(),
                "uploaded_by": self.uploaded_by, "uploaded_at": self.uploaded_at,
                "signed_by": list(self.signed_by)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SignedMinutes:
        return cls(file=MinutesFile.from_dict(d["file"]),
                   report=SignatureReport.from_dict(d["report"]),
                   uploaded_by=str(d["uploaded_by"]), uploaded_at=str(d["uploaded_at"]),
                   signed_by=tuple(str(u) for u in d.get("signed_by", ())))


@dataclass(frozen=True, slots=True)
class MinutesStatus:
    """The minutes' workflow state, version list and files."""

    state: MinutesState = MinutesState.DRAFT
    versions: tuple[MinutesVersionInfo, ...] = ()
    review_comment: str = ""
    """The chair's comment when the minutes were returned for changes."""
    approved_version: int = 0
    pdf: MinutesFile | None = None
    """The finalised, unsigned PDF."""
    signed: SignedMinutes | None = None
    """The latest accepted signed PDF (each co-signature replaces it)."""

    @property
    def latest_version(self) -> int:
        return max((v.number for v in self.versions), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "versions": [v.to_dict() for v in self.versions],
            "review_comment": self.review_comment,
            "approved_version": self.approved_version,
            "pdf": None if self.pdf is None else self.pdf.to_dict(),
            "signed": None if self.signed is None else self.signed.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MinutesStatus:
        pdf, signed = d.get("pdf"), d.get("signed")
        return cls(
            state=MinutesState(d.get("state", "draft")),
            versions=tuple(MinutesVersionInfo.from_dict(v) for v in d.get("versions", [])),
            review_comment=str(d.get("review_comment", "")),
            approved_version=int(d.get("approved_version", 0)),
            pdf=None if pdf is None else MinutesFile.from_dict(pdf),
            signed=None if signed is None else SignedMinutes.from_dict(signed),
        )


@dataclass(frozen=True, slots=True)
class MinutesVersion:
    """One saved version with its text (sanitised HTML), as ``minutes.get`` returns it."""

    info: MinutesVersionInfo
    html: str

    def to_dict(self) -> dict[str, Any]:
        return {"info": self.info.to_dict(), "html": self.html}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MinutesVersion:
        return cls(info=MinutesVersionInfo.from_dict(d["info"]), html=str(d["html"]))
