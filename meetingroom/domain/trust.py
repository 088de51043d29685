"""A root certificate the server trusts when it validates signed minutes (metadata only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TrustRoot:
    """One trusted root as the administrator manages it; the DER bytes live in the store."""

    fingerprint: str
    """SHA-256 of the certificate's DER bytes, 64 lowercase hex characters."""
    label: str
    """What the administrator called it (defaults to the subject's common name)."""
    subject: str
    """The certificate subject, RFC 4514 string."""
    not_after: str
    """End of validity, ISO 8601 UTC."""

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "label": self.label, "subject": self.subject,
                "not_after": self.not_after}
