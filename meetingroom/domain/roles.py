"""User roles and what each may do in general (per-meeting checks live in access.py)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The global role of a user account."""

    ADMIN = "admin"
    SECRETARY = "secretary"
    CHAIR = "chair"
    DELEGATE = "delegate"
    OBSERVER = "observer"

    @property
    def manages_meetings(self) -> bool:
        """Whether this role may create meetings and edit agendas."""
        return self in (Role.ADMIN, Role.SECRETARY)

    @property
    def uploads_files(self) -> bool:
        """Whether this role may upload PDFs: documents (secretaries, admins) or signed
        minutes (also chairs). Uploading grants read access to those bytes only."""
        return self.manages_meetings or self is Role.CHAIR

    @property
    def votes_by_default(self) -> bool:
        """Whether a participant of this role gets a voting right by default."""
        return self in (Role.CHAIR, Role.DELEGATE, Role.SECRETARY)

    @classmethod
    def parse(cls, value: str) -> Role:
        """Return the role named ``value`` or raise ``ValueError`` listing valid names."""
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise ValueError(f"unknown role {value!r}; expected one of: {names}") from None
