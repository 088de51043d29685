"""Turn a freshly written PyMuPDF document into PDF/A-2b form: metadata, intent, fonts, ID."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from meetingroom.pdf._identity import set_file_id, stable_subset_tags
from meetingroom.pdf._srgb import DESCRIPTION, srgb_icc_profile

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<xmp:CreatorTool>{producer}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdf:Producer>{producer}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def pdf_string(text: str) -> str:
    """``text`` as a PDF text string: UTF-16BE with BOM, in hex (no escaping pitfalls)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def make_pdfa(doc: Any, *, title: str, producer: str, created: datetime, identity: bytes) -> None:
    """Make ``doc`` (open, unsaved) PDF/A-2b shaped, in place.

    Subsets the fonts with stable tags and gives every CIDFontType2 an explicit
    ``CIDToGIDMap``; writes the Info dictionary and a matching XMP packet
    (``pdfaid:part=2``, ``conformance=B``) as an unfiltered stream; adds an sRGB
    OutputIntent; sets the file ID from ``identity``.
    """
    doc.subset_fonts()
    _fix_fonts(doc)
    # MuPDF's writer leaves an /Info dictionary (its own Producer) inside the catalog
    doc.xref_set_key(doc.pdf_catalog(), "Info", "null")
    when = created.astimezone(UTC).replace(microsecond=0)
    info = doc.get_new_xref()
    doc.update_object(info, "<<" + "".join((
        f"/Title {pdf_string(title)}",
        f"/Producer {pdf_string(producer)}",
        f"/Creator {pdf_string(producer)}",
        f"/CreationDate ({when:D:%Y%m%d%H%M%SZ})",
        f"/ModDate ({when:D:%Y%m%d%H%M%SZ})",
    )) + ">>")
    doc.xref_set_key(-1, "Info", f"{info} 0 R")
    xmp = _XMP.format(title=escape(title), producer=escape(producer),
                      date=when.strftime("%Y-%m-%dT%H:%M:%SZ")).encode("utf-8")
    meta = doc.get_new_xref()
    doc.update_object(meta, "<</Type/Metadata/Subtype/XML>>")
    doc.update_stream(meta, xmp, compress=False)
    doc.xref_set_key(doc.pdf_catalog(), "Metadata", f"{meta} 0 R")
    icc = doc.get_new_xref()
    doc.update_object(icc, "<</N 3>>")
    doc.update_stream(icc, srgb_icc_profile(), compress=True)
    intent = doc.get_new_xref()
    doc.update_object(intent, "<<" + "".join((
        "/Type/OutputIntent/S/GTS_PDFA1",
        f"/OutputConditionIdentifier {pdf_string('sRGB IEC61966-2.1')}",
        f"/Info {pdf_string(DESCRIPTION)}",
        f"/DestOutputProfile {icc} 0 R",
    )) + ">>")
    doc.xref_set_key(doc.pdf_catalog(), "OutputIntents", f"[{intent} 0 R]")
    set_file_id(doc, identity)


def _fix_fonts(doc: Any) -> None:
    """Stable subset tags (reproducible bytes) and an explicit CIDToGIDMap (PDF/A-2 6.2.11.3.2).

    MuPDF writes glyph ids as CIDs, so ``/Identity`` states what readers already assume.
    """
    for xref in range(1, doc.xref_length()):
        kind, subtype = doc.xref_get_key(xref, "Subtype")
        if kind == "name" and subtype == "/CIDFontType2" and (
                doc.xref_get_key(xref, "CIDToGIDMap")[0] == "null"):
            doc.xref_set_key(xref, "CIDToGIDMap", "/Identity")
    stable_subset_tags(doc)
