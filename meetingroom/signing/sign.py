"""Sign a PDF: PAdES baseline (B-B, or B-T with a timestamp), visible stamp, co-signing.

:func:`sign_pdf` runs pyHanko on a fresh event loop: call it from a worker thread or the
CLI, never from a thread whose event loop is running (await :func:`async_sign_pdf` there).
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Callable, Sequence
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import HTTPTimeStamper

from meetingroom.atomic_files import write_atomic
from meetingroom.domain.signatures import SignatureCheck
from meetingroom.errors import SigningError
from meetingroom.signing._signers import open_signer
from meetingroom.signing.loops import run_sync
from meetingroom.signing.sources import Source
from meetingroom.signing.stamp import StampText, role_attribute, stamp_box, stamp_style
from meetingroom.signing.validate import async_validate_pdf

log = logging.getLogger(__name__)

__all__ = ["SignStep", "StampText", "async_sign_pdf", "sign_pdf"]

TSA_TIMEOUT = 15
"""Seconds to wait for the timestamp server (room networks are slow and unstable)."""


class SignStep(StrEnum):
    """Where a signing is, for a progress display."""

    LOADING_KEY = "loading_key"
    PREPARING = "preparing"
    SIGNING = "signing"
    TIMESTAMPING = "timestamping"
    WRITING = "writing"
    DONE = "done"


Progress = Callable[[SignStep], None]


def sign_pdf(src: Path, dst: Path, source: Source, stamp: StampText, *,
             tsa_url: str | None = None, tsa_cafile: Path | None = None,
             progress: Progress | None = None,
             trust_roots: Sequence[bytes] = ()) -> SignatureCheck:
    """Sign ``src`` into ``dst`` (which may be ``src``) and return the new signature's check.

    Adds one signature in an incremental update, so earlier signatures stay valid. The
    visible stamp goes on the last page at ``STAMP_BOXES[n]``, n = signatures already
    present (invisible past the last box). With ``tsa_url`` the signature gets an RFC 3161
    timestamp (PAdES-B-T); ``tsa_cafile`` is the CA bundle for an https TSA.
    ``dst`` is written atomically, only once our own validator accepts the result.
    Raises :class:`SigningError` (reasons: ``bad_passphrase``, ``bad_pin``, ``no_key``,
    ``token_not_found``, ``module``, ``timestamp``, ``not_pdf``, ``write`` (also when
    ``dst``'s folder is missing, checked first), ``earlier_invalid`` (a signature already
    in ``src`` is not valid: co-signing would vouch for it), ``self_check``). Must not run
    on a thread with a running event loop.
    """
    return run_sync(async_sign_pdf(src, dst, source, stamp, tsa_url=tsa_url,
                                   tsa_cafile=tsa_cafile, progress=progress,
                                   trust_roots=trust_roots))


async def async_sign_pdf(src: Path, dst: Path, source: Source, stamp: StampText, *,
                         tsa_url: str | None = None, tsa_cafile: Path | None = None,
                         progress: Progress | None = None,
                         trust_roots: Sequence[bytes] = ()) -> SignatureCheck:
    """:func:`sign_pdf` for code already in an event loop (blocks it while the key signs)."""
    if tsa_url is None:
        return await sign_with_timestamper(src, dst, source, stamp, timestamper=None,
                                           progress=progress, trust_roots=trust_roots)
    import aiohttp
    ssl_context: ssl.SSLContext | bool = True
    if tsa_cafile is not None:
        try:
            ssl_context = ssl.create_default_context(cafile=str(tsa_cafile))
        except (OSError, ssl.SSLError) as e:
            raise SigningError(f"cannot read the TSA CA file {tsa_cafile}: {e}",
                               reason="timestamp") from None
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ssl_context)) as web:
        stamper = HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT, session=web)
        return await sign_with_timestamper(src, dst, source, stamp, timestamper=stamper,
                                           progress=progress, trust_roots=trust_roots)


async def sign_with_timestamper(src: Path, dst: Path, source: Source, stamp: StampText, *,
                                timestamper: Any, progress: Progress | None = None,
                                trust_roots: Sequence[bytes] = ()) -> SignatureCheck:
    """The signing itself, with any pyHanko ``TimeStamper`` (or None for PAdES-B-B)."""
    report = progress or (lambda step: None)
    _check_destination(dst)
    try:
        data = src.read_bytes()
    except OSError as e:
        raise SigningError(f"cannot read {src}: {e.strerror}", reason="not_pdf") from None
    await _check_earlier(data)
    report(SignStep.LOADING_KEY)
    with open_signer(source) as signer:
        report(SignStep.PREPARING)
        writer, existing = _open_pdf(data)
        stamper = _Reporting(timestamper, report) if timestamper is not None else None
        signer_obj = _pdf_signer(signer, stamp, existing, _field_names(writer),
                                 timestamper=stamper)
        report(SignStep.SIGNING)
        out = BytesIO()
        params = {"role": stamp.role, "location": stamp.location}
        if stamp.signer_name:
            params["signer"] = stamp.signer_name
        try:
            await signer_obj.async_sign_pdf(writer, output=out, appearance_text_params=params)
        except SigningError:
            raise
        except Exception as e:
            raise _signing_failure(e) from None
    signed = out.getvalue()
    # The TSA the signer named answered this very request: its certificate counts as a
    # timestamp root for this report ("timestamped"); verifiers use their own roots.
    check = await _self_check(signed, trust_roots,
                              stamper.tsa_certificates() if stamper is not None else [])
    report(SignStep.WRITING)
    try:
        write_atomic(dst, signed)
    except OSError as e:
        raise SigningError(f"cannot write {dst}: {e.strerror}", reason="write") from None
    log.debug("signed %s into %s (%d signature(s) now)", src.name, dst.name, existing + 1)
    report(SignStep.DONE)
    return check


def _check_destination(dst: Path) -> None:
    """Refuse before the key is opened when ``dst`` cannot be written where it should go."""
    folder = dst.parent
    if not folder.exists():
        raise SigningError(f"cannot write {dst}: the folder {folder} does not exist",
                           reason="write")
    if not folder.is_dir():
        raise SigningError(f"cannot write {dst}: {folder} is not a folder", reason="write")


async def _check_earlier(data: bytes) -> None:
    """A co-signature vouches for the file as it is: never sign over an earlier signature
    that our validator does not accept (reason ``earlier_invalid``)."""
    report = await async_validate_pdf(data)
    if not report.signatures and not report.error:
        return  # nothing signed yet (or not a PDF: _open_pdf says so)
    if report.signatures and report.all_valid:
        return
    if not report.signatures and report.error.startswith("not a readable PDF"):
        return
    problems = [report.error] if report.error else []
    problems += [f"signature {n} ({c.signer_name or c.field_name}): {c.problem}"
                 for n, c in enumerate(report.signatures, start=1) if not c.ok]
    raise SigningError("this file already carries a signature that is not valid, so it "
                       "will not be co-signed: " + "; ".join(problems),
                       reason="earlier_invalid")


def _open_pdf(data: bytes) -> tuple[Any, int]:
    try:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        existing = sum(1 for _ in enumerate_sig_fields(writer.prev, filled_status=True))
        if writer.prev.encrypted:
            raise SigningError("encrypted PDFs cannot be signed here", reason="not_pdf")
    except SigningError:
        raise
    except Exception as e:
        raise SigningError(f"not a usable PDF: {type(e).__name__}", reason="not_pdf") from None
    return writer, existing


def _field_names(writer: Any) -> set[str]:
    return {str(name) for name, _, _ in enumerate_sig_fields(writer.prev)}


def _pdf_signer(signer: Any, stamp: StampText, existing: int, taken: set[str], *,
                timestamper: Any) -> Any:
    number = existing + 1
    while f"Signature{number}" in taken:
        number += 1
    name = f"Signature{number}"
    attrs = None
    if stamp.role:
        attrs = CAdESSignedAttrSpec(signer_attributes=SignerAttrSpec(
            claimed_attrs=[role_attribute(stamp.role)], certified_attrs=[]))
    meta = PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=stamp.reason or None, location=stamp.location or None,
        name=stamp.signer_name or None, cades_signed_attr_spec=attrs)
    box = stamp_box(existing)
    return PdfSigner(meta, signer, timestamper=timestamper, stamp_style=stamp_style(stamp),
                     new_field_spec=fields.SigFieldSpec(sig_field_name=name, on_page=-1,
                                                        box=box))


class _Reporting:
    """Wraps a TimeStamper to say TIMESTAMPING when the real request goes out."""

    def __init__(self, inner: Any, report: Progress) -> None:
        self._inner = inner
        self._report = report
        self._tokens: list[Any] = []

    def tsa_certificates(self) -> list[bytes]:
        """DER of the certificate that signed each token this stamper returned."""
        out = []
        for token in self._tokens:
            with contextlib.suppress(Exception):  # a token we cannot read: no root, no claim
                signed = token["content"]
                sid = signed["signer_infos"][0]["sid"].chosen
                for choice in signed["certificates"] or ():
                    cert = choice.chosen
                    if (cert.issuer == sid["issuer"]
                            and cert.serial_number == sid["serial_number"].native):
                        out.append(cert.dump())
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> Any:
        self._report(SignStep.TIMESTAMPING)
        try:
            token = await self._inner.async_timestamp(message_digest, md_algorithm)
        except Exception as e:
            raise SigningError(f"the timestamp server failed: {_describe(e)}",
                               reason="timestamp") from None
        self._tokens.append(token)
        return token

    async def async_dummy_response(self, md_algorithm: str) -> Any:
        try:
            return await self._inner.async_dummy_response(md_algorithm)
        except Exception as e:
            raise SigningError(f"the timestamp server failed: {_describe(e)}",
                               reason="timestamp") from None


def _describe(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text[:200]}" if text else type(e).__name__


def _signing_failure(e: BaseException) -> SigningError:
    from pkcs11.exceptions import PinIncorrect, PKCS11Error, UserNotLoggedIn

    if isinstance(e, PinIncorrect | UserNotLoggedIn):
        return SigningError("the token refused the PIN", reason="bad_pin")
    if isinstance(e, PKCS11Error):
        return SigningError(f"the token failed to sign: {type(e).__name__}", reason="module")
    log.warning("signing failed: %s", _describe(e))
    return SigningError(f"signing failed: {_describe(e)}", reason="no_key")


async def _self_check(signed: bytes, trust_roots: Sequence[bytes],
                      timestamp_roots: Sequence[bytes] = ()) -> SignatureCheck:
    report = await async_validate_pdf(signed, trust_roots=trust_roots,
                                      timestamp_roots=timestamp_roots)
    if report.error or not report.signatures or not report.signatures[-1].ok:
        problem = report.error or (report.signatures[-1].problem if report.signatures
                                   else "no signature found")
        raise SigningError(f"the signed file did not pass our own check: {problem}",
                           reason="self_check")
    return report.signatures[-1]
