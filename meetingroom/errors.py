"""The one exception tree of Meetingroom, each error with a stable wire code.

MeetingroomError
├── ProtocolError          malformed input
│   ├── TooLargeError      a message or frame over its limit
│   └── UnknownTypeError   a message type this side does not know
├── AuthError              wrong credentials
│   ├── SessionExpiredError    the session ended or was never valid
│   └── NotAuthenticatedError  a request before login
├── ForbiddenError         authenticated but not allowed (role or participation)
├── NotFoundError          unknown meeting, item, document or blob (never reveals existence)
├── ConflictError          request contradicts current state (cycle in agenda, bad revision)
├── InvalidDocumentError   an upload that is not a usable PDF
├── BlobIntegrityError     stored or received bytes do not match their SHA-256
├── RateLimitError         too many connections, requests or failed logins
├── ConnectionLostError    (client side) the server went away mid-request
├── ProtocolVersionError   (client side) the server refused our protocol version, or we its
├── StorageError           the local or server store failed
├── SigningError           signing failed (wrong passphrase or PIN, no key, token, …)
└── SignatureInvalidError  a signed PDF does not verify
"""

from __future__ import annotations

from typing import ClassVar


class MeetingroomError(Exception):
    """Base of every error we raise on purpose; ``code`` is stable on the wire."""

    code: ClassVar[str] = "internal"

    def __init__(self, message: str = "", *, reason: str = "") -> None:
        super().__init__(message or self.__class__.__doc__ or self.code)
        self.message = message or (self.__class__.__doc__ or self.code)
        self.reason = reason
        """A finer, stable sub-code (e.g. ``too_deep``) for programs; may be empty."""


class ProtocolError(MeetingroomError):
    """The message is malformed."""

    code = "bad_request"


class TooLargeError(ProtocolError):
    """The message is larger than the protocol allows."""

    code = "too_large"


class UnknownTypeError(ProtocolError):
    """The message type is not known."""

    code = "unknown_type"


class AuthError(MeetingroomError):
    """Wrong username or password."""

    code = "auth_failed"


class SessionExpiredError(AuthError):
    """The session has expired or is not valid; log in again."""

    code = "session_expired"


class NotAuthenticatedError(AuthError):
    """Log in first."""

    code = "not_authenticated"


class ForbiddenError(MeetingroomError):
    """You are not allowed to do this."""

    code = "forbidden"


class NotFoundError(MeetingroomError):
    """Not found."""

    code = "not_found"


class ConflictError(MeetingroomError):
    """The request conflicts with the current state."""

    code = "conflict"


class InvalidDocumentError(MeetingroomError):
    """The file is not a usable PDF."""

    code = "invalid_document"


class BlobIntegrityError(MeetingroomError):
    """Stored or received bytes do not match their SHA-256."""

    code = "integrity"


class RateLimitError(MeetingroomError):
    """Too many connections or requests."""

    code = "rate_limited"

    def __init__(self, message: str = "", *, reason: str = "",
                 retry_after: int | None = None) -> None:
        super().__init__(message, reason=reason)
        self.retry_after = retry_after
        """Whole seconds to wait before trying again, when the server knows."""


class ConnectionLostError(MeetingroomError):
    """The connection to the server was lost."""

    code = "connection_lost"


class ProtocolVersionError(MeetingroomError):
    """This app and the server speak different protocol versions; one must be updated.

    Client side: made from a refusal the server marked with reason ``protocol_version``
    (its wire code is ``forbidden``, or ``session_expired`` for a ``resume``, which is what
    clients before 0.2.0 can show), or from any error written in a protocol version other
    than ours (servers before 0.2.0). Server side: raised by the codec for a request in
    another version; ``protocol.messages.encode_version_refusal`` writes the reply.
    """

    code = "protocol_version"

    def __init__(self, message: str = "", *, client_protocol: int,
                 server_protocol: int | None, server_version: str = "",
                 request_type: str = "") -> None:
        super().__init__(message, reason="protocol_version")
        self.client_protocol = client_protocol
        """The protocol (major) version the client speaks."""
        self.server_protocol = server_protocol
        """The protocol (major) version the server speaks; None if it did not say."""
        self.server_version = server_version
        """The server's Meetingroom version ("" if it did not say)."""
        self.request_type = request_type
        """The refused request's type (server side; "" on the client)."""

    @property
    def client_is_older(self) -> bool:
        """True: update the app; False: the server is older (or did not say its version)."""
        return self.server_protocol is not None and self.client_protocol < self.server_protocol


class StorageError(MeetingroomError):
    """The data store failed."""

    code = "storage"


class SigningError(MeetingroomError):
    """Signing failed; ``reason`` says why (``bad_passphrase``, ``bad_pin``, ``no_key``,
    ``token_not_found``, ``module``, ``timestamp``, ``not_pdf``, ``already_final``,
    ``earlier_invalid``: a signature already in the file does not validate, so nobody
    signs over it)."""

    code = "signing"


class SignatureInvalidError(MeetingroomError):
    """A signed PDF does not verify, or was changed beyond allowed later signatures."""

    code = "signature_invalid"


_BY_CODE: dict[str, type[MeetingroomError]] = {
    cls.code: cls
    for cls in (
        MeetingroomError,
        ProtocolError,
        TooLargeError,
        UnknownTypeError,
        AuthError,
        SessionExpiredError,
        NotAuthenticatedError,
        ForbiddenError,
        NotFoundError,
        ConflictError,
        InvalidDocumentError,
        BlobIntegrityError,
        RateLimitError,
        ConnectionLostError,
        StorageError,
        SigningError,
        SignatureInvalidError,
    )
}


def error_from_code(code: str, message: str, reason: str = "") -> MeetingroomError:
    """Rebuild the exception a server reported, falling back to the base class."""
    return _BY_CODE.get(code, MeetingroomError)(message, reason=reason)
