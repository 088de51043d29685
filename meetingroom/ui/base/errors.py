"""The one place that turns exceptions into translated text a delegate can act on."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from meetingroom import errors as e

log = logging.getLogger("meetingroom.ui")


def _bad_request_text(reason: str) -> str:
    """What to fix when the server refused typed text (``ProtocolError.reason``)."""
    if reason == "empty":
        return QCoreApplication.translate("errors", "Please enter a title.")
    if reason == "too_long":
        return QCoreApplication.translate(
            "errors", "The text is too long. Please shorten it (a title or place may have "
            "at most 500 characters, notes at most 2,000).")
    if reason == "hidden_characters":
        return QCoreApplication.translate(
            "errors", "The text contains hidden control characters (often copied along from "
            "another program). Please type it again.")
    if reason == "bad_name":
        return QCoreApplication.translate(
            "errors", "This document name is not allowed. Use a plain file name without folders "
            "or slashes and without hidden characters, at most 200 characters.")
    if reason == "bad_time":
        return QCoreApplication.translate(
            "errors", "The meeting time is not valid. Please choose a date and time again.")
    return QCoreApplication.translate(
        "errors", "The server refused the request. Please check what you entered.")


def signing_text(reason: str) -> str:
    """What went wrong while signing (``SigningError.reason``), and what to do; also said
    of the token a trustee key is kept on (``ui/common/live_text.py``)."""
    if reason == "bad_passphrase":
        return QCoreApplication.translate(
            "errors", "The passphrase of the certificate file is wrong. Please type it "
            "again.")
    if reason == "bad_pin":
        return QCoreApplication.translate(
            "errors", "The PIN is wrong. Please type it again; after several wrong PINs "
            "the token locks itself.")
    if reason == "token_not_found":
        return QCoreApplication.translate(
            "errors", "The USB token was not found. Plug it in, wait a moment and try "
            "again.")
    if reason == "no_key":
        return QCoreApplication.translate(
            "errors", "No signing key was found for this certificate. Choose another "
            "certificate.")
    if reason == "module":
        return QCoreApplication.translate(
            "errors", "The token's driver (PKCS#11 module) could not be loaded. Choose "
            "the module that came with your token.")
    if reason == "timestamp":
        return QCoreApplication.translate(
            "errors", "The timestamp server could not be reached. Check the network and "
            "try again.")
    if reason == "not_pdf":
        return QCoreApplication.translate(
            "errors", "The minutes file is not a usable PDF document.")
    if reason == "earlier_invalid":
        return QCoreApplication.translate(
            "errors", "An earlier signature of these minutes is not valid, so they cannot "
            "be signed over it. Download the minutes again, or tell the secretary.")
    if reason == "already_final":
        return QCoreApplication.translate(
            "errors", "This file can no longer be signed.")
    return QCoreApplication.translate(
            "errors", "Signing failed. The details were written to the log file.")


def _version_text(exc: e.ProtocolVersionError) -> str:
    """Which side to update when this app and the server speak different protocols."""
    if not exc.client_is_older:
        return QCoreApplication.translate(
            "errors", "The meeting room server runs an older version of Meetingroom than "
            "this app. Ask the administrator to update the server.")
    if exc.server_version:
        return QCoreApplication.translate(
            "errors", "This app is too old for the meeting room server. Please update "
            "Meetingroom on this computer to version {version} or later.").format(
                version=exc.server_version)
    return QCoreApplication.translate(
        "errors", "This app is too old for the meeting room server. Please update "
        "Meetingroom on this computer.")


def error_text(exc: BaseException) -> str:
    """Translated, actionable text for ``exc``; details go to the log, not to the user.

    Server errors are told apart by their class and their stable ``reason`` sub-code,
    never by the (English, changeable) wording of their message.
    """
    log.info("showing error %s: %s", type(exc).__name__, getattr(exc, "message", exc))
    # Most specific classes first: subclasses share their parent's wire code.
    if isinstance(exc, e.ProtocolVersionError):
        return _version_text(exc)
    if isinstance(exc, e.SessionExpiredError):
        return QCoreApplication.translate(
            "errors", "Your session has expired. Please log in again.")
    if isinstance(exc, e.NotAuthenticatedError):
        return QCoreApplication.translate("errors", "Please log in first.")
    if isinstance(exc, e.AuthError):
        return QCoreApplication.translate("errors", "Wrong username or password.")
    if isinstance(exc, e.ForbiddenError):
        return QCoreApplication.translate(
            "errors", "You are not allowed to do this. Ask the meeting secretary.")
    if isinstance(exc, e.NotFoundError):
        return QCoreApplication.translate(
            "errors", "This no longer exists on the server; it may have been deleted.")
    if isinstance(exc, e.ConflictError):
        if exc.reason == "too_deep":
            return QCoreApplication.translate(
                "errors", "The agenda allows at most three levels (1, 1.1, 1.1.1).")
        if exc.reason == "into_itself":
            return QCoreApplication.translate(
                "errors", "An item cannot be moved inside itself.")
        if exc.reason == "stale_version":
            return QCoreApplication.translate(
                "errors", "Someone saved a newer version of the minutes meanwhile.")
        return QCoreApplication.translate(
            "errors", "This change is not possible now; the meeting was changed meanwhile.")
    if isinstance(exc, e.SigningError):
        return signing_text(exc.reason)
    if isinstance(exc, e.SignatureInvalidError):
        return QCoreApplication.translate(
            "errors", "The server did not accept the signed file: a signature does not verify, "
            "or the file was changed after signing.")
    if isinstance(exc, e.InvalidDocumentError):
        if getattr(exc, "needs_password", False):
            return QCoreApplication.translate(
                "errors", "This PDF is protected by a password and cannot be shown.")
        if exc.reason == "render_timeout":
            return QCoreApplication.translate(
                "errors", "This page takes too long to draw, so drawing was stopped. "
                "The rest of the document can still be read.")
        if exc.reason in ("render_crashed", "render_memory"):
            return QCoreApplication.translate(
                "errors", "This page could not be drawn safely (it may be damaged or "
                "hostile). The rest of the document can still be read.")
        return QCoreApplication.translate(
            "errors", "This file is not a usable PDF document, or it is damaged.")
    if isinstance(exc, e.TooLargeError):
        return QCoreApplication.translate("errors", "The file or the text is too large.")
    if isinstance(exc, e.ProtocolError):
        return _bad_request_text(exc.reason)
    if isinstance(exc, e.BlobIntegrityError):
        return QCoreApplication.translate(
            "errors", "A file arrived damaged; it will be downloaded again automatically.")
    if isinstance(exc, e.RateLimitError):
        return QCoreApplication.translate(
            "errors", "Too many attempts. Please wait a few minutes and try again.")
    if isinstance(exc, e.ConnectionLostError | ConnectionError | TimeoutError):
        return QCoreApplication.translate(
            "errors", "Cannot reach the server. Check the network and the server address.")
    if isinstance(exc, e.StorageError):
        return QCoreApplication.translate(
            "errors", "Could not save data on this computer. Is the disk full?")
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "errors", "Cannot reach the server. Check the network and the server address.")
    if isinstance(exc, ValueError) and not isinstance(exc, e.MeetingroomError):
        return QCoreApplication.translate("errors", "The server address is not valid.")
    log.error("unexpected error shown to the user", exc_info=exc)
    return QCoreApplication.translate(
        "errors", "An unexpected error occurred. The details were written to the log file.")
