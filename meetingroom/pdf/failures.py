"""PDF-specific refinements of the project's exception tree."""

from __future__ import annotations

from meetingroom.errors import InvalidDocumentError


class PasswordRequiredError(InvalidDocumentError):
    """The PDF is protected by a password that was not given or was wrong.

    It keeps the wire code of :class:`InvalidDocumentError` (a client that does not
    know this subclass still shows the right message); ``needs_password`` lets a
    caller that does know ask the user for the password instead.
    """

    needs_password = True
