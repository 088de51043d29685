"""Bare pyHanko calls with none of our wrapping, as the raw baseline of the signing bench.

The same work as :func:`meetingroom.signing.sign.sign_pdf` the plainest way pyHanko's
documentation shows it: load the PKCS#12, PAdES sub-filter, the same visible stamp box and
font, write the output. No self-check, no fsync, no error mapping.
"""

from __future__ import annotations

from pathlib import Path

# pyHanko's import warns under newer cryptography; the package's policy quiets exactly
# that warning, and must run before pyHanko is imported (signing/warning_policy.py)
from meetingroom.signing.warning_policy import quiet_third_party

quiet_third_party()

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.pdf_utils.text import TextBoxStyle  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.stamp import TextStampStyle  # noqa: E402

from meetingroom.paths import font_path  # noqa: E402


def bare_sign(src: Path, dst: Path, p12: Path, passphrase: bytes,
              box: tuple[int, int, int, int]) -> None:
    """Sign ``src`` into ``dst`` with plain pyHanko."""
    signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=passphrase)
    if signer is None:
        raise ValueError("could not load the PKCS#12 file")
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    style = TextStampStyle(stamp_text="Ký bởi: %(signer)s\nThời gian: %(ts)s",
                           text_box_style=TextBoxStyle(
                               font=GlyphAccumulatorFactory(str(font_path()), font_size=10)))
    pdf_signer = signers.PdfSigner(meta, signer, stamp_style=style,
                                   new_field_spec=fields.SigFieldSpec(
                                       "Signature1", on_page=-1, box=box))
    with src.open("rb") as inf, dst.open("wb") as outf:
        pdf_signer.sign_pdf(IncrementalPdfFileWriter(inf, strict=False), output=outf)
